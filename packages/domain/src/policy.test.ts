import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import {
  assertNoViolations,
  checkDepartments,
  checkNewOrganization,
  checkRectification,
  checkStaffingPlan,
  checkRuleParams,
  effectiveSettings,
  growthCap,
  type NewOrganization,
  type PolicySettings,
} from './policy.js';
import { isSubdistrict } from './organization.js';

const defaults = effectiveSettings([]);
const offset = { name: '市老干部活动中心', status: 'active' as const, alreadyUsed: false };
const institution: NewOrganization = { kind: 'institution', institutionClass: 'welfare_1', plannedQuota: 12, offset };

function ids(violations: { ruleId: string }[]) {
  return violations.map((v) => v.ruleId);
}

describe('effective settings', () => {
  it('start from each rule’s defaults and let the nearest stored setting win', () => {
    expect(defaults['ORG-PI-MIN-QUOTA']).toEqual({ enabled: true, params: { minQuota: 10 } });
    const settings = effectiveSettings([
      { ruleId: 'ORG-PI-MIN-QUOTA', enabled: true, params: { minQuota: 15 } }, // city
      { ruleId: 'ORG-PI-MIN-QUOTA', enabled: true, params: { minQuota: 5 } }, // district
      { ruleId: 'NOT-A-RULE', enabled: false, params: {} },
    ]);
    expect(settings['ORG-PI-MIN-QUOTA'].params['minQuota']).toBe(5);
    expect(settings['ORG-ABOLISH-ONE'].enabled).toBe(true);
  });

  it('refuse unknown parameters and values out of range', () => {
    expect(() => checkRuleParams('ORG-PI-MIN-QUOTA', { minQuota: 0 })).toThrow(DomainError);
    expect(() => checkRuleParams('ORG-PI-MIN-QUOTA', { minQuota: 2.5 })).toThrow(DomainError);
    expect(() => checkRuleParams('ORG-PI-MIN-QUOTA', { maxQuota: 5 })).toThrow(DomainError);
    expect(() => checkRuleParams('ORG-PI-MIN-QUOTA', { minQuota: 8 })).not.toThrow();
  });
});

describe('new organizations', () => {
  it('pass with an offset, enough quota and a welfare class', () => {
    expect(checkNewOrganization(defaults, institution)).toEqual([]);
  });

  it('need an organization abolished to make room (撤一建一), used once only', () => {
    expect(ids(checkNewOrganization(defaults, { ...institution, offset: null }))).toEqual(['ORG-ABOLISH-ONE']);
    expect(ids(checkNewOrganization(defaults, { ...institution, offset: { ...offset, alreadyUsed: true } }))).toEqual(['ORG-ABOLISH-ONE']);
    expect(ids(checkNewOrganization(defaults, { ...institution, offset: { ...offset, status: 'converted' } }))).toEqual(['ORG-ABOLISH-ONE']);
    expect(ids(checkNewOrganization(defaults, { ...institution, offset: { ...offset, status: 'abolished' } }))).toEqual([]);
  });

  it('refuse a public institution under the minimum quota, with administrative functions or of business nature', () => {
    const under = checkNewOrganization(defaults, { ...institution, plannedQuota: 9 });
    expect(ids(under)).toEqual(['ORG-PI-MIN-QUOTA']);
    expect(under[0]!.message['zh-CN']).toContain('不得少于10名，拟核定9名');
    expect(ids(checkNewOrganization(defaults, { ...institution, plannedQuota: null }))).toEqual(['ORG-PI-MIN-QUOTA']);
    expect(ids(checkNewOrganization(defaults, { ...institution, institutionClass: 'administrative' }))).toEqual(['ORG-PI-NO-ADMIN']);
    expect(ids(checkNewOrganization(defaults, { ...institution, institutionClass: 'business', offset: null }))).toEqual(['ORG-ABOLISH-ONE', 'ORG-PI-NO-BUSINESS']);
  });

  it('apply institution rules to institutions only, and not when switched off', () => {
    expect(checkNewOrganization(defaults, { kind: 'organ', institutionClass: null, plannedQuota: 3, offset })).toEqual([]);
    const relaxed: PolicySettings = { ...defaults, 'ORG-ABOLISH-ONE': { enabled: false, params: {} }, 'ORG-PI-MIN-QUOTA': { enabled: true, params: { minQuota: 5 } } };
    expect(checkNewOrganization(relaxed, { ...institution, plannedQuota: 5, offset: null })).toEqual([]);
  });
});

