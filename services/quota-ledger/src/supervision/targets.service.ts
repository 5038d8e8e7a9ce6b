import type { z } from 'zod';
import type { FrozenTargetDto, ReductionTargetDto, TargetQuarterDto, listTargetsInput, recordTargetInput } from '@bianzhi/contracts/reduction';
import type { QuotaType } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import { bilingual, DomainError, refusalOrThrow, type RelayedRefusal } from '@bianzhi/domain/errors';
import { quarterEnd, quarterOf, reductionProgress, type ReductionMeasure, type ReductionStatus } from '@bianzhi/domain/reduction';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDb, LedgerTx } from '../db.js';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { unitFigures } from '../stats/figures.repository.js';

/**
 * 控编减编任务 (docs/ledger.md "Reduction targets and quarterly monitoring"): targets recorded by the
 * platform for an applied `reduction_target` matter, their progress computed from the ledger
 * (domain/reduction.ts), frozen at each quarter end and at the deadline by the target's workflow.
 */
type TargetRow = {
  id: string;
  title: string;
  jurisdiction_id: string;
  organization_id: string | null;
  ledger: string;
  measure: string;
  amount: number;
  start_date: string;
  deadline: string;
  basis_document: string;
  document_number: string | null;
  flagged_quarter: string | null;
  violation_id: string | null;
};

/** The measured figure (quota, or people on the roll) of a target's unit or jurisdiction at the end of a day. */
export async function measuredFigure(db: LedgerDb | LedgerTx, target: Pick<TargetRow, 'jurisdiction_id' | 'organization_id' | 'ledger' | 'measure'>, asOf: string): Promise<number> {
  const rows = await unitFigures(db as LedgerDb, { asOf, jurisdictionIds: target.organization_id ? null : [target.jurisdiction_id], ledger: target.ledger as QuotaType, organizationId: target.organization_id ?? undefined });
  return rows.reduce((sum, r) => sum + (target.measure === 'quota' ? r.quota : r.occupied), 0);
}

async function progressOf(db: LedgerDb | LedgerTx, target: TargetRow, day: string) {
  const [before, now] = await Promise.all([measuredFigure(db, target, addDays(target.start_date, -1)), measuredFigure(db, target, day)]);
  return { before, now, ...reductionProgress({ amount: target.amount, startDate: target.start_date, deadline: target.deadline }, { before, now }, day) };
}

/**
 * Records an applied target, once (its id is the matter's). The unit must hold accounts of the type
 * (a jurisdiction target: the jurisdiction must be one the ledger knows).
 */
export async function recordTarget(deps: LedgerDeps, principal: Principal, input: z.infer<typeof recordTargetInput>, requestId?: string): Promise<{ id: string; created: boolean }> {
  const t = input.target;
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('ledger.reduction_targets').select('id').where('id', '=', input.id).executeTakeFirst();
    if (existing) return { id: input.id, created: false };
    const account = await trx
      .selectFrom('ledger.accounts')
      .select('jurisdiction_id')
      .where('ledger', '=', t.ledger)
      .$if(t.organizationId !== undefined, (q) => q.where('holder_id', '=', t.organizationId!).where('holder_kind', '=', 'organization'))
      .$if(t.jurisdictionId !== undefined, (q) => q.where('jurisdiction_id', '=', t.jurisdictionId!))
      .executeTakeFirst();
    if (!account) throw new DomainError('REDUCTION_TARGET_INVALID', 'no accounts of the type', { ledger: t.ledger }, bilingual('该单位（区划）没有此类编制账户，不能下达此类减编任务', 'The unit (or jurisdiction) holds no quota of this type to reduce'));
    await trx
      .insertInto('ledger.reduction_targets')
      .values({ id: input.id, title: input.title, jurisdiction_id: account.jurisdiction_id, organization_id: t.organizationId ?? null, ledger: t.ledger, measure: t.measure, amount: t.amount, start_date: t.startDate, deadline: t.deadline, basis_document: t.basisDocument, document_number: input.documentNumber ?? null })
      .execute();
    await appendOutboxEvent(trx, 'ledger', { type: 'ledger.target.recorded', aggregateType: 'reduction_target', aggregateId: input.id, jurisdictionId: account.jurisdiction_id, actor: auditActorOf(principal), payload: { title: input.title, ...t, documentNumber: input.documentNumber ?? null }, requestId });
    return { id: input.id, created: true };
  });
}

/**
 * Whether a target could be set as filed (the matter's filing check, as the filer): the unit or
 * jurisdiction in the filer's reach with quota of the type, and the amount within what it holds.
 */
