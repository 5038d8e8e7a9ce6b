import { sql } from 'kysely';
import type { PlanDto, QuotaType } from '@bianzhi/contracts/ledger';
import { assertSeparateApprover, personOf, type Filer, type Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError, refusalOrThrow, type RelayedRefusal } from '@bianzhi/domain/errors';
import { dryRun } from '@bianzhi/db/dry-run';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerTx } from '../db.js';
import { assertNoViolations, checkStaffingPlan } from '@bianzhi/domain/policy';
import { applyOrRefuse, applyTransfers, createTransfers, derivedTransferId, poolAccount, type LedgerDeps } from '../transfer/transfer.service.js';
import { staffingRequest } from '../control/control.service.js';
import { lockUnitWorkforce } from '../workforce/workforce.repository.js';
import { assertFunctionNotBought } from '../workforce/purchase.service.js';
import type { ServiceFunction } from '@bianzhi/contracts/workforce';

/**
 * Staffing-use plans (用编计划): filed by a unit, approved by the bureau (never by whoever filed
 * it), which reserves one vacancy per place until the plan's end; entries take the places, the
 * sweeper expires what is left at the end, cancelling voids it at once.
 */
const placeId = (planId: string, place: number) => derivedTransferId(`plan:${planId}:${place}`);
const voidId = (planId: string, place: number) => derivedTransferId(`plan-void:${planId}:${place}`);
const borrowId = (planId: string) => derivedTransferId(`plan-borrow:${planId}`);
/** A borrowed place given back to the turnover pool (unused, or its holder left). */
export const returnId = (reservationOrSlot: string) => derivedTransferId(`turnover-return:${reservationOrSlot}`);
/** The end of the plan's last day in Beijing time. */
const endOf = (date: string) => new Date(`${date}T24:00:00+08:00`);

function text(zh: string, en: string) {
  return { 'zh-CN': zh, en };
}

/** Who filed, as stored with the plan: the person too, so that none of their accounts approves it. */
const filerOf = (principal: Principal) => ({ id: principal.id, name: principal.name, personId: personOf(principal) });

