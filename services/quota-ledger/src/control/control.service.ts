import { sql } from 'kysely';
import type { PenaltyDto, QuotaType, UnitControlDto } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual as text, DomainError } from '@bianzhi/domain/errors';
import type { HiringRegime, StaffingRequest } from '@bianzhi/domain/policy';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerTx } from '../db.js';
import { applyOrRefuse, derivedTransferId, poolAccount, unitAccounts, type LedgerDeps } from '../transfer/transfer.service.js';

/**
 * The bureau's controls on a unit's quota (DOMAIN.md, "Policy rules"): its hiring regime (one out
 * one in for unchanged duties, a growth cap for strengthened ones), whether it is recorded as over
 * quota (超编: its vacancy account may then go below zero until exits bring it back), and penalties
 * that freeze or decrease its quota for a period.
 */

async function visibleUnit(deps: LedgerDeps, trx: LedgerTx, principal: Principal, organizationId: string, ledger: string) {
  const accounts = await unitAccounts(trx, organizationId, ledger);
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && !visible.includes(accounts.jurisdictionId)) throw new DomainError('OUT_OF_SCOPE');
  return { ...accounts, visible };
}

export async function setUnitControl(
  deps: LedgerDeps,
  principal: Principal,
  input: { organizationId: string; ledger: QuotaType; regime: HiringRegime; overQuota: boolean; documentNumber?: string | undefined },
  requestId?: string,
): Promise<UnitControlDto> {
  await deps.db.transaction().execute(async (trx) => {
    const { vacant, jurisdictionId } = await visibleUnit(deps, trx, principal, input.organizationId, input.ledger);
    const locked = await trx.selectFrom('ledger.accounts').select(['credits_posted', 'debits_posted', 'debits_pending']).where('id', '=', vacant.id).forUpdate().executeTakeFirstOrThrow();
    const before = await trx.selectFrom('ledger.controls').select(['regime', 'over_quota']).where('organization_id', '=', input.organizationId).where('ledger', '=', input.ledger).executeTakeFirst();
    const free = locked.credits_posted - locked.debits_posted - locked.debits_pending;
    if (!input.overQuota && free < 0) {
      throw new DomainError('STILL_OVER_QUOTA', `the unit is ${-free} over quota`, undefined, text(`该单位仍超编${-free}名，消化后方可解除超编标记`, `The unit is still ${-free} over quota`));
    }
    const actor = auditActorOf(principal);
    const values = { regime: input.regime, over_quota: input.overQuota, document_number: input.documentNumber ?? null, updated_by: JSON.stringify(actor), updated_at: new Date() };
    await trx
      .insertInto('ledger.controls')
      .values({ organization_id: input.organizationId, ledger: input.ledger, jurisdiction_id: jurisdictionId, ...values })
      .onConflict((oc) => oc.columns(['organization_id', 'ledger']).doUpdateSet(values))
      .execute();
    // Over quota is the one state in which a vacancy account may go below zero (DOMAIN.md invariant 3).
    await trx.updateTable('ledger.accounts').set({ debits_must_not_exceed_credits: !input.overQuota }).where('id', '=', vacant.id).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.control.set',
      aggregateType: 'organization',
      aggregateId: input.organizationId,
      jurisdictionId,
      actor,
      payload: { ledger: input.ledger, before: before ?? null, after: { regime: input.regime, overQuota: input.overQuota }, documentNumber: input.documentNumber ?? null },
      requestId,
    });
  });
  return unitControl(deps, principal, input.organizationId, input.ledger);
}

/**
 * A penalty after a confirmed violation (DOMAIN.md: decrease or freeze quota for N years): a freeze
 * moves vacancies to the jurisdiction's frozen pool until lifted; a decrease recovers them to the
 * unallocated pool for good. Either way the unit gets no staffing approvals while it runs.
 */