export async function checkTarget(deps: LedgerDeps, principal: Principal, t: z.infer<typeof recordTargetInput>['target']): Promise<{ jurisdictionId: string; current: number }> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  // Out of reach first, whatever it holds: another district learns nothing of the unit.
  const held = t.organizationId ? await deps.db.selectFrom('ledger.accounts').select('jurisdiction_id').where('holder_id', '=', t.organizationId).where('holder_kind', '=', 'organization').executeTakeFirst() : { jurisdiction_id: t.jurisdictionId! };
  if (held && visible && !visible.includes(held.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${held.jurisdiction_id}`);
  const account = await deps.db
    .selectFrom('ledger.accounts')
    .select('jurisdiction_id')
    .where('ledger', '=', t.ledger)
    .where('holder_kind', '=', 'organization')
    .$if(t.organizationId !== undefined, (q) => q.where('holder_id', '=', t.organizationId!))
    .$if(t.jurisdictionId !== undefined, (q) => q.where('jurisdiction_id', '=', t.jurisdictionId!))
    .executeTakeFirst();
  if (!account) throw new DomainError('REDUCTION_TARGET_INVALID', 'no accounts of the type', { ledger: t.ledger }, bilingual('该单位（区划）没有此类编制，不能下达此类减编任务', 'The unit (or jurisdiction) holds no quota of this type to reduce'));
  const current = await measuredFigure(deps.db, { jurisdiction_id: account.jurisdiction_id, organization_id: t.organizationId ?? null, ledger: t.ledger, measure: t.measure }, todayInChina(deps.clock()));
  if (t.amount > current) throw new DomainError('REDUCTION_TARGET_INVALID', `amount ${t.amount} above ${current}`, { current }, bilingual(`减编数量${t.amount}超过现有${t.measure === 'quota' ? '编制数' : '实有人数'}${current}`, `The amount ${t.amount} is more than the ${t.measure === 'quota' ? 'quota' : 'people on the roll'} held now (${current})`));
  return { jurisdictionId: account.jurisdiction_id, current };
}

/**
 * The filing check as a matter asks it: out of reach is refused (thrown); a target that would not
 * hold answers its refusal, bilingual, for the matter to relay as it is.
 */
export async function checkTargetRefusal(deps: LedgerDeps, principal: Principal, t: z.infer<typeof recordTargetInput>['target']): Promise<{ current: number | null; refusal: RelayedRefusal | null }> {
  try {
    return { current: (await checkTarget(deps, principal, t)).current, refusal: null };
  } catch (error) {
    const refusal = refusalOrThrow(error);
    if (refusal.code !== 'REDUCTION_TARGET_INVALID') throw error;
    return { current: null, refusal };
  }
}

async function quartersOf(db: LedgerDb, ids: string[]): Promise<Map<string, TargetQuarterDto[]>> {
  const rows = ids.length ? await db.selectFrom('ledger.reduction_target_quarters').selectAll().where('target_id', 'in', ids).orderBy('day').execute() : [];
  const by = new Map<string, TargetQuarterDto[]>();
  for (const r of rows) by.set(r.target_id, [...(by.get(r.target_id) ?? []), { day: r.day, achieved: r.achieved, expected: r.expected, remaining: r.remaining, status: r.status as ReductionStatus }]);
  return by;
}

async function toDtos(deps: LedgerDeps, rows: TargetRow[], asOf: string): Promise<ReductionTargetDto[]> {
  const quarters = await quartersOf(deps.db, rows.map((r) => r.id));
  return Promise.all(
    rows.map(async (r) => {
      const p = await progressOf(deps.db, r, asOf);
      return {
        id: r.id,
        title: r.title,
        jurisdictionId: r.jurisdiction_id,
        organizationId: r.organization_id,
        ledger: r.ledger as QuotaType,
        measure: r.measure as ReductionMeasure,
        amount: r.amount,
        startDate: r.start_date,
        deadline: r.deadline,
        basisDocument: r.basis_document,
        documentNumber: r.document_number,
        asOf,
        ...p,
        flaggedAt: r.flagged_quarter,
        violationId: r.violation_id,
        quarters: quarters.get(r.id) ?? [],
      };
    }),
  );
}

const targetColumns = ['id', 'title', 'jurisdiction_id', 'organization_id', 'ledger', 'measure', 'amount', 'start_date', 'deadline', 'basis_document', 'document_number', 'flagged_quarter', 'violation_id'] as const;

/** Targets in the caller's reach (their jurisdictions), with progress as of a day (today by default). */
export async function listTargets(deps: LedgerDeps, principal: Principal, input: z.infer<typeof listTargetsInput>): Promise<ReductionTargetDto[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && visible.length === 0) return [];
  const rows = await deps.db
    .selectFrom('ledger.reduction_targets')
    .select(targetColumns)
    .$if(visible !== null, (q) => q.where('jurisdiction_id', 'in', visible!))
    .$if(input.jurisdictionId !== undefined, (q) => q.where('jurisdiction_id', '=', input.jurisdictionId!))
    .$if(input.organizationId !== undefined, (q) => q.where('organization_id', '=', input.organizationId!))
    .orderBy('deadline')
    .orderBy('id')
    .execute();
  return toDtos(deps, rows, input.asOf ?? todayInChina(deps.clock()));
}

/** One target the caller may see; another jurisdiction's answers as absent. */
export async function getTarget(deps: LedgerDeps, principal: Principal, id: string): Promise<ReductionTargetDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const row = await deps.db.selectFrom('ledger.reduction_targets').select(targetColumns).where('id', '=', id).executeTakeFirst();
  if (!row || (visible && !visible.includes(row.jurisdiction_id))) throw new DomainError('NOT_FOUND', `no target ${id}`, undefined, bilingual('没有找到该减编任务', 'No such reduction target'));
  return (await toDtos(deps, [row], todayInChina(deps.clock())))[0]!;
}

/**
 * Freezes a target's progress as of a day (a quarter end, or its deadline), once: a second call
 * answers what the first froze. At a quarter end, behind flags the unit (the flag is that quarter
 * end) and on pace or met lifts it; at the deadline, short of the amount is `missed`.
 */
export async function freezeTarget(deps: LedgerDeps, principal: Principal, input: { id: string; day: string }, requestId?: string): Promise<FrozenTargetDto> {
  if (input.day >= todayInChina(deps.clock())) throw new DomainError('VALIDATION_FAILED', `${input.day} has not ended`, undefined, bilingual('该日尚未结束，不能冻结进度', 'The day has not ended yet; its progress cannot be frozen'));
  return deps.db.transaction().execute(async (trx) => {
    const target = await trx.selectFrom('ledger.reduction_targets').select(targetColumns).where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!target) throw new DomainError('NOT_FOUND', `no target ${input.id}`);
    const frozen = await trx.selectFrom('ledger.reduction_target_quarters').select(['status', 'remaining']).where('target_id', '=', input.id).where('day', '=', input.day).executeTakeFirst();
    const out = (status: ReductionStatus, remaining: number): FrozenTargetDto => ({ day: input.day, status, remaining, deadline: target.deadline, organizationId: target.organization_id, jurisdictionId: target.jurisdiction_id, title: target.title, violationId: target.violation_id });
    if (frozen) return out(frozen.status as ReductionStatus, frozen.remaining);
    if (input.day !== target.deadline && input.day !== quarterEnd(quarterOf(input.day))) throw new DomainError('REDUCTION_TARGET_INVALID', `${input.day} is neither a quarter end nor the deadline`);
    const p = await progressOf(trx, target, input.day);
    const status: ReductionStatus = input.day >= target.deadline ? (p.remaining === 0 ? 'met' : 'missed') : p.status;
    await trx.insertInto('ledger.reduction_target_quarters').values({ target_id: input.id, day: input.day, before_figure: p.before, now_figure: p.now, achieved: p.achieved, expected: p.expected, remaining: p.remaining, status }).execute();
    const flag = status === 'behind' || status === 'missed' ? input.day : null;
    if (flag !== target.flagged_quarter) await trx.updateTable('ledger.reduction_targets').set({ flagged_quarter: flag }).where('id', '=', input.id).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.target.frozen',
      aggregateType: 'reduction_target',
      aggregateId: input.id,
      jurisdictionId: target.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { day: input.day, before: p.before, now: p.now, achieved: p.achieved, expected: p.expected, remaining: p.remaining, status, flagged: flag !== null },
      requestId,
    });
    return out(status, p.remaining);
  });
}

/** Links the violation a missed deadline opened to its target, once. */
export async function linkTargetViolation(deps: LedgerDeps, principal: Principal, input: { id: string; violationId: string }, requestId?: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const target = await trx.selectFrom('ledger.reduction_targets').select(['jurisdiction_id', 'violation_id']).where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!target) throw new DomainError('NOT_FOUND', `no target ${input.id}`);
    if (target.violation_id) return;
    await trx.updateTable('ledger.reduction_targets').set({ violation_id: input.violationId }).where('id', '=', input.id).execute();
    await appendOutboxEvent(trx, 'ledger', { type: 'ledger.target.violation_linked', aggregateType: 'reduction_target', aggregateId: input.id, jurisdictionId: target.jurisdiction_id, actor: auditActorOf(principal), payload: { violationId: input.violationId }, requestId });
  });
}