describe('internal departments', () => {
  const office = (name: string, headcount = 8) => ({ name, headcount, type: 'office' as const });

  it('average at least eight per department', () => {
    const set = { departments: [office('综合科', 10), office('业务科', 5)], baselineCount: null, subdistrict: false, complete: true };
    const found = checkDepartments(defaults, set);
    expect(ids(found)).toEqual(['DEPT-AVERAGE-SIZE']);
    expect(found[0]!.message['zh-CN']).toContain('平均编制7.5名，低于8名');
    expect(checkDepartments(defaults, { ...set, departments: [office('综合科', 11), office('业务科', 5)] })).toEqual([]);
  });

  it('are not more than in the document in force', () => {
    const set = { departments: [office('一科'), office('二科'), office('三科')], baselineCount: 2, subdistrict: false, complete: false };
    expect(ids(checkDepartments(defaults, set))).toEqual(['DEPT-NO-INCREASE']);
    expect(checkDepartments(defaults, { ...set, baselineCount: 3 })).toEqual([]);
    expect(checkDepartments(defaults, { ...set, baselineCount: null })).toEqual([]);
  });

  it('follow 4+2+2 in a subdistrict: four fixed offices, two more at most, two platforms at most', () => {
    const fixed = [office('党建工作办公室'), office('公共管理办公室'), office('公共服务办公室'), office('公共安全办公室')];
    const platform = (name: string) => ({ name, headcount: 8, type: 'platform' as const });
    const base = { baselineCount: null, subdistrict: true, complete: true };
    expect(checkDepartments(defaults, { ...base, departments: [...fixed, office('经济发展办公室'), office('城市管理办公室'), platform('综合信息指挥室'), platform('综合行政执法队')] })).toEqual([]);
    const tooMany = checkDepartments(defaults, { ...base, departments: [...fixed, office('甲办'), office('乙办'), office('丙办'), platform('一'), platform('二'), platform('三')] });
    expect(tooMany.map((v) => v.message.en)).toEqual([expect.stringContaining('3 offices besides'), expect.stringContaining('3 platforms')]);
    const missing = checkDepartments(defaults, { ...base, departments: fixed.slice(0, 2) });
    expect(missing[0]!.message['zh-CN']).toContain('缺少公共服务办公室、公共安全办公室');
    expect(checkDepartments(defaults, { ...base, complete: false, departments: fixed.slice(0, 2) })).toEqual([]);
    expect(checkDepartments(defaults, { ...base, subdistrict: false, departments: fixed.slice(0, 2) })).toEqual([]);
  });

  it('tell subdistricts from towns by name', () => {
    expect(isSubdistrict({ level: 'township', name: '南门街道' })).toBe(true);
    expect(isSubdistrict({ level: 'township', name: '溪口镇' })).toBe(false);
    expect(isSubdistrict({ level: 'district', name: '某街道' })).toBe(false);
  });
});

describe('rectification linkage and refusals', () => {
  it('refuse approvals while a violation is open, naming it', () => {
    const found = checkRectification(defaults, [{ id: 'v1', title: '超编进人' }]);
    expect(found[0]!.message['zh-CN']).toContain('超编进人');
    expect(checkRectification(defaults, [])).toEqual([]);
    expect(checkRectification({ ...defaults, 'RECTIFICATION-LINK': { enabled: false, params: {} } }, [{ id: 'v1', title: 'x' }])).toEqual([]);
  });

  it('become one error carrying every rule in both languages', () => {
    expect(() => assertNoViolations([])).not.toThrow();
    const error = (() => {
      try {
        assertNoViolations(checkNewOrganization(defaults, { ...institution, offset: null, plannedQuota: 1 }));
      } catch (e) {
        return e as DomainError;
      }
      return null;
    })();
    expect(error?.code).toBe('POLICY_VIOLATION');
    expect(error?.localized?.['zh-CN']).toMatch(/^【撤一建一（ORG-ABOLISH-ONE）】.*；【新设事业单位编制下限/);
    expect((error?.detail?.['problems'] as { ruleId: string }[]).map((p) => p.ruleId)).toEqual(['ORG-ABOLISH-ONE', 'ORG-PI-MIN-QUOTA']);
  });
});

