import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccount, openJurisdictionPools, openOrganizationAccounts } from '../account/account.service.js';
import { idNumberOf, ledgerHarness, refusal, system } from '../test/ledger-harness.js';
import { createTransfers } from '../transfer/transfer.service.js';

/**
 * The ledger's policy rules against PostgreSQL: each refusal names its rule and applies nothing;
 * settings per jurisdiction switch rules off; turnover-pool talent and filing-system linkage move
 * the quota they should, linked with the entry or exit.
 */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
const bureau = () => h.callerAs(h.bureau());
const unitUser = (i: number) => h.callerAs(h.departmentUser(i));
const fileAndApprove = async (i: number, places: number, source: 'vacancy' | 'turnover' = 'vacancy') => {
  const id = randomUUID();
  await unitUser(i).ledger.plan.file({ id, organizationId: h.units[i]!.organizationId, ledger: 'administrative', places, endsOn: '2026-12-31', reason: '补充人员', source });
  return { id, approve: () => h.callerAs(system).ledger.plan.approve({ id }) };
};
const ruleOf = (error: { cause?: unknown }) => ((error.cause as { detail?: { problems?: { ruleId: string }[] } }).detail?.problems ?? []).map((p) => p.ruleId);

beforeAll(async () => {
  h = await ledgerHarness('ledger-rules', { units: 9 });
});
afterAll(async () => h?.drop());