async function planRow(trx: LedgerTx, id: string) {
  return trx.selectFrom('ledger.plans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

async function assertVisible(deps: LedgerDeps, principal: Principal, plan: { jurisdiction_id: string; organization_id: string }) {
  if (principal.roles.includes('department_user') && principal.organizationId !== plan.organization_id) throw new DomainError('OUT_OF_SCOPE');
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && !visible.includes(plan.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
}

async function record(trx: LedgerTx, principal: Principal, type: string, plan: { id: string; jurisdiction_id: string }, payload: Record<string, unknown>, requestId?: string) {
  await appendOutboxEvent(trx, 'ledger', { type, aggregateType: 'plan', aggregateId: plan.id, jurisdictionId: plan.jurisdiction_id, actor: auditActorOf(principal), payload, requestId });
}

export async function filePlan(
  deps: LedgerDeps,
  principal: Principal,
  input: { id: string; organizationId: string; ledger: QuotaType; places: number; endsOn: string; reason: string; source?: 'vacancy' | 'turnover' | undefined; function?: ServiceFunction | undefined },
  requestId?: string,
): Promise<PlanDto> {
  if (input.endsOn < todayInChina(deps.clock())) throw new DomainError('VALIDATION_FAILED', 'a plan cannot end in the past', undefined, text('计划截止日期不能早于今天', 'A plan cannot end in the past'));
  await deps.db.transaction().execute(async (trx) => {
    const existing = await planRow(trx, input.id);
    if (existing) {
      // The id is the client's: a plan filed out of the caller's reach is neither shown nor compared.
      await assertVisible(deps, principal, existing);
      if (existing.organization_id !== input.organizationId || existing.places !== input.places || existing.ledger !== input.ledger) throw new DomainError('IDEMPOTENCY_MISMATCH', `plan ${input.id} was filed with other content`);
      return;
    }
    const accounts = await trx
      .selectFrom('ledger.accounts')
      .select(['id', 'kind', 'jurisdiction_id'])
      .where('holder_id', '=', input.organizationId)
      .where('ledger', '=', input.ledger)
      .where('kind', 'in', ['vacant', 'occupied'])
      .execute();
    const vacant = accounts.find((a) => a.kind === 'vacant');
    const occupied = accounts.find((a) => a.kind === 'occupied');
    if (!vacant || !occupied) throw new DomainError('NOT_FOUND', `organization ${input.organizationId} has no ${input.ledger} accounts`);
    await assertVisible(deps, principal, { jurisdiction_id: vacant.jurisdiction_id, organization_id: input.organizationId });
    // 两头占: no quota for a function the unit buys as a service (the unit's workforce lock orders this against a new contract).
    if (input.function) {
      await lockUnitWorkforce(trx, input.organizationId);
      await assertFunctionNotBought(trx, input.organizationId, input.function, todayInChina(deps.clock()));
    }
    const source = input.source ?? 'vacancy';
    const turnover = source === 'turnover' ? await poolAccount(trx, vacant.jurisdiction_id, input.ledger, 'turnover') : null;
    const plan = await trx
      .insertInto('ledger.plans')
      .values({
        id: input.id,
        organization_id: input.organizationId,
        jurisdiction_id: vacant.jurisdiction_id,
        ledger: input.ledger,
        vacant_account_id: vacant.id,
        occupied_account_id: occupied.id,
        places: input.places,
        ends_on: input.endsOn,
        reason: input.reason,
        source,
        turnover_account_id: turnover?.id ?? null,
        function: input.function ?? null,
        filed_by: JSON.stringify(filerOf(principal)),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await record(trx, principal, 'ledger.plan.filed', plan, { places: input.places, ledger: input.ledger, endsOn: input.endsOn, reason: input.reason, organizationId: input.organizationId, source, function: input.function ?? null }, requestId);
  });
  return getPlan(deps, principal, input.id);
}

/**
 * Approval reserves the places: all of them, or (too few vacancies) none, with the numbers said.
 * A plan is approved as a matter (kind staffing_plan, docs/authority.md): the platform applies it.
 */
export async function approvePlan(deps: LedgerDeps, principal: Principal, input: { id: string; note?: string | undefined }, requestId?: string): Promise<PlanDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  await deps.db.transaction().execute((trx) => approveIn(deps, trx, principal, input, visible, requestId));
  return getPlan(deps, principal, input.id);
}

/**
 * Whether the plan could be approved now, nothing written: the approval's steps (the staffing rules,
 * the vacancies, the turnover pool) in a transaction that is rolled back. A refusal is returned with
 * every broken rule in both languages, for the matter that files the plan to show before it is filed.
 */
export async function checkPlan(deps: LedgerDeps, principal: Principal, id: string): Promise<{ refusal: RelayedRefusal | null }> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const error = await dryRun(deps.db, (trx) => approveIn(deps, trx, principal, { id }, visible));
  return { refusal: error === null ? null : refusalOrThrow(error) };
}

async function approveIn(deps: LedgerDeps, trx: LedgerTx, principal: Principal, input: { id: string; note?: string | undefined }, visible: string[] | null, requestId?: string): Promise<void> {
  const plan = await planRow(trx, input.id);
  if (!plan) throw new DomainError('NOT_FOUND', `plan ${input.id} not found`);
  await assertVisible(deps, principal, plan);
  if (plan.status === 'approved' && (plan.decided_by as { id: string }).id === principal.id) return;
  if (plan.status !== 'filed') throw new DomainError('PLAN_STATE', `plan ${plan.id} is ${plan.status}`);
  assertSeparateApprover(plan.filed_by as Filer, principal);
  // The staffing rules in force where the unit is (exit only, one out one in, growth cap, penalty, rectification).
  assertNoViolations(checkStaffingPlan(await deps.rules.settingsFor(plan.jurisdiction_id), await staffingRequest(deps, trx, plan)));
  // Talent introduction on turnover quota: the pool lends the places first, in the same step.
  const borrowing =
    plan.source === 'turnover' && plan.turnover_account_id
      ? [{ kind: 'single' as const, id: borrowId(plan.id), debitAccountId: plan.turnover_account_id, creditAccountId: plan.vacant_account_id, amount: plan.places, code: 'borrow' as const }]
      : [];
  const reservations = Array.from({ length: plan.places }, (_, place) => ({
    kind: 'pending' as const,
    id: placeId(plan.id, place + 1),
    debitAccountId: plan.vacant_account_id,
    creditAccountId: plan.occupied_account_id,
    amount: 1,
    code: 'reserve' as const,
    timeoutAt: endOf(plan.ends_on),
  }));
  const results = await applyTransfers(deps, trx, principal, { transfers: [...borrowing, ...reservations], linked: true }, visible, requestId);
  if (results.some((r) => r.status === 'failed')) {
    if (borrowing.length > 0 && results[0]?.status === 'failed') {
      const pool = await trx.selectFrom('ledger.accounts').select(['credits_posted', 'debits_posted', 'debits_pending']).where('id', '=', plan.turnover_account_id!).executeTakeFirstOrThrow();
      const free = pool.credits_posted - pool.debits_posted - pool.debits_pending;
      throw new DomainError('TRANSFER_REFUSED', `turnover pool holds ${free}, plan needs ${plan.places}`, undefined, text(`周转池编制不足：计划借用${plan.places}名，周转池可用${free}名`, `The turnover pool has ${free} free, the plan needs ${plan.places}`));
    }
    const vacant = await trx.selectFrom('ledger.accounts').select(['credits_posted', 'debits_posted', 'debits_pending']).where('id', '=', plan.vacant_account_id).executeTakeFirstOrThrow();
    const available = vacant.credits_posted - vacant.debits_posted - vacant.debits_pending;
    throw new DomainError('TRANSFER_REFUSED', `plan needs ${plan.places} places, ${available} vacant`, undefined, text(`空编不足：计划用编${plan.places}名，当前可用空编${available}名`, `Not enough vacancies: the plan needs ${plan.places}, ${available} are free`));
  }
  await trx.insertInto('ledger.plan_reservations').values(reservations.map((r, i) => ({ plan_id: plan.id, place: i + 1, transfer_id: r.id }))).execute();
  await trx.updateTable('ledger.plans').set({ status: 'approved', decided_by: JSON.stringify({ id: principal.id, name: principal.name }), decided_at: new Date(), decision_note: input.note ?? null }).where('id', '=', plan.id).execute();
  await record(trx, principal, 'ledger.plan.approved', plan, { places: plan.places, note: input.note ?? null }, requestId);
}

export async function rejectPlan(deps: LedgerDeps, principal: Principal, input: { id: string; note?: string | undefined }, requestId?: string): Promise<PlanDto> {
  await deps.db.transaction().execute(async (trx) => {
    const plan = await planRow(trx, input.id);
    if (!plan) throw new DomainError('NOT_FOUND', `plan ${input.id} not found`);
    await assertVisible(deps, principal, plan);
    if (plan.status === 'rejected') return;
    if (plan.status !== 'filed') throw new DomainError('PLAN_STATE', `plan ${plan.id} is ${plan.status}`);
    assertSeparateApprover(plan.filed_by as Filer, principal);
    await trx.updateTable('ledger.plans').set({ status: 'rejected', decided_by: JSON.stringify({ id: principal.id, name: principal.name }), decided_at: new Date(), decision_note: input.note ?? null }).where('id', '=', plan.id).execute();
    await record(trx, principal, 'ledger.plan.rejected', plan, { note: input.note ?? null }, requestId);
  });
  return getPlan(deps, principal, input.id);
}

/** Withdraws a plan: a filed one simply ends; an approved one gives back every place not yet taken. */
export async function cancelPlan(deps: LedgerDeps, principal: Principal, input: { id: string; note?: string | undefined }, requestId?: string): Promise<PlanDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  await deps.db.transaction().execute(async (trx) => {
    const plan = await planRow(trx, input.id);
    if (!plan) throw new DomainError('NOT_FOUND', `plan ${input.id} not found`);
    await assertVisible(deps, principal, plan);
    if (plan.status === 'cancelled') return;
    if (plan.status !== 'filed' && plan.status !== 'approved') throw new DomainError('PLAN_STATE', `plan ${plan.id} is ${plan.status}`);
    const open = await openPlaces(trx, plan.id);
    if (open.length > 0) {
      const voids = open.map((r) => ({ kind: 'void' as const, id: voidId(plan.id, r.place), pendingId: r.transfer_id, code: 'void' as const }));
      const results = await applyTransfers(deps, trx, principal, { transfers: voids, linked: true }, visible, requestId);
      if (results.some((r) => r.status === 'failed')) throw new DomainError('TRANSFER_REFUSED', `voiding plan ${plan.id} failed: ${results.find((r) => r.error)?.error}`);
      if (plan.source === 'turnover' && plan.turnover_account_id) {
        const giveBack = open.map((r) => ({ kind: 'single' as const, id: returnId(r.transfer_id), debitAccountId: plan.vacant_account_id, creditAccountId: plan.turnover_account_id!, amount: 1, code: 'return' as const }));
        await applyOrRefuse(deps, trx, principal, giveBack, { visible, requestId });
        for (const r of open) await trx.updateTable('ledger.plan_reservations').set({ returned_by: returnId(r.transfer_id) }).where('transfer_id', '=', r.transfer_id).execute();
      }
    }
    await trx.updateTable('ledger.plans').set({ status: 'cancelled', decision_note: input.note ?? plan.decision_note }).where('id', '=', plan.id).execute();
    await record(trx, principal, 'ledger.plan.cancelled', plan, { released: open.length, note: input.note ?? null }, requestId);
  });
  return getPlan(deps, principal, input.id);
}

/** Places reserved and not yet entered, voided or expired, in place order. */
export async function openPlaces(trx: LedgerTx, planId: string) {
  return trx
    .selectFrom('ledger.plan_reservations as r')
    .leftJoin('ledger.pending_resolutions as x', 'x.pending_id', 'r.transfer_id')
    .select(['r.place', 'r.transfer_id'])
    .where('r.plan_id', '=', planId)
    .where('x.pending_id', 'is', null)
    .orderBy('r.place')
    .execute();
}

function toDto(row: { id: string; organization_id: string; jurisdiction_id: string; ledger: string; places: number; ends_on: string; reason: string; status: string; source: string; function: string | null; filed_by: unknown; filed_at: Date; decided_by: unknown; decided_at: Date | null; open: number; entered: number }): PlanDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    jurisdictionId: row.jurisdiction_id,
    ledger: row.ledger as QuotaType,
    places: row.places,
    endsOn: row.ends_on,
    reason: row.reason,
    status: row.status as PlanDto['status'],
    function: row.function as PlanDto['function'],
    // Without the person id: which accounts belong to one person is not for every reader of plans.
    filedBy: { id: (row.filed_by as PlanDto['filedBy']).id, name: (row.filed_by as PlanDto['filedBy']).name },
    filedAt: row.filed_at,
    decidedBy: row.decided_by as PlanDto['decidedBy'],
    decidedAt: row.decided_at,
    open: Number(row.open),
    entered: Number(row.entered),
    source: row.source as PlanDto['source'],
  };
}

