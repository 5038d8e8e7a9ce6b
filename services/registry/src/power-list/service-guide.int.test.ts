import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import type { ServiceGuideContent } from '@bianzhi/contracts/service-guides';
import { createJurisdiction } from '../jurisdiction/jurisdiction.service.js';
import { localizedMessage, registryHarness, refusal } from '../test-support.js';

let h: Awaited<ReturnType<typeof registryHarness>>;
let city: ReturnType<typeof h.callerAs>;
let district: ReturnType<typeof h.callerAs>;
let otherDistrict: ReturnType<typeof h.callerAs>;
let anonymous: ReturnType<typeof h.callerAs>;
let districtId: string;
let townshipId: string;

beforeAll(async () => {
  h = await registryHarness('registry-service-guides');
  districtId = (await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: h.cityId, level: 'district', code: '330212', name: '鄞州区' })).id;
  const otherId = (await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: h.cityId, level: 'district', code: '330213', name: '奉化区' })).id;
  townshipId = (await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: districtId, level: 'township', code: '330212001', name: '中河街道' })).id;
  city = h.callerAs(h.userIn('city_admin', h.cityId));
  district = h.callerAs(h.userIn('district_admin', districtId));
  otherDistrict = h.callerAs(h.userIn('district_admin', otherId));
  anonymous = h.callerAs({ kind: 'user', id: 'anonymous', name: '公众', roles: [], jurisdictionId: null, organizationId: null });
});
afterAll(async () => h?.drop());

const record = (jurisdictionId: string, name: string, extra: Record<string, unknown> = {}) =>
  h.system.registry.organization.create({ jurisdictionId, name, kind: 'organ', basis: 'inventory', effectiveDate: '2026-01-01', ...extra });

const guide: ServiceGuideContent = {
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  conditions: '有与经营的食品品种、数量相适应的经营场所',
  materials: ['食品经营许可申请书', '营业执照复印件'],
  steps: [
    { name: '受理', actor: '政务服务窗口', days: 1 },
    { name: '审查', actor: '食品经营监管科', days: 10 },
    { name: '决定', actor: '分管局领导', days: 2 },
  ],
  timeLimitDays: 15,
  fees: '不收费',
  contact: '0574-87000000',
};

async function events(aggregateId: string) {
  return (await h.db.selectFrom('registry.outbox').select('event_type').where('aggregate_id', '=', aggregateId).orderBy('seq').execute()).map((e) => e.event_type);
}

async function publishedList(jurisdictionId: string, caller: typeof city, unitName: string, classified = false) {
  const unit = await record(jurisdictionId, unitName, { classified });
  const batch = await caller.registry.powerList.openBatch({ jurisdictionId, year: 2026, half: classified ? 2 : 1 });
  const items = await caller.registry.powerList.adjust({
    batchId: batch.id,
    organizationId: unit.id,
    add: [
      { code: 'XK-001', name: '食品经营许可', category: 'licensing', legalBasis: '《中华人民共和国食品安全法》', responsibleBody: '食品经营监管科' },
      { code: 'CF-001', name: '对无证经营的处罚', category: 'penalty', legalBasis: '《中华人民共和国食品安全法》', responsibleBody: '执法大队' },
    ],
  });
  return { unit, batch, items };
}

