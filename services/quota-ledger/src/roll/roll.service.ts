import type { SlotDto, entryKinds, exitKinds, postCategories } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { originalRetirementAge, retirementDate } from '@bianzhi/domain/retirement';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerTx } from '../db.js';
import { applyTransfers, type LedgerDeps, type LedgerTransfer } from '../transfer/transfer.service.js';
import { openPlaces } from '../plan/plan.service.js';

/**
 * The real-name roll (实名制): every person in quota is named. An entry posts one reserved vacancy
 * of an approved staffing-use plan (a pending transfer of one place, vacant → occupied); an exit
 * moves the place back (occupied → vacant). One person holds at most one slot in the whole city.
 */
interface PersonInput {
  name: string;
  idNumber: string;
  education: string;
  postCategory: (typeof postCategories)[number];
}

function masked(idNumber: string): string {
  return `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
}

/** Applies one quota movement inside the roll's transaction; a refusal becomes a clear domain error. */
async function move(deps: LedgerDeps, trx: LedgerTx, principal: Principal, transfer: LedgerTransfer, visible: string[] | null, requestId?: string): Promise<void> {
  const [result] = await applyTransfers(deps, trx, principal, { transfers: [transfer], linked: true }, visible, requestId);
  if (!result || result.status === 'created' || result.status === 'exists') return;
  if (['PENDING_ALREADY_RESOLVED', 'PENDING_EXPIRED', 'PENDING_NOT_FOUND'].includes(result.error ?? '')) throw new DomainError('RESERVATION_INVALID', result.error ?? '');
  throw new DomainError('TRANSFER_REFUSED', `quota movement refused: ${result.error}`, { transferError: result.error });
}

async function slotDto(trx: LedgerTx, slotId: string): Promise<SlotDto> {
  const row = await trx
    .selectFrom('ledger.slots as s')
    .innerJoin('ledger.persons as p', 'p.id', 's.person_id')
    .select(['s.id', 's.person_id', 'p.name', 'p.id_number', 'p.sex', 'p.birth_date', 'p.post_category', 's.organization_id', 's.ledger', 's.entry_kind', 's.entered_on', 's.exit_kind', 's.exited_on'])
    .where('s.id', '=', slotId)
    .executeTakeFirstOrThrow();
  const [year, month] = row.birth_date.split('-').map(Number);
  const retirement = retirementDate({ year: year!, month: month! }, originalRetirementAge(row.sex as SlotDto['sex'], row.post_category as SlotDto['postCategory'])).month;
  return {
    id: row.id,
    personId: row.person_id,
    retirementMonth: `${retirement.year}-${String(retirement.month).padStart(2, '0')}`,
    name: row.name,
    idNumberMasked: masked(row.id_number),
    sex: row.sex as SlotDto['sex'],
    birthDate: row.birth_date,
    postCategory: row.post_category as SlotDto['postCategory'],
    organizationId: row.organization_id,
    ledger: row.ledger as SlotDto['ledger'],
    entryKind: row.entry_kind as SlotDto['entryKind'],
    enteredOn: row.entered_on,
    exitKind: row.exit_kind as SlotDto['exitKind'],
    exitedOn: row.exited_on,
  };
}

export async function enterPerson(
  deps: LedgerDeps,
  principal: Principal,
  input: { id: string; person: PersonInput; planId: string; entryKind: (typeof entryKinds)[number]; enteredOn?: string | undefined; documentNumber?: string | undefined },
  requestId?: string,
): Promise<SlotDto> {
  const facts = parseIdNumber(input.person.idNumber);
  if (!facts) throw new DomainError('ID_NUMBER_INVALID', `id number ${masked(input.person.idNumber)} fails its check`);
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const enteredOn = input.enteredOn ?? todayInChina(deps.clock());
  return deps.db.transaction().execute(async (trx) => {
    const retried = await trx.selectFrom('ledger.slots as s').innerJoin('ledger.persons as p', 'p.id', 's.person_id').select(['s.id', 'p.id_number']).where('s.entry_transfer_id', '=', input.id).executeTakeFirst();
    if (retried) {
      if (retried.id_number !== input.person.idNumber) throw new DomainError('IDEMPOTENCY_MISMATCH', `entry ${input.id} was for someone else`);
      return slotDto(trx, retried.id);
    }
    // The plan row is locked so that two entries on one plan take two different places.
    const plan = await trx.selectFrom('ledger.plans').selectAll().where('id', '=', input.planId).forUpdate().executeTakeFirst();
    if (!plan) throw new DomainError('NOT_FOUND', `plan ${input.planId} not found`);
    if (visible && !visible.includes(plan.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
    const [place] = plan.status === 'approved' ? await openPlaces(trx, plan.id) : [];
    if (!place) throw new DomainError('RESERVATION_INVALID', `plan ${plan.id} has no reserved place left (${plan.status})`);
    const reservation = { reservationId: place.transfer_id, vacant: plan.vacant_account_id, occupied: plan.occupied_account_id, organization_id: plan.organization_id, jurisdiction_id: plan.jurisdiction_id, ledger: plan.ledger };

    const birthDate = `${facts.birthDate.year}-${String(facts.birthDate.month).padStart(2, '0')}-${String(facts.birthDate.day).padStart(2, '0')}`;
    const person = await trx
      .insertInto('ledger.persons')
      .values({ id_number: input.person.idNumber, name: input.person.name, sex: facts.sex, birth_date: birthDate, education: input.person.education, post_category: input.person.postCategory })
      .onConflict((oc) => oc.column('id_number').doUpdateSet({ name: input.person.name, education: input.person.education, post_category: input.person.postCategory, updated_at: new Date() }))
      .returning('id')
      .executeTakeFirstOrThrow();
    const open = await trx.selectFrom('ledger.slots').select('id').where('person_id', '=', person.id).where('exit_kind', 'is', null).forUpdate().executeTakeFirst();
    if (open) throw new DomainError('PERSON_HOLDS_SLOT', `person ${masked(input.person.idNumber)} holds slot ${open.id}`);

    await move(deps, trx, principal, { kind: 'post', id: input.id, pendingId: reservation.reservationId, code: 'enter', effectiveDate: enteredOn, documentNumber: input.documentNumber }, visible, requestId);
    const slot = await trx
      .insertInto('ledger.slots')
      .values({
        person_id: person.id,
        organization_id: reservation.organization_id,
        jurisdiction_id: reservation.jurisdiction_id,
        ledger: reservation.ledger,
        occupied_account_id: reservation.occupied,
        vacant_account_id: reservation.vacant,
        entry_kind: input.entryKind,
        entry_transfer_id: input.id,
        entered_on: enteredOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.person.entered',
      aggregateType: 'person',
      aggregateId: person.id,
      jurisdictionId: reservation.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { slotId: slot.id, planId: plan.id, organizationId: reservation.organization_id, entryKind: input.entryKind, enteredOn, idNumber: masked(input.person.idNumber), name: input.person.name, transferId: input.id },
      requestId,
    });
    return slotDto(trx, slot.id);
  });
}

export async function exitPerson(
  deps: LedgerDeps,
  principal: Principal,
  input: { id: string; slotId: string; exitKind: (typeof exitKinds)[number]; exitedOn?: string | undefined; documentNumber?: string | undefined },
  requestId?: string,
): Promise<SlotDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const exitedOn = input.exitedOn ?? todayInChina(deps.clock());
  return deps.db.transaction().execute(async (trx) => {
    const slot = await trx.selectFrom('ledger.slots').selectAll().where('id', '=', input.slotId).forUpdate().executeTakeFirst();
    if (!slot) throw new DomainError('NOT_FOUND', `slot ${input.slotId} not found`);
    if (visible && !visible.includes(slot.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
    if (slot.exit_transfer_id) {
      if (slot.exit_transfer_id === input.id) return slotDto(trx, slot.id);
      throw new DomainError('SLOT_CLOSED', `slot ${slot.id} was left on ${slot.exited_on}`);
    }
    await move(deps, trx, principal, { kind: 'single', id: input.id, debitAccountId: slot.occupied_account_id, creditAccountId: slot.vacant_account_id, amount: 1, code: 'exit', effectiveDate: exitedOn, documentNumber: input.documentNumber }, visible, requestId);
    await trx.updateTable('ledger.slots').set({ exit_kind: input.exitKind, exit_transfer_id: input.id, exited_on: exitedOn }).where('id', '=', slot.id).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.person.exited',
      aggregateType: 'person',
      aggregateId: slot.person_id,
      jurisdictionId: slot.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { slotId: slot.id, organizationId: slot.organization_id, exitKind: input.exitKind, exitedOn, transferId: input.id },
      requestId,
    });
    return slotDto(trx, slot.id);
  });
}

/** The named people of a unit (ID numbers masked), current or including those who left. */
export async function unitRoll(deps: LedgerDeps, principal: Principal, input: { organizationId: string; includeExited: boolean }): Promise<SlotDto[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('ledger.slots').select(['id', 'jurisdiction_id']).where('organization_id', '=', input.organizationId);
    if (!input.includeExited) query = query.where('exit_kind', 'is', null);
    const rows = await query.orderBy('entered_on').execute();
    if (visible && rows.some((r) => !visible.includes(r.jurisdiction_id))) throw new DomainError('OUT_OF_SCOPE');
    return Promise.all(rows.map((r) => slotDto(trx, r.id)));
  });
}
