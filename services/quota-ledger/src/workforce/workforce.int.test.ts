import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuxiliaryImportStatus } from '@bianzhi/contracts/workforce';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { idNumberOf, ledgerHarness, refusal, system } from '../test/ledger-harness.js';
import { createLedgerRouter } from '../router.js';
import { closeEndedMonths } from '../analysis/analysis.service.js';
import { openOrganizationAccounts } from '../account/account.service.js';
import { importRoll } from '../roll/roll-import.js';
import { masked } from '../roll/masked.js';

/** Staff outside quota, purchased services, the two rules and the totals of the publicly funded workforce. */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
const api = () => h.callerAs(h.bureau());
const unit = (i: number) => h.units[i]!.organizationId;
const person = (n: number) => idNumberOf(`11010119900101${String(n).padStart(3, '0')}`);
const staff = (i: number, n: number, extra: Partial<{ funding: 'fiscal_full' | 'fiscal_partial' | 'self_raised'; startedOn: string }> = {}) => ({
  id: randomUUID(),
  organizationId: unit(i),
  kind: 'contract' as const,
  name: `编外${n}`,
  idNumber: person(n),
  post: '窗口服务',
  funding: extra.funding ?? ('fiscal_full' as const),
  startedOn: extra.startedOn ?? '2026-03-01',
});
const outbox = async (type: string) => (await h.db.selectFrom('ledger.outbox').select('payload').where('event_type', '=', type).execute()).map((r) => r.payload as Record<string, unknown>);

beforeAll(async () => {
  h = await ledgerHarness('ledger-workforce', { units: 4 });
  await h.allocate(0, 10, '2026-01-01');
  await h.allocate(1, 5, '2026-01-01');
  await h.allocate(2, 20, '2026-01-01');
  await h.allocate(3, 10, '2026-01-01');
  await h.staff(0, 3, 1);
});
afterAll(async () => h?.drop());

