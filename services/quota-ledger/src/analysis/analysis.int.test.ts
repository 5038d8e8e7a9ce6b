import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOrganizationAccounts } from '../account/account.service.js';
import { createTransfers } from '../transfer/transfer.service.js';
import { idNumberOf, ledgerHarness, system } from '../test/ledger-harness.js';
import { closeEndedMonths } from './analysis.service.js';

/**
 * The dashboard, trends, retirement forecast and dormant vacancies against sums taken straight from
 * the tables. The clock stands at 2026-11-23; a district under the city holds one more unit.
 */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
const api = () => h.callerAs(h.bureau());
const districtId = randomUUID();
let districtUnit = '';

beforeAll(async () => {
  h = await ledgerHarness('ledger-analysis', { units: 3 });
  (await h.scope.jurisdictionsOf(h.bureau())).push({ id: districtId, parentId: h.jurisdictionId, name: '测试区', level: 'district' });
  districtUnit = randomUUID();
  const accounts = await openOrganizationAccounts(h.db, system, { organizationId: districtUnit, jurisdictionId: districtId, quotaTypes: ['administrative'] });
  h.scope.addOrganization({ id: districtUnit, name: '测试区单位', creditCode: null, jurisdictionId: districtId, jurisdictionName: '测试区', status: 'active', kind: 'organ', institutionClass: null });
  await h.allocate(0, 10, '2026-10-01');
  await h.allocate(1, 4, '2026-11-05');
  await createTransfers(h.deps, system, {
    linked: true,
    transfers: [
      { kind: 'single', id: randomUUID(), debitAccountId: h.pool('external'), creditAccountId: h.pool('unallocated'), amount: 6, code: 'approve_total', effectiveDate: '2026-09-01' },
      { kind: 'single', id: randomUUID(), debitAccountId: h.pool('unallocated'), creditAccountId: accounts.find((a) => a.kind === 'vacant')!.id, amount: 6, code: 'allocate', effectiveDate: '2026-09-01' },
    ],
  });
  const planId = randomUUID();
  await h.callerAs(h.departmentUser(0)).ledger.plan.file({ id: planId, organizationId: h.units[0]!.organizationId, ledger: 'administrative', places: 2, endsOn: '2026-12-31', reason: '招录' });
  await h.callerAs(system).ledger.plan.approve({ id: planId });
  // A man born July 1966 retires in December 2026 (60 years plus 5 months).
  await api().ledger.person.enter({ id: randomUUID(), planId, entryKind: 'exam', enteredOn: '2026-10-15', person: { name: '吴建国', idNumber: idNumberOf('33020319660715101'), education: '大专', postCategory: 'management' } });
});
afterAll(async () => h?.drop());

/** Straight from the accounts: quota and occupied per jurisdiction. */
async function accountSums() {
  const { rows } = await sql<{ jurisdiction_id: string; quota: string; occupied: string }>`
    select jurisdiction_id, sum(credits_posted - debits_posted) as quota,
      sum(credits_posted - debits_posted) filter (where kind = 'occupied') as occupied
    from ledger.accounts where holder_kind = 'organization' group by jurisdiction_id`.execute(h.db);
  return new Map(rows.map((r) => [r.jurisdiction_id, { quota: Number(r.quota), occupied: Number(r.occupied ?? 0) }]));
}

