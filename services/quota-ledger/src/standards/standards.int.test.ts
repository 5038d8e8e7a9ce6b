import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pino from 'pino';
import ExcelJS from 'exceljs';
import type { StandardDefinition } from '@bianzhi/contracts/standards';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { openOrganizationAccounts } from '../account/account.service.js';
import { createLedgerRouter } from '../router.js';
import { createTransfers, type LedgerDeps } from '../transfer/transfer.service.js';
import { ledgerHarness, system } from '../test/ledger-harness.js';

/**
 * Staffing standards on real PostgreSQL: versions kept and read as of a day, indicators with
 * history, a unit measured against approved quota and filed headcount, the proposal for a
 * filing-system unit, imports written whole or not at all, and the scope of another district.
 */
const hospitals: StandardDefinition = {
  name: '公立医院人员编制标准',
  sector: 'health',
  institutionClass: null,
  variants: [
    { key: 'grade_3', label: '三级医院' },
    { key: 'grade_2', label: '二级医院' },
  ],
  ratios: [
    { indicator: 'beds', variant: 'grade_3', mode: 'step', bands: [{ upTo: 499, staff: 1.5, per: 1 }, { upTo: null, staff: 1.7, per: 1 }] },
    { indicator: 'beds', variant: 'grade_2', mode: 'step', bands: [{ upTo: null, staff: 1.3, per: 1 }] },
  ],
  minimum: 20,
  maximum: null,
};

