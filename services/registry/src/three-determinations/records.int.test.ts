import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createJurisdiction } from '../jurisdiction/jurisdiction.service.js';
import { localizedMessage, registryHarness, refusal } from '../test-support.js';

let h: Awaited<ReturnType<typeof registryHarness>>;
let bureau: ReturnType<typeof h.callerAs>;
let subdistrictId: string;

beforeAll(async () => {
  h = await registryHarness('registry-records');
  bureau = h.callerAs(h.userIn('city_admin', h.cityId));
  const district = await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: h.cityId, level: 'district', code: '330211', name: '镇海区' });
  subdistrictId = (await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: district.id, level: 'township', code: '330211001', name: '招宝山街道' })).id;
});
afterAll(async () => h?.drop());

const unit = (name: string, jurisdictionId = h.cityId) => h.system.registry.organization.create({ jurisdictionId, name, kind: 'organ', basis: 'inventory', effectiveDate: '2026-01-01' });
const office = (name: string, headcount = 9) => ({ name, type: 'office' as const, headcount, leadershipPosts: {}, functions: '' });

describe('internal departments', () => {
  it('are added, changed and abolished as versions of their organization', async () => {
    const bureauUnit = await unit('市司法局');
    const general = await bureau.registry.department.create({ organizationId: bureauUnit.id, department: { name: '办公室', headcount: 10, leadershipPosts: { zheng_chu: 1, fu_chu: 2 } } });
    await bureau.registry.department.update({ id: general.id, changes: { headcount: 12 } });
    expect((await refusal(bureau.registry.department.create({ organizationId: bureauUnit.id, department: { name: '办公室', headcount: 9 } }))).domainCode).toBe('DEPARTMENT_NAME_TAKEN');
    const legal = await bureau.registry.department.create({ organizationId: bureauUnit.id, department: { name: '法治调研处', headcount: 8 } });
    await bureau.registry.department.abolish({ id: legal.id });
    expect((await bureau.registry.department.list({ organizationId: bureauUnit.id })).map((d) => [d.name, d.headcount, d.leadershipPosts])).toEqual([['办公室', 12, { zheng_chu: 1, fu_chu: 2 }]]);
    const history = await bureau.registry.organization.history({ id: bureauUnit.id });
    expect(history.map((v) => v.change)).toEqual(['department_abolished', 'department_added', 'department_changed', 'department_added', 'created']);
    expect(history[1]!.snapshot.departments.map((d) => d.name)).toEqual(['办公室', '法治调研处']);
  });

  it('keep an average of at least eight', async () => {
    const small = await unit('市信访局');
    await bureau.registry.department.create({ organizationId: small.id, department: { name: '综合科', headcount: 9 } });
    const error = await refusal(bureau.registry.department.create({ organizationId: small.id, department: { name: '接待科', headcount: 4 } }));
    expect(localizedMessage(error)).toContain('【内设机构平均编制（DEPT-AVERAGE-SIZE）】内设机构平均编制6.5名，低于8名');
  });
});

