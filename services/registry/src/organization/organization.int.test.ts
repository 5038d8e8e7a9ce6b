import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { todayInChina } from '@bianzhi/domain/calendar';
import { creditCodeCheckCharacter } from '@bianzhi/domain/identifiers';
import { createJurisdiction } from '../jurisdiction/jurisdiction.service.js';
import { decodeOrganizationRows } from '@bianzhi/contracts/organization-tree';
import type { OrganizationTreeAnswer } from '@bianzhi/contracts/registry';
import { localizedMessage, registryHarness, refusal } from '../test-support.js';

const decodeTree = (tree: OrganizationTreeAnswer) => {
  if (tree.unchanged) throw new Error('expected a full tree');
  return decodeOrganizationRows(tree.organizations, tree.jurisdictions.map((j) => j.id));
};
const countOf = (tree: OrganizationTreeAnswer) => decodeTree(tree).length;
const jurisdictionsOf = (tree: OrganizationTreeAnswer) => (tree.unchanged ? [] : tree.jurisdictions);

let h: Awaited<ReturnType<typeof registryHarness>>;
let districtId: string;

beforeAll(async () => {
  h = await registryHarness('registry-organization');
  districtId = (await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: h.cityId, level: 'district', code: '330203', name: '海曙区' })).id;
});
afterAll(async () => h?.drop());

const record = (jurisdictionId: string, name: string, extra: Record<string, unknown> = {}) =>
  h.system.registry.organization.create({ jurisdictionId, name, kind: 'organ', basis: 'inventory', ...extra });

async function eventsOf(id: string) {
  const rows = await h.db.selectFrom('registry.outbox').select('event_type').where('aggregate_id', '=', id).orderBy('seq').execute();
  return rows.map((r) => r.event_type);
}

describe('registry.organization create and activate', () => {
  it('creates once per idempotency key and refuses the key for a different body', async () => {
    const input = { jurisdictionId: h.cityId, name: '市数据局', kind: 'organ' as const, basis: 'inventory' as const, idempotencyKey: 'wf-1/create-organization' };
    const first = await h.system.registry.organization.create(input);
    expect((await h.system.registry.organization.create(input)).id).toBe(first.id);
    const error = await refusal(h.system.registry.organization.create({ ...input, name: '别的局' }));
    expect(error.code).toBe('CONFLICT');
    const rows = await h.db.selectFrom('registry.organizations').select('id').where('idempotency_key', '=', input.idempotencyKey).execute();
    expect(rows).toHaveLength(1);
    // A district admin replaying the key does not get the city's unit back.
    expect((await refusal(h.callerAs(h.userIn('district_admin', districtId)).registry.organization.create(input))).domainCode).toBe('OUT_OF_SCOPE');
  });

  it('activates a planned organization once; a retry is a no-op with no second audit event', async () => {
    const bureau = h.callerAs(h.userIn('city_admin', h.cityId));
    await bureau.registry.policy.update({ jurisdictionId: h.cityId, ruleId: 'ORG-ABOLISH-ONE', enabled: false, params: {} });
    const created = await h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市档案馆', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 12 });
    expect(created.status).toBe('planned');
    expect((await h.system.registry.organization.activate({ id: created.id })).status).toBe('active');
    expect((await h.system.registry.organization.activate({ id: created.id })).status).toBe('active');
    expect(await eventsOf(created.id)).toEqual(['registry.organization.created', 'registry.organization.activated']);
    await bureau.registry.policy.update({ jurisdictionId: h.cityId, ruleId: 'ORG-ABOLISH-ONE', enabled: true, params: {} });
  });

  it('checks the credit code’s check character and keeps each code on one unit', async () => {
    const valid = `12330200${'MB0000001'}`;
    const code = valid + creditCodeCheckCharacter(valid);
    const wrong = valid + (creditCodeCheckCharacter(valid) === '0' ? '1' : '0');
    expect((await refusal(record(h.cityId, '市甲中心', { creditCode: wrong }))).domainCode).toBe('CREDIT_CODE_INVALID');
    const holder = await record(h.cityId, '市乙中心', { creditCode: code.toLowerCase() });
    expect(holder.creditCode).toBe(code);
    expect((await refusal(record(h.cityId, '市丙中心', { creditCode: code }))).domainCode).toBe('CREDIT_CODE_TAKEN');
  });
});

describe('department users', () => {
  it('see their own unit and jurisdiction only', async () => {
    const own = await record(h.cityId, '市教育局');
    const other = await record(h.cityId, '市卫生健康委员会');
    const department = h.callerAs(h.userIn('department_user', h.cityId, own.id));
    expect((await department.registry.organization.get({ id: own.id })).name).toBe('市教育局');
    expect((await refusal(department.registry.organization.get({ id: other.id }))).code).toBe('FORBIDDEN');
    expect((await department.registry.jurisdiction.list({})).map((j) => j.id)).toEqual([h.cityId]);
    const tree = await department.registry.organization.tree();
    expect(decodeTree(tree).map((o) => o.id)).toEqual([own.id]);
  });
});

