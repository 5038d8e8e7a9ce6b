import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createJurisdiction } from '../jurisdiction/jurisdiction.service.js';
import { localizedMessage, registryHarness, refusal } from '../test-support.js';

let h: Awaited<ReturnType<typeof registryHarness>>;
let districtId: string;
let otherDistrictId: string;
let townshipId: string;
let city: ReturnType<typeof h.callerAs>;
let district: ReturnType<typeof h.callerAs>;

beforeAll(async () => {
  h = await registryHarness('registry-limits');
  const seed = servicePrincipal('seed');
  districtId = (await createJurisdiction(h.db, seed, { parentId: h.cityId, level: 'district', code: '330203', name: '海曙区' })).id;
  otherDistrictId = (await createJurisdiction(h.db, seed, { parentId: h.cityId, level: 'district', code: '330205', name: '江北区' })).id;
  townshipId = (await createJurisdiction(h.db, seed, { parentId: districtId, level: 'township', code: '330203001', name: '月湖街道' })).id;
  city = h.callerAs(h.userIn('city_admin', h.cityId));
  district = h.callerAs(h.userIn('district_admin', districtId));
});
afterAll(async () => h?.drop());

type Unit = { name: string; kind: 'organ' | 'institution'; organBranch?: 'party' | 'government' | 'other'; institutionClass?: 'welfare_1' | 'welfare_2' };
const existing = (jurisdictionId: string, unit: Unit) => h.system.registry.organization.create({ jurisdictionId, basis: 'inventory', ...unit });
const establish = (jurisdictionId: string, unit: Unit, offsetOrganizationId: string) =>
  h.system.registry.organization.create({ jurisdictionId, ...unit, plannedQuota: 12, offsetOrganizationId, documentNumber: '示编〔2026〕50号' });
const used = async (jurisdictionId: string, category: string) => (await city.registry.limit.list({ jurisdictionId })).categories.find((c) => c.category === category)!;