describe('staff outside quota (编外人员)', () => {
  it('adds staff with a valid ID number, lists them masked, and ends them once', async () => {
    expect((await refusal(api().ledger.auxiliary.add({ ...staff(0, 1), idNumber: `${person(1).slice(0, 17)}${person(1).endsWith('0') ? '1' : '0'}` }))).domainCode).toBe('ID_NUMBER_INVALID');
    const input = staff(0, 1);
    const added = await api().ledger.auxiliary.add(input);
    expect(added).toMatchObject({ name: '编外1', kind: 'contract', funding: 'fiscal_full', endedOn: null });
    expect(added.idNumberMasked).toBe(`${person(1).slice(0, 6)}********${person(1).slice(14)}`);
    // The same request again adds nothing.
    expect((await api().ledger.auxiliary.add(input)).id).toBe(added.id);
    const list = await api().ledger.auxiliary.list({ organizationId: unit(0) });
    expect(list.map((s) => s.id)).toEqual([added.id]);
    expect(JSON.stringify(list)).not.toContain(person(1));

    // Once in the city at a time; never while on quota.
    expect((await refusal(api().ledger.auxiliary.add({ ...staff(1, 1) }))).domainCode).toBe('STAFF_ALREADY_ENGAGED');
    const onQuota = (await api().ledger.person.roll({ organizationId: unit(0) }))[0]!;
    const holder = (await api().ledger.person.get({ id: onQuota.personId })).idNumberMasked;
    const full = (await h.db.selectFrom('ledger.persons').select('id_number').where('id', '=', onQuota.personId).executeTakeFirstOrThrow()).id_number;
    expect(holder).not.toBe(full);
    const engaged = await refusal(api().ledger.auxiliary.add({ ...staff(1, 99), idNumber: full }));
    expect(engaged.domainCode).toBe('STAFF_ALREADY_ENGAGED');
    expect(engaged.zh).toContain('在编');

    const endId = randomUUID();
    const ended = await api().ledger.auxiliary.end({ id: endId, staffId: added.id, endedOn: '2026-10-01', reason: '合同到期' });
    expect(ended).toMatchObject({ endedOn: '2026-10-01', endReason: '合同到期' });
    expect((await api().ledger.auxiliary.end({ id: endId, staffId: added.id, endedOn: '2026-10-01' })).endedOn).toBe('2026-10-01');
    expect((await refusal(api().ledger.auxiliary.end({ id: randomUUID(), staffId: added.id }))).domainCode).toBe('ENGAGEMENT_ENDED');
    expect(await api().ledger.auxiliary.list({ organizationId: unit(0) })).toEqual([]);
    expect((await api().ledger.auxiliary.list({ organizationId: unit(0), includeEnded: true })).length).toBe(1);
    expect((await outbox('ledger.auxiliary.added')).some((p) => p['staffId'] === added.id && p['idNumber'] === added.idNumberMasked)).toBe(true);
    expect((await outbox('ledger.auxiliary.ended')).some((p) => p['staffId'] === added.id)).toBe(true);
    const file = await api().ledger.auxiliary.exportXlsx({ organizationId: unit(0), includeEnded: true });
    expect(file.rows).toBe(1);
  });

  it('engages a person raced into two units at once only once', async () => {
    const results = await Promise.allSettled([api().ledger.auxiliary.add(staff(0, 50)), api().ledger.auxiliary.add(staff(3, 50))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect((refused.reason as { cause?: { code?: string } }).cause?.code).toBe('STAFF_ALREADY_ENGAGED');
    const won = results.find((r) => r.status === 'fulfilled')! as PromiseFulfilledResult<{ id: string; startedOn: string }>;
    await api().ledger.auxiliary.end({ id: randomUUID(), staffId: won.value.id, endedOn: won.value.startedOn });
  });

  it('keeps a unit within AUX-RATIO of its quota, as the jurisdiction sets it', async () => {
    // Quota 5 at the default fifth: one person.
    await api().ledger.auxiliary.add(staff(1, 10));
    const refused = await refusal(api().ledger.auxiliary.add(staff(1, 11)));
    expect(refused.domainCode).toBe('POLICY_VIOLATION');
    expect(refused.zh).toContain('AUX-RATIO');
    expect(refused.zh).toContain('核定编制5名，编外人员上限1名');
    h.rules.set(h.jurisdictionId, 'AUX-RATIO', true, { numerator: 2, denominator: 5 });
    await api().ledger.auxiliary.add(staff(1, 11));
    h.rules.set(h.jurisdictionId, 'AUX-RATIO', false);
    await api().ledger.auxiliary.add(staff(1, 12));
    h.rules.set(h.jurisdictionId, 'AUX-RATIO', true);
    expect((await api().ledger.auxiliary.list({ organizationId: unit(1) })).length).toBe(3);
  });
});

async function workbook(rows: string[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('编外人员');
  sheet.addRow(['类别', '姓名', '身份证号', '岗位', '经费来源', '到岗日期', '约定终止日期']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

async function finished(id: string, caller = api()): Promise<AuxiliaryImportStatus> {
  for (let i = 0; i < 100; i++) {
    const status = await caller.ledger.auxiliary.importStatus({ id });
    if (status.state === 'done' || status.state === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}

describe('importing staff outside quota', () => {
  const good = [
    ['合同制人员', '周一', person(20), '保安', '财政全额', '2026-02-01', '2027-01-31'],
    ['辅助人员', '吴二', person(21), '辅警', '财政差额', '2026-02-01', ''],
    ['临时人员', '郑三', person(22), '资料整理', '自筹', '2026-04-01', ''],
  ];

  it('reports every bad cell by row and column and writes nothing', async () => {
    const bad = [
      ...good,
      ['实习', '', `${person(23).slice(0, 17)}${person(23).endsWith('1') ? '2' : '1'}`, '', '拨款', '2026-13-01', ''],
      ['合同制人员', '王四', person(20), '保安', '财政全额', '2099-01-01', ''],
      ['合同制人员', '陈五', person(24), '保洁', '财政全额', '2026-02-01', '2025-01-01'],
      ['合同制人员', '林六', person(25), '保洁', '财政全额', '2026-02-01', ''],
      ['合同制人员', '黄七', person(26), '保洁', '财政全额', '2026-02-01', ''],
    ];
    const started = await api().ledger.auxiliary.importStart({ organizationId: unit(2), fileName: '编外.xlsx', contentBase64: await workbook(bad) });
    const status = await finished(started.id);
    expect(status.state).toBe('failed');
    const columnsOf = (row: number) => status.errors.filter((e) => e.row === row).map((e) => e.column);
    expect(columnsOf(5)).toEqual(['类别', '姓名', '身份证号', '岗位', '经费来源', '到岗日期']);
    expect(columnsOf(6)).toEqual(['身份证号', '到岗日期']);
    expect(columnsOf(7)).toEqual(['约定终止日期']);
    // Quota 20 at a fifth: four people; counting only rows that would be written, row 9 is the fifth.
    expect(columnsOf(8)).toEqual([]);
    expect(columnsOf(9)).toEqual(['姓名']);
    expect(status.errors.find((e) => e.row === 9)!.message).toContain('AUX-RATIO');
    expect(status.errors.find((e) => e.row === 6 && e.column === '身份证号')!.message).toContain('第2行');
    expect(await api().ledger.auxiliary.list({ organizationId: unit(2) })).toEqual([]);
  });

  it('writes a clean file in one step', async () => {
    const started = await api().ledger.auxiliary.importStart({ organizationId: unit(2), fileName: '编外.xlsx', contentBase64: await workbook(good) });
    expect(await finished(started.id)).toMatchObject({ state: 'done', imported: 3, errors: [] });
    const list = await api().ledger.auxiliary.list({ organizationId: unit(2) });
    expect(list.map((s) => [s.name, s.kind, s.funding, s.endsOn])).toEqual([
      ['吴二', 'auxiliary', 'fiscal_partial', null],
      ['周一', 'contract', 'fiscal_full', '2027-01-31'],
      ['郑三', 'temporary', 'self_raised', null],
    ]);
    expect((await outbox('ledger.auxiliary.imported')).some((p) => p['importId'] === started.id && p['people'] === 3)).toBe(true);
    // The same people again: each is already engaged.
    const again = await finished((await api().ledger.auxiliary.importStart({ organizationId: unit(2), fileName: '编外.xlsx', contentBase64: await workbook(good.slice(0, 1)) })).id);
    expect(again.errors[0]!.message).toContain('已是测试单位3的编外人员');
  });
});

describe('purchased services and 两头占', () => {
  const contract = (fn: 'cleaning' | 'security' | 'other') => ({ id: randomUUID(), organizationId: unit(3), function: fn, provider: '某某物业服务有限公司', contractNumber: 'HT-2026-01', headcount: 4.5, amount: 360000, startsOn: '2026-01-01', endsOn: '2027-12-31' });
  const plan = (fn?: 'cleaning' | 'security' | 'other') => ({ id: randomUUID(), organizationId: unit(3), ledger: 'administrative' as const, places: 1, endsOn: '2027-06-30', reason: '工勤岗位补充', ...(fn ? { function: fn } : {}) });
  const filer = () => h.callerAs(h.departmentUser(3));

  it('refuses a plan for a function the unit buys, naming both', async () => {
    const bought = await api().ledger.purchase.add(contract('cleaning'));
    expect(bought).toMatchObject({ function: 'cleaning', headcount: 4.5, amount: 360000, active: true });
    const refused = await refusal(filer().ledger.plan.file(plan('cleaning')));
    expect(refused.domainCode).toBe('FUNCTION_DOUBLE_COVERED');
    expect(refused.zh).toContain('保洁');
    expect(refused.zh).toContain('某某物业服务有限公司');
    expect(refused.zh).toContain('用编计划');
    expect((await api().ledger.plan.list({ organizationId: unit(3) })).length).toBe(0);
    // Another function, or none, is filed; so is 其他, which names no function precisely.
    expect((await filer().ledger.plan.file(plan('security'))).function).toBe('security');
    await filer().ledger.plan.file(plan());
    await api().ledger.purchase.add(contract('other'));
    await filer().ledger.plan.file(plan('other'));
    // Once the contract ends, the function may be staffed.
    await api().ledger.purchase.end({ id: randomUUID(), contractId: bought.id, terminatedOn: '2026-11-01' });
    expect((await filer().ledger.plan.file(plan('cleaning'))).function).toBe('cleaning');
    expect((await api().ledger.purchase.list({ organizationId: unit(3) })).map((c) => c.function)).toEqual(['other']);
    expect((await api().ledger.purchase.list({ organizationId: unit(3), includeEnded: true })).length).toBe(2);
    expect((await outbox('ledger.purchase.terminated')).some((p) => p['contractId'] === bought.id)).toBe(true);
  });

  it('refuses a contract for a function an open plan serves, naming both', async () => {
    const refused = await refusal(api().ledger.purchase.add(contract('security')));
    expect(refused.domainCode).toBe('FUNCTION_DOUBLE_COVERED');
    expect(refused.zh).toContain('安保');
    expect(refused.zh).toContain('用编计划');
    expect(refused.zh).toContain('购买服务');
    expect((await api().ledger.purchase.list({ organizationId: unit(3) })).some((c) => c.function === 'security')).toBe(false);
    const security = (await api().ledger.plan.list({ organizationId: unit(3) })).find((p) => p.function === 'security')!;
    await api().ledger.plan.cancel({ id: security.id });
    expect((await api().ledger.purchase.add(contract('security'))).function).toBe('security');
  });
});

describe('publicly funded people (财政供养人员)', () => {
  it('sums people on quota and outside quota per unit, jurisdiction and funding source', async () => {
    const totals = await api().ledger.workforce.totals({});
    const byUnit = new Map(totals.units.map((u) => [u.organizationId, u]));
    // Unit 0: three on quota, the one outside quota left. Unit 1: three outside, none on quota. Unit 2: the import.
    expect(byUnit.get(unit(0))).toMatchObject({ quota: 10, onQuota: 3, outsideQuota: 0, publiclyFunded: 3 });
    expect(byUnit.get(unit(1))).toMatchObject({ quota: 5, onQuota: 0, outsideQuota: 3, publiclyFunded: 3 });
    expect(byUnit.get(unit(2))).toMatchObject({ onQuota: 0, outsideQuota: 3, outsideByFunding: { fiscal_full: 1, fiscal_partial: 1, self_raised: 1 } });
    expect(byUnit.get(unit(3))!.purchasedHeadcount).toBe(9);
    // Straight from the tables.
    const onQuota = Number((await h.db.selectFrom('ledger.slots').select((eb) => eb.fn.countAll<string>().as('n')).where('exit_kind', 'is', null).executeTakeFirstOrThrow()).n);
    const outside = Number((await h.db.selectFrom('ledger.auxiliary_staff').select((eb) => eb.fn.countAll<string>().as('n')).where('ended_on', 'is', null).executeTakeFirstOrThrow()).n);
    expect(totals.total).toMatchObject({ onQuota, outsideQuota: outside, publiclyFunded: onQuota + outside });
    expect(totals.byJurisdiction).toEqual([expect.objectContaining({ jurisdictionId: h.jurisdictionId, publiclyFunded: onQuota + outside })]);
    const summary = await api().analysis.dashboard.summary({});
    expect(summary.workforce).toEqual(totals.total);
    const unitOnly = await api().ledger.workforce.totals({ organizationId: unit(1) });
    expect(unitOnly.units.map((u) => u.organizationId)).toEqual([unit(1)]);
    expect((await api().ledger.workforce.totalsXlsx({})).rows).toBe(totals.units.length);
  });

  it('writes month-end counts of staff outside quota once and reads them back', async () => {
    h.setNow(new Date('2026-12-02T02:00:00Z'));
    await closeEndedMonths(h.deps);
    const rows = await h.db.selectFrom('ledger.workforce_monthly_figures').selectAll().where('month', '=', '2026-11-01').execute();
    expect(rows.reduce((n, r) => n + r.outside_quota, 0)).toBe(6);
    const march = await h.db.selectFrom('ledger.workforce_monthly_figures').selectAll().where('month', '=', '2026-03-01').execute();
    expect(march.reduce((n, r) => n + r.outside_quota, 0)).toBe(6); // 编外1 (until October), unit 1's three, 周一 and 吴二 from February.
    const november = await api().ledger.workforce.monthly({ month: '2026-11' });
    expect(november).toMatchObject({ asOf: '2026-11-30', total: { outsideQuota: 6, onQuota: 3, publiclyFunded: 9 } });
    // A change after the month closed does not rewrite it.
    await api().ledger.auxiliary.add(staff(2, 30, { startedOn: '2026-11-15' }));
    expect((await api().ledger.workforce.monthly({ month: '2026-11' })).total.outsideQuota).toBe(6);
    expect((await api().ledger.workforce.totals({})).total.outsideQuota).toBe(7);
    expect((await api().ledger.workforce.monthlyXlsx({ month: '2026-11' })).rows).toBeGreaterThan(0);
  });
});

describe('scope', () => {
  it('refuses a bureau of another jurisdiction everything about the unit, changing nothing', async () => {
    const elsewhere = randomUUID();
    const outsider: Principal = { kind: 'user', id: 'other-district', name: '他区编办', roles: ['district_admin'], jurisdictionId: elsewhere, organizationId: null };
    const deps = { ...h.deps, scope: { ...h.deps.scope, jurisdictionIdsOf: async (p: Principal) => (p.id === outsider.id ? [elsewhere] : null) } };
    const as = createCallerFactory(createLedgerRouter(deps))({ principal: outsider, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
    const [someone] = await api().ledger.auxiliary.list({ organizationId: unit(2) });
    const [bought] = await api().ledger.purchase.list({ organizationId: unit(3) });
    const before = [await api().ledger.auxiliary.list({ organizationId: unit(2), includeEnded: true }), await api().ledger.purchase.list({ organizationId: unit(3), includeEnded: true })];
    const calls = [
      () => as.ledger.auxiliary.add(staff(2, 40)),
      () => as.ledger.auxiliary.end({ id: randomUUID(), staffId: someone!.id }),
      () => as.ledger.auxiliary.list({ organizationId: unit(2) }),
      () => as.ledger.auxiliary.exportXlsx({ organizationId: unit(2) }),
      async () => as.ledger.auxiliary.importStart({ organizationId: unit(2), fileName: 'x.xlsx', contentBase64: await workbook([['合同制人员', '越权', person(41), '保安', '财政全额', '2026-02-01', '']]) }),
      () => as.ledger.purchase.add({ id: randomUUID(), organizationId: unit(3), function: 'greening', provider: '越权', headcount: 1, amount: 1, startsOn: '2026-01-01', endsOn: '2027-01-01' }),
      () => as.ledger.purchase.end({ id: randomUUID(), contractId: bought!.id }),
      () => as.ledger.purchase.list({ organizationId: unit(3) }),
      () => as.ledger.purchase.exportXlsx({ organizationId: unit(3) }),
      () => as.ledger.workforce.totals({ organizationId: unit(3) }),
    ];
    for (const call of calls) expect((await refusal(call())).domainCode).toBe('OUT_OF_SCOPE');
    expect([await api().ledger.auxiliary.list({ organizationId: unit(2), includeEnded: true }), await api().ledger.purchase.list({ organizationId: unit(3), includeEnded: true })]).toEqual(before);
  });

  it('gives audit the staff outside quota with full ID numbers, and nobody else', async () => {
    const holders = await h.callerAs(system).ledger.auxiliary.holders({ jurisdictionIds: [h.jurisdictionId] });
    expect(holders.idNumbers).toContain(person(20));
    expect(holders.idNumbers).not.toContain(person(1));
    expect((await refusal(api().ledger.auxiliary.holders({ jurisdictionIds: null }))).code).toBe('FORBIDDEN');
  });
});

describe('one person in one place both ways, dates, retries, live units, what a refusal tells', () => {
  // A district that sees the test jurisdiction only; the other jurisdiction's unit is out of its reach.
  const otherJurisdiction = randomUUID();
  const otherUnit = randomUUID();
  const district = (): Principal => ({ kind: 'user', id: 'this-district', name: '本区编办', roles: ['district_admin'], jurisdictionId: h.jurisdictionId, organizationId: null });
  const districtApi = () => {
    const deps = { ...h.deps, scope: { ...h.deps.scope, jurisdictionIdsOf: async (p: Principal) => (p.id === 'this-district' ? [h.jurisdictionId] : null) } };
    return { deps, as: createCallerFactory(createLedgerRouter(deps))({ principal: district(), locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) }) };
  };
  let planId: string;
  const entry = (n: number) => ({ id: randomUUID(), planId, entryKind: 'exam' as const, enteredOn: '2026-11-01', person: { name: `编外${n}`, idNumber: person(n), education: '', postCategory: 'management' as const } });

  beforeAll(async () => {
    await openOrganizationAccounts(h.db, system, { organizationId: otherUnit, jurisdictionId: otherJurisdiction, quotaTypes: ['administrative'] });
    h.scope.addOrganization({ id: otherUnit, name: '他区某中心', creditCode: null, jurisdictionId: otherJurisdiction, jurisdictionName: '他区', status: 'active', kind: 'institution', institutionClass: 'welfare_1' });
    // The ratio is tested above; here it would only get in the way.
    h.rules.set(otherJurisdiction, 'AUX-RATIO', false);
    h.rules.set(h.jurisdictionId, 'AUX-RATIO', false);
    planId = randomUUID();
    await h.callerAs(h.departmentUser(0)).ledger.plan.file({ id: planId, organizationId: unit(0), ledger: 'administrative', places: 4, endsOn: '2027-12-31', reason: '复核' });
    await h.callerAs(system).ledger.plan.approve({ id: planId });
  });
  afterAll(() => h?.rules.set(h.jurisdictionId, 'AUX-RATIO', true));

  it('refuses entering on quota a person engaged outside quota, naming the unit only to a caller who sees it', async () => {
    const engaged = await api().ledger.auxiliary.add(staff(3, 60));
    const refused = await refusal(api().ledger.person.enter(entry(60)));
    expect(refused.domainCode).toBe('STAFF_ALREADY_ENGAGED');
    expect(refused.zh).toBe(`编外60（${masked(person(60))}）是测试单位4的编外人员，须先办理离岗，才能入编（两头占）`);
    await api().ledger.auxiliary.add({ ...staff(0, 61), organizationId: otherUnit });
    const neutral = await refusal(districtApi().as.ledger.person.enter(entry(61)));
    expect(neutral.domainCode).toBe('STAFF_ALREADY_ENGAGED');
    expect(neutral.zh).toBe(`编外61（${masked(person(61))}）已在本市其他单位在编或登记为编外人员，同一人在全市只能在一处`);
    // The roll import checks the same, per row, as neutrally.
    const row = (n: number, enteredOn = '2026-11-01') => ({ unitName: '测试单位1', ledger: '行政编制', name: `编外${n}`, idNumber: person(n), postCategory: '管理岗', entryKind: '考录', enteredOn });
    await expect(importRoll(h.deps, system, [row(60)], '示编〔2026〕1号')).rejects.toThrow('row 2 身份证号: this person is staff outside quota at 测试单位4');
    await expect(importRoll(districtApi().deps, district(), [row(61)], '示编〔2026〕1号')).rejects.toThrow('row 2 身份证号: this person is already on quota or outside quota elsewhere in the city');
    // A day that is no day is named by row and column.
    await expect(importRoll(h.deps, system, [row(62, '2026-02-30')], '示编〔2026〕1号')).rejects.toThrow('row 2 入编日期: a real day between 1900 and 2200');
    // Once the engagement ends, the person may enter.
    await api().ledger.auxiliary.end({ id: randomUUID(), staffId: engaged.id });
    expect((await api().ledger.person.enter(entry(60))).name).toBe('编外60');
    expect((await h.db.selectFrom('ledger.slots as s').innerJoin('ledger.persons as p', 'p.id', 's.person_id').select('s.id').where('p.id_number', '=', person(61)).execute())).toEqual([]);
  });

  it('lets an entry and an engagement of one person at the same moment both pass never', async () => {
    for (const n of [63, 64, 65]) {
      const results = await Promise.allSettled([api().ledger.person.enter(entry(n)), api().ledger.auxiliary.add(staff(3, n))]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as { cause?: { code?: string } }).cause?.code).toBe('STAFF_ALREADY_ENGAGED');
    }
  });

  it('tells a district adding someone engaged out of its reach neither where nor how, and masks ID numbers in the import', async () => {
    const neutral = await refusal(districtApi().as.ledger.auxiliary.add(staff(0, 61)));
    expect(neutral.domainCode).toBe('STAFF_ALREADY_ENGAGED');
    expect(neutral.zh).toBe(`编外61（${masked(person(61))}）已在本市其他单位在编或登记为编外人员，同一人在全市只能在一处`);
    expect((await refusal(api().ledger.auxiliary.add(staff(0, 61)))).zh).toContain('已是他区某中心的编外人员');
    const wrong = `${person(66).slice(0, 17)}${person(66).endsWith('1') ? '2' : '1'}`;
    const started = await districtApi().as.ledger.auxiliary.importStart({
      organizationId: unit(0),
      fileName: '编外.xlsx',
      contentBase64: await workbook([
        ['合同制人员', '冯八', person(61), '保洁', '财政全额', '2026-02-01', ''],
        ['合同制人员', '褚九', wrong, '保洁', '财政全额', '2026-02-01', ''],
      ]),
    });
    const status = await finished(started.id, districtApi().as);
    expect(status.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, '身份证号', '此人已在本市其他单位在编或登记为编外人员，同一人在全市只能在一处'],
      [3, '身份证号', `身份证号“${masked(wrong)}”不正确（应为18位，末位校验码须符合GB 11643）`],
    ]);
  });

  it('refuses an end after today, and dates that are no days, per row and column in the import', async () => {
    const someone = await api().ledger.auxiliary.add(staff(3, 67));
    const future = await refusal(api().ledger.auxiliary.end({ id: randomUUID(), staffId: someone.id, endedOn: '2027-01-04' }));
    expect(future.domainCode).toBe('VALIDATION_FAILED');
    expect(future.zh).toContain('离岗日期不能晚于今天');
    expect((await api().ledger.auxiliary.list({ organizationId: unit(3) })).some((s) => s.id === someone.id)).toBe(true);
    // Year 0000 is a bad request, not a 500.
    expect((await refusal(api().ledger.auxiliary.add({ ...staff(3, 68), startedOn: '0000-01-01' }))).code).toBe('BAD_REQUEST');
    expect((await refusal(api().ledger.purchase.add({ id: randomUUID(), organizationId: unit(3), function: 'greening', provider: '某绿化公司', headcount: 1, amount: 1, startsOn: '2026-01-01', endsOn: '0000-01-01' }))).code).toBe('BAD_REQUEST');
    const started = await api().ledger.auxiliary.importStart({
      organizationId: unit(3),
      fileName: '编外.xlsx',
      contentBase64: await workbook([
        ['合同制人员', '冯八', person(68), '保洁', '财政全额', '2026-02-30', ''],
        ['合同制人员', '褚九', person(69), '保洁', '财政全额', '2026-02-01', '2300-01-01'],
      ]),
    });
    const status = await finished(started.id);
    expect(status.state).toBe('failed');
    expect(status.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '到岗日期'],
      [3, '约定终止日期'],
    ]);
    expect(status.errors[0]!.message).toBe('应为1900至2200年间的有效日期，格式YYYY-MM-DD');
  });

  it('answers a retry racing the original with its row, a replay with other content with IDEMPOTENCY_MISMATCH, one id from two units never with a 500', async () => {
    const input = staff(3, 70);
    const [first, second] = await Promise.all([api().ledger.auxiliary.add(input), api().ledger.auxiliary.add(input)]);
    expect(second.id).toBe(first.id);
    expect((await refusal(api().ledger.auxiliary.add({ ...input, post: '档案整理' }))).domainCode).toBe('IDEMPOTENCY_MISMATCH');
    const id = randomUUID();
    const both = await Promise.allSettled([api().ledger.auxiliary.add({ ...staff(0, 71), id }), api().ledger.auxiliary.add({ ...staff(2, 72), id })]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as { cause?: { code?: string } }).cause?.code).toBe('IDEMPOTENCY_MISMATCH');

    const contract = { id: randomUUID(), organizationId: unit(0), function: 'greening' as const, provider: '某绿化公司', headcount: 2, amount: 1000, startsOn: '2026-01-01', endsOn: '2027-12-31' };
    const [c1, c2] = await Promise.all([api().ledger.purchase.add(contract), api().ledger.purchase.add(contract)]);
    expect(c2).toEqual(c1);
    expect((await refusal(api().ledger.purchase.add({ ...contract, amount: 2000 }))).domainCode).toBe('IDEMPOTENCY_MISMATCH');
    const cid = randomUUID();
    const contracts = await Promise.allSettled([api().ledger.purchase.add({ ...contract, id: cid, function: 'driving' }), api().ledger.purchase.add({ ...contract, id: cid, organizationId: unit(1), function: 'driving' })]);
    expect(contracts.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(((contracts.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as { cause?: { code?: string } }).cause?.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('takes no one new into an abolished unit, whose history stays readable', async () => {
    const gone = randomUUID();
    await openOrganizationAccounts(h.db, system, { organizationId: gone, jurisdictionId: h.jurisdictionId, quotaTypes: ['administrative'] });
    h.scope.addOrganization({ id: gone, name: '已撤销中心', creditCode: null, jurisdictionId: h.jurisdictionId, jurisdictionName: '测试市', status: 'abolished', kind: 'institution', institutionClass: 'welfare_1' });
    const refused = await refusal(api().ledger.auxiliary.add({ ...staff(0, 73), organizationId: gone }));
    expect(refused.domainCode).toBe('ORGANIZATION_NOT_LIVE');
    expect(refused.zh).toBe('“已撤销中心”已撤销或已并入其他单位，不能再登记编外人员或购买服务');
    expect((await refusal(api().ledger.purchase.add({ id: randomUUID(), organizationId: gone, function: 'greening', provider: '某绿化公司', headcount: 1, amount: 1, startsOn: '2026-01-01', endsOn: '2027-01-01' }))).domainCode).toBe('ORGANIZATION_NOT_LIVE');
    expect((await refusal(api().ledger.auxiliary.importStart({ organizationId: gone, fileName: '编外.xlsx', contentBase64: await workbook([['合同制人员', '蒋十', person(74), '保洁', '财政全额', '2026-02-01', '']]) }))).domainCode).toBe('ORGANIZATION_NOT_LIVE');
    expect(await api().ledger.auxiliary.list({ organizationId: gone })).toEqual([]);
  });
});