describe('staffing rules on plan approval', () => {
  it('keeps a full unit to exits only (QUOTA-EXIT-ONLY), and a switched-off rule lets the vacancy check speak', async () => {
    await h.allocate(0, 2);
    await createTransfers(h.deps, system, { linked: false, transfers: [{ kind: 'single', id: randomUUID(), debitAccountId: h.units[0]!.vacant, creditAccountId: h.units[0]!.occupied, amount: 2, code: 'enter' }] });
    const plan = await fileAndApprove(0, 1);
    const before = await h.balances();
    const error = await refusal(plan.approve());
    expect(error.domainCode).toBe('POLICY_VIOLATION');
    expect(ruleOf(error)).toEqual(['QUOTA-EXIT-ONLY']);
    expect(error.zh).toContain('只出不进');
    expect(await h.balances()).toEqual(before);
    h.rules.set(h.jurisdictionId, 'QUOTA-EXIT-ONLY', false);
    expect((await refusal(plan.approve())).domainCode).toBe('TRANSFER_REFUSED');
    h.rules.set(h.jurisdictionId, 'QUOTA-EXIT-ONLY', true);
  });

  it('keeps a unit recorded over quota to exits only until the bureau lifts the mark, even once its numbers allow', async () => {
    const unit = h.units[8]!;
    await h.allocate(8, 3);
    await bureau().ledger.control.set({ organizationId: unit.organizationId, ledger: 'administrative', regime: 'none', overQuota: true, documentNumber: '示编〔2026〕25号' });
    const plan = await fileAndApprove(8, 1);
    const error = await refusal(plan.approve());
    expect(ruleOf(error)).toEqual(['QUOTA-EXIT-ONLY']);
    expect(error.zh).toContain('已标记超编、尚未解除');
    // Lifted by a decision (the numbers allow it: three vacancies), the unit takes people in again.
    await bureau().ledger.control.set({ organizationId: unit.organizationId, ledger: 'administrative', regime: 'none', overQuota: false, documentNumber: '示编〔2026〕26号' });
    expect((await plan.approve()).status).toBe('approved');
  });

  it('records a unit over quota: a decrease may cut into occupied quota, and the flag stays until exits absorb it', async () => {
    const unit = h.units[0]!;
    const api = bureau();
    expect((await refusal(api.ledger.control.penalize({ id: randomUUID(), organizationId: unit.organizationId, ledger: 'administrative', mode: 'decrease', amount: 1, documentNumber: '示编〔2026〕21号', reason: '超职数配备' }))).domainCode).toBe('EXCEEDS_VACANCIES');
    const control = await api.ledger.control.set({ organizationId: unit.organizationId, ledger: 'administrative', regime: 'none', overQuota: true, documentNumber: '示编〔2026〕22号' });
    expect(control).toMatchObject({ overQuota: true, vacancyLimited: false });
    const penalty = await api.ledger.control.penalize({ id: randomUUID(), organizationId: unit.organizationId, ledger: 'administrative', mode: 'decrease', amount: 1, documentNumber: '示编〔2026〕23号', reason: '超职数配备' });
    expect(penalty).toMatchObject({ mode: 'decrease', amount: 1, startsOn: '2026-11-23', endsOn: '2028-11-23', active: true });
    expect(await api.ledger.balance.get({ organizationId: unit.organizationId })).toMatchObject([{ ledger: 'administrative', quota: 1, occupied: 2, vacant: -1, over: 1 }]);
    expect((await refusal(api.ledger.control.set({ organizationId: unit.organizationId, ledger: 'administrative', regime: 'none', overQuota: false }))).domainCode).toBe('STILL_OVER_QUOTA');
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('lets a one-out-one-in unit take in only as many as left this year', async () => {
    const unit = h.units[1]!;
    await h.allocate(1, 5);
    await bureau().ledger.control.set({ organizationId: unit.organizationId, ledger: 'administrative', regime: 'one_out_one_in', overQuota: false });
    const first = await fileAndApprove(1, 1);
    expect(ruleOf(await refusal(first.approve()))).toEqual(['QUOTA-ONE-OUT-ONE-IN']);
    // Someone enters on a plan approved before the regime, then leaves: one place may be refilled.
    await bureau().ledger.control.set({ organizationId: unit.organizationId, ledger: 'administrative', regime: 'none', overQuota: false });
    await first.approve();
    const slot = await bureau().ledger.person.enter({ id: randomUUID(), planId: first.id, entryKind: 'exam', person: { name: '周敏', idNumber: idNumberOf('33020319900101102'), education: '本科', postCategory: 'management' } });
    await bureau().ledger.control.set({ organizationId: unit.organizationId, ledger: 'administrative', regime: 'one_out_one_in', overQuota: false });
    await bureau().ledger.person.exit({ id: randomUUID(), slotId: slot.id, exitKind: 'resignation' });
    const second = await fileAndApprove(1, 1);
    expect(ruleOf(await refusal(second.approve()))).toEqual(['QUOTA-ONE-OUT-ONE-IN']);
  });

  it('caps a strengthened unit’s yearly growth at a third of its vacancies at the start of the year', async () => {
    const unit = h.units[2]!;
    await h.allocate(2, 10, '2025-12-01');
    await bureau().ledger.control.set({ organizationId: unit.organizationId, ledger: 'administrative', regime: 'growth_cap', overQuota: false });
    const tooMany = await fileAndApprove(2, 4);
    const error = await refusal(tooMany.approve());
    expect(ruleOf(error)).toEqual(['QUOTA-GROWTH-CAP']);
    expect(error.zh).toContain('年初空编10名');
    await (await fileAndApprove(2, 3)).approve();
    expect(ruleOf(await refusal((await fileAndApprove(2, 1)).approve()))).toEqual(['QUOTA-GROWTH-CAP']);
  });

  it('freezes quota for a penalty, refuses approvals while it runs, and gives it back when lifted', async () => {
    const unit = h.units[3]!;
    await h.allocate(3, 6);
    const penalty = await bureau().ledger.control.penalize({ id: randomUUID(), organizationId: unit.organizationId, ledger: 'administrative', mode: 'freeze', amount: 2, years: 1, documentNumber: '示编〔2026〕30号', reason: '擅自超编进人' });
    expect(await getAccount(h.deps, system, h.pool('frozen'))).toMatchObject({ balance: 2 });
    const plan = await fileAndApprove(3, 1);
    const error = await refusal(plan.approve());
    expect(ruleOf(error)).toEqual(['QUOTA-PENALTY']);
    expect(error.zh).toContain('示编〔2026〕30号');
    await bureau().ledger.control.lift({ id: penalty.id, documentNumber: '示编〔2026〕31号' });
    expect(await getAccount(h.deps, system, h.pool('frozen'))).toMatchObject({ balance: 0 });
    expect(await getAccount(h.deps, system, unit.vacant)).toMatchObject({ balance: 6 });
    expect((await plan.approve()).status).toBe('approved');
  });

  it('refuses approvals while the unit has an open violation (RECTIFICATION-LINK)', async () => {
    const unit = h.units[4]!;
    await h.allocate(4, 3);
    h.rules.violations.set(unit.organizationId, [{ id: randomUUID(), title: '在编不在岗' }]);
    const plan = await fileAndApprove(4, 1);
    const error = await refusal(plan.approve());
    expect(ruleOf(error)).toEqual(['RECTIFICATION-LINK']);
    expect(error.zh).toContain('在编不在岗');
    h.rules.violations.delete(unit.organizationId);
    expect((await plan.approve()).status).toBe('approved');
    expect(await h.checkInvariants()).toEqual([]);
  });
});

describe('talent on turnover-pool quota', () => {
  it('lends a full unit places from the turnover pool for talent only, and takes them back when the person leaves', async () => {
    const unit = h.units[5]!;
    await h.allocate(5, 1);
    await createTransfers(h.deps, system, {
      linked: true,
      transfers: [
        { kind: 'single', id: randomUUID(), debitAccountId: unit.vacant, creditAccountId: unit.occupied, amount: 1, code: 'enter' },
        { kind: 'single', id: randomUUID(), debitAccountId: h.pool('external'), creditAccountId: h.pool('turnover'), amount: 3, code: 'approve_total' },
      ],
    });
    const plan = await fileAndApprove(5, 1, 'turnover');
    expect((await plan.approve()).status).toBe('approved');
    expect(await getAccount(h.deps, system, h.pool('turnover'))).toMatchObject({ balance: 2 });
    const person = { name: '欧阳博', idNumber: idNumberOf('11010819800808201'), education: '博士研究生', postCategory: 'professional' as const };
    expect((await refusal(bureau().ledger.person.enter({ id: randomUUID(), planId: plan.id, entryKind: 'exam', person }))).domainCode).toBe('VALIDATION_FAILED');
    const slot = await bureau().ledger.person.enter({ id: randomUUID(), planId: plan.id, entryKind: 'talent', person });
    await bureau().ledger.person.exit({ id: randomUUID(), slotId: slot.id, exitKind: 'transfer_out' });
    expect(await getAccount(h.deps, system, h.pool('turnover'))).toMatchObject({ balance: 3 });
    expect(await bureau().ledger.balance.get({ organizationId: unit.organizationId })).toMatchObject([{ quota: 1, occupied: 1 }]);
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('gives unused borrowed places back when the plan is cancelled', async () => {
    const plan = await fileAndApprove(5, 2, 'turnover');
    await plan.approve();
    expect(await getAccount(h.deps, system, h.pool('turnover'))).toMatchObject({ balance: 1 });
    await bureau().ledger.plan.cancel({ id: plan.id });
    expect(await getAccount(h.deps, system, h.pool('turnover'))).toMatchObject({ balance: 3 });
    expect(await h.checkInvariants()).toEqual([]);
  });
});

describe('filing-system linkage (QUOTA-FILING-LINK)', () => {
  it('recovers one approved quota and adds one filed headcount when someone on approved quota leaves', async () => {
    const hospital = randomUUID();
    h.scope.addOrganization({ id: hospital, name: '示范市第一人民医院', creditCode: null, jurisdictionId: h.jurisdictionId, jurisdictionName: '测试市', status: 'active', kind: 'institution', institutionClass: 'welfare_2' });
    const pools = await openJurisdictionPools(h.deps, system, { jurisdictionId: h.jurisdictionId, quotaTypes: ['institution', 'filed_headcount'] });
    const accounts = await openOrganizationAccounts(h.db, system, { organizationId: hospital, jurisdictionId: h.jurisdictionId, quotaTypes: ['institution', 'filed_headcount'] });
    const account = (ledger: string, kind: string) => accounts.find((a) => a.ledger === ledger && a.kind === kind)!.id;
    const pool = (ledger: string, kind: string) => pools.find((a) => a.ledger === ledger && a.kind === kind)!.id;
    await createTransfers(h.deps, system, {
      linked: true,
      transfers: [
        { kind: 'single', id: randomUUID(), debitAccountId: pool('institution', 'external'), creditAccountId: account('institution', 'vacant'), amount: 3, code: 'approve_total' },
        { kind: 'single', id: randomUUID(), debitAccountId: pool('filed_headcount', 'external'), creditAccountId: account('filed_headcount', 'vacant'), amount: 10, code: 'approve_total' },
      ],
    });
    const planId = randomUUID();
    await bureau().ledger.plan.file({ id: planId, organizationId: hospital, ledger: 'institution', places: 1, endsOn: '2026-12-31', reason: '医生招聘' });
    await h.callerAs(system).ledger.plan.approve({ id: planId });
    const slot = await bureau().ledger.person.enter({ id: randomUUID(), planId, entryKind: 'exam', person: { name: '钱医生', idNumber: idNumberOf('33020319750505303'), education: '硕士研究生', postCategory: 'professional' } });
    const exitId = randomUUID();
    await bureau().ledger.person.exit({ id: exitId, slotId: slot.id, exitKind: 'retirement', documentNumber: '示人社〔2026〕5号' });
    const figures = await bureau().ledger.balance.get({ organizationId: hospital });
    expect(figures.find((f) => f.ledger === 'institution')).toMatchObject({ quota: 2, occupied: 0 });
    expect(figures.find((f) => f.ledger === 'filed_headcount')).toMatchObject({ quota: 11 });
    expect(await getAccount(h.deps, system, pool('institution', 'unallocated'))).toMatchObject({ balance: 1 });
    const linked = await bureau().ledger.transfer.list({ organizationId: hospital, documentNumber: '示人社〔2026〕5号' });
    expect(linked.map((t) => t.code).sort()).toEqual(['exit', 'increase', 'recover']);
    expect(linked.filter((t) => t.code !== 'exit').every((t) => t.approvalRef === 'QUOTA-FILING-LINK')).toBe(true);
    expect(await h.checkInvariants()).toEqual([]);
  });
});

describe('moving a person between units', () => {
  it('closes the old slot and opens one on the receiving unit’s plan in one step, once', async () => {
    await h.allocate(6, 2);
    await h.allocate(7, 2);
    const from = await fileAndApprove(6, 1);
    await from.approve();
    const slot = await bureau().ledger.person.enter({ id: randomUUID(), planId: from.id, entryKind: 'exam', person: { name: '孙立', idNumber: idNumberOf('33020319880808101'), education: '本科', postCategory: 'management' } });
    const to = await fileAndApprove(7, 1);
    await to.approve();
    const moveId = randomUUID();
    const moved = await bureau().ledger.person.move({ id: moveId, slotId: slot.id, planId: to.id, movedOn: '2026-11-23' });
    expect(moved).toMatchObject({ organizationId: h.units[7]!.organizationId, entryKind: 'transfer_in', enteredOn: '2026-11-23', exitKind: null });
    expect((await bureau().ledger.person.move({ id: moveId, slotId: slot.id, planId: to.id, movedOn: '2026-11-23' })).id).toBe(moved.id);
    const person = await bureau().ledger.person.get({ id: moved.personId });
    expect(person.slots.map((s) => [s.organizationId, s.exitKind])).toEqual([
      [h.units[6]!.organizationId, 'transfer_out'],
      [h.units[7]!.organizationId, null],
    ]);
    expect((await bureau().ledger.person.search({ q: '孙' })).map((s) => s.id)).toEqual([moved.id]);
    expect(await h.checkInvariants()).toEqual([]);
  });
});