describe('lifecycle and history', () => {
  it('renames with a document number and reads the unit as of any past date', async () => {
    const today = todayInChina();
    const created = await record(h.cityId, '市老龄工作委员会办公室', { effectiveDate: '2025-01-10', documentNumber: '示编〔2025〕1号' });
    const renamed = await h.system.registry.organization.update({ id: created.id, expectedVersion: created.version, changes: { name: '市老龄事业发展中心' }, documentNumber: '示编〔2026〕8号', effectiveDate: '2026-03-01' });
    expect(renamed.version).toBe(created.version + 1);
    await h.system.registry.organization.update({ id: created.id, changes: { rank: 'zheng_chu', funding: 'full' } });

    const admin = h.callerAs(h.userIn('city_admin', h.cityId));
    expect((await admin.registry.organization.get({ id: created.id, asOf: '2025-12-31' })).name).toBe('市老龄工作委员会办公室');
    expect((await admin.registry.organization.get({ id: created.id, asOf: '2026-03-01' })).name).toBe('市老龄事业发展中心');
    const now = await admin.registry.organization.get({ id: created.id });
    expect(now).toMatchObject({ name: '市老龄事业发展中心', rank: 'zheng_chu', funding: 'full', asOf: null, jurisdictionName: '示范市' });
    expect((await refusal(admin.registry.organization.get({ id: created.id, asOf: '2024-12-31' }))).code).toBe('NOT_FOUND');

    const history = await admin.registry.organization.history({ id: created.id });
    expect(history.map((v) => [v.version, v.change, v.effectiveDate])).toEqual([
      [3, 'updated', today],
      [2, 'renamed', '2026-03-01'],
      [1, 'created', '2025-01-10'],
    ]);
    expect(history[1]!.documentNumber).toBe('示编〔2026〕8号');
    expect(await eventsOf(created.id)).toEqual(['registry.organization.created', 'registry.organization.renamed', 'registry.organization.updated']);
  });

  it('refuses a stale version, a date before the last change, and a date in the future, changing nothing', async () => {
    const created = await record(h.cityId, '市地方志办公室');
    await h.system.registry.organization.update({ id: created.id, changes: { rank: 'fu_chu' } });
    expect((await refusal(h.system.registry.organization.update({ id: created.id, expectedVersion: created.version, changes: { name: '新名称' } }))).code).toBe('CONFLICT');
    expect((await refusal(h.system.registry.organization.update({ id: created.id, changes: { name: '新名称' }, effectiveDate: '2020-01-01' }))).domainCode).toBe('EFFECTIVE_DATE_INVALID');
    expect((await refusal(h.system.registry.organization.update({ id: created.id, changes: { name: '新名称' }, effectiveDate: '2999-01-01' }))).domainCode).toBe('EFFECTIVE_DATE_INVALID');
    expect((await h.system.registry.organization.get({ id: created.id })).name).toBe('市地方志办公室');
  });

  it('adds and removes nameplates, and finds the unit by a nameplate', async () => {
    const created = await record(h.cityId, '市委组织部');
    await h.system.registry.organization.addNameplate({ id: created.id, nameplate: { name: '市公务员局', kind: 'nameplate' } });
    expect((await h.system.registry.organization.list({ search: '公务员局' })).items.map((o) => o.name)).toEqual(['市委组织部']);
    expect((await refusal(h.system.registry.organization.addNameplate({ id: created.id, nameplate: { name: '市公务员局', kind: 'nameplate' } }))).code).toBe('CONFLICT');
    const removed = await h.system.registry.organization.removeNameplate({ id: created.id, nameplate: { name: '市公务员局', kind: 'nameplate' } });
    expect(removed.nameplates).toEqual([]);
  });

  it('merges units into one: sources abolished with a successor, their units moved, names kept as nameplates', async () => {
    const target = await record(h.cityId, '市文化广电旅游局');
    const culture = await record(h.cityId, '市文化局');
    const tourism = await record(h.cityId, '市旅游局');
    const museum = await record(h.cityId, '市博物馆', { kind: 'institution', parentId: culture.id });
    const merged = await h.system.registry.organization.merge({ sourceIds: [culture.id, tourism.id], targetId: target.id, keepNamesAsNameplates: true, documentNumber: '示委〔2026〕3号' });
    expect(merged.nameplates.map((n) => n.name)).toEqual(['市文化局', '市旅游局']);
    const source = await h.system.registry.organization.get({ id: culture.id });
    expect(source).toMatchObject({ status: 'abolished', successorId: target.id, successorName: '市文化广电旅游局' });
    expect((await h.system.registry.organization.get({ id: museum.id })).parentName).toBe('市文化广电旅游局');
    expect(await eventsOf(culture.id)).toEqual(['registry.organization.created', 'registry.organization.merged']);
    expect((await refusal(h.system.registry.organization.update({ id: culture.id, changes: { name: 'x' } }))).domainCode).toBe('ORGANIZATION_NOT_LIVE');
  });

  it('delegates a unit down to a district as a new record there, departments included', async () => {
    const unit = await record(h.cityId, '市城市管理执法支队海曙大队');
    await h.system.registry.department.create({ organizationId: unit.id, department: { name: '综合科', headcount: 9 } });
    const moved = await h.system.registry.organization.delegate({ id: unit.id, targetJurisdictionId: districtId, newName: '海曙区城市管理执法大队' });
    expect(moved).toMatchObject({ jurisdictionId: districtId, status: 'active', basis: 'delegation', name: '海曙区城市管理执法大队' });
    expect((await h.system.registry.department.list({ organizationId: moved.id })).map((d) => d.name)).toEqual(['综合科']);
    expect(await h.system.registry.organization.get({ id: unit.id })).toMatchObject({ status: 'delegated', successorId: moved.id });
    const districtUnit = await record(districtId, '海曙区某中心');
    expect((await refusal(h.system.registry.organization.delegate({ id: districtUnit.id, targetJurisdictionId: h.cityId }))).domainCode).toBe('ORGANIZATION_STATE');
  });

  it('converts public institutions only, and abolishes nothing that still supervises live units', async () => {
    const organ = await record(h.cityId, '市国资委');
    const hotel = await record(h.cityId, '市政府招待所', { kind: 'institution', institutionClass: 'business', parentId: organ.id });
    expect((await refusal(h.system.registry.organization.convert({ id: organ.id }))).domainCode).toBe('ORGANIZATION_STATE');
    const abolishParent = await refusal(h.system.registry.organization.abolish({ id: organ.id }));
    expect(abolishParent.domainCode).toBe('ORGANIZATION_STATE');
    expect(localizedMessage(abolishParent)).toContain('市政府招待所');
    expect((await h.system.registry.organization.convert({ id: hotel.id, documentNumber: '示编〔2026〕20号' })).status).toBe('converted');
    expect((await h.system.registry.organization.abolish({ id: organ.id })).status).toBe('abolished');
  });
});