export async function penalize(
  deps: LedgerDeps,
  principal: Principal,
  input: { id: string; organizationId: string; ledger: QuotaType; mode: 'freeze' | 'decrease'; amount: number; years?: number | undefined; startsOn?: string | undefined; documentNumber: string; reason: string },
  requestId?: string,
): Promise<PenaltyDto> {
  await deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('ledger.penalties').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      // The id is the client's: a penalty recorded out of the caller's reach is neither shown nor compared.
      await visibleUnit(deps, trx, principal, existing.organization_id, existing.ledger);
      if (existing.organization_id !== input.organizationId || existing.amount !== input.amount || existing.mode !== input.mode) throw new DomainError('IDEMPOTENCY_MISMATCH', `penalty ${input.id} was recorded with other content`);
      return;
    }
    const { vacant, jurisdictionId, visible } = await visibleUnit(deps, trx, principal, input.organizationId, input.ledger);
    const settings = await deps.rules.settingsFor(jurisdictionId);
    const years = input.years ?? settings['QUOTA-PENALTY'].params['years'] ?? 2;
    const startsOn = input.startsOn ?? todayInChina(deps.clock());
    const endsOn = `${Number(startsOn.slice(0, 4)) + years}${startsOn.slice(4)}`;
    const pool = await poolAccount(trx, jurisdictionId, input.ledger, input.mode === 'freeze' ? 'frozen' : 'unallocated');
    const transferId = derivedTransferId(`penalty:${input.id}`);
    await applyOrRefuse(
      deps,
      trx,
      principal,
      [{ kind: 'single', id: transferId, debitAccountId: vacant.id, creditAccountId: pool.id, amount: input.amount, code: input.mode === 'freeze' ? 'freeze' : 'recover', documentNumber: input.documentNumber, effectiveDate: startsOn }],
      {
        visible,
        requestId,
        explain: (error) =>
          error === 'EXCEEDS_CREDITS'
            ? new DomainError('EXCEEDS_VACANCIES', `penalty of ${input.amount} exceeds the unit's vacancies`, undefined, text(`该单位可用空编不足${input.amount}名；如需核减在编人员占用的编制，请先将该单位标记为超编`, `The unit has fewer than ${input.amount} free vacancies; mark it over quota first to cut into occupied quota`))
            : null,
      },
    );
    await trx
      .insertInto('ledger.penalties')
      .values({ id: input.id, organization_id: input.organizationId, jurisdiction_id: jurisdictionId, ledger: input.ledger, mode: input.mode, amount: input.amount, starts_on: startsOn, ends_on: endsOn, document_number: input.documentNumber, reason: input.reason, transfer_id: transferId, created_by: JSON.stringify(auditActorOf(principal)) })
      .execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.penalty.imposed',
      aggregateType: 'organization',
      aggregateId: input.organizationId,
      jurisdictionId,
      actor: auditActorOf(principal),
      payload: { penaltyId: input.id, ledger: input.ledger, mode: input.mode, amount: input.amount, startsOn, endsOn, documentNumber: input.documentNumber, reason: input.reason },
      requestId,
    });
  });
  return penaltyDto(deps, input.id);
}

/** Ends a penalty: frozen quota goes back to the unit's vacancies; a decrease stays decreased. */
export async function liftPenalty(deps: LedgerDeps, principal: Principal, input: { id: string; documentNumber?: string | undefined }, requestId?: string): Promise<PenaltyDto> {
  await deps.db.transaction().execute(async (trx) => {
    const penalty = await trx.selectFrom('ledger.penalties').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!penalty) throw new DomainError('NOT_FOUND', `penalty ${input.id} not found`);
    const { vacant, visible } = await visibleUnit(deps, trx, principal, penalty.organization_id, penalty.ledger);
    if (penalty.lifted_on) return;
    const today = todayInChina(deps.clock());
    const liftId = derivedTransferId(`penalty-lift:${penalty.id}`);
    if (penalty.mode === 'freeze') {
      const frozen = await poolAccount(trx, penalty.jurisdiction_id, penalty.ledger, 'frozen');
      await applyOrRefuse(deps, trx, principal, [{ kind: 'single', id: liftId, debitAccountId: frozen.id, creditAccountId: vacant.id, amount: penalty.amount, code: 'unfreeze', documentNumber: input.documentNumber ?? penalty.document_number }], { visible, requestId });
    }
    await trx.updateTable('ledger.penalties').set({ lifted_on: today, lifted_transfer_id: penalty.mode === 'freeze' ? liftId : null }).where('id', '=', penalty.id).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.penalty.lifted',
      aggregateType: 'organization',
      aggregateId: penalty.organization_id,
      jurisdictionId: penalty.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { penaltyId: penalty.id, mode: penalty.mode, amount: penalty.amount, liftedOn: today, documentNumber: input.documentNumber ?? null },
      requestId,
    });
  });
  return penaltyDto(deps, input.id);
}

async function penaltyDto(deps: LedgerDeps, id: string): Promise<PenaltyDto> {
  const row = await deps.db.selectFrom('ledger.penalties').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const today = todayInChina(deps.clock());
  return {
    id: row.id,
    organizationId: row.organization_id,
    ledger: row.ledger as QuotaType,
    mode: row.mode as PenaltyDto['mode'],
    amount: row.amount,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    documentNumber: row.document_number,
    reason: row.reason,
    liftedOn: row.lifted_on,
    active: !row.lifted_on && row.starts_on <= today && today < row.ends_on,
  };
}

