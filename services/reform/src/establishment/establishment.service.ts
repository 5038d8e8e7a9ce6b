import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { z } from 'zod';
import { quotaTypeLabels } from '@bianzhi/contracts/ledger';
import type { EstablishmentProgress, EstablishmentRequest, EstablishmentSummary, listEstablishmentsInput } from '@bianzhi/contracts/reform';
import type { Principal } from '@bianzhi/domain/access';
import { keyedUuid } from '@bianzhi/domain/derived-id';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual, DomainError, refusalError, type DomainErrorCode } from '@bianzhi/domain/errors';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { ReformDb } from '../db.js';
import type { LedgerClient } from '../service-clients.js';
import { poolShortfalls } from '../activities/establish-organization.js';
import { visibilityLiteral, visibleJurisdictions, type JurisdictionDeps } from '../jurisdictions.js';
import { establishmentProgressQuery } from '../workflows/establish-organization.js';
import { reformJurisdictionsKey, reformTitleKey } from '../workflows/search-attributes.js';

export interface EstablishmentDeps extends JurisdictionDeps {
  db: ReformDb;
  temporal: Client;
  taskQueue: string;
  ledger: LedgerClient;
}

export const establishmentWorkflowId = (requestId: string) => `establish-organization/${requestId}`;
/**
 * The establishment an approved matter runs: its request id, keyed with the platform's secret so
 * that nobody can take the ids derived from it first (the unit's registry key, the allocation's
 * transfer ids). The matter's reads give it to whoever may follow the run.
 */
export const matterEstablishmentId = (idKey: string, matterId: string) => `matter-${keyedUuid(idKey, `matter/${matterId}/establishment`)}`;

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
 * Checks everything a filer can get wrong in an establishment before it is filed as a matter, so
 * that a refusal reaches the form (with every broken rule) and nothing is created: the jurisdiction
 * in the filer's scope; the registry's checks of the new unit, run as the filer and rolled back; the
 * pool's balance for the first allocation. The approved matter runs the establishment workflow,
 * where what can still fail is a race (another allocation draining the pool) or a changed rule.
 */
export async function checkEstablishment(deps: JurisdictionDeps, ledger: LedgerClient, principal: Principal, input: EstablishmentRequest): Promise<void> {
  const visible = await visibleJurisdictions(deps, principal);
  if (!visible.some((j) => j.id === input.jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${input.jurisdictionId} is outside the caller's`);
  const { quotaTypes: _quotaTypes, allocation, threeDeterminations, ...unit } = input;
  const { refusal } = await asCaller(() => deps.registryAs(principal).registry.organization.check.query({ ...unit, effectiveDate: todayInChina(), departments: threeDeterminations?.departments }));
  if (refusal) throw refusalError(refusal);
  if (Object.keys(allocation).length > 0) {
    const pools = await ledger.ledger.account.list.query({ holderId: input.jurisdictionId });
    const short = poolShortfalls(pools, allocation);
    if (short.length > 0) {
      const zh = short.map((s) => `${quotaTypeLabels[s.ledger]}拟核定 ${s.asked} 名，区划未分配编制仅余 ${s.available} 名`).join('；');
      const en = short.map((s) => `${s.ledger}: ${s.asked} asked, ${s.available} unallocated`).join('; ');
      throw new DomainError('POOL_INSUFFICIENT', en, { shortfalls: short }, bilingual(`区划的未分配编制不足：${zh}`, `The jurisdiction's unallocated pool is short: ${en}`));
    }
  }
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
