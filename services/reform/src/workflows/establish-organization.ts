import { ActivityFailure, ApplicationFailure, defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EstablishActivities } from '../activities/establish-organization.js';
import type { EstablishOrganizationInput, EstablishmentProgress } from './establish-organization.types.js';

export const establishmentProgressQuery = defineQuery<EstablishmentProgress>('establishmentProgress');

const activities = proxyActivities<EstablishActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/**
 * Establish a unit (设立机构): the registry creates it as planned, the ledger opens its quota
 * accounts and allocates its first quota from the jurisdiction's pool, the registry publishes its
 * 三定规定 and activates it. Every step is idempotent, keyed by the workflow id, so a worker crash
 * at any point resumes without creating or allocating anything twice.
 *
 * The allocation and the document run only when the input asks for them, so a run started before
 * they existed replays exactly as it was recorded (histories/establish-organization.json).
 */
export async function establishOrganization(input: EstablishOrganizationInput): Promise<EstablishmentProgress> {
  const { workflowId } = workflowInfo();
  const progress: EstablishmentProgress = { stage: 'creating', organizationId: null, accountIds: [], error: null };
  const allocation = Object.entries(input.allocation ?? {}).filter(([, amount]) => (amount ?? 0) > 0) as [keyof NonNullable<typeof input.allocation>, number][];
  const extended = input.allocation !== undefined || input.threeDeterminations !== undefined;
  const enter = (stage: EstablishmentProgress['stage']) => {
    progress.stage = stage;
    if (progress.stagedAt) progress.stagedAt[stage] = new Date().toISOString();
  };
  if (extended) Object.assign(progress, { name: input.name, jurisdictionId: input.jurisdictionId, stagedAt: {}, transferIds: [], documentVersion: null, errorCode: null });
  enter('creating');
  setHandler(establishmentProgressQuery, () => progress);
  try {
    const { requestedBy: _requestedBy, quotaTypes: _quotaTypes, allocation: _allocation, threeDeterminations: _document, approvalRef, ...unit } = input;
    const organization = await activities.createPlannedOrganization({ ...unit, idempotencyKey: `${workflowId}/create-organization` });
    progress.organizationId = organization.id;
    enter('opening_accounts');
    const { accountIds } = await activities.openOrganizationAccounts({ organizationId: organization.id, jurisdictionId: input.jurisdictionId, quotaTypes: input.quotaTypes });
    progress.accountIds = accountIds;
    if (allocation.length > 0) {
      enter('allocating');
      const { transferIds } = await activities.allocateFirstQuota({
        key: `${workflowId}/allocate`,
        organizationId: organization.id,
        jurisdictionId: input.jurisdictionId,
        allocation: Object.fromEntries(allocation),
        documentNumber: input.documentNumber!,
        effectiveDate: input.effectiveDate,
        ...(approvalRef ? { approvalRef } : {}),
      });
      progress.transferIds = transferIds;
    }
    if (input.threeDeterminations) {
      enter('publishing');
      const { version } = await activities.publishFirstDocument({
        organizationId: organization.id,
        documentNumber: input.documentNumber!,
        effectiveDate: input.effectiveDate,
        staffing: Object.fromEntries(allocation),
        ...input.threeDeterminations,
      });
      progress.documentVersion = version;
    }
    enter('activating');
    await activities.activateOrganization({ id: organization.id });
    enter('completed');
    return progress;
  } catch (error) {
    enter('failed');
    const cause = error instanceof ActivityFailure ? error.cause : error;
    progress.error = cause instanceof Error ? cause.message : String(cause);
    if (extended) progress.errorCode = cause instanceof ApplicationFailure ? (cause.type ?? null) : null;
    throw error;
  }
}
