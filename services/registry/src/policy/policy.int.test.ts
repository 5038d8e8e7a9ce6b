import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createJurisdiction } from '../jurisdiction/jurisdiction.service.js';
import { brokenRules, localizedMessage, registryHarness, refusal } from '../test-support.js';

let h: Awaited<ReturnType<typeof registryHarness>>;
let districtId: string;
let bureau: ReturnType<typeof h.callerAs>;

beforeAll(async () => {
  h = await registryHarness('registry-policy');
  districtId = (await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: h.cityId, level: 'district', code: '330206', name: '北仑区' })).id;
  bureau = h.callerAs(h.userIn('city_admin', h.cityId));
});
afterAll(async () => h?.drop());

const existing = (name: string, jurisdictionId = h.cityId) => h.system.registry.organization.create({ jurisdictionId, name, kind: 'institution', basis: 'inventory' });

describe('establishing new organizations', () => {
  // A unit is established by an approved matter, which the platform applies: the rules hold there too.
  it('is never done by a person directly, only by the platform applying an approved matter', async () => {
    const error = await refusal(bureau.registry.organization.create({ jurisdictionId: h.cityId, name: '市直接新设中心', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 15 }));
    expect(error.domainCode).toBe('MATTER_REQUIRED');
    expect(localizedMessage(error)).toBe('机构设立须在工作台申报机构编制事项，经批准后由平台执行');
    // The filing's checks are the same rules, answered without creating anything.
    const { refusal: checked } = await bureau.registry.organization.check({ jurisdictionId: h.cityId, name: '市直接新设中心', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 15 });
    expect(checked?.code).toBe('POLICY_VIOLATION');
  });

  it('needs an organization abolished to make room, and says so naming the rule', async () => {
    const error = await refusal(h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市新兴产业促进中心', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 15 }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.domainCode).toBe('POLICY_VIOLATION');
    expect(localizedMessage(error)).toMatch(/^【撤一建一（ORG-ABOLISH-ONE）】/);
    expect(localizedMessage(error, 'en')).toContain('Abolish one to create one (ORG-ABOLISH-ONE)');
    expect((await h.db.selectFrom('registry.organizations').select('id').where('name', '=', '市新兴产业促进中心').execute())).toHaveLength(0);
  });

  it('abolishes the offset unit in the same step, and counts each abolished unit once', async () => {
    const old = await existing('市经济信息中心');
    const created = await h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市数字经济促进中心', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 15, offsetOrganizationId: old.id, documentNumber: '示编〔2026〕30号' });
    expect(created.status).toBe('planned');
    expect(await bureau.registry.organization.get({ id: old.id })).toMatchObject({ status: 'abolished', successorId: created.id });
    const again = await refusal(h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市另一中心', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 15, offsetOrganizationId: old.id }));
    expect(localizedMessage(again)).toContain('已用于另一机构的撤一建一');
  });

  it('refuses small, administrative and business-type public institutions, listing every broken rule', async () => {
    const offset = await existing('市某某站');
    const error = await refusal(h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市小中心', kind: 'institution', institutionClass: 'business', plannedQuota: 6, offsetOrganizationId: offset.id }));
    const problems = brokenRules(error);
    expect(problems).toEqual(['ORG-PI-MIN-QUOTA', 'ORG-PI-NO-BUSINESS']);
    expect(localizedMessage(error)).toContain('新设事业单位编制不得少于10名，拟核定6名');
    const admin = await refusal(h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市执法中心', kind: 'institution', institutionClass: 'administrative', plannedQuota: 20, offsetOrganizationId: offset.id }));
    expect(brokenRules(admin)).toEqual(['ORG-PI-NO-ADMIN']);
    expect((await bureau.registry.organization.get({ id: offset.id })).status).toBe('active');
  });

  it('applies a district’s own settings there and the city’s everywhere else', async () => {
    await bureau.registry.policy.update({ jurisdictionId: districtId, ruleId: 'ORG-PI-MIN-QUOTA', enabled: true, params: { minQuota: 5 } });
    await bureau.registry.policy.update({ jurisdictionId: districtId, ruleId: 'ORG-ABOLISH-ONE', enabled: false, params: {} });
    const rules = await bureau.registry.policy.list({ jurisdictionId: districtId });
    expect(rules.find((r) => r.id === 'ORG-PI-MIN-QUOTA')).toMatchObject({ enabled: true, params: { minQuota: 5 }, setIn: { name: '北仑区' } });
    expect(rules.find((r) => r.id === 'DEPT-AVERAGE-SIZE')).toMatchObject({ enabled: true, params: { minAverage: 8 }, setIn: null });
    const inDistrict = await h.system.registry.organization.create({ jurisdictionId: districtId, name: '北仑区小型服务站', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 6 });
    expect(inDistrict.status).toBe('planned');
    expect((await refusal(h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市小型服务站', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 6 }))).domainCode).toBe('POLICY_VIOLATION');
    const events = await h.db.selectFrom('registry.outbox').select('event_type').where('event_type', '=', 'registry.policy.updated').execute();
    expect(events).toHaveLength(2);
  });

  it('refuses parameters a rule does not have, and settings from outside the caller’s scope', async () => {
    expect((await refusal(bureau.registry.policy.update({ jurisdictionId: h.cityId, ruleId: 'ORG-PI-MIN-QUOTA', enabled: true, params: { minQuota: 0 } }))).code).toBe('BAD_REQUEST');
    const districtAdmin = h.callerAs(h.userIn('district_admin', districtId));
    expect((await refusal(districtAdmin.registry.policy.update({ jurisdictionId: h.cityId, ruleId: 'ORG-ABOLISH-ONE', enabled: false, params: {} }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(h.callerAs(h.userIn('inspector', h.cityId)).registry.policy.update({ jurisdictionId: h.cityId, ruleId: 'ORG-ABOLISH-ONE', enabled: false, params: {} }))).code).toBe('FORBIDDEN');
  });
});

describe('policy rules: set by the level above', () => {
  it('refuses a district changing a rule that binds its own units (the share of staff outside quota, rectification linkage…), and lets the city set it', async () => {
    const districtAdmin = h.callerAs(h.userIn('district_admin', districtId));
    for (const change of [{ enabled: false, params: { numerator: 1, denominator: 5 } }, { enabled: true, params: { numerator: 100, denominator: 100 } }]) {
      const error = await refusal(districtAdmin.registry.policy.update({ jurisdictionId: districtId, ruleId: 'AUX-RATIO', ...change }));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.domainCode).toBe('POLICY_NOT_YOURS');
      expect(localizedMessage(error)).toBe('北仑区的“编外人员比例控制”（AUX-RATIO）由上级机构编制部门设定，本级只能查看');
      expect(localizedMessage(error, 'en')).toContain('set by the level above');
    }
    const shown = await districtAdmin.registry.policy.list({ jurisdictionId: districtId });
    expect(shown.find((r) => r.id === 'AUX-RATIO')).toMatchObject({ enabled: true, editable: false, setIn: null });
    // So does every rule that binds it: none is its own to disable or loosen.
    expect(shown.every((r) => !r.editable)).toBe(true);
    expect((await refusal(districtAdmin.registry.policy.update({ jurisdictionId: districtId, ruleId: 'RECTIFICATION-LINK', enabled: false, params: {} }))).domainCode).toBe('POLICY_NOT_YOURS');
    await bureau.registry.policy.update({ jurisdictionId: districtId, ruleId: 'AUX-RATIO', enabled: true, params: { numerator: 1, denominator: 4 } });
    expect((await bureau.registry.policy.list({ jurisdictionId: districtId })).find((r) => r.id === 'AUX-RATIO')).toMatchObject({ params: { numerator: 1, denominator: 4 }, editable: true, setIn: { name: '北仑区' } });
    // The city records its own, as the province decided it; an inspector edits nothing.
    expect((await bureau.registry.policy.list({ jurisdictionId: h.cityId })).find((r) => r.id === 'AUX-RATIO')!.editable).toBe(true);
    expect((await h.callerAs(h.userIn('inspector', h.cityId)).registry.policy.list({ jurisdictionId: h.cityId })).every((r) => !r.editable)).toBe(true);
  });
});

describe('rectification linkage', () => {
  it('refuses approvals for a unit with an open violation until it is rectified', async () => {
    const unit = await h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市城管局', kind: 'organ', basis: 'inventory' });
    h.violations.record(unit.id, '超职数配备领导干部');
    const error = await refusal(h.system.registry.organization.update({ id: unit.id, changes: { rank: 'zheng_chu' } }));
    expect(error.domainCode).toBe('POLICY_VIOLATION');
    expect(localizedMessage(error)).toContain('超职数配备领导干部');
    expect((await refusal(bureau.registry.department.create({ organizationId: unit.id, department: { name: '执法科', headcount: 10 } }))).domainCode).toBe('POLICY_VIOLATION');
    const offset = await existing('市城管监察站');
    expect((await refusal(h.system.registry.organization.create({ jurisdictionId: h.cityId, name: '市城管服务中心', kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 12, parentId: unit.id, offsetOrganizationId: offset.id }))).domainCode).toBe('POLICY_VIOLATION');
    h.violations.rectifyAll(unit.id);
    expect((await h.system.registry.organization.update({ id: unit.id, changes: { rank: 'zheng_chu' } })).rank).toBe('zheng_chu');
  });
});
