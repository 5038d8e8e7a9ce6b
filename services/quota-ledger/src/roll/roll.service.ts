import { sql } from 'kysely';
import type { HoldersDto, PersonDto, SlotDto, entryKinds, exitKinds, postCategories } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { retirementMonthStart } from '@bianzhi/domain/retirement';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDb, LedgerTx } from '../db.js';
import { applyOrRefuse, derivedTransferId, poolAccount, unitAccounts, type LedgerDeps, type LedgerTransfer } from '../transfer/transfer.service.js';
import { openPlaces, returnId } from '../plan/plan.service.js';
import { engagementSeenBy, engagedRefusal } from '../workforce/engagement.js';
import { lockPerson, openEngagements } from '../workforce/workforce.repository.js';
import { masked } from './masked.js';

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

export { masked };

/** YYYY-MM of the statutory retirement month (stored on entry; computed for rows from before that). */
function retirementMonthOf(row: { retires_on: string | null; birth_date: string; sex: string; post_category: string }): string {
  const start = row.retires_on ?? retirementMonthStart({ birthDate: row.birth_date, sex: row.sex as SlotDto['sex'], postCategory: row.post_category as SlotDto['postCategory'] });
  return start.slice(0, 7);
}

/** Inserts a person or refreshes their non-key fields; returns the id. Key fields come from the ID number. */
export async function upsertPerson(trx: LedgerTx, person: PersonInput): Promise<string> {
  const facts = parseIdNumber(person.idNumber);
  if (!facts) throw new DomainError('ID_NUMBER_INVALID', `id number ${masked(person.idNumber)} fails its check`, undefined, { 'zh-CN': `身份证号${masked(person.idNumber)}校验位不正确`, en: `ID number ${masked(person.idNumber)} fails its check digit` });
  const birthDate = `${facts.birthDate.year}-${String(facts.birthDate.month).padStart(2, '0')}-${String(facts.birthDate.day).padStart(2, '0')}`;
  const retiresOn = retirementMonthStart({ birthDate, sex: facts.sex, postCategory: person.postCategory });
  const row = await trx
    .insertInto('ledger.persons')
    .values({ id_number: person.idNumber, name: person.name, sex: facts.sex, birth_date: birthDate, education: person.education, post_category: person.postCategory, retires_on: retiresOn })
    .onConflict((oc) => oc.column('id_number').doUpdateSet({ name: person.name, education: person.education, post_category: person.postCategory, retires_on: retiresOn, updated_at: new Date() }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type SlotFilter = { slotIds?: string[]; organizationId?: string; personId?: string; includeExited: boolean };

/** Slots with their people, in one query (ID numbers masked). */
async function slotRows(db: LedgerTx | LedgerDb, filter: SlotFilter): Promise<(SlotDto & { jurisdictionId: string })[]> {
  let query = db
    .selectFrom('ledger.slots as s')
    .innerJoin('ledger.persons as p', 'p.id', 's.person_id')
    .select(['s.id', 's.person_id', 's.jurisdiction_id', 'p.name', 'p.id_number', 'p.sex', 'p.birth_date', 'p.post_category', 'p.retires_on', 's.organization_id', 's.ledger', 's.entry_kind', 's.entered_on', 's.exit_kind', 's.exited_on', 's.classified_post']);
  if (filter.slotIds) query = query.where('s.id', 'in', filter.slotIds);
  if (filter.organizationId) query = query.where('s.organization_id', '=', filter.organizationId);
  if (filter.personId) query = query.where('s.person_id', '=', filter.personId);
  if (!filter.includeExited) query = query.where('s.exit_kind', 'is', null);
  const rows = await query.orderBy('s.entered_on').orderBy(sql`coalesce(s.exited_on, '9999-12-31')`).orderBy('p.name').execute();
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    jurisdictionId: row.jurisdiction_id,
    retirementMonth: retirementMonthOf(row),
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
    classifiedPost: row.classified_post,
  }));
}