describe('staffing-use plans', () => {
  const request = (over: Partial<Parameters<typeof checkStaffingPlan>[1]> = {}) => ({
    places: 2,
    source: 'vacancy' as 'vacancy' | 'turnover',
    quota: 20,
    occupied: 10,
    reserved: 0,
    regime: 'none' as const,
    flaggedOverQuota: false,
    approvedThisYear: 0,
    exitsThisYear: 0,
    vacanciesAtYearStart: 10,
    penalty: null,
    openViolations: [],
    ...over,
  });
  const ruleIds = (over: Partial<Parameters<typeof checkStaffingPlan>[1]>) => checkStaffingPlan(effectiveSettings([]), request(over)).map((v) => v.ruleId);

  it('pass a unit with vacancies and no regime, penalty or open violation', () => {
    expect(ruleIds({})).toEqual([]);
  });
  it('keep a full or over-quota unit to exits only (只出不进)', () => {
    expect(ruleIds({ occupied: 19, reserved: 1 })).toEqual(['QUOTA-EXIT-ONLY']);
    const [over] = checkStaffingPlan(effectiveSettings([]), request({ occupied: 23 }));
    expect(over!.message['zh-CN']).toContain('超编3名');
    expect(ruleIds({ occupied: 19, reserved: 0, places: 1 })).toEqual([]);
    // Recorded over quota: exits only until the bureau lifts the mark, even once the numbers allow.
    const [flagged] = checkStaffingPlan(effectiveSettings([]), request({ occupied: 12, flaggedOverQuota: true }));
    expect(flagged!.ruleId).toBe('QUOTA-EXIT-ONLY');
    expect(flagged!.message['zh-CN']).toContain('已标记超编、尚未解除');
    expect(ruleIds({ occupied: 12, flaggedOverQuota: false })).toEqual([]);
    // Talent introduced on quota lent by the turnover pool is the way in for a full unit.
    expect(ruleIds({ occupied: 20, source: 'turnover' })).toEqual([]);
  });
  it('let a one-out-one-in unit take in only as many as left this year', () => {
    expect(ruleIds({ regime: 'one_out_one_in', exitsThisYear: 2, places: 2 })).toEqual([]);
    expect(ruleIds({ regime: 'one_out_one_in', exitsThisYear: 3, approvedThisYear: 2, places: 2 })).toEqual(['QUOTA-ONE-OUT-ONE-IN']);
    expect(ruleIds({ regime: 'none', exitsThisYear: 0 })).toEqual([]);
  });
  it('cap a strengthened unit’s yearly growth at a third of its vacancies at the start of the year', () => {
    // 10 vacancies, a third → 3 places a year.
    expect(ruleIds({ regime: 'growth_cap', places: 3 })).toEqual([]);
    expect(ruleIds({ regime: 'growth_cap', places: 2, approvedThisYear: 2 })).toEqual(['QUOTA-GROWTH-CAP']);
    // 9 vacancies: a third is 3 (not ⌊9 × 33%⌋ = 2).
    expect(ruleIds({ regime: 'growth_cap', vacanciesAtYearStart: 9, places: 3 })).toEqual([]);
    expect(ruleIds({ regime: 'growth_cap', vacanciesAtYearStart: 9, places: 4 })).toEqual(['QUOTA-GROWTH-CAP']);
    const half = effectiveSettings([{ ruleId: 'QUOTA-GROWTH-CAP', enabled: true, params: { numerator: 1, denominator: 2 } }]);
    expect(checkStaffingPlan(half, request({ regime: 'growth_cap', places: 5 }))).toEqual([]);
    // A setting stored as a percentage before reads as that many hundredths.
    const legacy = effectiveSettings([{ ruleId: 'QUOTA-GROWTH-CAP', enabled: true, params: { percent: 50 } }]);
    expect(legacy['QUOTA-GROWTH-CAP'].params).toMatchObject({ numerator: 50, denominator: 100 });
    expect(checkStaffingPlan(legacy, request({ regime: 'growth_cap', places: 5 }))).toEqual([]);
    expect(() => checkRuleParams('QUOTA-GROWTH-CAP', { numerator: 4, denominator: 3 })).toThrow(/cannot exceed one/);
  });

  it('take the largest whole number of people not above the share, for every vacancy count from 0 to 100', () => {
    for (const [numerator, denominator] of [[1, 3], [1, 2], [2, 3], [1, 1], [33, 100]] as const) {
      for (let vacancies = 0; vacancies <= 100; vacancies++) {
        const cap = growthCap(vacancies, numerator, denominator);
        // cap ≤ vacancies × n/d < cap + 1, in integers.
        expect(cap * denominator <= vacancies * numerator && vacancies * numerator < (cap + 1) * denominator, `${vacancies} × ${numerator}/${denominator} → ${cap}`).toBe(true);
      }
    }
    expect([0, 1, 2, 3, 8, 9, 10, 11, 12, 99, 100].map((v) => growthCap(v, 1, 3))).toEqual([0, 0, 0, 1, 2, 3, 3, 3, 4, 33, 33]);
  });
  it('refuse during a penalty and while a violation is open, naming each rule', () => {
    const found = ruleIds({ penalty: { mode: 'freeze', endsOn: '2027-12-31', documentNumber: '示编〔2026〕9号' }, openViolations: [{ id: 'v1', title: '超职数配备' }] });
    expect(found).toEqual(['QUOTA-PENALTY', 'RECTIFICATION-LINK']);
  });
  it('skip rules switched off for the jurisdiction', () => {
    const off = effectiveSettings([{ ruleId: 'QUOTA-EXIT-ONLY', enabled: false, params: {} }]);
    expect(checkStaffingPlan(off, request({ occupied: 20 }))).toEqual([]);
  });
});