describe('analysis', () => {
  it('sums the dashboard over the subtree, by type and by level, as the accounts do', async () => {
    const sums = await accountSums();
    const city = sums.get(h.jurisdictionId)!;
    const district = sums.get(districtId)!;
    const summary = await api().analysis.dashboard.summary({});
    expect(summary).toMatchObject({ jurisdictionId: h.jurisdictionId, name: '测试市', retirementsNextMonth: 1 });
    expect(summary.total).toMatchObject({ quota: city.quota + district.quota, occupied: city.occupied + district.occupied, over: 0, overUnits: 0, units: 4 });
    // One reserved place (the plan's second) is not vacant.
    expect(summary.total.vacant).toBe(city.quota + district.quota - city.occupied - district.occupied - 1);
    expect(summary.byType).toMatchObject([{ ledger: 'administrative', quota: 20 }]);
    expect(summary.byLevel).toEqual([
      { level: 'city', units: 3, quota: city.quota, occupied: city.occupied, vacant: city.quota - city.occupied - 1, over: 0 },
      { level: 'district', units: 1, quota: 6, occupied: 0, vacant: 6, over: 0 },
    ]);
    expect((await api().analysis.dashboard.summary({ jurisdictionId: districtId })).total).toMatchObject({ quota: 6, units: 1 });
  });

  it('drills down from the city to its district and its own units', async () => {
    const city = await api().analysis.dashboard.drilldown({});
    expect(city.children).toEqual([{ id: districtId, name: '测试区', level: 'district', units: 1, quota: 6, occupied: 0, vacant: 6, over: 0 }]);
    expect(city.units.map((u) => u.name).sort()).toEqual(['测试单位1', '测试单位2', '测试单位3']);
    expect(city.units.find((u) => u.name === '测试单位1')).toMatchObject({ quota: 10, occupied: 1, byType: [{ ledger: 'administrative', quota: 10, occupied: 1 }] });
    const district = await api().analysis.dashboard.drilldown({ jurisdictionId: districtId });
    expect(district).toMatchObject({ jurisdiction: { id: districtId, parentId: h.jurisdictionId }, children: [], units: [{ name: '测试区单位', quota: 6 }] });
  });

  it('writes each ended month’s figures once and draws the trend from them, with this month live', async () => {
    const written = await closeEndedMonths(h.deps);
    expect(written).toContain('2026-10-01');
    expect(await closeEndedMonths(h.deps)).toEqual([]);
    const { rows } = await sql<{ quota: string }>`
      select sum(e.d_credits_posted - e.d_debits_posted) as quota from ledger.entries e join ledger.accounts a on a.id = e.account_id
      where a.holder_kind = 'organization' and e.effective_date <= '2026-10-31'`.execute(h.db);
    const points = await api().analysis.dashboard.trend({ months: 4 });
    const all = points.filter((p) => p.ledger === 'all');
    expect(all.map((p) => p.month)).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(all.find((p) => p.month === '2026-10')).toMatchObject({ quota: Number(rows[0]!.quota), occupied: 1 });
    expect(all.find((p) => p.month === '2026-09')).toMatchObject({ quota: 6, occupied: 0 });
    expect(all.find((p) => p.month === '2026-11')).toMatchObject({ quota: 20, occupied: 1 });
  });

  it('forecasts retirements month by month for five years and lists next month’s, ID numbers masked', async () => {
    const forecast = await api().analysis.retirement.forecast({});
    expect(forecast.months).toHaveLength(60);
    expect(forecast.months[0]).toEqual({ month: '2026-12', byType: { administrative: 1 }, total: 1 });
    expect(forecast.months.slice(1).every((m) => m.total === 0)).toBe(true);
    expect(forecast.units).toEqual([{ organizationId: h.units[0]!.organizationId, name: '测试单位1', total: 1, byType: { administrative: 1 } }]);
    const people = await api().analysis.retirement.nextMonth({});
    expect(people).toMatchObject([{ name: '吴建国', organizationName: '测试单位1', retiresOn: '2026-12-01', ledger: 'administrative' }]);
    expect(people[0]!.idNumberMasked).not.toContain('19660715');
  });

  it('lists vacancies nobody has used or received for N months', async () => {
    const dormant = await api().analysis.dormant.list({ months: 1 });
    // Unit 1: quota in October, an entry on 15 October; the district unit: quota in September. Unit 2 received quota in November.
    expect(dormant.map((d) => [d.name, d.vacant, d.idleMonths])).toEqual([
      ['测试单位1', 8, 1],
      ['测试区单位', 6, 2],
    ]);
    expect(await api().analysis.dormant.list({ months: 3 })).toEqual([]);
    // The action on a row: a recovery of part of the vacancies back to the jurisdiction's pool.
    expect(dormant[0]!.poolAccountId).toBe(h.pool('unallocated'));
    // Applied as an approved matter's effect (a bureau files the recovery as a matter; the platform applies it).
    const [result] = await h.callerAs(system).ledger.transfer.create({ linked: false, transfers: [{ kind: 'single', id: randomUUID(), debitAccountId: dormant[0]!.vacantAccountId, creditAccountId: dormant[0]!.poolAccountId!, amount: 1, code: 'recover', documentNumber: '示编〔2026〕30号', approvalRef: 'matter/recover-dormant' }] });
    expect(result!.status).toBe('created');
    expect((await api().analysis.dormant.list({ months: 1 }))[0]).toMatchObject({ name: '测试单位1', vacant: 7 });
  });

  it('imports HR’s posts all or nothing and flags units whose posts do not fit their quota or occupants', async () => {
    const csv = (lines: string[]) => ({ fileName: 'posts.csv', contentBase64: Buffer.from(lines.join('\n')).toString('base64') });
    const bad = csv(['单位名称,管理岗位,专业技术岗位,工勤技能岗位', '测试单位1,2,x,0', '不存在的单位,1,1,1']);
    await expect(api().analysis.posts.import(bad)).rejects.toMatchObject({ cause: { code: 'IMPORT_INVALID', detail: { problems: [{ row: 2, column: '专业技术岗位' }, { row: 3, column: '单位名称' }] } } });
    expect(await h.db.selectFrom('ledger.post_counts').selectAll().execute()).toEqual([]);
    // Unit 1: quota 9 (one recovered), one manager on the roll but no management post; unit 2: quota 4, 6 posts.
    expect(await api().analysis.posts.import(csv(['单位名称,管理岗位,专业技术岗位,工勤技能岗位', '测试单位1,0,8,1', '测试单位2,2,3,1']))).toEqual({ units: 2 });
    const rows = await api().analysis.posts.compare({});
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['测试单位1']).toMatchObject({ quota: 9, occupied: 1, posts: { management: 0, professional: 8, worker: 1, total: 9 }, occupiedByCategory: { management: 1 }, mismatches: ['occupied_exceed_posts'] });
    expect(byName['测试单位2']).toMatchObject({ quota: 4, posts: { total: 6 }, mismatches: ['posts_exceed_quota'] });
    expect(byName['测试单位3']).toMatchObject({ posts: null, mismatches: ['no_posts'] });
    expect((await api().analysis.posts.compare({ mismatchesOnly: true })).every((r) => r.mismatches.length > 0)).toBe(true);
  });

  it('takes a unit’s yearly demand, shows it beside vacancies and retirements, and records the bureau’s decision once', async () => {
    const unit = h.units[0]!.organizationId;
    const id = randomUUID();
    const request = { id, organizationId: unit, year: 2026, ledger: 'administrative' as const, places: 3, reason: '统计业务量增加' };
    await h.callerAs(h.departmentUser(0)).analysis.demand.submit(request);
    await h.callerAs(h.departmentUser(0)).analysis.demand.submit(request);
    await expect(h.callerAs(h.departmentUser(0)).analysis.demand.submit({ ...request, places: 4 })).rejects.toMatchObject({ cause: { code: 'IDEMPOTENCY_MISMATCH' } });
    await expect(h.callerAs(h.departmentUser(1)).analysis.demand.submit({ ...request, id: randomUUID() })).rejects.toMatchObject({ cause: { code: 'OUT_OF_SCOPE' } });
    const [listed] = await api().analysis.demand.list({ year: 2026 });
    expect(listed).toMatchObject({ id, organizationName: '测试单位1', places: 3, status: 'submitted', vacant: 7, retiringInYear: 1 });
    await expect(api().analysis.demand.decide({ id, granted: 5, note: '' })).rejects.toMatchObject({ cause: { code: 'VALIDATION_FAILED' } });
    expect(await api().analysis.demand.decide({ id, granted: 2, note: '先核准2名' })).toEqual({ id, status: 'approved' });
    await expect(api().analysis.demand.decide({ id, granted: 1, note: '' })).rejects.toMatchObject({ cause: { code: 'CONFLICT' } });
    expect((await h.callerAs(h.departmentUser(0)).analysis.demand.list({ year: 2026 }))[0]).toMatchObject({ status: 'approved', granted: 2, decisionNote: '先核准2名' });
    expect(await h.callerAs(h.departmentUser(1)).analysis.demand.list({ year: 2026 })).toEqual([]);
  });

  it('prints the monthly figures as a landscape PDF and exports them to Excel', async () => {
    const pdf = await api().analysis.report.monthly({ month: '2026-11', format: 'pdf' });
    expect(pdf).toMatchObject({ filename: '编制月度统计-2026-11.pdf', contentType: 'application/pdf' });
    const bytes = Buffer.from(pdf.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/NotoSansCJK/);
    const xlsx = await api().analysis.report.monthly({ month: '2026-11', format: 'xlsx' });
    expect(xlsx.filename).toBe('编制月度统计-2026-11.xlsx');
  }, 30_000);
});
