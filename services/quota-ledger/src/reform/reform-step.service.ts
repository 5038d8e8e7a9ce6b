import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { QuotaType, ReformAccountRef, ReformSnapshot, ReformStepInput, ReformStepResult, transferCodes } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerTx } from '../db.js';
import { insertMissingAccounts } from '../account/account.repository.js';
import { applyOrRefuse, derivedTransferId, type LedgerDeps, type LedgerTransfer } from '../transfer/transfer.service.js';

type Code = (typeof transferCodes)[number];

/** What a step did, kept with it: the reversal is computed from this, never from the request. */
interface Applied {
  effectiveDate: string;
  documentNumber: string;
  transfers: { id: string; debit: string; credit: string; amount: number; code: Code }[];
  rehomed: { oldSlotId: string; newSlotId: string; transferId: string }[];
  /** Slots closed by an exit (conversion to enterprise) or, in a reversal, by the move back. */
  exited: { slotId: string; transferId: string }[];
  /** Slots reopened by a reversal of an exit. */
  reopened: { oldSlotId: string; newSlotId: string; transferId: string }[];
  flags: { organizationId: string; ledger: string; vacantAccountId: string; before: { overQuota: boolean; mustNotExceed: boolean; existed: boolean } }[];
}

/** The opposite movement's name in a statement: quota recovered comes back as an increase, and so on. */
const inverseCode: Partial<Record<Code, Code>> = { recover: 'increase', cut: 'increase', increase: 'recover', allocate: 'recover', approve_total: 'recover', exit: 'enter', enter: 'exit' };

function requestHash(input: ReformStepInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url');
}

const resultOf = (id: string, applied: Applied, reversedBy: string | null): ReformStepResult => ({
  id,
  transfers: applied.transfers.length,
  rehomed: applied.rehomed.length,
  exited: applied.exited.length,
  reversedBy,
});

async function accountOf(trx: LedgerTx, ledger: string, ref: ReformAccountRef): Promise<{ id: string; jurisdiction_id: string }> {
  const holder = 'organizationId' in ref ? ref.organizationId : ref.jurisdictionId;
  const kind = 'organizationId' in ref ? ref.kind : ref.pool;
  const row = await trx.selectFrom('ledger.accounts').select(['id', 'jurisdiction_id']).where('holder_id', '=', holder).where('ledger', '=', ledger).where('kind', '=', kind).executeTakeFirst();
  if (!row) {
    throw new DomainError('NOT_FOUND', `no ${ledger} ${kind} account for ${holder}`, undefined, { 'zh-CN': `改革涉及的单位或地区没有相应的编制账户（${kind}）`, en: `A unit or jurisdiction in the reform has no ${kind} account of this quota type` });
  }
  return row;
}

/**
 * Applies one step of a reform project in one transaction: new units' accounts, over-quota records,
 * people moved with their places (or leaving), then quota movements, all linked. Applying the same
 * step again returns the first result; the same id with a different body is refused.
 */