describe('service guides', () => {
  it('are drafted, published in versions, audited, and shown publicly only for published items of non-classified units', async () => {
    const { unit, batch, items } = await publishedList(districtId, district, '鄞州区市场监督管理局');
    const licence = items.find((i) => i.code === 'XK-001')!;

    const saved = await district.registry.serviceGuide.save({ powerItemId: licence.id, content: guide });
    expect(saved.unpublishedChanges).toBe(true);
    expect(saved.versions).toEqual([]);
    const first = await district.registry.serviceGuide.publish({ powerItemId: licence.id });
    expect(first.versions.map((v) => v.version)).toEqual([1]);
    expect(first.unpublishedChanges).toBe(false);
    // Nothing new to publish: refused in both languages.
    const nothing = await refusal(district.registry.serviceGuide.publish({ powerItemId: licence.id }));
    expect(localizedMessage(nothing)).toContain('没有未发布的修改');
    expect(localizedMessage(nothing, 'en')).toContain('no unpublished changes');

    // The batch is still open: the public sees nothing of this unit.
    expect((await anonymous.registry.publicPowerList.search({ q: '食品经营' })).total).toBe(0);
    await district.registry.powerList.publishBatch({ batchId: batch.id, documentNumber: '鄞政办发〔2026〕12号' });

    const found = await anonymous.registry.publicPowerList.search({ q: '食品经营' });
    expect(found.rows.map((r) => [r.code, r.organizationName, r.guide?.version ?? null])).toEqual([['XK-001', '鄞州区市场监督管理局', 1]]);
    expect(found.rows[0]!.guide!.steps.map((s) => s.name)).toEqual(['受理', '审查', '决定']);

    // A second version: the public answers the latest published one, not the draft.
    await district.registry.serviceGuide.save({ powerItemId: licence.id, content: { ...guide, fees: '按规定收取工本费' } });
    expect((await anonymous.registry.publicPowerList.unit({ organizationId: unit.id })).items.find((i) => i.code === 'XK-001')!.guide!.fees).toBe('不收费');
    await district.registry.serviceGuide.publish({ powerItemId: licence.id });
    const page = await anonymous.registry.publicPowerList.unit({ organizationId: unit.id });
    expect(page.items.find((i) => i.code === 'XK-001')!.guide).toMatchObject({ version: 2, fees: '按规定收取工本费' });
    expect(page.items.find((i) => i.code === 'CF-001')!.guide).toBeNull();
    expect(page.history.map((v) => [v.documentNumber, v.added.map((a) => a.code).sort(), v.removed])).toEqual([['鄞政办发〔2026〕12号', ['CF-001', 'XK-001'], []]]);
    expect((await district.registry.serviceGuide.get({ powerItemId: licence.id })).versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await events(licence.id)).toEqual(['registry.serviceGuide.saved', 'registry.serviceGuide.published', 'registry.serviceGuide.saved', 'registry.serviceGuide.published']);
    expect((await district.registry.serviceGuide.list({ organizationId: unit.id })).find((g) => g.powerItemId === licence.id)).toMatchObject({ hasDraft: true, publishedVersion: 2 });

    // The next batch removes the penalty: the history shows it, the search no longer finds it.
    const next = await district.registry.powerList.openBatch({ jurisdictionId: districtId, year: 2026, half: 2 });
    const penalty = items.find((i) => i.code === 'CF-001')!;
    await district.registry.powerList.adjust({ batchId: next.id, organizationId: unit.id, remove: [penalty.id] });
    expect((await district.registry.powerList.batchChanges({ batchId: next.id })).map((c) => [c.organizationName, c.code, c.change])).toEqual([['鄞州区市场监督管理局', 'CF-001', 'removed']]);
    await district.registry.powerList.publishBatch({ batchId: next.id, documentNumber: '鄞政办发〔2026〕80号' });
    const after = await anonymous.registry.publicPowerList.unit({ organizationId: unit.id });
    expect(after.items.map((i) => i.code)).toEqual(['XK-001']);
    expect(after.history.map((v) => [v.documentNumber, v.removed.map((r) => r.code)])).toEqual([['鄞政办发〔2026〕80号', ['CF-001']], ['鄞政办发〔2026〕12号', []]]);
    const removedGuide = await refusal(district.registry.serviceGuide.save({ powerItemId: penalty.id, content: guide }));
    expect(localizedMessage(removedGuide, 'en')).toContain('removed from the power list');
  });

  it('never shows a classified unit, by search or by id', async () => {
    const { unit, batch, items } = await publishedList(h.cityId, city, '市国家安全保密局', true);
    await city.registry.serviceGuide.save({ powerItemId: items[0]!.id, content: guide });
    await city.registry.serviceGuide.publish({ powerItemId: items[0]!.id });
    await city.registry.powerList.publishBatch({ batchId: batch.id, documentNumber: '示政办发〔2026〕99号' });
    expect((await anonymous.registry.publicPowerList.search({ q: '' })).rows.map((r) => r.organizationName)).not.toContain('市国家安全保密局');
    expect((await anonymous.registry.publicPowerList.search({ q: '保密' })).total).toBe(0);
    expect((await refusal(anonymous.registry.publicPowerList.unit({ organizationId: unit.id }))).code).toBe('NOT_FOUND');
    // The anonymous principal reaches nothing else.
    expect((await refusal(anonymous.registry.serviceGuide.get({ powerItemId: items[0]!.id }))).code).toBe('FORBIDDEN');
  });

  it('refuses steps over the time limit and another district’s bureau, changing nothing', async () => {
    const unit = await record(districtId, '鄞州区卫生健康局');
    const batch = (await district.registry.powerList.batches({ jurisdictionId: districtId })).find((b) => b.status === 'open') ?? (await district.registry.powerList.openBatch({ jurisdictionId: districtId, year: 2027, half: 1 }));
    const [item] = await district.registry.powerList.adjust({ batchId: batch.id, organizationId: unit.id, add: [{ code: 'XK-101', name: '医疗机构执业登记', category: 'licensing', legalBasis: '《医疗机构管理条例》', responsibleBody: '医政科' }] });
    const late = await refusal(district.registry.serviceGuide.save({ powerItemId: item!.id, content: { ...guide, timeLimitDays: 5 } }));
    expect(late.code).toBe('BAD_REQUEST');
    expect(localizedMessage(late)).toContain('各环节时限合计 13 个工作日，超过承诺时限 5 个工作日');
    expect((await refusal(otherDistrict.registry.serviceGuide.save({ powerItemId: item!.id, content: guide }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(otherDistrict.registry.serviceGuide.get({ powerItemId: item!.id }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(otherDistrict.registry.powerList.batchChanges({ batchId: batch.id }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await district.registry.serviceGuide.get({ powerItemId: item!.id })).draft).toBeNull();
    expect(await events(item!.id)).toEqual([]);
  });
});

describe('authority lists (政事权限清单)', () => {
  const entries = [
    { matter: '内设机构负责人任免', holder: 'institution' as const, note: '报主管部门备案' },
    { matter: '单位领导班子成员任免', holder: 'organ' as const, note: '' },
  ];

  it('are published in versions by the bureau where the supervising organ sits', async () => {
    const organ = await record(districtId, '鄞州区卫生健康局（主管）');
    const centre = await record(districtId, '鄞州区疾病预防控制中心', { kind: 'institution', parentId: organ.id });
    const first = await district.registry.authorityList.publish({ organizationId: centre.id, basedOnVersion: 0, documentNumber: '鄞编办〔2026〕3号', effectiveDate: '2026-03-01', entries });
    expect(first.version).toBe(1);
    const stale = await refusal(district.registry.authorityList.publish({ organizationId: centre.id, basedOnVersion: 0, documentNumber: '鄞编办〔2026〕4号', effectiveDate: '2026-04-01', entries }));
    expect(stale.domainCode).toBe('DOCUMENT_VERSION_STALE');
    await district.registry.authorityList.publish({ organizationId: centre.id, basedOnVersion: 1, documentNumber: '鄞编办〔2026〕9号', effectiveDate: '2026-06-01', entries: [...entries, { matter: '年度预算编制', holder: 'institution', note: '' }] });
    const list = await district.registry.authorityList.get({ organizationId: centre.id });
    expect(list).toMatchObject({ editable: true, supervisorId: organ.id });
    expect(list.versions.map((v) => [v.version, v.documentNumber, v.entries.length])).toEqual([[2, '鄞编办〔2026〕9号', 3], [1, '鄞编办〔2026〕3号', 2]]);
    expect((await events(centre.id)).filter((e) => e.startsWith('registry.authorityList'))).toEqual(['registry.authorityList.published', 'registry.authorityList.published']);

    // The city reads it but does not set it; another district reaches nothing.
    expect((await city.registry.authorityList.get({ organizationId: centre.id })).editable).toBe(false);
    const notYours = await refusal(city.registry.authorityList.publish({ organizationId: centre.id, basedOnVersion: 2, documentNumber: '示编办〔2026〕1号', effectiveDate: '2026-07-01', entries }));
    expect(notYours.domainCode).toBe('AUTHORITY_LIST_NOT_YOURS');
    expect(localizedMessage(notYours, 'en')).toContain('supervising organ');
    expect((await refusal(otherDistrict.registry.authorityList.publish({ organizationId: centre.id, basedOnVersion: 2, documentNumber: '奉编办〔2026〕1号', effectiveDate: '2026-07-01', entries }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(otherDistrict.registry.authorityList.get({ organizationId: centre.id }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await district.registry.authorityList.get({ organizationId: centre.id })).versions).toHaveLength(2);
    expect((await events(centre.id)).filter((e) => e.startsWith('registry.authorityList'))).toHaveLength(2);
  });

  it('is set by the district for an institution under a township organ, by the city for one under a city organ; organs have none', async () => {
    const townshipOffice = await record(townshipId, '中河街道办事处');
    const station = await record(townshipId, '中河街道综合服务中心', { kind: 'institution', parentId: townshipOffice.id });
    expect((await district.registry.authorityList.get({ organizationId: station.id })).editable).toBe(true);
    const cityOrgan = await record(h.cityId, '市教育局');
    const school = await record(districtId, '市属鄞州实验学校', { kind: 'institution', parentId: cityOrgan.id });
    expect((await refusal(district.registry.authorityList.publish({ organizationId: school.id, basedOnVersion: 0, documentNumber: '鄞编办〔2026〕5号', effectiveDate: '2026-03-01', entries }))).domainCode).toBe('AUTHORITY_LIST_NOT_YOURS');
    expect((await city.registry.authorityList.publish({ organizationId: school.id, basedOnVersion: 0, documentNumber: '示编办〔2026〕5号', effectiveDate: '2026-03-01', entries })).version).toBe(1);
    const twice = await refusal(city.registry.authorityList.publish({ organizationId: school.id, basedOnVersion: 1, documentNumber: '示编办〔2026〕6号', effectiveDate: '2026-03-01', entries: [...entries, entries[0]!] }));
    expect(localizedMessage(twice)).toContain('重复列出');
    expect(localizedMessage(await refusal(city.registry.authorityList.get({ organizationId: cityOrgan.id })))).toContain('只适用于事业单位');
  });
});
