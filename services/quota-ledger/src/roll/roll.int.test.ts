import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { getAccount } from '../account/account.service.js';
import { ledgerHarness, refusal, system } from '../test/ledger-harness.js';
import { createTransfers } from '../transfer/transfer.service.js';

let h: Awaited<ReturnType<typeof ledgerHarness>>;
let api: ReturnType<typeof h.callerAs>;
let planId: string;
const idNumber = (body17: string) => body17 + idNumberCheckCharacter(body17);
const zhang = { name: '张伟', idNumber: idNumber('33020319850612301'), education: '大学本科', postCategory: 'management' as const };
const li = { name: '李娜', idNumber: idNumber('33020319920305402'), education: '硕士研究生', postCategory: 'professional' as const };

beforeAll(async () => {
  h = await ledgerHarness('ledger-roll', { units: 2 });
  api = h.callerAs(system);
  const unit = h.units[0]!;
  await createTransfers(h.deps, system, {
    linked: true,
    transfers: [
      { kind: 'single', id: randomUUID(), debitAccountId: h.pool('external'), creditAccountId: h.pool('unallocated'), amount: 10, code: 'approve_total' },
      { kind: 'single', id: randomUUID(), debitAccountId: h.pool('unallocated'), creditAccountId: unit.vacant, amount: 5, code: 'allocate' },
    ],
  });
  // The unit files a staffing-use plan for two places; the bureau approves it.
  planId = randomUUID();
  await h.callerAs(h.departmentUser(0)).ledger.plan.file({ id: planId, organizationId: unit.organizationId, ledger: 'administrative', places: 2, endsOn: '2026-12-31', reason: '2026年公务员考录' });
  await h.callerAs(system).ledger.plan.approve({ id: planId });
});
afterAll(async () => h?.drop());

describe('the real-name roll', () => {
  let slotId: string;
  const entryId = randomUUID();

  it('enters a person on a reserved place, once, reading birth date and sex from the ID number', async () => {
    const slot = await api.ledger.person.enter({ id: entryId, person: zhang, planId, entryKind: 'exam', enteredOn: '2026-09-01' });
    slotId = slot.id;
    expect(slot).toMatchObject({ name: '张伟', sex: 'male', birthDate: '1985-06-12', retirementMonth: '2048-06', idNumberMasked: `${zhang.idNumber.slice(0, 6)}********${zhang.idNumber.slice(14)}`, entryKind: 'exam', exitKind: null });
    expect((await api.ledger.person.enter({ id: entryId, person: zhang, planId, entryKind: 'exam', enteredOn: '2026-09-01' })).id).toBe(slot.id);
    expect(await getAccount(h.deps, system, h.units[0]!.occupied)).toMatchObject({ balance: 1 });
    expect(await getAccount(h.deps, system, h.units[0]!.vacant)).toMatchObject({ balance: 4, available: 3 });
  });

  it('refuses a second slot for the same person and a wrong check digit, changing nothing', async () => {
    const before = await h.balances();
    expect((await refusal(api.ledger.person.enter({ id: randomUUID(), person: zhang, planId, entryKind: 'transfer_in' }))).domainCode).toBe('PERSON_HOLDS_SLOT');
    const wrong = zhang.idNumber.slice(0, 17) + (zhang.idNumber[17] === '0' ? '1' : '0');
    expect((await refusal(api.ledger.person.enter({ id: randomUUID(), person: { ...li, idNumber: wrong }, planId, entryKind: 'exam' }))).domainCode).toBe('ID_NUMBER_INVALID');
    expect(await h.balances()).toEqual(before);
  });

  it('frees the place on exit, once, and lets the person enter again elsewhere later', async () => {
    const exitId = randomUUID();
    const left = await api.ledger.person.exit({ id: exitId, slotId, exitKind: 'transfer_out', exitedOn: '2026-11-01' });
    expect(left).toMatchObject({ exitKind: 'transfer_out', exitedOn: '2026-11-01' });
    expect((await api.ledger.person.exit({ id: exitId, slotId, exitKind: 'transfer_out', exitedOn: '2026-11-01' })).exitedOn).toBe('2026-11-01');
    expect((await refusal(api.ledger.person.exit({ id: randomUUID(), slotId, exitKind: 'retirement' }))).domainCode).toBe('SLOT_CLOSED');
    expect(await getAccount(h.deps, system, h.units[0]!.occupied)).toMatchObject({ balance: 0 });
    const again = await api.ledger.person.enter({ id: randomUUID(), person: zhang, planId, entryKind: 'transfer_in' });
    // Both places of the plan are now taken.
    expect((await refusal(api.ledger.person.enter({ id: randomUUID(), person: li, planId, entryKind: 'exam' }))).domainCode).toBe('RESERVATION_INVALID');
    expect(again.id).not.toBe(slotId);
    expect((await api.ledger.person.roll({ organizationId: again.organizationId })).map((s) => s.name)).toEqual(['张伟']);
    expect(await api.ledger.person.roll({ organizationId: again.organizationId, includeExited: true })).toHaveLength(2);
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('refuses an exit from a slot that does not exist', async () => {
    expect((await refusal(api.ledger.person.exit({ id: randomUUID(), slotId: randomUUID(), exitKind: 'death' }))).domainCode).toBe('NOT_FOUND');
  });
});