describe('three-determinations documents', () => {
  it('publish versions that set the departments, and refuse a publish based on an old version', async () => {
    const organ = await unit('市民政局');
    const first = await bureau.registry.threeDeterminations.publish({
      organizationId: organ.id,
      basedOnVersion: 0,
      documentNumber: '示委办发〔2026〕5号',
      effectiveDate: '2026-02-01',
      functions: ['贯彻落实民政工作方针政策', '负责社会救助工作'],
      departments: [office('办公室', 10), office('社会救助处', 9), office('养老服务处', 8)],
      staffing: { administrative: 27, organ_worker: 2 },
      leadershipPosts: { zheng_chu: 1, fu_chu: 3 },
    });
    expect(first.version).toBe(1);
    expect((await bureau.registry.department.list({ organizationId: organ.id })).map((d) => d.name)).toEqual(['办公室', '社会救助处', '养老服务处']);
    const stale = await refusal(bureau.registry.threeDeterminations.publish({ ...docInput(organ.id), basedOnVersion: 0 }));
    expect(stale.domainCode).toBe('DOCUMENT_VERSION_STALE');
    const second = await bureau.registry.threeDeterminations.publish({ ...docInput(organ.id), basedOnVersion: 1, departments: [office('办公室', 12), office('社会事务处', 14)] });
    expect(second.version).toBe(2);
    expect((await bureau.registry.department.list({ organizationId: organ.id })).map((d) => [d.name, d.headcount])).toEqual([['办公室', 12], ['社会事务处', 14]]);
    expect((await bureau.registry.threeDeterminations.list({ organizationId: organ.id })).map((d) => d.documentNumber)).toEqual(['示委办发〔2026〕9号', '示委办发〔2026〕5号']);
    expect((await bureau.registry.threeDeterminations.get({ organizationId: organ.id, version: 1 })).staffing).toEqual({ administrative: 27, organ_worker: 2 });
    // No more departments than the document in force (大处室制).
    expect(localizedMessage(await refusal(bureau.registry.department.create({ organizationId: organ.id, department: { name: '第三处', headcount: 13 } })))).toContain('DEPT-NO-INCREASE');
  });

  it('hold a subdistrict office to 4+2+2', async () => {
    const office422 = await unit('招宝山街道办事处', subdistrictId);
    const fixed = [office('党建工作办公室'), office('公共管理办公室'), office('公共服务办公室'), office('公共安全办公室')];
    const missing = await refusal(bureau.registry.threeDeterminations.publish({ ...docInput(office422.id), departments: fixed.slice(0, 3) }));
    expect(localizedMessage(missing)).toContain('缺少公共安全办公室');
    const platforms = [{ ...office('综合信息指挥室'), type: 'platform' as const }, { ...office('综合行政执法队'), type: 'platform' as const }];
    const published = await bureau.registry.threeDeterminations.publish({ ...docInput(office422.id), departments: [...fixed, office('经济发展办公室'), ...platforms] });
    expect(published.departments).toHaveLength(7);
    const third = await refusal(bureau.registry.department.create({ organizationId: office422.id, department: { name: '第三平台', type: 'platform', headcount: 9 } }));
    expect(localizedMessage(third)).toContain('设3个平台，超过2个');
  });
});

function docInput(organizationId: string) {
  return {
    organizationId,
    basedOnVersion: 0,
    documentNumber: '示委办发〔2026〕9号',
    functions: ['主要职责'],
    departments: [office('综合办公室', 10)],
    staffing: { administrative: 20 },
    leadershipPosts: {},
    effectiveDate: '2026-06-01',
  };
}

describe('power and responsibility lists', () => {
  it('change in half-yearly batches that take effect when published', async () => {
    const market = await unit('市市场监督管理局');
    const batch = await bureau.registry.powerList.openBatch({ jurisdictionId: h.cityId, year: 2026, half: 1 });
    expect((await refusal(bureau.registry.powerList.openBatch({ jurisdictionId: h.cityId, year: 2026, half: 1 }))).domainCode).toBe('POWER_BATCH_EXISTS');
    const item = { code: 'XK-001', name: '食品经营许可', category: 'licensing' as const, legalBasis: '《中华人民共和国食品安全法》第三十五条', responsibleBody: '食品经营监管处' };
    const pending = await bureau.registry.powerList.adjust({ batchId: batch.id, organizationId: market.id, add: [item, { ...item, code: 'CF-001', name: '对无证经营的处罚', category: 'penalty' }] });
    expect(pending.map((i) => i.state)).toEqual(['pending_add', 'pending_add']);
    expect((await refusal(bureau.registry.powerList.adjust({ batchId: batch.id, organizationId: market.id, add: [item] }))).code).toBe('CONFLICT');
    await bureau.registry.powerList.publishBatch({ batchId: batch.id, documentNumber: '示政办发〔2026〕40号' });
    expect((await bureau.registry.powerList.items({ organizationId: market.id })).map((i) => [i.code, i.state])).toEqual([['XK-001', 'in_force'], ['CF-001', 'in_force']]);
    expect((await refusal(bureau.registry.powerList.adjust({ batchId: batch.id, organizationId: market.id, add: [] }))).domainCode).toBe('POWER_BATCH_CLOSED');

    const next = await bureau.registry.powerList.openBatch({ jurisdictionId: h.cityId, year: 2026, half: 2 });
    const penalty = (await bureau.registry.powerList.items({ organizationId: market.id })).find((i) => i.code === 'CF-001')!;
    const adjusted = await bureau.registry.powerList.adjust({ batchId: next.id, organizationId: market.id, remove: [penalty.id] });
    expect(adjusted.find((i) => i.code === 'CF-001')!.state).toBe('pending_removal');
    await bureau.registry.powerList.publishBatch({ batchId: next.id, documentNumber: '示政办发〔2026〕90号' });
    expect((await bureau.registry.powerList.items({ organizationId: market.id })).map((i) => i.code)).toEqual(['XK-001']);
    expect((await bureau.registry.powerList.batches({})).map((b) => [b.year, b.half, b.status])).toEqual([[2026, 2, 'published'], [2026, 1, 'published']]);
  });
});
