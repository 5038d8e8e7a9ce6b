import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import { quotaTypeLabels } from '@bianzhi/contracts/ledger';
import type { EstablishmentProgress, EstablishmentSummary, StartEstablishmentInput, listEstablishmentsInput } from '@bianzhi/contracts/reform';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual, DomainError, type DomainErrorCode } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { ReformDb } from '../db.js';
import type { LedgerClient } from '../service-clients.js';
import { poolShortfalls } from '../activities/establish-organization.js';
import { jurisdictionPath, visibilityLiteral, visibleJurisdictions, type JurisdictionDeps } from '../jurisdictions.js';
import { establishOrganization, establishmentProgressQuery } from '../workflows/establish-organization.js';
import { reformJurisdictionsKey, reformTitleKey } from '../workflows/search-attributes.js';
import { higherOf } from '@bianzhi/domain/matters';
import { jurisdictionTree } from '../matter/matter-context.js';
import { listRouting } from '../matter/matter.repository.js';
import { decidingLevel } from '../matter/matter-rules.js';

export interface EstablishmentDeps extends JurisdictionDeps {
  db: ReformDb;
  temporal: Client;
  taskQueue: string;
  ledger: LedgerClient;
}

export const establishmentWorkflowId = (requestId: string) => `establish-organization/${requestId}`;

/**
 * A new unit's first quota is allocated by its establishment only where the one establishing it
 * would decide that allocation as a matter: not a township (its district decides), not where the city
 * took quota matters up (审批权上收). Elsewhere the unit is established without quota and its quota is
 * filed as a matter (docs/authority.md).
 */
async function assertAllocationDecidedHere(deps: EstablishmentDeps & { db: ReformDb }, principal: Principal, jurisdictionId: string): Promise<void> {
  const tree = await jurisdictionTree(deps.registry, [jurisdictionId, principal.jurisdictionId]);
  const takenUp = new Set((await listRouting(deps.db, null)).filter((r) => r.kind === 'quota_movement' && r.decided_at === 'city').map((r) => r.jurisdiction_id));
  const deciding = principal.jurisdictionId ? higherOf(tree, principal.jurisdictionId, decidingLevel(tree, jurisdictionId, (id) => takenUp.has(id))) : null;
  if (deciding !== principal.jurisdictionId) {
    throw new DomainError('TRANSFER_NOT_AUTHORIZED', 'the first allocation is decided at another level', { decidingJurisdictionId: deciding }, bilingual(`本级不能在设立机构时直接核定编制（由${tree.get(deciding ?? '')?.name ?? '上级'}审批）：请先设立机构、不核定编制，再申报核定编制事项`, 'This level cannot allocate quota while establishing the unit (another level decides it): establish the unit without quota, then file the allocation as a matter'));
  }
}

/** Department users see their own unit only, as in the registry's scope. */
const isDepartmentUser = (principal: Principal) => principal.roles.includes('department_user');

/** A registry call on the caller's behalf; its refusals reach the caller as they were. */
async function asCaller<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = remoteDomainCode(error);
    if (code && code !== 'INTERNAL' && code !== 'DEPENDENCY_UNAVAILABLE') throw new DomainError(code as DomainErrorCode, (error as Error).message);
    throw new DomainError('DEPENDENCY_UNAVAILABLE', 'registry unavailable', { cause: String(error) });
  }
}

/**
 * Checks everything a user can get wrong before the workflow starts, so that a refusal reaches the
 * form (with every broken rule) and nothing is created: the registry's checks of the new unit, run
 * as the caller and rolled back; the pool's balance for the first allocation. What can still fail
 * later is a race (another allocation draining the pool), which the workflow reports where it stopped.
 */
