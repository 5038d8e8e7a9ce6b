import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnualReportDto } from '@bianzhi/contracts/annual-report';
import type { QuotaType } from '@bianzhi/contracts/ledger';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { Principal } from '@bianzhi/domain/access';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { abolishOrganization } from '@bianzhi/registry/organization/organization-lifecycle';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { registryScope } from '@bianzhi/registry/scope-client';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import { openJurisdictionPools, openOrganizationAccounts } from '../account/account.service.js';
import { inMemoryRules } from '../rules/rules.port.js';
import { createLedgerRouter } from '../router.js';
import { idNumberOf, refusal } from '../test/ledger-harness.js';
import { createTransfers, type LedgerDeps } from '../transfer/transfer.service.js';

/**
 * 统计年报 on real PostgreSQL with the registry served over HTTP (the ledger asks it for the
 * organizations as of a day on the caller's behalf, as in production). A small city is seeded through
 * the services' own functions, and every figure of the 2025 return is computed by hand below.
 */
const secret = 'test-internal-secret-that-is-long-enough';
const seed = servicePrincipal('seed');
let testDb: TestDatabase<unknown>;
let host: FastifyInstance;
let deps: LedgerDeps;
const j = { city: '', haishu: '', jiangbei: '' };
const u = { finance: '', archives: '', veterans: '', education: '', newCentre: '', audit: '' };
const admin = (id: string, role: Principal['roles'][number], jurisdiction: keyof typeof j): Principal => ({ kind: 'user', id, name: id, roles: [role], jurisdictionId: j[jurisdiction], organizationId: null });
const callerAs = (principal: Principal) => createCallerFactory(createLedgerRouter(deps))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
const city = () => callerAs(admin('city-admin', 'city_admin', 'city'));