describe('organization limits', () => {
  it('are set by the city with their document, listed with what is used, kept in history and audited', async () => {
    await existing(districtId, { name: '区发展和改革局', kind: 'organ', organBranch: 'government' });
    await existing(districtId, { name: '区财政局', kind: 'organ', organBranch: 'government' });
    await existing(districtId, { name: '区委办公室', kind: 'organ', organBranch: 'party' });
    await existing(districtId, { name: '区疾病预防控制中心', kind: 'institution', institutionClass: 'welfare_1' });

    const listed = await city.registry.limit.set({
      jurisdictionId: districtId,
      documentNumber: '示编〔2026〕40号',
      limits: [
        { category: 'organ_government', maximum: 2 },
        { category: 'organ_all', maximum: 4 },
      ],
      departmentRange: { minHeadcount: 3, maxHeadcount: 12 },
    });
    expect(listed.editable).toBe(true);
    expect(listed.categories.find((c) => c.category === 'organ_government')).toMatchObject({ used: 2, maximum: 2, documentNumber: '示编〔2026〕40号' });
    expect(listed.categories.find((c) => c.category === 'organ_all')).toMatchObject({ used: 3, maximum: 4 });
    expect(listed.categories.find((c) => c.category === 'institution_welfare_1')).toMatchObject({ used: 1, maximum: null });
    expect(listed.departmentRange).toMatchObject({ minHeadcount: 3, maxHeadcount: 12, documentNumber: '示编〔2026〕40号' });

    const history = await city.registry.limit.history({ jurisdictionId: districtId });
    expect(history.map((c) => c.subject).sort()).toEqual(['department_range', 'organ_all', 'organ_government']);
    expect(history[0]).toMatchObject({ documentNumber: '示编〔2026〕40号', before: null });
    const events = await h.db.selectFrom('registry.outbox').select(['event_type', 'payload']).where('event_type', '=', 'registry.limit.set').where('aggregate_id', '=', districtId).execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.payload)).toContain('示编〔2026〕40号');
  });

  it('refuse an establishment that would take a category over its limit, naming the limit, in create and in its dry run', async () => {
    const offset = await existing(districtId, { name: '区信息中心', kind: 'institution', institutionClass: 'welfare_1' });
    const unit: Unit = { name: '区数据管理局', kind: 'organ', organBranch: 'government' };
    const error = await refusal(establish(districtId, unit, offset.id));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.domainCode).toBe('ORGANIZATION_LIMIT_EXCEEDED');
    expect(localizedMessage(error)).toBe('超出机构限额：海曙区政府工作部门限额2个（示编〔2026〕40号），已有2个，变更后为3个');
    expect(localizedMessage(error, 'en')).toContain('government departments are limited to 2 (示编〔2026〕40号); 2 exist, the change makes 3');
    expect((await city.registry.organization.get({ id: offset.id })).status).toBe('active');

    const { refusal: checked } = await city.registry.organization.check({ jurisdictionId: districtId, ...unit, offsetOrganizationId: offset.id });
    expect(checked?.code).toBe('ORGANIZATION_LIMIT_EXCEEDED');
    expect(checked?.localized?.['zh-CN']).toContain('政府工作部门限额2个');
    // An organ of another branch still fits under the organs' total.
    const court = await establish(districtId, { name: '区机关事务服务中心', kind: 'organ', organBranch: 'other' }, offset.id);
    expect(court.status).toBe('planned');
    expect(await used(districtId, 'organ_all')).toMatchObject({ used: 4, maximum: 4 });
  });

  it('let a merger at the limit through: the merged unit replaces its sources', async () => {
    const a = await existing(districtId, { name: '区商务局', kind: 'organ', organBranch: 'government' }).catch(() => null);
    // The platform's initial load (the system recording existing units) is not limited: the district is now over its limits.
    expect(a).not.toBeNull();
    const before = await used(districtId, 'organ_government');
    expect(before).toMatchObject({ used: 3, maximum: 2 });
    const b = (await city.registry.organization.list({ search: '区财政局' })).items[0]!;
    // A new unit made for the merger, with its first source abolished for it, keeps the count.
    const merged = await establish(districtId, { name: '区财政和商务局', kind: 'organ', organBranch: 'government' }, a!.id);
    await h.system.registry.organization.activate({ id: merged.id });
    await h.system.registry.organization.merge({ sourceIds: [b.id], targetId: merged.id, documentNumber: '示编〔2026〕51号' });
    expect(await used(districtId, 'organ_government')).toMatchObject({ used: 2, maximum: 2 });
  });

  it('refuse moving a unit into a limited category by changing its branch or class, and a delegation into a full jurisdiction', async () => {
    await city.registry.limit.set({ jurisdictionId: districtId, documentNumber: '示编〔2026〕41号', limits: [{ category: 'organ_party', maximum: 1 }] });
    const office = (await city.registry.organization.list({ search: '区机关事务服务中心' })).items[0]!;
    const error = await refusal(city.registry.organization.update({ id: office.id, changes: { organBranch: 'party' } }));
    expect(error.domainCode).toBe('ORGANIZATION_LIMIT_EXCEEDED');
    expect(localizedMessage(error)).toContain('党委工作机关限额1个（示编〔2026〕41号），已有1个，变更后为2个');
    expect((await refusal(city.registry.organization.update({ id: office.id, changes: { institutionClass: 'welfare_1' } }))).domainCode).toBe('VALIDATION_FAILED');

    const cityOrgan = await existing(h.cityId, { name: '市住房保障中心', kind: 'organ', organBranch: 'government' });
    const delegated = await refusal(h.system.registry.organization.delegate({ id: cityOrgan.id, targetJurisdictionId: districtId, documentNumber: '示编〔2026〕52号' }));
    expect(delegated.domainCode).toBe('ORGANIZATION_LIMIT_EXCEEDED');
    expect((await city.registry.organization.get({ id: cityOrgan.id })).status).toBe('active');
  });

  it('keep internal departments within the jurisdiction’s staffing range', async () => {
    const unit = (await city.registry.organization.list({ search: '区发展和改革局' })).items[0]!;
    const small = await refusal(city.registry.department.create({ organizationId: unit.id, department: { name: '综合科', headcount: 2 } }));
    expect(small.domainCode).toBe('DEPARTMENT_OUT_OF_RANGE');
    expect(localizedMessage(small)).toBe('内设机构“综合科”编制2名，不在本地区内设机构编制区间3—12名内（示编〔2026〕40号）');
    const made = await city.registry.department.create({ organizationId: unit.id, department: { name: '综合科', headcount: 8 } });
    expect((await refusal(city.registry.department.update({ id: made.id, changes: { headcount: 13 } }))).domainCode).toBe('DEPARTMENT_OUT_OF_RANGE');
    expect((await city.registry.department.update({ id: made.id, changes: { headcount: 12 } })).headcount).toBe(12);
  });

  it('are decided by the level above: a district reads its own, sets its townships’, never raises its own', async () => {
    const own = await district.registry.limit.list({ jurisdictionId: districtId });
    expect(own.editable).toBe(false);
    const error = await refusal(district.registry.limit.set({ jurisdictionId: districtId, documentNumber: '海编〔2026〕1号', limits: [{ category: 'organ_government', maximum: 30 }] }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.domainCode).toBe('LIMIT_NOT_YOURS');
    expect(localizedMessage(error)).toBe('海曙区的机构限额和内设机构编制区间由上级机构编制部门核定，本级只能查看');
    expect(await used(districtId, 'organ_government')).toMatchObject({ maximum: 2 });

    const township = await district.registry.limit.set({ jurisdictionId: townshipId, documentNumber: '海编〔2026〕2号', limits: [{ category: 'organ_all', maximum: 1 }] });
    expect(township).toMatchObject({ editable: true, jurisdictionName: '月湖街道' });
    expect((await refusal(district.registry.limit.list({ jurisdictionId: otherDistrictId }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(district.registry.limit.set({ jurisdictionId: otherDistrictId, documentNumber: '海编〔2026〕3号', limits: [] }))).domainCode).toBe('OUT_OF_SCOPE');
    const township_admin = h.callerAs(h.userIn('township_admin', townshipId));
    expect((await refusal(township_admin.registry.limit.set({ jurisdictionId: townshipId, documentNumber: '月编〔2026〕1号', limits: [] }))).code).toBe('FORBIDDEN');

    // Removing a limit is a change like any other, kept with its document.
    await city.registry.limit.set({ jurisdictionId: districtId, documentNumber: '示编〔2026〕42号', limits: [{ category: 'organ_party', maximum: null }] });
    const history = await city.registry.limit.history({ jurisdictionId: districtId });
    expect(history[0]).toMatchObject({ subject: 'organ_party', before: { maximum: 1 }, after: null, documentNumber: '示编〔2026〕42号' });
  });
});

describe('organization limits hold for every way a unit joins or changes category', () => {
  let zhenhaiId: string;
  let yinzhouId: string;
  let zhenhai: ReturnType<typeof h.callerAs>;
  const limitsOf = async (jurisdictionId: string, limits: { category: 'organ_government' | 'organ_all' | 'institution_welfare_1'; maximum: number }[]) =>
    city.registry.limit.set({ jurisdictionId, documentNumber: '示编〔2026〕60号', limits });

  beforeAll(async () => {
    const seed = servicePrincipal('seed');
    zhenhaiId = (await createJurisdiction(h.db, seed, { parentId: h.cityId, level: 'district', code: '330211', name: '镇海区' })).id;
    yinzhouId = (await createJurisdiction(h.db, seed, { parentId: h.cityId, level: 'district', code: '330212', name: '鄞州区' })).id;
    zhenhai = h.callerAs(h.userIn('district_admin', zhenhaiId));
  });

  it('refuse a district recording a unit as existing (inventory) beyond its limit; the platform’s initial load is not refused', async () => {
    await existing(zhenhaiId, { name: '镇海区财政局', kind: 'organ', organBranch: 'government' });
    await limitsOf(zhenhaiId, [{ category: 'organ_government', maximum: 1 }]);
    const error = await refusal(zhenhai.registry.organization.create({ jurisdictionId: zhenhaiId, basis: 'inventory', name: '镇海区商务局', kind: 'organ', organBranch: 'government' }));
    expect(error.domainCode).toBe('ORGANIZATION_LIMIT_EXCEEDED');
    expect(localizedMessage(error)).toBe('超出机构限额：镇海区政府工作部门限额1个（示编〔2026〕60号），已有1个，变更后为2个');
    expect((await city.registry.organization.list({ search: '镇海区商务局' })).items).toEqual([]);
    // The city bureau records in its districts under the same limits; a category without a limit takes the unit.
    expect((await refusal(city.registry.organization.create({ jurisdictionId: zhenhaiId, basis: 'inventory', name: '镇海区商务局', kind: 'organ', organBranch: 'government' }))).domainCode).toBe('ORGANIZATION_LIMIT_EXCEEDED');
    expect((await zhenhai.registry.organization.create({ jurisdictionId: zhenhaiId, basis: 'inventory', name: '镇海区人民法院', kind: 'organ', organBranch: 'other' })).status).toBe('active');
    // The seed records what exists as the system, whatever the limits.
    expect((await existing(zhenhaiId, { name: '镇海区教育局', kind: 'organ', organBranch: 'government' })).status).toBe('active');
  });

  it('leave relabelling a unit to the level above: a district cannot move its department out of a full category and fill it again', async () => {
    const bureau = (await city.registry.organization.list({ search: '镇海区财政局' })).items[0]!;
    expect((await zhenhai.registry.organization.get({ id: bureau.id })).mayChangeCategory).toBe(false);
    expect((await city.registry.organization.get({ id: bureau.id })).mayChangeCategory).toBe(true);
    const error = await refusal(zhenhai.registry.organization.update({ id: bureau.id, changes: { organBranch: 'other' } }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.domainCode).toBe('CATEGORY_NOT_YOURS');
    expect(localizedMessage(error)).toBe('“镇海区财政局”的机关类别或事业单位分类由示范市机构编制部门调整（与核定镇海区机构限额的是同一级），镇海区不能自行变更');
    expect(localizedMessage(error, 'en')).toContain('changed by the establishment bureau of 示范市');
    expect((await refusal(zhenhai.registry.organization.update({ id: bureau.id, changes: { organBranch: null } }))).domainCode).toBe('CATEGORY_NOT_YOURS');
    expect((await city.registry.organization.get({ id: bureau.id })).organBranch).toBe('government');
    // Filling in a branch the unit lacks only adds to a category, which the limits check.
    const unlabelled = await existing(zhenhaiId, { name: '镇海区档案馆', kind: 'organ' });
    expect((await zhenhai.registry.organization.update({ id: unlabelled.id, changes: { organBranch: 'party' } })).organBranch).toBe('party');
    // The city decides: relabelled by it, the district's count falls.
    expect((await city.registry.organization.update({ id: bureau.id, changes: { organBranch: 'other' }, documentNumber: '示编〔2026〕61号' })).organBranch).toBe('other');
  });

  it('count every unit a merger’s new unit replaces, as the reform preview does; the replaced units must be live, in reach and in the same jurisdiction', async () => {
    await limitsOf(yinzhouId, [{ category: 'institution_welfare_1', maximum: 1 }]);
    const clinic = await existing(yinzhouId, { name: '鄞州区社区卫生服务站', kind: 'institution', institutionClass: 'welfare_2' });
    const centre = await existing(yinzhouId, { name: '鄞州区疾病预防控制中心', kind: 'institution', institutionClass: 'welfare_1' });
    const unit = { jurisdictionId: yinzhouId, name: '鄞州区公共卫生中心', kind: 'institution' as const, institutionClass: 'welfare_1' as const, plannedQuota: 12, offsetOrganizationId: clinic.id, documentNumber: '示编〔2026〕62号' };
    // Only the first source abolished for it (撤一建一): the class-1 count would rise.
    expect((await refusal(h.system.registry.organization.create(unit))).domainCode).toBe('ORGANIZATION_LIMIT_EXCEEDED');

    const elsewhere = await existing(zhenhaiId, { name: '镇海区疾病预防控制中心', kind: 'institution', institutionClass: 'welfare_1' });
    const foreign = await refusal(h.system.registry.organization.create({ ...unit, replacedOrganizationIds: [clinic.id, elsewhere.id] }));
    expect(foreign.domainCode).toBe('ORGANIZATION_STATE');
    expect(localizedMessage(foreign)).toBe('“镇海区疾病预防控制中心”不属于鄞州区，不能由该地区的新设机构替代');
    expect((await refusal(zhenhai.registry.organization.create({ jurisdictionId: zhenhaiId, basis: 'inventory', name: '镇海区某中心', kind: 'institution', replacedOrganizationIds: [elsewhere.id] }))).domainCode).toBe('VALIDATION_FAILED');
    const { refusal: outOfReach } = await zhenhai.registry.organization.check({ ...unit, jurisdictionId: zhenhaiId, offsetOrganizationId: elsewhere.id, replacedOrganizationIds: [centre.id] });
    expect(outOfReach?.code).toBe('OUT_OF_SCOPE');
    expect((await refusal(h.system.registry.organization.create({ ...unit, replacedOrganizationIds: [centre.id, centre.id] }))).code).toBe('BAD_REQUEST');

    const created = await h.system.registry.organization.create({ ...unit, replacedOrganizationIds: [clinic.id, centre.id] });
    expect(created.status).toBe('planned');
    expect((await city.registry.organization.get({ id: clinic.id })).status).toBe('abolished');
    // The other source stays live until the project merges it into the new unit.
    await h.system.registry.organization.activate({ id: created.id });
    await h.system.registry.organization.merge({ sourceIds: [centre.id], targetId: created.id, documentNumber: '示编〔2026〕62号' });
    expect(await used(yinzhouId, 'institution_welfare_1')).toMatchObject({ used: 1, maximum: 1 });
    const spare = await existing(yinzhouId, { name: '鄞州区卫生信息站', kind: 'institution', institutionClass: 'welfare_2' });
    const abolished = await refusal(h.system.registry.organization.create({ ...unit, name: '鄞州区卫生监督所', offsetOrganizationId: spare.id, replacedOrganizationIds: [centre.id] }));
    expect(abolished.domainCode).toBe('ORGANIZATION_NOT_LIVE');
  });

  it('refuse a request naming one category twice, recording nothing', async () => {
    const before = await city.registry.limit.history({ jurisdictionId: yinzhouId });
    const error = await refusal(city.registry.limit.set({ jurisdictionId: yinzhouId, documentNumber: '示编〔2026〕63号', limits: [{ category: 'organ_all', maximum: 5 }, { category: 'organ_all', maximum: 6 }] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(error.cause)).toContain('category organ_all is named twice');
    expect(await city.registry.limit.history({ jurisdictionId: yinzhouId })).toEqual(before);
  });

  it('see a limit set while an establishment is being checked: the establishment waits for it', async () => {
    const township = (await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: yinzhouId, level: 'township', code: '330212001', name: '首南街道' })).id;
    const room = await existing(township, { name: '首南街道文化站', kind: 'institution', institutionClass: 'welfare_1' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // The level above sets the township's limit in a transaction still open when the establishment starts.
    const setting = h.db.transaction().execute(async (trx) => {
      await sql`select 1 from registry.jurisdictions where id = ${township} for no key update`.execute(trx);
      await trx.insertInto('registry.organization_limits').values({ jurisdiction_id: township, category: 'organ_all', maximum: 0, document_number: '鄞编〔2026〕1号', updated_by: JSON.stringify({ kind: 'user', id: 'test' }) }).execute();
      locked();
      await released;
    });
    await isLocked;
    const establishing = h.system.registry.organization.create({ jurisdictionId: township, name: '首南街道综合执法队', kind: 'organ', plannedQuota: 12, offsetOrganizationId: room.id, documentNumber: '鄞编〔2026〕2号' }).then(
      () => null,
      (e: { cause?: { code?: string } }) => e.cause?.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await setting;
    expect(await establishing).toBe('ORGANIZATION_LIMIT_EXCEEDED');
  });
});