export async function startEstablishment(deps: EstablishmentDeps, principal: Principal, input: StartEstablishmentInput, requestId?: string): Promise<{ workflowId: string }> {
  const workflowId = establishmentWorkflowId(input.requestId);
  const visible = await visibleJurisdictions(deps, principal);
  if (!visible.some((j) => j.id === input.jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${input.jurisdictionId} is outside the caller's`);
  const { requestId: _requestId, quotaTypes, allocation, threeDeterminations, ...unit } = input;
  const effectiveDate = input.effectiveDate ?? todayInChina();

  const already = await deps.temporal.workflow
    .getHandle(workflowId)
    .describe()
    .catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return null;
      throw new DomainError('DEPENDENCY_UNAVAILABLE', 'Temporal unavailable', { cause: String(error) });
    });
  if (already) return { workflowId }; // the same request again (a double click, a client retry): the first run stands
  if (Object.keys(allocation).length > 0) await assertAllocationDecidedHere(deps, principal, input.jurisdictionId);
  const { refusal } = await asCaller(() => deps.registryAs(principal).registry.organization.check.query({ ...unit, effectiveDate, departments: threeDeterminations?.departments }));
  if (refusal) throw new DomainError(refusal.code, refusal.message, refusal.detail ?? undefined, refusal.localized ?? undefined);
  if (Object.keys(allocation).length > 0) {
    const pools = await deps.ledger.ledger.account.list.query({ holderId: input.jurisdictionId });
    const short = poolShortfalls(pools, allocation);
    if (short.length > 0) {
      const zh = short.map((s) => `${quotaTypeLabels[s.ledger]}拟核定 ${s.asked} 名，区划未分配编制仅余 ${s.available} 名`).join('；');
      const en = short.map((s) => `${s.ledger}: ${s.asked} asked, ${s.available} unallocated`).join('; ');
      throw new DomainError('POOL_INSUFFICIENT', en, { shortfalls: short }, bilingual(`区划的未分配编制不足：${zh}`, `The jurisdiction's unallocated pool is short: ${en}`));
    }
  }

  const path = await jurisdictionPath(deps, visible, input.jurisdictionId);
  try {
    await deps.temporal.workflow.start(establishOrganization, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [{ ...unit, effectiveDate, quotaTypes, allocation, threeDeterminations, requestedBy: { id: principal.id, name: principal.name } }],
      typedSearchAttributes: [
        { key: reformJurisdictionsKey, value: path },
        { key: reformTitleKey, value: input.name.slice(0, 100) },
      ],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId };
    throw new DomainError('DEPENDENCY_UNAVAILABLE', 'Temporal unavailable', { cause: String(error) });
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

/** An establishment's progress, for a caller who may see its jurisdiction. */
export async function getEstablishment(deps: EstablishmentDeps, principal: Principal, requestId: string): Promise<EstablishmentProgress & { status: string }> {
  const handle = deps.temporal.workflow.getHandle(establishmentWorkflowId(requestId));
  const description = await handle.describe().catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) throw new DomainError('NOT_FOUND', `no establishment ${requestId}`);
    throw new DomainError('DEPENDENCY_UNAVAILABLE', 'Temporal unavailable', { cause: String(error) });
  });
  const visible = await visibleJurisdictions(deps, principal);
  const inScope = (jurisdictionId: string | null | undefined) => Boolean(jurisdictionId) && visible.some((j) => j.id === jurisdictionId);
  // The jurisdiction is on the run itself, so a caller outside it learns nothing, not even whether a worker answers.
  const recordedIn = description.typedSearchAttributes.get(reformJurisdictionsKey)?.[0];
  if (recordedIn !== undefined && !inScope(recordedIn)) throw new DomainError('NOT_FOUND', `no establishment ${requestId}`);
  // A closed run is answered by a worker replaying it; without one the query would wait, so it has a deadline.
  const progress = await deps.temporal
    .withDeadline(Date.now() + 10_000, () => handle.query(establishmentProgressQuery))
    .catch((error: unknown) => {
      throw new DomainError('DEPENDENCY_UNAVAILABLE', 'no reform worker answered', { cause: String(error) });
    });
  // A department user sees their own unit only: of the runs, the one that created it.
  if (isDepartmentUser(principal) && progress.organizationId !== principal.organizationId) throw new DomainError('NOT_FOUND', `no establishment ${requestId}`);
  if (recordedIn === undefined) {
    // Runs started before the jurisdiction was recorded are read through the unit they created.
    const unit = progress.organizationId
      ? await asCaller(() => deps.registryAs(principal).registry.organization.get.query({ id: progress.organizationId! })).catch((error: unknown) => {
          if (error instanceof DomainError && (error.code === 'NOT_FOUND' || error.code === 'OUT_OF_SCOPE')) return null;
          throw error;
        })
      : null;
    if (!inScope(unit?.jurisdictionId)) throw new DomainError('NOT_FOUND', `no establishment ${requestId}`);
  }
  return { ...progress, status: description.status.name };
}

/** The caller's establishments, newest first, found through Temporal's visibility. */
export async function listEstablishments(deps: EstablishmentDeps, principal: Principal, input: z.infer<typeof listEstablishmentsInput>): Promise<{ items: EstablishmentSummary[] }> {
  // Which unit a run created is known only by asking the run, not from visibility: the list is the bureaus' (设立进度).
  if (isDepartmentUser(principal)) return { items: [] };
  const clauses = [`WorkflowType = 'establishOrganization'`];
  if (principal.jurisdictionId) clauses.push(`BianzhiJurisdictions = ${visibilityLiteral(principal.jurisdictionId)}`);
  if (input.jurisdictionId) clauses.push(`BianzhiJurisdictions = ${visibilityLiteral(input.jurisdictionId)}`);
  const items: EstablishmentSummary[] = [];
  for await (const execution of deps.temporal.workflow.list({ query: clauses.join(' AND ') })) {
    items.push({
      requestId: execution.workflowId.replace(/^establish-organization\//, ''),
      name: execution.typedSearchAttributes.get(reformTitleKey) ?? execution.workflowId,
      status: execution.status.name,
      startedAt: execution.startTime.toISOString(),
      closedAt: execution.closeTime?.toISOString() ?? null,
    });
    if (items.length >= 200) break;
  }
  items.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return { items };
}