beforeAll(async () => {
  testDb = await createTestDatabase('annual-report');
  const registryDb = testDb.db as Kysely<RegistryDB>;
  const ledgerDb = testDb.db as Kysely<LedgerDB>;
  host = await createServiceHost({ name: 'registry', host: '127.0.0.1', port: 0, logLevel: 'silent', router: createRegistryRouter(registryDb, fakeViolations()), internalSecret: secret, readiness: {} });
  await host.listen({ host: '127.0.0.1', port: 0 });
  const address = host.server.address();
  const registryUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  deps = { db: ledgerDb, scope: registryScope({ registryUrl, secret, cacheMs: 0 }), rules: inMemoryRules().port, clock: () => new Date() };

  // The registry: the city and two districts; six units, one abolished and one established in 2025.
  const cityRow = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330200', name: '示范市' });
  j.city = cityRow.id;
  j.haishu = (await createJurisdiction(registryDb, seed, { parentId: j.city, level: 'district', code: '330203', name: '海曙区' })).id;
  j.jiangbei = (await createJurisdiction(registryDb, seed, { parentId: j.city, level: 'district', code: '330205', name: '江北区' })).id;
  const registry = { db: registryDb, violations: fakeViolations() };
  const unit = async (jurisdictionId: string, name: string, kind: 'organ' | 'institution', rank: 'zheng_chu' | 'fu_chu' | 'zheng_ke' | 'fu_ke', effectiveDate: string, institutionClass?: 'welfare_1' | 'welfare_2') =>
    (await createOrganization(registry, seed, { jurisdictionId, name, kind, rank, basis: 'inventory', effectiveDate, ...(institutionClass ? { institutionClass } : {}) })).id;
  u.finance = await unit(j.city, '示范市财政局', 'organ', 'zheng_chu', '2020-01-01');
  u.archives = await unit(j.city, '示范市档案馆', 'institution', 'fu_chu', '2020-01-01', 'welfare_1');
  u.veterans = await unit(j.city, '示范市老干部活动中心', 'institution', 'zheng_ke', '2020-01-01', 'welfare_2');
  u.education = await unit(j.haishu, '海曙区教育局', 'organ', 'zheng_ke', '2020-01-01');
  u.newCentre = await unit(j.haishu, '海曙区政务数据中心', 'institution', 'fu_ke', '2025-05-01', 'welfare_1');
  u.audit = await unit(j.jiangbei, '江北区审计局', 'organ', 'zheng_ke', '2020-01-01');
  await abolishOrganization(registry, seed, { id: u.veterans, effectiveDate: '2025-06-30', documentNumber: '示编〔2025〕9号' });

  // The ledger: pools, unit accounts, and quota approved at the start of 2024, changed in 2025 and 2026.
  const pools: Record<string, Record<string, string>> = {};
  for (const [key, id] of Object.entries(j)) {
    const accounts = await openJurisdictionPools(deps, seed, { jurisdictionId: id, quotaTypes: ['administrative', 'institution'] });
    pools[key] = Object.fromEntries(accounts.map((a) => [`${a.ledger}.${a.kind}`, a.id]));
  }
  const vacant: Record<string, string> = {};
  const types: Record<keyof typeof u, [keyof typeof j, QuotaType]> = { finance: ['city', 'administrative'], archives: ['city', 'institution'], veterans: ['city', 'institution'], education: ['haishu', 'administrative'], newCentre: ['haishu', 'institution'], audit: ['jiangbei', 'administrative'] };
  for (const [key, [jurisdiction, ledger]] of Object.entries(types)) {
    const accounts = await openOrganizationAccounts(ledgerDb, seed, { organizationId: u[key as keyof typeof u], jurisdictionId: j[jurisdiction], quotaTypes: [ledger] });
    vacant[key] = accounts.find((a) => a.kind === 'vacant')!.id;
  }
  const move = (from: string, to: string, amount: number, code: 'approve_total' | 'allocate' | 'increase' | 'recover', effectiveDate: string) => ({ kind: 'single' as const, id: randomUUID(), debitAccountId: from, creditAccountId: to, amount, code, effectiveDate });
  const p = (jurisdiction: string, key: string) => pools[jurisdiction]![key]!;
  await createTransfers(deps, seed, {
    linked: true,
    transfers: [
      move(p('city', 'administrative.external'), p('city', 'administrative.unallocated'), 100, 'approve_total', '2024-01-01'),
      move(p('city', 'institution.external'), p('city', 'institution.unallocated'), 100, 'approve_total', '2024-01-01'),
      move(p('city', 'administrative.unallocated'), vacant.finance!, 10, 'allocate', '2024-01-01'),
      move(p('city', 'institution.unallocated'), vacant.archives!, 8, 'allocate', '2024-01-01'),
      move(p('city', 'institution.unallocated'), vacant.veterans!, 3, 'allocate', '2024-01-01'),
      move(p('city', 'administrative.unallocated'), p('haishu', 'administrative.unallocated'), 20, 'allocate', '2024-01-01'),
      move(p('city', 'institution.unallocated'), p('haishu', 'institution.unallocated'), 10, 'allocate', '2024-01-01'),
      move(p('haishu', 'administrative.unallocated'), vacant.education!, 6, 'allocate', '2024-01-01'),
      move(p('city', 'administrative.unallocated'), p('jiangbei', 'administrative.unallocated'), 10, 'allocate', '2024-01-01'),
      move(p('jiangbei', 'administrative.unallocated'), vacant.audit!, 5, 'allocate', '2024-01-01'),
      move(p('city', 'administrative.unallocated'), vacant.finance!, 2, 'increase', '2025-03-01'),
      move(p('haishu', 'institution.unallocated'), vacant.newCentre!, 4, 'allocate', '2025-05-01'),
      move(vacant.veterans!, p('city', 'institution.unallocated'), 3, 'recover', '2025-06-30'),
      move(p('city', 'institution.unallocated'), vacant.archives!, 1, 'increase', '2026-02-01'),
    ],
  });

  // The roll: six people entered through approved plans, two of whom leave (one in 2025, one in 2026).
  const system = servicePrincipal('test');
  const enter = async (key: keyof typeof u, ledger: QuotaType, person: { name: string; body: string; education: string; postCategory: 'management' | 'professional' | 'worker' }, entryKind: 'exam' | 'transfer_in' | 'military' | 'talent', enteredOn: string) => {
    const planId = randomUUID();
    await city().ledger.plan.file({ id: planId, organizationId: u[key], ledger, places: 1, endsOn: '2027-12-31', reason: '年报测试' });
    await callerAs(system).ledger.plan.approve({ id: planId });
    return (await callerAs(system).ledger.person.enter({ id: randomUUID(), planId, entryKind, enteredOn, person: { name: person.name, idNumber: idNumberOf(person.body), education: person.education, postCategory: person.postCategory } })).id;
  };
  await enter('finance', 'administrative', { name: '甲', body: '33020319900501101', education: '硕士研究生', postCategory: 'management' }, 'exam', '2024-03-01');
  const retiring = await enter('finance', 'administrative', { name: '乙', body: '33020319660301202', education: '大学本科', postCategory: 'management' }, 'exam', '2024-03-01');
  await enter('finance', 'administrative', { name: '丙', body: '33020319981231302', education: '大学本科', postCategory: 'professional' }, 'exam', '2025-07-01');
  await enter('archives', 'institution', { name: '丁', body: '33020319850101401', education: '大专', postCategory: 'professional' }, 'talent', '2024-05-01');
  await enter('education', 'administrative', { name: '戊', body: '33020319750615501', education: '高中', postCategory: 'worker' }, 'transfer_in', '2025-09-01');
  const leaving = await enter('audit', 'administrative', { name: '己', body: '33020319801231602', education: '', postCategory: 'management' }, 'military', '2024-01-10');
  await callerAs(system).ledger.person.exit({ id: randomUUID(), slotId: retiring, exitKind: 'retirement', exitedOn: '2025-03-31' });
  await callerAs(system).ledger.person.exit({ id: randomUUID(), slotId: leaving, exitKind: 'resignation', exitedOn: '2026-01-15' });

  // Staff outside quota: one contract employee through the year, one temporary who left in 2025.
  const outside = callerAs(admin('city-admin', 'city_admin', 'city'));
  await outside.ledger.auxiliary.add({ id: randomUUID(), organizationId: u.finance, kind: 'contract', name: '庚', idNumber: idNumberOf('33020319920202701'), post: '出纳', funding: 'fiscal_full', startedOn: '2024-06-01' });
  const temp = await outside.ledger.auxiliary.add({ id: randomUUID(), organizationId: u.education, kind: 'temporary', name: '辛', idNumber: idNumberOf('33020319930303802'), post: '保洁', funding: 'self_raised', startedOn: '2025-01-01' });
  await outside.ledger.auxiliary.end({ id: randomUUID(), staffId: temp.id, endedOn: '2025-08-31' });
});

