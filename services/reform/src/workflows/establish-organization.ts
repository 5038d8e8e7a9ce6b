import { defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EstablishActivities } from '../activities/establish-organization.js';
import type { EstablishOrganizationInput, EstablishmentProgress } from './establish-organization.types.js';

export const establishmentProgressQuery = defineQuery<EstablishmentProgress>('establishmentProgress');

const activities = proxyActivities<EstablishActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/**
 * Establish a unit (设立机构): the registry creates it as planned, the ledger opens its quota
 * accounts, the registry activates it. Every step is idempotent, keyed by the workflow id, so a
 * worker crash at any point resumes without creating anything twice.
 */
export async function establishOrganization(input: EstablishOrganizationInput): Promise<EstablishmentProgress> {
  const progress: EstablishmentProgress = { stage: 'creating', organizationId: null, accountIds: [], error: null };
  setHandler(establishmentProgressQuery, () => progress);
  try {
    const organization = await activities.createPlannedOrganization({
      jurisdictionId: input.jurisdictionId,
      name: input.name,
      kind: input.kind,
      offsetOrganizationId: input.offsetOrganizationId,
      institutionClass: input.institutionClass,
      plannedQuota: input.plannedQuota,
      idempotencyKey: `${workflowInfo().workflowId}/create-organization`,
    });
    progress.organizationId = organization.id;
    progress.stage = 'opening_accounts';
    const { accountIds } = await activities.openOrganizationAccounts({
      organizationId: organization.id,
      jurisdictionId: input.jurisdictionId,
      quotaTypes: input.quotaTypes,
    });
    progress.accountIds = accountIds;
    progress.stage = 'activating';
    await activities.activateOrganization({ id: organization.id });
    progress.stage = 'completed';
    return progress;
  } catch (error) {
    progress.stage = 'failed';
    progress.error = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw error;
  }
}