export async function unitControl(deps: LedgerDeps, principal: Principal, organizationId: string, ledger: QuotaType): Promise<UnitControlDto> {
  return deps.db.transaction().execute(async (trx) => {
    const { vacant } = await visibleUnit(deps, trx, principal, organizationId, ledger);
    const control = await trx.selectFrom('ledger.controls').selectAll().where('organization_id', '=', organizationId).where('ledger', '=', ledger).executeTakeFirst();
    const penalties = await trx.selectFrom('ledger.penalties').select('id').where('organization_id', '=', organizationId).where('ledger', '=', ledger).orderBy('created_at', 'desc').execute();
    return {
      organizationId,
      ledger,
      regime: (control?.regime ?? 'none') as HiringRegime,
      overQuota: control?.over_quota ?? false,
      vacancyLimited: vacant.debits_must_not_exceed_credits,
      documentNumber: control?.document_number ?? null,
      penalties: await Promise.all(penalties.map((p) => penaltyDto(deps, p.id))),
    };
  });
}

/**
 * What the staffing rules read when a plan is approved (QUOTA-* rules): the unit's numbers now,
 * this year's approvals and exits, its vacancies at the end of last year (as of that date, from the
 * entries), any running penalty and open violations.
 */
export async function staffingRequest(
  deps: LedgerDeps,
  trx: LedgerTx,
  plan: { id: string; organization_id: string; ledger: string; places: number; vacant_account_id: string; occupied_account_id: string; source: string },
): Promise<StaffingRequest> {
  const today = todayInChina(deps.clock());
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const yearStartInstant = new Date(`${yearStart}T00:00:00+08:00`);
  const { rows } = await sql<{ quota: number; occupied: number; reserved: number; approved: number; entered_cancelled: number; exits: number;  vacant_at_start: number }>`
    select
      (v.credits_posted - v.debits_posted + o.credits_posted - o.debits_posted)::int as quota,
      (o.credits_posted - o.debits_posted)::int as occupied,
      v.debits_pending::int as reserved,
      (select coalesce(sum(p.places), 0) from ledger.plans p
        where p.vacant_account_id = v.id and p.status = 'approved' and p.decided_at >= ${yearStartInstant} and p.id <> ${plan.id})::int as approved,
      (select count(*) from ledger.plans p join ledger.plan_reservations r on r.plan_id = p.id join ledger.pending_resolutions x on x.pending_id = r.transfer_id
        where p.vacant_account_id = v.id and p.status = 'cancelled' and p.decided_at >= ${yearStartInstant} and x.resolution = 'posted')::int as entered_cancelled,
      (select count(*) from ledger.slots s where s.vacant_account_id = v.id and s.exited_on >= ${yearStart})::int as exits,
      (select coalesce(sum(e.d_credits_posted - e.d_debits_posted), 0) from ledger.entries e where e.account_id = v.id and e.effective_date < ${yearStart})::int as vacant_at_start
    from ledger.accounts v, ledger.accounts o
    where v.id = ${plan.vacant_account_id} and o.id = ${plan.occupied_account_id}`.execute(trx);
  const r = rows[0]!;
  const control = await trx.selectFrom('ledger.controls').select(['regime', 'over_quota']).where('organization_id', '=', plan.organization_id).where('ledger', '=', plan.ledger).executeTakeFirst();
  const penalty = await trx
    .selectFrom('ledger.penalties')
    .select(['mode', 'ends_on', 'document_number'])
    .where('organization_id', '=', plan.organization_id)
    .where('ledger', '=', plan.ledger)
    .where('lifted_on', 'is', null)
    .where('starts_on', '<=', today)
    .where('ends_on', '>', today)
    .orderBy('ends_on', 'desc')
    .executeTakeFirst();
  return {
    places: plan.places,
    source: plan.source === 'turnover' ? 'turnover' : 'vacancy',
    quota: r.quota,
    occupied: r.occupied,
    reserved: r.reserved,
    regime: (control?.regime ?? 'none') as HiringRegime,
    flaggedOverQuota: control?.over_quota ?? false,
    approvedThisYear: r.approved + r.entered_cancelled,
    exitsThisYear: r.exits,
    vacanciesAtYearStart: r.vacant_at_start,
    penalty: penalty ? { mode: penalty.mode as 'freeze' | 'decrease', endsOn: penalty.ends_on, documentNumber: penalty.document_number } : null,
    openViolations: await deps.rules.openViolations(plan.organization_id),
  };
}
