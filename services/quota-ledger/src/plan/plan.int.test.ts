import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccount } from '../account/account.service.js';
import { ledgerHarness, refusal, system } from '../test/ledger-harness.js';
import { createTransfers, expireOverdue } from '../transfer/transfer.service.js';

let h: Awaited<ReturnType<typeof ledgerHarness>>;
beforeAll(async () => {
  h = await ledgerHarness('ledger-plans', { units: 2 });
  await createTransfers(h.deps, system, {
    linked: true,
    transfers: [
      { kind: 'single', id: randomUUID(), debitAccountId: h.pool('external'), creditAccountId: h.pool('unallocated'), amount: 20, code: 'approve_total' },
      { kind: 'single', id: randomUUID(), debitAccountId: h.pool('unallocated'), creditAccountId: h.units[0]!.vacant, amount: 5, code: 'allocate' },
    ],
  });
});
afterAll(async () => h?.drop());

const file = (places: number, endsOn = '2026-12-31') => {
  const id = randomUUID();
  return h.callerAs(h.departmentUser(0)).ledger.plan.file({ id, organizationId: h.units[0]!.organizationId, ledger: 'administrative', places, endsOn, reason: '补充业务骨干' });
};

describe('staffing-use plans', () => {
  it('are approved only by the platform for an approved matter, only with enough vacancies; a check says so first and writes nothing', async () => {
    const bureau = h.callerAs(h.bureau('bureau-1'));
    const own = await bureau.ledger.plan.file({ id: randomUUID(), organizationId: h.units[0]!.organizationId, ledger: 'administrative', places: 1, endsOn: '2026-12-31', reason: '编办自报' });
    // 用编计划审批 is a matter (kind staffing_plan): no person approves a plan directly.
    expect((await refusal(bureau.ledger.plan.approve({ id: own.id }))).code).toBe('FORBIDDEN');
    expect((await refusal(h.callerAs(h.bureau('bureau-2')).ledger.plan.approve({ id: own.id }))).code).toBe('FORBIDDEN');
    expect((await refusal(h.callerAs(h.departmentUser(0)).ledger.plan.approve({ id: own.id }))).code).toBe('FORBIDDEN');

    const big = await file(6);
    const checked = await h.callerAs(system).ledger.plan.check({ id: big.id });
    expect(checked.refusal).toMatchObject({ code: 'TRANSFER_REFUSED', localized: { 'zh-CN': '空编不足：计划用编6名，当前可用空编5名' } });
    expect((await getAccount(h.deps, system, h.units[0]!.vacant)).available).toBe(5);
    expect((await h.callerAs(system).ledger.plan.check({ id: own.id })).refusal).toBeNull();
    expect((await h.callerAs(system).ledger.plan.get({ id: own.id })).status).toBe('filed');
    const short = await refusal(h.callerAs(system).ledger.plan.approve({ id: big.id }));
    expect(short.domainCode).toBe('TRANSFER_REFUSED');
    expect((short.cause as unknown as { localized: Record<string, string> }).localized['zh-CN']).toBe('空编不足：计划用编6名，当前可用空编5名');
    expect((await getAccount(h.deps, system, h.units[0]!.vacant)).available).toBe(5);
    expect((await h.callerAs(h.bureau()).ledger.plan.reject({ id: big.id, note: '超出空编' })).status).toBe('rejected');
  });

  it('are not turned down by another account of the person who filed them', async () => {
    const person = 'f'.repeat(64);
    const filed = await h.callerAs({ ...h.bureau('bureau-first-account'), personId: person }).ledger.plan.file({ id: randomUUID(), organizationId: h.units[0]!.organizationId, ledger: 'administrative', places: 1, endsOn: '2026-12-31', reason: '同一人两个账户' });
    expect(filed.filedBy).toEqual({ id: 'bureau-first-account', name: expect.any(String) });
    const secondAccount = h.callerAs({ ...h.bureau('bureau-second-account'), personId: person });
    expect((await refusal(secondAccount.ledger.plan.reject({ id: filed.id }))).domainCode).toBe('SELF_APPROVAL');
    expect((await h.callerAs({ ...h.bureau('bureau-someone-else'), personId: 'e'.repeat(64) }).ledger.plan.reject({ id: filed.id, note: '另一人审批' })).status).toBe('rejected');
  });

  it('reserve the places on approval, give them to entries, and give back the rest on cancel', async () => {
    const plan = await file(3);
    const approved = await h.callerAs(system).ledger.plan.approve({ id: plan.id });
    expect(approved).toMatchObject({ status: 'approved', open: 3, entered: 0 });
    expect((await getAccount(h.deps, system, h.units[0]!.vacant)).available).toBe(2);
    await h.callerAs(h.bureau()).ledger.person.enter({ id: randomUUID(), planId: plan.id, entryKind: 'exam', person: { name: '王芳', idNumber: '110101199003074573', education: '大学本科', postCategory: 'management' } });
    const cancelled = await h.callerAs(h.departmentUser(0)).ledger.plan.cancel({ id: plan.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', open: 0, entered: 1 });
    expect(await getAccount(h.deps, system, h.units[0]!.vacant)).toMatchObject({ balance: 4, available: 4 });
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('expire at the end of their last day (Beijing time), freeing what was not taken', async () => {
    const plan = await file(2, '2026-11-30');
    await h.callerAs(system).ledger.plan.approve({ id: plan.id });
    h.setNow(new Date('2026-11-30T15:59:00Z'));
    expect(await expireOverdue(h.deps, system)).toBe(0);
    h.setNow(new Date('2026-11-30T16:00:00Z'));
    expect(await expireOverdue(h.deps, system)).toBe(2);
    const [listed] = await h.callerAs(h.bureau()).ledger.plan.list({ organizationId: h.units[0]!.organizationId, status: 'approved' });
    expect(listed).toMatchObject({ id: plan.id, open: 0, entered: 0 });
    expect((await getAccount(h.deps, system, h.units[0]!.vacant)).available).toBe(4);
  });

  it('show a unit only its own plans', async () => {
    const other = h.callerAs(h.departmentUser(1));
    expect(await other.ledger.plan.list({})).toEqual([]);
    expect((await h.callerAs(h.departmentUser(0)).ledger.plan.list({})).length).toBeGreaterThan(0);
    expect((await refusal(other.ledger.plan.file({ id: randomUUID(), organizationId: h.units[0]!.organizationId, ledger: 'administrative', places: 1, endsOn: '2026-12-31', reason: '越权' }))).domainCode).toBe('OUT_OF_SCOPE');
  });
});