afterAll(async () => {
  await host?.close();
  await testDb?.drop();
});

const failed = (report: AnnualReportDto) => report.checks.filter((c) => !c.passed);

describe('the annual statistical report (统计年报)', () => {
  it('counts the organizations standing on December 31: the one abolished in 2025 is out, the one established in 2025 is in', async () => {
    const report = await city().analysis.annual.report({ year: 2025 });
    expect(report).toMatchObject({ format: 'bianzhi.annual-report/1', year: 2025, asOf: '2025-12-31', startOf: '2024-12-31', provisional: false, jurisdiction: { id: j.city, name: '示范市', level: 'city' } });
    expect(report.organizations).toMatchObject({ total: 5, atStart: 5, institutions: 2, byKind: { organ: 3, institution: 2, dispatched: 0 }, byRank: { zheng_chu: 1, fu_chu: 1, zheng_ke: 2, fu_ke: 1 }, byClass: { welfare_1: 2, welfare_2: 0 } });
    expect(report.organizations.byJurisdiction.map((g) => [g.name, g.own, g.total])).toEqual([
      ['示范市', true, 2],
      ['海曙区', false, 2],
      ['江北区', false, 1],
    ]);
    // At the end of 2024 the veterans' centre still stood and the data centre did not yet.
    expect((await city().analysis.annual.report({ year: 2024 })).organizations).toMatchObject({ total: 5, byClass: { welfare_1: 1, welfare_2: 1 } });
  });

  it('gives quota, occupied and vacant by type and by jurisdiction as of December 31', async () => {
    const report = await city().analysis.annual.report({ year: 2025 });
    // Administrative: 12 + 6 + 5; institution: 8 + 0 (recovered) + 4. People: 4 and 1. Vacant: approved − occupied.
    expect(report.quota.total).toEqual({ quota: 35, occupied: 5, vacant: 30, over: 0 });
    expect(report.quota.byType).toEqual([
      { ledger: 'administrative', quota: 23, occupied: 4, vacant: 19, over: 0 },
      { ledger: 'institution', quota: 12, occupied: 1, vacant: 11, over: 0 },
    ]);
    expect(report.quota.byJurisdiction.map((g) => [g.name, g.quota, g.occupied])).toEqual([
      ['示范市', 20, 3],
      ['海曙区', 10, 1],
      ['江北区', 5, 1],
    ]);
  });

  it('counts the people on the roll by sex, age on December 31, education and post category', async () => {
    const { people } = await city().analysis.annual.report({ year: 2025 });
    const admin = people.byType.find((t) => t.ledger === 'administrative')!;
    expect(admin.total).toBe(4);
    expect(admin.bySex).toEqual({ male: 2, female: 2 });
    // 甲 35, 丙 27 (born on December 31), 戊 50, 己 45 (born on December 31).
    expect(admin.byAge).toEqual({ to30: 1, '31to35': 1, '36to40': 0, '41to45': 1, '46to50': 1, '51to55': 0, '56plus': 0 });
    expect(admin.byEducation).toEqual({ postgraduate: 1, bachelor: 1, college: 0, secondary: 1, unrecorded: 1 });
    expect(admin.byPostCategory).toEqual({ management: 2, professional: 1, worker: 1 });
    expect(people.total).toMatchObject({ total: 5, bySex: { male: 3, female: 2 }, byAge: { '36to40': 1 }, byEducation: { college: 1 }, byPostCategory: { professional: 2 } });
  });

  it('gives the year’s changes: entries and exits by reason, quota changes by cause, and the staff outside quota', async () => {
    const report = await city().analysis.annual.report({ year: 2025 });
    expect(report.changes.people).toEqual([
      { ledger: 'administrative', atStart: 3, entries: { exam: 1, transfer_in: 1, military: 0, talent: 0 }, exits: { retirement: 1, resignation: 0, transfer_out: 0, death: 0, dismissal: 0 }, atEnd: 4 },
      { ledger: 'institution', atStart: 1, entries: { exam: 0, transfer_in: 0, military: 0, talent: 0 }, exits: { retirement: 0, resignation: 0, transfer_out: 0, death: 0, dismissal: 0 }, atEnd: 1 },
    ]);
    expect(report.changes.quota).toEqual([
      { ledger: 'administrative', atStart: 21, byCode: { increase: 2 }, atEnd: 23 },
      { ledger: 'institution', atStart: 11, byCode: { allocate: 4, recover: -3 }, atEnd: 12 },
    ]);
    expect(report.outsideQuota).toMatchObject({ total: 1, byFunding: { fiscal_full: 1, fiscal_partial: 0, self_raised: 0 } });
    expect(report.outsideQuota.byKind.find((k) => k.kind === 'contract')).toMatchObject({ total: 1 });
    expect(report.checks.length).toBeGreaterThan(7);
    expect(failed(report)).toEqual([]);
  });

  it('reports a district’s own subtree, and refuses another district’s or a year not begun', async () => {
    const haishu = callerAs(admin('haishu-admin', 'district_admin', 'haishu'));
    const own = await haishu.analysis.annual.report({ year: 2025 });
    expect(own).toMatchObject({ jurisdiction: { id: j.haishu }, organizations: { total: 2 }, quota: { total: { quota: 10, occupied: 1 } } });
    expect((await refusal(haishu.analysis.annual.report({ year: 2025, jurisdictionId: j.jiangbei }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(haishu.analysis.annual.export({ year: 2025, jurisdictionId: j.jiangbei, format: 'xlsx' }))).domainCode).toBe('OUT_OF_SCOPE');
    const future = await refusal(city().analysis.annual.report({ year: new Date().getFullYear() + 1 }));
    expect(future.zh).toContain('尚未开始');
  });

  it('writes the Excel return: one titled sheet per table with who, when and the unit, a totals row, and the checks', async () => {
    const file = await city().analysis.annual.export({ year: 2025, format: 'xlsx' });
    expect(file.filename).toBe('机构编制统计年报-示范市-2025.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['表1 机构', '表2 机构规格', '表3 事业单位分类', '表4 编制', '表5 分区划编制', '表6 在编人员', '表7 人员增减', '表8 编制增减', '表9 编外人员', '表间校验']);
    const quota = book.getWorksheet('表4 编制')!;
    expect(quota.getRow(1).getCell(1).value).toBe('2025年编制及实有人员（按编制类型）');
    expect(String(quota.getRow(2).getCell(1).value)).toBe('填报单位：示范市　统计时点：2025-12-31　计量单位：名');
    const last = quota.getRow(quota.rowCount);
    expect([last.getCell(1).value, last.getCell(2).value, last.getCell(3).value]).toEqual(['合计', 35, 5]);
    const moves = book.getWorksheet('表7 人员增减')!;
    expect(moves.getRow(moves.rowCount).values).toEqual([undefined, '合计', 4, 1, 1, 0, 0, 2, 1, 0, 0, 0, 0, 1, 5]);
  });

  it('finds a roll imported with past entry dates inconsistent with the quota table, names the check, and still renders, marked', async () => {
    // The import posts its places on the day it runs, the people on their entry dates: at the end
    // of 2025 the roll holds one more person than the audit office's occupied places.
    const sheet = new ExcelJS.Workbook();
    const rows = sheet.addWorksheet('实名制名册');
    rows.addRow(['单位名称', '编制类型', '姓名', '身份证号', '学历', '岗位类别', '进入方式', '入编日期']);
    rows.addRow(['江北区审计局', '行政编制', '壬', idNumberOf('33020319880808901'), '大学本科', '管理岗', '考录', '2025-10-01']);
    const started = await city().ledger.person.importStart({ fileName: 'roll.xlsx', contentBase64: Buffer.from(await sheet.xlsx.writeBuffer()).toString('base64'), documentNumber: '示编〔2026〕60号' });
    let state = '';
    for (let i = 0; i < 100 && state !== 'done' && state !== 'failed'; i++) {
      state = (await city().ledger.person.importStatus({ id: started.id })).state;
      if (state !== 'done') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(state).toBe('done');
    const report = await city().analysis.annual.report({ year: 2025 });
    expect(failed(report)).toEqual([{ code: 'occupied_equals_people', ledger: 'administrative', expected: 4, actual: 5, difference: 1, passed: false }]);
    expect(report.failedChecks).toBe(1);
    const pdf = await city().analysis.annual.export({ year: 2025, format: 'pdf' });
    expect(pdf.contentType).toBe('application/pdf');
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const file = await city().analysis.annual.export({ year: 2025, format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    const checks = book.getWorksheet('表间校验')!;
    expect(checks.getRow(1).getCell(1).value).toBe('2025年表间校验（1项未通过）');
    const failedRows = checks.getRows(4, checks.rowCount - 3)!.filter((r) => r.getCell(6).value === '未通过');
    expect(failedRows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(5).value])).toEqual([['编制表实有人数 = 人员表在编人数', '行政编制', 1]]);
  });
});