export async function applyReformStep(deps: LedgerDeps, principal: Principal, input: ReformStepInput, requestId?: string): Promise<ReformStepResult> {
  const hash = requestHash(input);
  return deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${input.id}, 0))`.execute(trx);
    const existing = await trx.selectFrom('ledger.reform_steps').select(['request_hash', 'applied', 'reversed_by']).where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      if (existing.request_hash !== hash) throw new DomainError('IDEMPOTENCY_MISMATCH', `reform step ${input.id} was applied with a different body`);
      return resultOf(input.id, existing.applied as unknown as Applied, existing.reversed_by);
    }
    const on = input.effectiveDate ?? todayInChina(deps.clock());
    const applied: Applied = { effectiveDate: on, documentNumber: input.documentNumber, transfers: [], rehomed: [], exited: [], reopened: [], flags: [] };
    const key = (part: string) => derivedTransferId(`reform-step:${input.id}:${part}`);

    for (const open of input.openAccounts) {
      await insertMissingAccounts(trx, [
        { ledger: open.ledger, holderKind: 'organization', holderId: open.organizationId, jurisdictionId: open.jurisdictionId, kind: 'vacant', debitsMustNotExceedCredits: true },
        { ledger: open.ledger, holderKind: 'organization', holderId: open.organizationId, jurisdictionId: open.jurisdictionId, kind: 'occupied', debitsMustNotExceedCredits: false },
      ]);
    }

    // Over quota is the one state in which a vacancy account may go below zero (DOMAIN.md invariant 3).
    for (const flag of input.overQuota) {
      const vacant = await accountOf(trx, flag.ledger, { organizationId: flag.organizationId, kind: 'vacant' });
      const before = await trx.selectFrom('ledger.controls').select('over_quota').where('organization_id', '=', flag.organizationId).where('ledger', '=', flag.ledger).executeTakeFirst();
      const mustNotExceed = await trx.selectFrom('ledger.accounts').select('debits_must_not_exceed_credits').where('id', '=', vacant.id).executeTakeFirstOrThrow();
      applied.flags.push({ organizationId: flag.organizationId, ledger: flag.ledger, vacantAccountId: vacant.id, before: { overQuota: before?.over_quota ?? false, mustNotExceed: mustNotExceed.debits_must_not_exceed_credits, existed: Boolean(before) } });
      const values = { over_quota: true, document_number: input.documentNumber, updated_by: JSON.stringify(auditActorOf(principal)), updated_at: new Date() };
      await trx
        .insertInto('ledger.controls')
        .values({ organization_id: flag.organizationId, ledger: flag.ledger, jurisdiction_id: vacant.jurisdiction_id, regime: 'none', ...values })
        .onConflict((oc) => oc.columns(['organization_id', 'ledger']).doUpdateSet(values))
        .execute();
      await trx.updateTable('ledger.accounts').set({ debits_must_not_exceed_credits: false }).where('id', '=', vacant.id).execute();
    }

    const slotIds = [...input.rehome.map((r) => r.slotId), ...input.exits.map((e) => e.slotId)];
    const slots = slotIds.length === 0 ? [] : await trx.selectFrom('ledger.slots').selectAll().where('id', 'in', slotIds).forUpdate().execute();
    const slotById = new Map(slots.map((s) => [s.id, s]));
    const openSlot = (slotId: string) => {
      const slot = slotById.get(slotId);
      if (!slot || slot.exit_kind !== null) throw new DomainError('SLOT_CLOSED', `slot ${slotId} is not open`, undefined, { 'zh-CN': '改革涉及的人员已不在编（名册已变化），请重新生成影响预览', en: 'A person in the reform no longer holds the place; compute the preview again' });
      return slot;
    };
    const transfers: LedgerTransfer[] = [];
    const newSlots: { old: NonNullable<ReturnType<typeof slotById.get>>; organizationId: string; jurisdictionId: string; occupied: string; vacant: string; transferId: string }[] = [];
    for (const move of input.rehome) {
      const slot = openSlot(move.slotId);
      const occupied = await accountOf(trx, slot.ledger, { organizationId: move.toOrganizationId, kind: 'occupied' });
      const vacant = await accountOf(trx, slot.ledger, { organizationId: move.toOrganizationId, kind: 'vacant' });
      const transferId = key(`rehome:${slot.id}`);
      transfers.push({ kind: 'single', id: transferId, debitAccountId: slot.occupied_account_id, creditAccountId: occupied.id, amount: 1, code: 'transfer', effectiveDate: on, documentNumber: input.documentNumber });
      applied.transfers.push({ id: transferId, debit: slot.occupied_account_id, credit: occupied.id, amount: 1, code: 'transfer' });
      newSlots.push({ old: slot, organizationId: move.toOrganizationId, jurisdictionId: occupied.jurisdiction_id, occupied: occupied.id, vacant: vacant.id, transferId });
    }
    for (const exit of input.exits) {
      const slot = openSlot(exit.slotId);
      const transferId = key(`exit:${slot.id}`);
      transfers.push({ kind: 'single', id: transferId, debitAccountId: slot.occupied_account_id, creditAccountId: slot.vacant_account_id, amount: 1, code: 'exit', effectiveDate: on, documentNumber: input.documentNumber });
      applied.transfers.push({ id: transferId, debit: slot.occupied_account_id, credit: slot.vacant_account_id, amount: 1, code: 'exit' });
      applied.exited.push({ slotId: slot.id, transferId });
    }
    for (const [index, move] of input.moves.entries()) {
      const debit = await accountOf(trx, move.ledger, move.from);
      const credit = await accountOf(trx, move.ledger, move.to);
      const transferId = key(`move:${index}`);
      transfers.push({ kind: 'single', id: transferId, debitAccountId: debit.id, creditAccountId: credit.id, amount: move.amount, code: move.code, effectiveDate: on, documentNumber: input.documentNumber, approvalRef: input.projectId.slice(0, 200) });
      applied.transfers.push({ id: transferId, debit: debit.id, credit: credit.id, amount: move.amount, code: move.code });
    }
    if (transfers.length > 0) await applyOrRefuse(deps, trx, principal, transfers, { visible: null, requestId, explain: refusal });
    await closeAndReopen(trx, newSlots, on, applied.rehomed);
    for (const exit of input.exits) {
      const transferId = applied.exited.find((e) => e.slotId === exit.slotId)!.transferId;
      await trx.updateTable('ledger.slots').set({ exit_kind: exit.exitKind, exit_transfer_id: transferId, exited_on: on }).where('id', '=', exit.slotId).execute();
    }

    await trx.insertInto('ledger.reform_steps').values({ id: input.id, project_id: input.projectId, request_hash: hash, applied: JSON.stringify(applied) }).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.reform.applied',
      aggregateType: 'reform',
      aggregateId: input.id,
      jurisdictionId: null,
      actor: auditActorOf(principal),
      payload: { projectId: input.projectId, documentNumber: input.documentNumber, effectiveDate: on, transfers: applied.transfers.length, rehomed: applied.rehomed.length, exited: applied.exited.length, overQuota: input.overQuota },
      requestId,
    });
    return resultOf(input.id, applied, null);
  });
}

/** A quota movement the ledger refused, in the bureau's words: which account would go below zero. */
function refusal(error: string): DomainError | null {
  if (error !== 'EXCEEDS_CREDITS') return null;
  return new DomainError('TRANSFER_REFUSED', 'a reform movement exceeds the quota it draws on', { transferError: error }, { 'zh-CN': '改革涉及的编制已变化，某个单位或编制池的空编不足，请重新生成影响预览', en: 'Quota has changed since the preview: a unit or pool no longer holds enough vacancies; compute the preview again' });
}

type SlotRow = { id: string; person_id: string; ledger: string; entry_kind: string; organization_id: string; jurisdiction_id: string; occupied_account_id: string; vacant_account_id: string; classified_post: boolean };

/** Closes each old slot and opens the person's slot in the new unit, both on the same transfer. */
async function closeAndReopen(
  trx: LedgerTx,
  moves: { old: SlotRow; organizationId: string; jurisdictionId: string; occupied: string; vacant: string; transferId: string }[],
  on: string,
  record: { oldSlotId: string; newSlotId: string; transferId: string }[],
): Promise<void> {
  if (moves.length === 0) return;
  await trx.updateTable('ledger.slots').set({ exit_kind: 'transfer_out', exited_on: on, exit_transfer_id: sql`case id ${sql.join(moves.map((m) => sql`when ${m.old.id}::uuid then ${m.transferId}::uuid`), sql` `)} end` }).where('id', 'in', moves.map((m) => m.old.id)).execute();
  const inserted = await trx
    .insertInto('ledger.slots')
    // A classified post stays classified where the person goes: off the public named roll until the bureau says otherwise.
    .values(moves.map((m) => ({ person_id: m.old.person_id, organization_id: m.organizationId, jurisdiction_id: m.jurisdictionId, ledger: m.old.ledger, occupied_account_id: m.occupied, vacant_account_id: m.vacant, entry_kind: 'transfer_in', entry_transfer_id: m.transferId, entered_on: on, classified_post: m.old.classified_post })))
    .returning(['id', 'entry_transfer_id'])
    .execute();
  const newByTransfer = new Map(inserted.map((r) => [r.entry_transfer_id, r.id]));
  for (const m of moves) record.push({ oldSlotId: m.old.id, newSlotId: newByTransfer.get(m.transferId)!, transferId: m.transferId });
}

/**
 * Reverses an applied step with new transfers (a cancelled or compensated reform): quota back in
 * the opposite order, people back to their old units, the over-quota records as they were. A step
 * is reversed once; reversing it again returns the first reversal.
 */
export async function reverseReformStep(deps: LedgerDeps, principal: Principal, input: { id: string; stepId: string; documentNumber: string }, requestId?: string): Promise<ReformStepResult> {
  return deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${input.stepId}, 0))`.execute(trx);
    const step = await trx.selectFrom('ledger.reform_steps').selectAll().where('id', '=', input.stepId).executeTakeFirst();
    if (!step) throw new DomainError('NOT_FOUND', `reform step ${input.stepId} not found`);
    if (step.reverses) throw new DomainError('VALIDATION_FAILED', 'a reversal is not reversed', undefined, { 'zh-CN': '冲正记录不能再次冲正', en: 'A reversal cannot itself be reversed' });
    if (step.reversed_by) {
      if (step.reversed_by !== input.id) throw new DomainError('IDEMPOTENCY_MISMATCH', `step ${input.stepId} was reversed by ${step.reversed_by}`);
      const reversal = await trx.selectFrom('ledger.reform_steps').select('applied').where('id', '=', input.id).executeTakeFirstOrThrow();
      return resultOf(input.id, reversal.applied as unknown as Applied, null);
    }
    const original = step.applied as unknown as Applied;
    const on = todayInChina(deps.clock());
    const applied: Applied = { effectiveDate: on, documentNumber: input.documentNumber, transfers: [], rehomed: [], exited: [], reopened: [], flags: [] };
    const key = (part: string) => derivedTransferId(`reform-reversal:${input.id}:${part}`);
    // Opposite movements in the opposite order; people's own transfers are redone with their slots below.
    const peopleTransfers = new Set([...original.rehomed.map((r) => r.transferId), ...original.exited.map((e) => e.transferId)]);
    const transfers: LedgerTransfer[] = [];
    for (const t of [...original.transfers].reverse()) {
      if (peopleTransfers.has(t.id)) continue;
      const id = key(t.id);
      const code = inverseCode[t.code] ?? t.code;
      transfers.push({ kind: 'single', id, debitAccountId: t.credit, creditAccountId: t.debit, amount: t.amount, code, effectiveDate: on, documentNumber: input.documentNumber, approvalRef: step.project_id.slice(0, 200) });
      applied.transfers.push({ id, debit: t.credit, credit: t.debit, amount: t.amount, code });
    }
    const slotIds = [...original.rehomed.map((r) => r.newSlotId), ...original.exited.map((e) => e.slotId)];
    const slots = slotIds.length === 0 ? [] : await trx.selectFrom('ledger.slots').selectAll().where('id', 'in', slotIds).forUpdate().execute();
    const slotById = new Map(slots.map((s) => [s.id, s]));
    const moves: Parameters<typeof closeAndReopen>[1] = [];
    for (const r of original.rehomed) {
      const now = slotById.get(r.newSlotId)!;
      // Someone who left since (retired, say) stays gone: their place returns as quota instead.
      if (now.exit_kind !== null) continue;
      const before = await trx.selectFrom('ledger.slots').selectAll().where('id', '=', r.oldSlotId).executeTakeFirstOrThrow();
      const id = key(`rehome:${r.newSlotId}`);
      transfers.push({ kind: 'single', id, debitAccountId: now.occupied_account_id, creditAccountId: before.occupied_account_id, amount: 1, code: 'transfer', effectiveDate: on, documentNumber: input.documentNumber });
      applied.transfers.push({ id, debit: now.occupied_account_id, credit: before.occupied_account_id, amount: 1, code: 'transfer' });
      moves.push({ old: now, organizationId: before.organization_id, jurisdictionId: before.jurisdiction_id, occupied: before.occupied_account_id, vacant: before.vacant_account_id, transferId: id });
    }
    const reopen: { old: SlotRow; transferId: string }[] = [];
    for (const e of original.exited) {
      const old = slotById.get(e.slotId)!;
      const id = key(`reenter:${e.slotId}`);
      transfers.push({ kind: 'single', id, debitAccountId: old.vacant_account_id, creditAccountId: old.occupied_account_id, amount: 1, code: 'enter', effectiveDate: on, documentNumber: input.documentNumber });
      applied.transfers.push({ id, debit: old.vacant_account_id, credit: old.occupied_account_id, amount: 1, code: 'enter' });
      reopen.push({ old, transferId: id });
    }
    // The over-quota records stay as applied until everything is back, then return to what they were.
    if (transfers.length > 0) await applyOrRefuse(deps, trx, principal, transfers, { visible: null, requestId, explain: refusal });
    await closeAndReopen(trx, moves, on, applied.rehomed);
    if (reopen.length > 0) {
      const inserted = await trx
        .insertInto('ledger.slots')
        .values(reopen.map((r) => ({ person_id: r.old.person_id, organization_id: r.old.organization_id, jurisdiction_id: r.old.jurisdiction_id, ledger: r.old.ledger, occupied_account_id: r.old.occupied_account_id, vacant_account_id: r.old.vacant_account_id, entry_kind: 'transfer_in', entry_transfer_id: r.transferId, entered_on: on, classified_post: r.old.classified_post })))
        .returning(['id', 'entry_transfer_id'])
        .execute();
      for (const row of inserted) applied.reopened.push({ oldSlotId: reopen.find((r) => r.transferId === row.entry_transfer_id)!.old.id, newSlotId: row.id, transferId: row.entry_transfer_id });
    }
    for (const flag of original.flags) {
      if (flag.before.existed) await trx.updateTable('ledger.controls').set({ over_quota: flag.before.overQuota, document_number: input.documentNumber, updated_at: new Date() }).where('organization_id', '=', flag.organizationId).where('ledger', '=', flag.ledger).execute();
      else await trx.deleteFrom('ledger.controls').where('organization_id', '=', flag.organizationId).where('ledger', '=', flag.ledger).execute();
      await trx.updateTable('ledger.accounts').set({ debits_must_not_exceed_credits: flag.before.mustNotExceed }).where('id', '=', flag.vacantAccountId).execute();
    }
    await trx.insertInto('ledger.reform_steps').values({ id: input.id, project_id: step.project_id, request_hash: '', applied: JSON.stringify(applied), reverses: input.stepId }).execute();
    await trx.updateTable('ledger.reform_steps').set({ reversed_by: input.id }).where('id', '=', input.stepId).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.reform.reversed',
      aggregateType: 'reform',
      aggregateId: input.stepId,
      jurisdictionId: null,
      actor: auditActorOf(principal),
      payload: { projectId: step.project_id, reversal: input.id, documentNumber: input.documentNumber, transfers: applied.transfers.length, rehomed: applied.rehomed.length, reopened: applied.reopened.length },
      requestId,
    });
    return resultOf(input.id, applied, null);
  });
}