describe('search, list, tree and export', () => {
  it('finds units by Chinese substring or pinyin initials, within the caller’s scope, a page at a time', async () => {
    const district = await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: h.cityId, level: 'district', code: '330205', name: '江北区' });
    for (const name of ['江北区教育局', '江北区财政局', '江北区人民医院']) await record(district.id, name);
    const districtAdmin = h.callerAs(h.userIn('district_admin', district.id));
    const byName = await districtAdmin.registry.organization.list({ search: '教育' });
    expect(byName.items.map((o) => o.name)).toEqual(['江北区教育局']);
    expect(byName.items[0]).toMatchObject({ jurisdictionName: '江北区', jurisdictionCode: '330205' });
    expect((await districtAdmin.registry.organization.list({ search: 'JBQCZ' })).items.map((o) => o.name)).toEqual(['江北区财政局']);
    const all = await districtAdmin.registry.organization.list({ limit: 2 });
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    expect((await districtAdmin.registry.organization.list({ search: '100%' })).total).toBe(0);
    expect((await districtAdmin.registry.organization.search({ q: 'jbq' })).map((o) => o.name)).toEqual(['江北区财政局', '江北区教育局', '江北区人民医院']);
    const tree = await districtAdmin.registry.organization.tree();
    expect(jurisdictionsOf(tree).map((j) => j.name)).toEqual(['江北区']);
    expect(countOf(tree)).toBe(3);
  });

  it('returns the whole city in one call, closed units only on request', async () => {
    const tree = await h.system.registry.organization.tree();
    const withClosed = await h.system.registry.organization.tree({ includeClosed: true });
    expect(jurisdictionsOf(tree).length).toBeGreaterThanOrEqual(3);
    expect(countOf(withClosed)).toBeGreaterThan(countOf(tree));
    expect(await h.system.registry.organization.tree({ knownStamp: tree.stamp })).toEqual({ unchanged: true, stamp: tree.stamp });
    expect(decodeTree(tree).every((o) => ['planned', 'active', 'merging'].includes(o.status))).toBe(true);
    // A change shows in the next call, past the cache.
    const renamed = await h.system.registry.organization.update({ id: decodeTree(tree)[0]!.id, changes: { name: '树缓存检验局' } });
    const after = await h.system.registry.organization.tree({ knownStamp: tree.stamp });
    expect(decodeTree(after).find((o) => o.id === renamed.id)?.name).toBe('树缓存检验局');
  });

  it('exports exactly the filtered, scoped list as a workbook that reads back', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const exported = await h.system.registry.organization.exportXlsx({ search: '江北区' });
    expect(exported.rows).toBe(3);
    expect(exported.filename).toMatch(/^机构名录-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(exported.contentBase64, 'base64') as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('机构名录')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['机构名称', '所属区划代码', '所属区划', '机构类型']);
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(1).value).sort()).toEqual(['江北区人民医院', '江北区教育局', '江北区财政局'].sort());
    expect(sheet.getRow(2).getCell(2).value).toBe('330205');
  });

  it('writes every version and its audit event together', async () => {
    const versions = await sql<{ n: number }>`select count(*)::int as n from registry.organization_versions`.execute(h.db);
    const events = await sql<{ n: number }>`select count(*)::int as n from registry.outbox where aggregate_type = 'organization'`.execute(h.db);
    expect(versions.rows[0]!.n).toBe(events.rows[0]!.n);
  });
});