const withoutJurisdiction = ({ jurisdictionId: _j, ...slot }: SlotDto & { jurisdictionId: string }): SlotDto => slot;

export async function slotDto(db: LedgerTx | LedgerDb, slotId: string): Promise<SlotDto> {
  const [row] = await slotRows(db, { slotIds: [slotId], includeExited: true });
  if (!row) throw new DomainError('NOT_FOUND', `slot ${slotId} not found`);
  return withoutJurisdiction(row);
}

type EntryInput = { id: string; person: PersonInput; planId: string; entryKind: (typeof entryKinds)[number]; enteredOn?: string | undefined; documentNumber?: string | undefined };
type ExitInput = { id: string; slotId: string; exitKind: (typeof exitKinds)[number]; exitedOn?: string | undefined; documentNumber?: string | undefined };
interface RollContext {
  visible: string[] | null;
  requestId?: string | undefined;
}

export async function enterPerson(deps: LedgerDeps, principal: Principal, input: EntryInput, requestId?: string): Promise<SlotDto> {
  if (!parseIdNumber(input.person.idNumber)) throw new DomainError('ID_NUMBER_INVALID', `id number ${masked(input.person.idNumber)} fails its check`, undefined, { 'zh-CN': `身份证号${masked(input.person.idNumber)}校验位不正确`, en: `ID number ${masked(input.person.idNumber)} fails its check digit` });
  const context = { visible: await deps.scope.jurisdictionIdsOf(principal), requestId };
  return deps.db.transaction().execute(async (trx) => slotDto(trx, await enterInTx(deps, trx, principal, input, context)));
}

/**
 * An entry (入编): the person takes the plan's next reserved place, posting its pending transfer
 * (vacant → occupied). Talent introduced on a turnover plan remembers the pool it borrowed from.
 */