const withCounts = sql`
  (select count(*) from ledger.plan_reservations r left join ledger.pending_resolutions x on x.pending_id = r.transfer_id where r.plan_id = p.id and x.pending_id is null)::int as open,
  (select count(*) from ledger.plan_reservations r join ledger.pending_resolutions x on x.pending_id = r.transfer_id where r.plan_id = p.id and x.resolution = 'posted')::int as entered`;

export async function getPlan(deps: LedgerDeps, principal: Principal, id: string): Promise<PlanDto> {
  const { rows } = await sql<Parameters<typeof toDto>[0]>`select p.*, ${withCounts} from ledger.plans p where p.id = ${id}`.execute(deps.db);
  const row = rows[0];
  if (!row) throw new DomainError('NOT_FOUND', `plan ${id} not found`);
  await assertVisible(deps, principal, row);
  return toDto(row);
}

/** The plan queue: filed plans first (oldest first), then the rest, newest first. */
export async function listPlans(deps: LedgerDeps, principal: Principal, input: { status?: PlanDto['status'] | undefined; organizationId?: string | undefined }): Promise<PlanDto[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && visible.length === 0) return [];
  const own = principal.roles.includes('department_user') ? (principal.organizationId ?? '00000000-0000-0000-0000-000000000000') : null;
  const { rows } = await sql<Parameters<typeof toDto>[0]>`
    select p.*, ${withCounts} from ledger.plans p
    where (${visible === null} or p.jurisdiction_id in (select unnest(${visible ?? []}::uuid[])))
      and (${own}::uuid is null or p.organization_id = ${own}::uuid)
      and (${input.status ?? null}::text is null or p.status = ${input.status ?? null})
      and (${input.organizationId ?? null}::uuid is null or p.organization_id = ${input.organizationId ?? null}::uuid)
    order by (p.status = 'filed') desc, case when p.status = 'filed' then p.filed_at end asc, p.filed_at desc
    limit 500`.execute(deps.db);
  return rows.map(toDto);
}