let h: Awaited<ReturnType<typeof ledgerHarness>>;
const callerFor = (deps: LedgerDeps) => {
  const factory = createCallerFactory(createLedgerRouter(deps));
  return (principal: Principal) => factory({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
};
let callerAs: ReturnType<typeof callerFor>;
const otherDistrict = randomUUID();
const cityAdmin = (): Principal => h.bureau('city-admin');
const districtAdmin: Principal = { kind: 'user', id: 'other-district', name: '他区编办', roles: ['district_admin'], jurisdictionId: otherDistrict, organizationId: null };
/** The zh-CN text of a refusal. */
const zh = (call: Promise<unknown>) => call.then(() => 'no refusal', (e: { cause?: { localized?: Record<string, string> } }) => e.cause?.localized?.['zh-CN']);
const workbook = async (rows: (string | number | null)[][]) => {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('指标').addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
};

beforeAll(async () => {
  h = await ledgerHarness('standards', { units: 3 });
  // The harness's scope sees everything; this one keeps another district's admin to their own district.
  const base = h.deps.scope;
  const scope: LedgerDeps['scope'] = {
    jurisdictionIdsOf: async (p) => (p.jurisdictionId === otherDistrict ? [otherDistrict] : base.jurisdictionIdsOf(p)),
    jurisdictionsOf: async (p) => (p.jurisdictionId === otherDistrict ? [{ id: otherDistrict, parentId: h.jurisdictionId, name: '他区', level: 'district' }] : [...(await base.jurisdictionsOf(p)), { id: otherDistrict, parentId: h.jurisdictionId, name: '他区', level: 'district' }]),
    lookupOrganizations: async (p, input) => (await base.lookupOrganizations(p, input)).filter((o) => p.jurisdictionId !== otherDistrict || o.jurisdictionId === otherDistrict),
  };
  callerAs = callerFor({ ...h.deps, scope });
});
afterAll(async () => h?.db.destroy());

describe('standards as versioned data', () => {
  let standardId: string;

  it('issues a standard and its next version; the earlier one still measures its own days', async () => {
    const first = await callerAs(cityAdmin()).ledger.standard.save({ code: 'HOSP', definition: hospitals, documentNumber: '示编〔2020〕1号', effectiveFrom: '2020-01-01' });
    standardId = first.id;
    expect(first.versions).toHaveLength(1);
    const second = await callerAs(cityAdmin()).ledger.standard.save({ id: standardId, expectedVersion: 1, code: 'HOSP', definition: { ...hospitals, minimum: 30 }, documentNumber: '示编〔2026〕8号', effectiveFrom: '2026-07-01' });
    expect(second.versions.map((v) => [v.version, v.documentNumber])).toEqual([
      [2, '示编〔2026〕8号'],
      [1, '示编〔2020〕1号'],
    ]);
    const before = await callerAs(cityAdmin()).ledger.standard.list({ asOf: '2026-06-30' });
    expect(before.find((s) => s.id === standardId)).toMatchObject({ latestVersion: 2, current: { version: 1, documentNumber: '示编〔2020〕1号' } });
    const after = await callerAs(cityAdmin()).ledger.standard.list({ asOf: '2026-07-01' });
    expect(after.find((s) => s.id === standardId)?.current?.version).toBe(2);
  });

  it('refuses a save over a newer version, a taken code, a changed code and an inconsistent definition, writing nothing', async () => {
    await expect(callerAs(cityAdmin()).ledger.standard.save({ id: standardId, expectedVersion: 1, code: 'HOSP', definition: hospitals, documentNumber: 'x', effectiveFrom: '2026-01-01' })).rejects.toMatchObject({ cause: { code: 'CONFLICT' } });
    expect(await zh(callerAs(cityAdmin()).ledger.standard.save({ code: 'HOSP', definition: hospitals, documentNumber: 'x', effectiveFrom: '2026-01-01' }))).toMatch(/标准编码“HOSP”已被使用/);
    expect(await zh(callerAs(cityAdmin()).ledger.standard.save({ id: standardId, expectedVersion: 2, code: 'OTHER', definition: hospitals, documentNumber: 'x', effectiveFrom: '2026-01-01' }))).toMatch(/标准编码不能修改/);
    const inconsistent = { ...hospitals, ratios: hospitals.ratios.slice(0, 1) };
    expect(await zh(callerAs(cityAdmin()).ledger.standard.save({ id: standardId, expectedVersion: 2, code: 'HOSP', definition: inconsistent, documentNumber: 'x', effectiveFrom: '2026-01-01' }))).toMatch(/适用类别“二级医院”没有设置比例/);
    expect((await callerAs(cityAdmin()).ledger.standard.get({ id: standardId })).latestVersion).toBe(2);
  });

  it('is the city bureau’s to issue; a district reads it but cannot assign it to a unit out of its scope', async () => {
    await expect(callerAs(districtAdmin).ledger.standard.save({ code: 'MINE', definition: hospitals, documentNumber: 'x', effectiveFrom: '2026-01-01' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The city's standard reaches the district below it.
    expect((await callerAs(districtAdmin).ledger.standard.list({})).map((s) => s.code)).toContain('HOSP');
    await expect(callerAs(districtAdmin).ledger.standard.assign({ organizationId: h.units[0]!.organizationId, standardId, variant: 'grade_3' })).rejects.toMatchObject({ cause: { code: 'OUT_OF_SCOPE' } });
  });

  it('refuses a save without the version it revises, a day outside 1900–2200, and two creations of one code at once but one', async () => {
    await expect(callerAs(cityAdmin()).ledger.standard.save({ id: standardId, code: 'HOSP', definition: hospitals, documentNumber: 'x', effectiveFrom: '2026-01-01' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(callerAs(cityAdmin()).ledger.standard.save({ code: 'OLD', definition: hospitals, documentNumber: 'x', effectiveFrom: '0000-01-01' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const both = await Promise.allSettled([0, 1].map(() => callerAs(cityAdmin()).ledger.standard.save({ code: 'TWICE', definition: hospitals, documentNumber: 'x', effectiveFrom: '2026-01-01' })));
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { cause: { code: 'CONFLICT' } } });
  });

  it('keeps every version: the table refuses an edit', async () => {
    await expect(sql`update ledger.staffing_standard_versions set document_number = 'changed'`.execute(h.db)).rejects.toThrow(/append-only/);
  });
});

describe('a unit measured against its standard', () => {
  let standardId: string;
  const hospital = () => h.units[0]!.organizationId;

  beforeAll(async () => {
    standardId = (await callerAs(cityAdmin()).ledger.standard.list({})).find((s) => s.code === 'HOSP')!.id;
    await h.allocate(0, 700, '2026-01-01');
  });

  it('records indicators with their history and reads them as of a day', async () => {
    await callerAs(cityAdmin()).ledger.indicator.set({ organizationId: hospital(), values: [{ indicator: 'beds', value: 400 }], effectiveDate: '2025-01-01', documentNumber: '示卫〔2025〕3号' });
    await callerAs(cityAdmin()).ledger.indicator.set({ organizationId: hospital(), values: [{ indicator: 'beds', value: 600 }], effectiveDate: '2026-03-01' });
    expect((await callerAs(cityAdmin()).ledger.indicator.get({ organizationId: hospital(), asOf: '2026-02-28' })).values).toEqual({ beds: 400 });
    const now = await callerAs(cityAdmin()).ledger.indicator.get({ organizationId: hospital() });
    expect(now.values).toEqual({ beds: 600 });
    expect(now.history.map((v) => [v.value, v.effectiveDate])).toEqual([
      [600, '2026-03-01'],
      [400, '2025-01-01'],
    ]);
    expect(await zh(callerAs(cityAdmin()).ledger.indicator.set({ organizationId: hospital(), values: [{ indicator: 'beds', value: 1 }, { indicator: 'beds', value: 2 }], effectiveDate: '2026-03-01' }))).toMatch(/同一指标填写了两次/);
  });

  it('computes the standard total and compares it with approved quota and filed headcount', async () => {
    await callerAs(cityAdmin()).ledger.standard.assign({ organizationId: hospital(), standardId, variant: 'grade_3' });
    // 600 beds at 1.7 = 1020, against 700 approved: a shortfall of 320. Not a filing-system unit: no proposal.
    expect(await callerAs(cityAdmin()).ledger.standard.unit({ organizationId: hospital() })).toMatchObject({
      standard: { code: 'HOSP', version: 2, variant: 'grade_3', variantLabel: '三级医院' },
      computation: { total: 1020, exact: '1020.00', missing: [] },
      approved: 700,
      filed: 0,
      gap: 320,
      filingSystem: false,
      proposedFiled: null,
    });
    // As of February 2026: 400 beds at 1.5 under version 1 = 600, against 700: an excess of 100.
    expect(await callerAs(cityAdmin()).ledger.standard.unit({ organizationId: hospital(), asOf: '2026-02-28' })).toMatchObject({ standard: { version: 1 }, computation: { total: 600 }, gap: -100 });
    expect(await zh(callerAs(cityAdmin()).ledger.standard.assign({ organizationId: hospital(), standardId, variant: 'grade_9' }))).toMatch(/该标准没有适用类别“grade_9”/);
  });

  it('proposes the filed headcount of a filing-system unit, and changes nothing by itself', async () => {
    const accounts = await openOrganizationAccounts(h.db, system, { organizationId: hospital(), jurisdictionId: h.jurisdictionId, quotaTypes: ['filed_headcount'] });
    const pools = await (await import('../account/account.service.js')).openJurisdictionPools(h.deps, system, { jurisdictionId: h.jurisdictionId, quotaTypes: ['filed_headcount'] });
    const pool = (kind: string) => pools.find((a) => a.kind === kind && a.ledger === 'filed_headcount')!.id;
    await createTransfers(h.deps, system, {
      linked: true,
      transfers: [
        { kind: 'single', id: randomUUID(), debitAccountId: pool('external'), creditAccountId: pool('unallocated'), amount: 200, code: 'approve_total' },
        { kind: 'single', id: randomUUID(), debitAccountId: pool('unallocated'), creditAccountId: accounts.find((a) => a.kind === 'vacant' && a.ledger === 'filed_headcount')!.id, amount: 200, code: 'allocate' },
      ],
    });
    const measured = await callerAs(cityAdmin()).ledger.standard.unit({ organizationId: hospital() });
    // Standard 1020 − approved 700 = 320 filed, against 200 held: propose +120.
    expect(measured).toMatchObject({ filingSystem: true, filed: 200, gap: 120, proposedFiled: 320, filedChange: 120 });
    // The movement to file, from the jurisdiction's unallocated filed headcount to the unit's vacancies.
    expect(measured.filedMove).toEqual({ ledger: 'filed_headcount', code: 'allocate', debitAccountId: pool('unallocated'), creditAccountId: accounts.find((a) => a.kind === 'vacant' && a.ledger === 'filed_headcount')!.id, amount: 120 });
    // More beds: the proposal follows; the filed headcount itself stays until a matter moves it.
    await callerAs(cityAdmin()).ledger.indicator.set({ organizationId: hospital(), values: [{ indicator: 'beds', value: 700 }], effectiveDate: '2026-06-01' });
    expect(await callerAs(cityAdmin()).ledger.standard.unit({ organizationId: hospital() })).toMatchObject({ computation: { total: 1190 }, filed: 200, proposedFiled: 490, filedChange: 290 });
  });

  it('reports a subtree: per unit, per jurisdiction, in all, and as a workbook', async () => {
    await callerAs(cityAdmin()).ledger.standard.assign({ organizationId: h.units[1]!.organizationId, standardId, variant: 'grade_2' });
    const report = await callerAs(cityAdmin()).analysis.standards.gap({});
    expect(report.summary).toMatchObject({ units: 2, measured: 2, incomplete: 1, standard: 1190 + 30, approved: 700, filed: 200, shortfall: 290 + 30 });
    expect(report.units.map((u) => [u.name, u.gap, u.computation?.missing])).toEqual([
      ['测试单位1', 290, []],
      ['测试单位2', 30, ['beds']],
    ]);
    expect(report.byJurisdiction).toEqual([{ jurisdictionId: h.jurisdictionId, name: '测试市', measured: 2, standard: 1220, held: 900, shortfall: 320, excess: 0 }]);
    const file = await callerAs(cityAdmin()).analysis.standards.exportXlsx({});
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    const values = sheet.getSheetValues().flat().map(String);
    expect(values).toEqual(expect.arrayContaining(['测试单位1', '1190', '490', '测试单位2', '核定床位数']));
  });

  it('imports indicators from a workbook: every bad cell named, nothing written; then all rows', async () => {
    const before = await h.db.selectFrom('ledger.indicator_values').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const bad = await workbook([
      ['单位名称', '核定床位数', '服务人口'],
      ['测试单位2', 300, ''],
      ['测试单位3', -5, 12000],
      ['不存在的单位', 10, ''],
    ]);
    const refused = await callerAs(cityAdmin())
      .ledger.indicator.import({ fileName: 'bad.xlsx', contentBase64: bad, effectiveDate: '2026-06-01' })
      .catch((e: { cause?: { detail?: { problems?: { message: { 'zh-CN': string } }[] } } }) => e.cause?.detail?.problems?.map((p) => p.message['zh-CN']));
    expect(refused).toEqual(['第3行“核定床位数”：应为不小于0的整数', '第4行“单位名称”：找不到单位“不存在的单位”，或不在您的管辖范围内']);
    const after = await h.db.selectFrom('ledger.indicator_values').select((e) => e.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const good = await workbook([
      ['单位名称', '核定床位数', '服务人口'],
      ['测试单位2', 300, ''],
      ['测试单位3', 50, 12000],
    ]);
    expect(await callerAs(cityAdmin()).ledger.indicator.import({ fileName: 'good.xlsx', contentBase64: good, effectiveDate: '2026-06-01' })).toEqual({ units: 2, values: 3 });
    // 300 beds at 1.3 (二级) = 390.
    expect(await callerAs(cityAdmin()).ledger.standard.unit({ organizationId: h.units[1]!.organizationId })).toMatchObject({ computation: { total: 390, missing: [] }, gap: 390 });
  });

  it('keeps a variant units are measured as, and measures nobody as a variant not yet in force', async () => {
    // Version 3 without 二级医院, while a unit is measured as it: refused, naming it.
    const withoutGrade2 = { ...hospitals, variants: hospitals.variants.slice(0, 1), ratios: hospitals.ratios.slice(0, 1) };
    expect(await zh(callerAs(cityAdmin()).ledger.standard.save({ id: standardId, expectedVersion: 2, code: 'HOSP', definition: withoutGrade2, documentNumber: 'x', effectiveFrom: '2027-01-01' }))).toMatch(/适用类别“二级医院”（1个单位）仍有单位适用/);
    // A version waiting for next year adds 中医院: nobody may be measured as it before then.
    const withTcm = { ...hospitals, variants: [...hospitals.variants, { key: 'tcm', label: '中医院' }], ratios: [...hospitals.ratios, { indicator: 'beds' as const, variant: 'tcm', mode: 'step' as const, bands: [{ upTo: null, staff: 1.2, per: 1 }] }] };
    await callerAs(cityAdmin()).ledger.standard.save({ id: standardId, expectedVersion: 2, code: 'HOSP', definition: withTcm, documentNumber: '示编〔2026〕99号', effectiveFrom: '2027-01-01' });
    expect(await zh(callerAs(cityAdmin()).ledger.standard.assign({ organizationId: h.units[2]!.organizationId, standardId, variant: 'tcm' }))).toMatch(/该标准没有适用类别“tcm”/);
  });

  it('leaves an abolished unit out of the report, and gives it no new indicator or standard', async () => {
    const [third] = await h.scope.lookupOrganizations(system, { ids: [h.units[2]!.organizationId] });
    await callerAs(cityAdmin()).ledger.standard.assign({ organizationId: third!.id, standardId, variant: 'grade_2' });
    expect((await callerAs(cityAdmin()).analysis.standards.gap({})).units.map((u) => u.name)).toContain('测试单位3');
    third!.status = 'abolished';
    try {
      expect((await callerAs(cityAdmin()).analysis.standards.gap({})).units.map((u) => u.name)).not.toContain('测试单位3');
      await expect(callerAs(cityAdmin()).ledger.indicator.set({ organizationId: third!.id, values: [{ indicator: 'beds', value: 1 }], effectiveDate: '2026-06-01' })).rejects.toMatchObject({ cause: { code: 'ORGANIZATION_NOT_LIVE' } });
      // Its history stays readable.
      expect((await callerAs(cityAdmin()).ledger.indicator.get({ organizationId: third!.id })).values).toMatchObject({ beds: 50 });
    } finally {
      third!.status = 'active';
    }
  });

  it('writes an audit event for every change', async () => {
    const types = (await h.db.selectFrom('ledger.outbox').select('event_type').execute()).map((r) => r.event_type);
    expect(types).toEqual(expect.arrayContaining(['ledger.standard.saved', 'ledger.standard.assigned', 'ledger.indicator.set', 'ledger.indicator.imported']));
  });

  it('keeps another district’s admin out of the city’s units', async () => {
    const unit = hospital();
    await expect(callerAs(districtAdmin).ledger.indicator.get({ organizationId: unit })).rejects.toMatchObject({ cause: { code: 'OUT_OF_SCOPE' } });
    await expect(callerAs(districtAdmin).ledger.indicator.set({ organizationId: unit, values: [{ indicator: 'beds', value: 1 }], effectiveDate: '2026-06-01' })).rejects.toMatchObject({ cause: { code: 'OUT_OF_SCOPE' } });
    await expect(callerAs(districtAdmin).ledger.standard.unit({ organizationId: unit })).rejects.toMatchObject({ cause: { code: 'OUT_OF_SCOPE' } });
    // Their import names the unit as not found in their jurisdiction.
    const file = await workbook([
      ['单位名称', '核定床位数'],
      ['测试单位1', 1],
    ]);
    await expect(callerAs(districtAdmin).ledger.indicator.import({ fileName: 'x.xlsx', contentBase64: file, effectiveDate: '2026-06-01' })).rejects.toMatchObject({ cause: { code: 'IMPORT_INVALID' } });
    expect((await callerAs(cityAdmin()).ledger.indicator.get({ organizationId: unit })).values).toEqual({ beds: 700 });
  });
});
