import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { EstablishmentProgress, StartEstablishmentInput } from '@bianzhi/contracts/reform';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { ReformDb } from '../db.js';
import type { RegistryClient } from '../service-clients.js';
import { establishOrganization, establishmentProgressQuery } from '../workflows/establish-organization.js';

export interface EstablishmentDeps {
  db: ReformDb;
  temporal: Client;
  taskQueue: string;
  /** Registry client acting as the caller, so that the registry applies the caller's scope. */
  registryAs: (principal: Principal) => RegistryClient;
}

export const establishmentWorkflowId = (requestId: string) => `establish-organization/${requestId}`;

export async function startEstablishment(deps: EstablishmentDeps, principal: Principal, input: StartEstablishmentInput, requestId?: string): Promise<{ workflowId: string }> {
  try {
    await deps.registryAs(principal).registry.jurisdiction.get.query({ id: input.jurisdictionId });
  } catch (error) {
    const code = remoteDomainCode(error);
    if (code === 'NOT_FOUND' || code === 'OUT_OF_SCOPE') throw new DomainError(code, `jurisdiction ${input.jurisdictionId}: ${code}`);
    throw new DomainError('DEPENDENCY_UNAVAILABLE', 'registry unavailable', { cause: String(error) });
  }
  const workflowId = establishmentWorkflowId(input.requestId);
  try {
    await deps.temporal.workflow.start(establishOrganization, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [
        {
          jurisdictionId: input.jurisdictionId,
          name: input.name,
          kind: input.kind,
          quotaTypes: input.quotaTypes,
          offsetOrganizationId: input.offsetOrganizationId,
          institutionClass: input.institutionClass,
          plannedQuota: input.plannedQuota,
          requestedBy: { id: principal.id, name: principal.name },
        },
      ],
    });
  } catch (error) {
    // The same request id again (a double click, a client retry): the first run stands.
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId };
    throw error;
  }
  await deps.db.transaction().execute((trx) =>
    appendOutboxEvent(trx, 'reform', {
      type: 'reform.establishment.started',
      aggregateType: 'establishment',
      aggregateId: workflowId,
      jurisdictionId: input.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { request: input },
      requestId,
    }),
  );
  return { workflowId };
}

export async function getEstablishment(deps: EstablishmentDeps, requestId: string): Promise<EstablishmentProgress & { status: string }> {
  const handle = deps.temporal.workflow.getHandle(establishmentWorkflowId(requestId));
  try {
    const description = await handle.describe();
    const progress = await handle.query(establishmentProgressQuery);
    return { ...progress, status: description.status.name };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new DomainError('NOT_FOUND', `no establishment ${requestId}`);
    throw error;
  }
}