/**
 * Places of turnover plans that expired unused go back to the turnover pool (the sweeper calls this
 * after expiring reservations); derived ids make a repeated sweep return nothing twice.
 */
export async function returnExpiredBorrowing(deps: LedgerDeps, principal: Principal, limit = 1000): Promise<number> {
  const { rows } = await sql<{ transfer_id: string; vacant_account_id: string; turnover_account_id: string }>`
    select r.transfer_id, p.vacant_account_id, p.turnover_account_id
    from ledger.plans p
    join ledger.plan_reservations r on r.plan_id = p.id
    join ledger.pending_resolutions x on x.pending_id = r.transfer_id and x.resolution = 'expired'
    where p.source = 'turnover' and r.returned_by is null
    limit ${limit}`.execute(deps.db);
  const pending = rows.map((r) => ({ kind: 'single' as const, id: returnId(r.transfer_id), debitAccountId: r.vacant_account_id, creditAccountId: r.turnover_account_id, amount: 1, code: 'return' as const }));
  if (pending.length === 0) return 0;
  const results = await createTransfers(deps, principal, { transfers: pending, linked: false });
  const done = rows.filter((_, i) => results[i]!.status !== 'failed');
  for (const r of done) await deps.db.updateTable('ledger.plan_reservations').set({ returned_by: returnId(r.transfer_id) }).where('transfer_id', '=', r.transfer_id).execute();
  return results.filter((r) => r.status === 'created').length;
}
