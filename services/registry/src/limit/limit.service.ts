import type { JurisdictionLimitsDto, LimitChangeDto, SetLimitsInput } from '@bianzhi/contracts/registry';
import { hasPermission, type Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { assertDepartmentInRange, assertMaySetLimits, assertWithinLimits, countByCategory, limitCategories, maySetLimits, type CountChange } from '@bianzhi/domain/organization-limits';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { RegistryDb, RegistryTx } from '../db.js';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import { jurisdictionInScope, scopeOf } from '../scope.js';
import * as repo from './limit.repository.js';

type Db = RegistryDb | RegistryTx;

async function jurisdictionInReach(db: Db, principal: Principal, jurisdictionId: string) {
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
  if (!jurisdictionInScope(await scopeOf(db, principal), jurisdiction.path)) throw new DomainError('OUT_OF_SCOPE');
  return jurisdiction;
}

/** A jurisdiction's limits per category with what is used, and its department range. */
export async function listLimits(db: RegistryDb, principal: Principal, jurisdictionId: string): Promise<JurisdictionLimitsDto> {
  const jurisdiction = await jurisdictionInReach(db, principal, jurisdictionId);
  const [limits, used, range] = await Promise.all([repo.limitsOf(db, jurisdiction.id), repo.liveUnitCounts(db, jurisdiction.id), repo.departmentRangeOf(db, jurisdiction.id)]);
  const counts = countByCategory(used);
  return {
    jurisdictionId: jurisdiction.id,
    jurisdictionName: jurisdiction.name,
    categories: limitCategories.map((category) => {
      const limit = limits.find((l) => l.category === category);
      return { category, used: counts[category], maximum: limit?.maximum ?? null, documentNumber: limit?.documentNumber ?? null, updatedAt: limit?.updatedAt ?? null };
    }),
    departmentRange: range,
    editable: hasPermission(principal, 'registry.limit.manage') && maySetLimits(principal, jurisdiction),
  };
}

/**
 * Sets limits and the department range of a jurisdiction on one document. Decided by the level
 * above (assertMaySetLimits); each change is kept in limit_changes and written to the audit log.
 */
export async function setLimits(db: RegistryDb, principal: Principal, input: SetLimitsInput, requestId?: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const jurisdiction = await jurisdictionInReach(trx, principal, input.jurisdictionId);
    assertMaySetLimits(principal, jurisdiction);
    await repo.lockJurisdictionCount(trx, jurisdiction.id);
    const actor = auditActorOf(principal);
    const current = await repo.limitsOf(trx, jurisdiction.id);
    const changes: { subject: string; before: unknown; after: unknown }[] = [];
    for (const { category, maximum } of input.limits) {
      const was = current.find((l) => l.category === category);
      const before = was ? { maximum: was.maximum, documentNumber: was.documentNumber } : null;
      const after = maximum === null ? null : { maximum, documentNumber: input.documentNumber };
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      await repo.saveLimit(trx, jurisdiction.id, category, after, actor);
      changes.push({ subject: category, before, after });
    }
    if (input.departmentRange !== undefined) {
      const was = await repo.departmentRangeOf(trx, jurisdiction.id);
      const before = was ? { minHeadcount: was.minHeadcount, maxHeadcount: was.maxHeadcount, documentNumber: was.documentNumber } : null;
      const after = input.departmentRange === null ? null : { ...input.departmentRange, documentNumber: input.documentNumber };
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await repo.saveDepartmentRange(trx, jurisdiction.id, after, actor);
        changes.push({ subject: 'department_range', before, after });
      }
    }
    for (const change of changes) await repo.appendLimitChange(trx, { jurisdictionId: jurisdiction.id, ...change, documentNumber: input.documentNumber, actor });
    if (changes.length === 0) return;
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.limit.set',
      aggregateType: 'jurisdiction_limits',
      aggregateId: jurisdiction.id,
      jurisdictionId: jurisdiction.id,
      actor,
      payload: { documentNumber: input.documentNumber, changes },
      requestId,
    });
  });
}

export async function limitHistory(db: RegistryDb, principal: Principal, jurisdictionId: string): Promise<LimitChangeDto[]> {
  const jurisdiction = await jurisdictionInReach(db, principal, jurisdictionId);
  const rows = await repo.limitChanges(db, jurisdiction.id);
  return rows.map((r) => ({ id: Number(r.id), subject: r.subject, before: r.before, after: r.after, documentNumber: r.document_number, actor: r.actor as LimitChangeDto['actor'], recordedAt: r.recorded_at }));
}

/**
 * Refuses a change of a jurisdiction's live units that would take a limited category over its
 * maximum, naming each limit. Called inside the change's transaction, before it is written. The
 * jurisdiction is locked before its limits are read: a limit being set at the same moment (setLimits
 * takes the same lock) is waited for and then seen, never missed.
 */
export async function assertCountChangeAllowed(trx: RegistryTx, jurisdictionId: string, change: CountChange): Promise<void> {
  await repo.lockJurisdictionCount(trx, jurisdictionId);
  const limits = await repo.limitsOf(trx, jurisdictionId);
  if (limits.length === 0) return;
  const jurisdiction = await findJurisdiction(trx, jurisdictionId);
  assertWithinLimits(jurisdiction?.name ?? '', limits, countByCategory(await repo.liveUnitCounts(trx, jurisdictionId)), change);
}

/** Refuses an internal department whose headcount lies outside its jurisdiction's range. */
export async function assertDepartmentWithinRange(trx: RegistryTx, jurisdictionId: string, department: { name: string; headcount: number }): Promise<void> {
  assertDepartmentInRange(await repo.departmentRangeOf(trx, jurisdictionId), department);
}