async function enterInTx(deps: LedgerDeps, trx: LedgerTx, principal: Principal, input: EntryInput, context: RollContext): Promise<string> {
  const retried = await trx.selectFrom('ledger.slots as s').innerJoin('ledger.persons as p', 'p.id', 's.person_id').select(['s.id', 's.jurisdiction_id', 'p.id_number']).where('s.entry_transfer_id', '=', input.id).where('s.imported', '=', false).executeTakeFirst();
  if (retried) {
    // The id is the client's: an entry made out of the caller's reach is neither shown nor compared.
    if (context.visible && !context.visible.includes(retried.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
    if (retried.id_number !== input.person.idNumber) throw new DomainError('IDEMPOTENCY_MISMATCH', `entry ${input.id} was for someone else`);
    return retried.id;
  }
  const enteredOn = input.enteredOn ?? todayInChina(deps.clock());
  // The plan row is locked so that two entries on one plan take two different places.
  const plan = await trx.selectFrom('ledger.plans').selectAll().where('id', '=', input.planId).forUpdate().executeTakeFirst();
  if (!plan) throw new DomainError('NOT_FOUND', `plan ${input.planId} not found`);
  if (context.visible && !context.visible.includes(plan.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
  if (plan.source === 'turnover' && input.entryKind !== 'talent') {
    throw new DomainError('VALIDATION_FAILED', 'turnover places are for talent introduction', undefined, { 'zh-CN': '周转池编制仅用于人才引进', en: 'Turnover-pool places are for talent introduction only' });
  }
  const [place] = plan.status === 'approved' ? await openPlaces(trx, plan.id) : [];
  if (!place) throw new DomainError('RESERVATION_INVALID', `plan ${plan.id} has no reserved place left (${plan.status})`, undefined, { 'zh-CN': '该用编计划没有可用的预留名额（未批准、已用完、已撤回或已过期）', en: 'The plan has no reserved place left' });

  // 两头占: nobody enters on quota while engaged outside quota. The person's lock is the one the
  // workforce side takes to engage them, so an entry and an engagement never both pass.
  await lockPerson(trx, input.person.idNumber);
  const outside = (await openEngagements(trx, [input.person.idNumber])).get(input.person.idNumber);
  if (outside) throw engagedRefusal(input.person.name, input.person.idNumber, await engagementSeenBy(deps, principal, context.visible, { where: 'outside_quota', ...outside }), 'on_quota');

  const personId = await upsertPerson(trx, input.person);
  const open = await trx.selectFrom('ledger.slots').select('id').where('person_id', '=', personId).where('exit_kind', 'is', null).forUpdate().executeTakeFirst();
  if (open) throw new DomainError('PERSON_HOLDS_SLOT', `person ${masked(input.person.idNumber)} holds slot ${open.id}`, undefined, { 'zh-CN': `${input.person.name}（${masked(input.person.idNumber)}）已在编，同一人在全市只能占用一个编制`, en: `${input.person.name} already holds a slot; one person holds at most one in the city` });

  await applyOrRefuse(deps, trx, principal, [{ kind: 'post', id: input.id, pendingId: place.transfer_id, code: 'enter', effectiveDate: enteredOn, documentNumber: input.documentNumber }], context);
  // A person transferred in from a classified post stays off the public named roll until the bureau says otherwise (fail closed).
  const classifiedPost =
    input.entryKind === 'transfer_in' &&
    ((await trx.selectFrom('ledger.slots').select('classified_post').where('person_id', '=', personId).orderBy('exited_on', 'desc').limit(1).executeTakeFirst())?.classified_post ?? false);
  const slot = await trx
    .insertInto('ledger.slots')
    .values({
      classified_post: classifiedPost,
      person_id: personId,
      organization_id: plan.organization_id,
      jurisdiction_id: plan.jurisdiction_id,
      ledger: plan.ledger,
      occupied_account_id: plan.occupied_account_id,
      vacant_account_id: plan.vacant_account_id,
      entry_kind: input.entryKind,
      entry_transfer_id: input.id,
      entered_on: enteredOn,
      borrowed_from: plan.source === 'turnover' ? plan.turnover_account_id : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendOutboxEvent(trx, 'ledger', {
    type: 'ledger.person.entered',
    aggregateType: 'person',
    aggregateId: personId,
    jurisdictionId: plan.jurisdiction_id,
    actor: auditActorOf(principal),
    payload: { slotId: slot.id, planId: plan.id, organizationId: plan.organization_id, entryKind: input.entryKind, enteredOn, idNumber: masked(input.person.idNumber), name: input.person.name, transferId: input.id, ...(classifiedPost ? { classifiedPost: true } : {}) },
    requestId: context.requestId,
  });
  return slot.id;
}

export async function exitPerson(deps: LedgerDeps, principal: Principal, input: ExitInput, requestId?: string): Promise<SlotDto> {
  const context = { visible: await deps.scope.jurisdictionIdsOf(principal), requestId };
  return deps.db.transaction().execute(async (trx) => slotDto(trx, await exitInTx(deps, trx, principal, input, context)));
}

/**
 * An exit (出编) frees the place (occupied → vacant), linked in the same step with what the rules
 * ask: a place borrowed from the turnover pool goes back to it, and in a filing-system unit
 * (QUOTA-FILING-LINK) an approved quota is recovered and a filed headcount added in its stead.
 */
async function exitInTx(deps: LedgerDeps, trx: LedgerTx, principal: Principal, input: ExitInput, context: RollContext): Promise<string> {
  const slot = await trx.selectFrom('ledger.slots').selectAll().where('id', '=', input.slotId).forUpdate().executeTakeFirst();
  if (!slot) throw new DomainError('NOT_FOUND', `slot ${input.slotId} not found`);
  if (context.visible && !context.visible.includes(slot.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
  if (slot.exit_transfer_id) {
    if (slot.exit_transfer_id === input.id) return slot.id;
    throw new DomainError('SLOT_CLOSED', `slot ${slot.id} was left on ${slot.exited_on}`, undefined, { 'zh-CN': `此人已于${slot.exited_on}出编`, en: `This person left on ${slot.exited_on}` });
  }
  const exitedOn = input.exitedOn ?? todayInChina(deps.clock());
  if (exitedOn < slot.entered_on) throw new DomainError('VALIDATION_FAILED', 'exit before entry', undefined, { 'zh-CN': `出编日期不能早于入编日期（${slot.entered_on}）`, en: `The exit cannot precede the entry (${slot.entered_on})` });
  const transfers: LedgerTransfer[] = [
    { kind: 'single', id: input.id, debitAccountId: slot.occupied_account_id, creditAccountId: slot.vacant_account_id, amount: 1, code: 'exit', effectiveDate: exitedOn, documentNumber: input.documentNumber },
  ];
  const linked: string[] = [];
  if (slot.borrowed_from) {
    transfers.push({ kind: 'single', id: returnId(slot.id), debitAccountId: slot.vacant_account_id, creditAccountId: slot.borrowed_from, amount: 1, code: 'return', effectiveDate: exitedOn, documentNumber: input.documentNumber });
    linked.push('turnover_return');
  } else {
    const filing = await filingLinkage(deps, trx, slot, input.id, exitedOn, input.documentNumber);
    transfers.push(...filing);
    if (filing.length > 0) linked.push('QUOTA-FILING-LINK');
  }
  await applyOrRefuse(deps, trx, principal, transfers, context);
  await trx.updateTable('ledger.slots').set({ exit_kind: input.exitKind, exit_transfer_id: input.id, exited_on: exitedOn }).where('id', '=', slot.id).execute();
  await trx.updateTable('ledger.appointments').set({ removed_on: exitedOn, removal_id: derivedTransferId(`appointment-end:${slot.id}`) }).where('person_id', '=', slot.person_id).where('organization_id', '=', slot.organization_id).where('removed_on', 'is', null).execute();
  await appendOutboxEvent(trx, 'ledger', {
    type: 'ledger.person.exited',
    aggregateType: 'person',
    aggregateId: slot.person_id,
    jurisdictionId: slot.jurisdiction_id,
    actor: auditActorOf(principal),
    payload: { slotId: slot.id, organizationId: slot.organization_id, exitKind: input.exitKind, exitedOn, transferId: input.id, linked },
    requestId: context.requestId,
  });
  return slot.id;
}

/**
 * 备案制“退一收一”: when someone on approved institution quota leaves a filing-system unit (one with
 * filed-headcount accounts), one approved quota goes back to the jurisdiction's unallocated pool
 * and one filed headcount is added from the filed-headcount source. Not for a unit recorded over
 * quota: its exits first bring it back under.
 */
async function filingLinkage(deps: LedgerDeps, trx: LedgerTx, slot: { id: string; organization_id: string; jurisdiction_id: string; ledger: string; vacant_account_id: string }, exitId: string, on: string, documentNumber: string | undefined): Promise<LedgerTransfer[]> {
  if (slot.ledger !== 'institution') return [];
  const settings = await deps.rules.settingsFor(slot.jurisdiction_id);
  if (!settings['QUOTA-FILING-LINK'].enabled) return [];
  const filed = await trx.selectFrom('ledger.accounts').select(['id']).where('holder_id', '=', slot.organization_id).where('ledger', '=', 'filed_headcount').where('kind', '=', 'vacant').executeTakeFirst();
  if (!filed) return [];
  const vacant = await trx.selectFrom('ledger.accounts').select(['credits_posted', 'debits_posted', 'debits_pending']).where('id', '=', slot.vacant_account_id).executeTakeFirstOrThrow();
  // After this exit the unit has one more free place; recover it only if it really is free.
  if (vacant.credits_posted - vacant.debits_posted - vacant.debits_pending + 1 < 1) return [];
  const unallocated = await poolAccount(trx, slot.jurisdiction_id, 'institution', 'unallocated');
  const source = await poolAccount(trx, slot.jurisdiction_id, 'filed_headcount', 'external');
  return [
    { kind: 'single', id: derivedTransferId(`filing-recover:${exitId}`), debitAccountId: slot.vacant_account_id, creditAccountId: unallocated.id, amount: 1, code: 'recover', effectiveDate: on, documentNumber, approvalRef: 'QUOTA-FILING-LINK' },
    { kind: 'single', id: derivedTransferId(`filing-add:${exitId}`), debitAccountId: source.id, creditAccountId: filed.id, amount: 1, code: 'increase', effectiveDate: on, documentNumber, approvalRef: 'QUOTA-FILING-LINK' },
  ];
}

/**
 * A transfer between units of the city (调动): the person leaves the old slot (transfer out) and
 * takes a reserved place of the receiving unit's approved plan (transfer in), in one transaction.
 */
export async function movePerson(deps: LedgerDeps, principal: Principal, input: { id: string; slotId: string; planId: string; movedOn?: string | undefined; documentNumber?: string | undefined }, requestId?: string): Promise<SlotDto> {
  const context = { visible: await deps.scope.jurisdictionIdsOf(principal), requestId };
  return deps.db.transaction().execute(async (trx) => {
    const entryId = derivedTransferId(`move-in:${input.id}`);
    const done = await trx.selectFrom('ledger.slots').select(['id', 'jurisdiction_id']).where('entry_transfer_id', '=', entryId).where('imported', '=', false).executeTakeFirst();
    if (done) {
      // The id is the client's: a move made out of the caller's reach is not shown.
      if (context.visible && !context.visible.includes(done.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
      return slotDto(trx, done.id);
    }
    const person = await trx.selectFrom('ledger.slots as s').innerJoin('ledger.persons as p', 'p.id', 's.person_id').select(['p.name', 'p.id_number', 'p.education', 'p.post_category', 's.classified_post']).where('s.id', '=', input.slotId).executeTakeFirst();
    if (!person) throw new DomainError('NOT_FOUND', `slot ${input.slotId} not found`);
    const on = input.movedOn ?? todayInChina(deps.clock());
    // The entry below takes the person's lock; taken before the exit locks accounts, as a roll import takes them.
    await lockPerson(trx, person.id_number);
    await exitInTx(deps, trx, principal, { id: input.id, slotId: input.slotId, exitKind: 'transfer_out', exitedOn: on, documentNumber: input.documentNumber }, context);
    const slotId = await enterInTx(
      deps,
      trx,
      principal,
      { id: entryId, planId: input.planId, entryKind: 'transfer_in', enteredOn: on, documentNumber: input.documentNumber, person: { name: person.name, idNumber: person.id_number, education: person.education, postCategory: person.post_category as PersonInput['postCategory'] } },
      context,
    );
    // 涉密岗位 goes along (fail closed): the named roll leaves the person out until the bureau unmarks the new entry.
    if (person.classified_post) await trx.updateTable('ledger.slots').set({ classified_post: true }).where('id', '=', slotId).execute();
    return slotDto(trx, slotId);
  });
}

/**
 * 带编调任, as the platform applies an approved matter: the person leaves their slot (transfer out),
 * one quota of its type moves from the old unit's vacancies to the new unit's, and the person takes
 * it (transfer in) — three transfers linked in one transaction, so all happen or none. The exit's
 * linkages do not apply: the quota goes with the person rather than back to a pool, and a place
 * borrowed from the turnover pool cannot be carried. Retried with the same id, it answers the new slot.
 */
export async function transferWithQuota(deps: LedgerDeps, principal: Principal, input: { id: string; slotId: string; fromOrganizationId: string; organizationId: string; movedOn?: string | undefined; documentNumber?: string | undefined; approvalRef: string }, requestId?: string): Promise<SlotDto> {
  const context = { visible: await deps.scope.jurisdictionIdsOf(principal), requestId };
  return deps.db.transaction().execute(async (trx) => {
    const ids = { exit: input.id, move: derivedTransferId(`quota-with-person:${input.id}`), enter: derivedTransferId(`enter-with-quota:${input.id}`) };
    const done = await trx.selectFrom('ledger.slots').select('id').where('entry_transfer_id', '=', ids.enter).executeTakeFirst();
    if (done) return slotDto(trx, done.id);
    const slot = await trx.selectFrom('ledger.slots').selectAll().where('id', '=', input.slotId).forUpdate().executeTakeFirst();
    if (!slot) throw new DomainError('NOT_FOUND', `slot ${input.slotId} not found`);
    if (slot.organization_id !== input.fromOrganizationId) throw new DomainError('VALIDATION_FAILED', 'the slot is in another unit', undefined, { 'zh-CN': '此人已不在调出单位', en: 'The person is no longer in the unit they move from' });
    // The same move made meanwhile (another applier of the same matter, under the same lock): its answer.
    if (slot.exit_transfer_id === ids.exit) {
      const moved = await trx.selectFrom('ledger.slots').select('id').where('entry_transfer_id', '=', ids.enter).executeTakeFirst();
      if (moved) return slotDto(trx, moved.id);
    }
    if (slot.exit_transfer_id) throw new DomainError('SLOT_CLOSED', `slot ${slot.id} was left on ${slot.exited_on}`, undefined, { 'zh-CN': `此人已于${slot.exited_on}出编`, en: `This person left on ${slot.exited_on}` });
    if (slot.borrowed_from) throw new DomainError('VALIDATION_FAILED', 'a turnover place is not carried', undefined, { 'zh-CN': '占用周转池编制的人员不能带编调任', en: 'A person on a turnover-pool place cannot carry it to another unit' });
    if (slot.organization_id === input.organizationId) throw new DomainError('VALIDATION_FAILED', 'the same unit', undefined, { 'zh-CN': '调入单位与现单位相同', en: 'The receiving unit is the person’s own' });
    const target = await unitAccounts(trx, input.organizationId, slot.ledger);
    const on = input.movedOn ?? todayInChina(deps.clock());
    if (on < slot.entered_on) throw new DomainError('VALIDATION_FAILED', 'move before entry', undefined, { 'zh-CN': `调任日期不能早于入编日期（${slot.entered_on}）`, en: `The move cannot precede the entry (${slot.entered_on})` });
    const basis = { effectiveDate: on, documentNumber: input.documentNumber };
    await applyOrRefuse(deps, trx, principal, [
      { kind: 'single', id: ids.exit, debitAccountId: slot.occupied_account_id, creditAccountId: slot.vacant_account_id, amount: 1, code: 'exit', ...basis },
      { kind: 'single', id: ids.move, debitAccountId: slot.vacant_account_id, creditAccountId: target.vacant.id, amount: 1, code: 'transfer', approvalRef: input.approvalRef, ...basis },
      { kind: 'single', id: ids.enter, debitAccountId: target.vacant.id, creditAccountId: target.occupied.id, amount: 1, code: 'enter', ...basis },
    ], context);
    await trx.updateTable('ledger.slots').set({ exit_kind: 'transfer_out', exit_transfer_id: ids.exit, exited_on: on }).where('id', '=', slot.id).execute();
    await trx.updateTable('ledger.appointments').set({ removed_on: on, removal_id: derivedTransferId(`appointment-end:${slot.id}`) }).where('person_id', '=', slot.person_id).where('organization_id', '=', slot.organization_id).where('removed_on', 'is', null).execute();
    const moved = await trx
      .insertInto('ledger.slots')
      .values({ person_id: slot.person_id, organization_id: input.organizationId, jurisdiction_id: target.jurisdictionId, ledger: slot.ledger, occupied_account_id: target.occupied.id, vacant_account_id: target.vacant.id, entry_kind: 'transfer_in', entry_transfer_id: ids.enter, entered_on: on, classified_post: slot.classified_post })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.person.transferred_with_quota',
      aggregateType: 'person',
      aggregateId: slot.person_id,
      jurisdictionId: target.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { fromSlotId: slot.id, toSlotId: moved.id, fromOrganizationId: slot.organization_id, toOrganizationId: input.organizationId, fromJurisdictionId: slot.jurisdiction_id, ledger: slot.ledger, movedOn: on, transfers: ids, approvalRef: input.approvalRef },
      requestId,
    });
    return slotDto(trx, moved.id);
  });
}

/** The named people of a unit (ID numbers masked), current or including those who left. */
export async function unitRoll(deps: LedgerDeps, principal: Principal, input: { organizationId: string; includeExited: boolean }): Promise<SlotDto[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const rows = await slotRows(deps.db, { organizationId: input.organizationId, includeExited: input.includeExited });
  if (visible && rows.some((r) => !visible.includes(r.jurisdictionId))) throw new DomainError('OUT_OF_SCOPE');
  return rows.map(withoutJurisdiction);
}

/** One person with every slot they held, in the caller's scope (at least one slot must be visible). */
export async function getPerson(deps: LedgerDeps, principal: Principal, id: string): Promise<PersonDto> {
  const person = await deps.db.selectFrom('ledger.persons').selectAll().where('id', '=', id).executeTakeFirst();
  if (!person) throw new DomainError('NOT_FOUND', `person ${id} not found`);
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const slots = await slotRows(deps.db, { personId: id, includeExited: true });
  if (visible && !slots.some((s) => visible.includes(s.jurisdictionId))) throw new DomainError('OUT_OF_SCOPE');
  return {
    id: person.id,
    name: person.name,
    idNumberMasked: masked(person.id_number),
    sex: person.sex as PersonDto['sex'],
    birthDate: person.birth_date,
    education: person.education,
    postCategory: person.post_category as PersonDto['postCategory'],
    retirementMonth: retirementMonthOf(person),
    slots: slots.filter((s) => !visible || visible.includes(s.jurisdictionId)).map(withoutJurisdiction),
  };
}

/**
 * People on the roll by name prefix or whole ID number, in scope: their current slot (or the last
 * one) each. A whole ID number finds the person even when it is typed in lower case.
 */
export async function searchPersons(deps: LedgerDeps, principal: Principal, input: { q: string; organizationId?: string | undefined; limit: number }): Promise<SlotDto[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && visible.length === 0) return [];
  const q = input.q.trim();
  const byId = /^[0-9]{17}[0-9xX]$/.test(q);
  let query = deps.db
    .selectFrom('ledger.slots as s')
    .innerJoin('ledger.persons as p', 'p.id', 's.person_id')
    .select('s.id')
    .where('s.exit_kind', 'is', null);
  query = byId ? query.where('p.id_number', '=', q.toUpperCase()) : query.where('p.name', 'like', `${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  if (visible) query = query.where('s.jurisdiction_id', 'in', visible);
  if (input.organizationId) query = query.where('s.organization_id', '=', input.organizationId);
  const ids = await query.orderBy('p.name').limit(input.limit).execute();
  if (ids.length === 0) return [];
  return (await slotRows(deps.db, { slotIds: ids.map((r) => r.id), includeExited: true })).map(withoutJurisdiction);
}

/** Everyone holding a slot in these jurisdictions (all when null), with full ID numbers: audit's cross-checks only. */
export async function holders(deps: LedgerDeps, jurisdictionIds: string[] | null): Promise<HoldersDto> {
  let query = deps.db
    .selectFrom('ledger.slots as s')
    .innerJoin('ledger.persons as p', 'p.id', 's.person_id')
    .select(['p.id_number', 'p.name', 's.organization_id'])
    .where('s.exit_kind', 'is', null);
  if (jurisdictionIds) query = query.where('s.jurisdiction_id', '=', (eb) => eb.fn.any(eb.val(jurisdictionIds)));
  const rows = await query.execute();
  return { idNumbers: rows.map((r) => r.id_number), names: rows.map((r) => r.name), organizationIds: rows.map((r) => r.organization_id) };
}