type PersonRow = { id: string; person_id: string; name: string; organization_id: string; ledger: string; post_category: string; retires_on: string | null };
const toPerson = (p: PersonRow): ReformSnapshot['people'][number] => ({ slotId: p.id, personId: p.person_id, name: p.name, organizationId: p.organization_id, ledger: p.ledger as QuotaType, postCategory: p.post_category as ReformSnapshot['people'][number]['postCategory'], retirementMonth: (p.retires_on ?? '').slice(0, 7) });

function openSlotsQuery(deps: LedgerDeps) {
  return deps.db
    .selectFrom('ledger.slots as s')
    .innerJoin('ledger.persons as p', 'p.id', 's.person_id')
    .select(['s.id', 's.person_id', 'p.name', 's.organization_id', 's.ledger', 'p.post_category', 'p.retires_on'])
    .where('s.exit_kind', 'is', null);
}

/** Where the given people hold their places now (people who have left are not in it). */
export async function reformPeople(deps: LedgerDeps, personIds: string[]): Promise<ReformSnapshot['people']> {
  if (personIds.length === 0) return [];
  const rows = await openSlotsQuery(deps).where('s.person_id', 'in', personIds).orderBy('s.id').execute();
  return rows.map(toPerson);
}

/** What a reform's impact preview needs from the ledger, read in one go. */
export async function reformSnapshot(deps: LedgerDeps, input: { organizationIds: string[]; jurisdictionIds: string[] }): Promise<ReformSnapshot> {
  const ids = input.organizationIds;
  const units =
    ids.length === 0
      ? []
      : await deps.db
          .selectFrom('ledger.accounts as v')
          .innerJoin('ledger.accounts as o', (join) => join.onRef('o.holder_id', '=', 'v.holder_id').onRef('o.ledger', '=', 'v.ledger').on('o.kind', '=', 'occupied'))
          .leftJoin('ledger.controls as c', (join) => join.onRef('c.organization_id', '=', 'v.holder_id').onRef('c.ledger', '=', 'v.ledger'))
          .select(['v.holder_id', 'v.jurisdiction_id', 'v.ledger', 'v.credits_posted as vc', 'v.debits_posted as vd', 'v.debits_pending as vp', 'o.credits_posted as oc', 'o.debits_posted as od', 'c.over_quota'])
          .where('v.kind', '=', 'vacant')
          .where('v.holder_id', 'in', ids)
          .orderBy('v.holder_id')
          .orderBy('v.ledger')
          .execute();
  const pools =
    input.jurisdictionIds.length === 0
      ? []
      : await deps.db.selectFrom('ledger.accounts').select(['holder_id', 'ledger', 'kind', 'credits_posted', 'debits_posted']).where('holder_kind', '=', 'pool').where('holder_id', 'in', input.jurisdictionIds).orderBy('holder_id').orderBy('ledger').orderBy('kind').execute();
  const people =
    ids.length === 0
      ? []
      : await openSlotsQuery(deps)
          .where('s.organization_id', 'in', ids)
          .orderBy('s.organization_id')
          .orderBy('p.name')
          .orderBy('s.id')
          .execute();
  return {
    units: units.map((u) => {
      const occupied = u.oc - u.od;
      return { organizationId: u.holder_id, jurisdictionId: u.jurisdiction_id, ledger: u.ledger as QuotaType, quota: u.vc - u.vd + occupied, occupied, pending: u.vp, overQuota: u.over_quota ?? false };
    }),
    pools: pools.map((p) => ({ jurisdictionId: p.holder_id, ledger: p.ledger as QuotaType, pool: p.kind as ReformSnapshot['pools'][number]['pool'], balance: p.credits_posted - p.debits_posted })),
    people: people.map(toPerson),
  };
}
