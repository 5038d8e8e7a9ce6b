import { DomainError, type Locale } from './errors.js';
import type { DepartmentType, InstitutionClass, OrganizationKind, OrganizationStatus } from './organization.js';

/**
 * Policy rules on organizations (DOMAIN.md, "Policy rules"). Each has a stable id, is on or off per
 * jurisdiction and may take parameters; a jurisdiction without its own setting inherits its
 * parent's, and the city's default is the rule's own. A refusal names the rule and why.
 */
type Text = Record<Locale, string>;

export interface RuleParameter {
  key: string;
  label: Text;
  min: number;
  max: number;
  default: number;
}

export interface PolicyRuleDefinition {
  id: PolicyRuleId;
  name: Text;
  description: Text;
  /** Field reports (../shared/seeds) the rule comes from. */
  sources: string[];
  parameters: RuleParameter[];
}

export const policyRuleIds = [
  'ORG-ABOLISH-ONE',
  'ORG-PI-MIN-QUOTA',
  'ORG-PI-NO-ADMIN',
  'ORG-PI-NO-BUSINESS',
  'DEPT-AVERAGE-SIZE',
  'DEPT-NO-INCREASE',
  'SUBDISTRICT-4-2-2',
  'RECTIFICATION-LINK',
  'QUOTA-EXIT-ONLY',
  'QUOTA-ONE-OUT-ONE-IN',
  'QUOTA-GROWTH-CAP',
  'QUOTA-PENALTY',
  'QUOTA-FILING-LINK',
  'AUX-RATIO',
] as const;
export type PolicyRuleId = (typeof policyRuleIds)[number];

export const policyRules: Record<PolicyRuleId, PolicyRuleDefinition> = {
  'ORG-ABOLISH-ONE': {
    id: 'ORG-ABOLISH-ONE',
    name: { 'zh-CN': '撤一建一', en: 'Abolish one to create one' },
    description: {
      'zh-CN': '新设机构须同时撤销一个机构；加挂牌子、合署办公不新设机构',
      en: 'A new organization requires abolishing one; nameplates and co-location create none',
    },
    sources: ['000', '004'],
    parameters: [],
  },
  'ORG-PI-MIN-QUOTA': {
    id: 'ORG-PI-MIN-QUOTA',
    name: { 'zh-CN': '新设事业单位编制下限', en: 'Minimum quota of a new public institution' },
    description: { 'zh-CN': '编制少于下限的事业单位不再新设', en: 'No new public institution with fewer quotas than the minimum' },
    sources: ['004'],
    parameters: [{ key: 'minQuota', label: { 'zh-CN': '最少编制数', en: 'Minimum quota' }, min: 1, max: 1000, default: 10 }],
  },
  'ORG-PI-NO-ADMIN': {
    id: 'ORG-PI-NO-ADMIN',
    name: { 'zh-CN': '不新设承担行政职能的事业单位', en: 'No new institution with administrative functions' },
    description: { 'zh-CN': '行政职能应回归机关，不再新设承担行政职能的事业单位', en: 'Administrative functions return to organs' },
    sources: ['004'],
    parameters: [],
  },
  'ORG-PI-NO-BUSINESS': {
    id: 'ORG-PI-NO-BUSINESS',
    name: { 'zh-CN': '不新设经营类事业单位', en: 'No new business-type institution' },
    description: { 'zh-CN': '经营类事业单位应转企改制，不再新设', en: 'Business-type institutions become enterprises' },
    sources: ['004'],
    parameters: [],
  },
  'DEPT-AVERAGE-SIZE': {
    id: 'DEPT-AVERAGE-SIZE',
    name: { 'zh-CN': '内设机构平均编制', en: 'Average size of internal departments' },
    description: { 'zh-CN': '内设机构平均编制数不得低于下限（大处（科）制）', en: 'Average headcount per internal department at least the minimum' },
    sources: ['003'],
    parameters: [{ key: 'minAverage', label: { 'zh-CN': '平均编制下限', en: 'Minimum average' }, min: 1, max: 100, default: 8 }],
  },
  'DEPT-NO-INCREASE': {
    id: 'DEPT-NO-INCREASE',
    name: { 'zh-CN': '内设机构只减不增', en: 'No more internal departments than before' },
    description: { 'zh-CN': '改革后内设机构数不得多于现行三定规定', en: 'No more departments than the current three-determinations document' },
    sources: ['003'],
    parameters: [],
  },
  'SUBDISTRICT-4-2-2': {
    id: 'SUBDISTRICT-4-2-2',
    name: { 'zh-CN': '街道“4+2+2”机构设置', en: 'Subdistrict 4+2+2 structure' },
    description: {
      'zh-CN': '街道设党建、公共管理、公共服务、公共安全四个办公室，可另设不超过2个办公室和2个平台',
      en: 'Four fixed offices (party building, public administration, public service, public safety), up to two more offices and two platforms',
    },
    sources: ['002'],
    parameters: [
      { key: 'maxExtraOffices', label: { 'zh-CN': '可另设办公室数', en: 'Extra offices allowed' }, min: 0, max: 10, default: 2 },
      { key: 'maxPlatforms', label: { 'zh-CN': '平台数上限', en: 'Platforms allowed' }, min: 0, max: 10, default: 2 },
    ],
  },
  'RECTIFICATION-LINK': {
    id: 'RECTIFICATION-LINK',
    name: { 'zh-CN': '问题整改与审批联动', en: 'Rectification linkage' },
    description: { 'zh-CN': '有未整改问题的部门不予审批新的机构编制事项', en: 'No new approvals for a department with an open violation' },
    sources: ['001', '004'],
    parameters: [],
  },
  'QUOTA-EXIT-ONLY': {
    id: 'QUOTA-EXIT-ONLY',
    name: { 'zh-CN': '满编超编只出不进', en: 'Exit only when full or over quota' },
    description: { 'zh-CN': '满编、超编单位只出不进，直至回到编制数以内', en: 'A full or over-quota unit takes nobody in until it is back under quota' },
    sources: ['000', '004'],
    parameters: [],
  },
  'QUOTA-ONE-OUT-ONE-IN': {
    id: 'QUOTA-ONE-OUT-ONE-IN',
    name: { 'zh-CN': '出一进一', en: 'One out, one in' },
    description: { 'zh-CN': '职能未增加的单位，年度内进人数不超过出人数', en: 'A unit with unchanged duties takes in no more people in a year than left it' },
    sources: ['000'],
    parameters: [],
  },
  'QUOTA-GROWTH-CAP': {
    id: 'QUOTA-GROWTH-CAP',
    name: { 'zh-CN': '年度增人不超过空编三分之一', en: 'Yearly growth within a third of vacancies' },
    description: { 'zh-CN': '职能加强且有空编的单位，年度用编不超过年初空编数的一定比例', en: 'A unit with strengthened duties fills at most a share of its vacancies at the start of the year' },
    sources: ['000'],
    // The share is an exact fraction (一/三 by default), never a rounded percentage: ⌊9 × 33%⌋ = 2 is not a third of 9.
    parameters: [
      { key: 'numerator', label: { 'zh-CN': '年度用编比例分子', en: 'Yearly share: numerator' }, min: 1, max: 100, default: 1 },
      { key: 'denominator', label: { 'zh-CN': '年度用编比例分母', en: 'Yearly share: denominator' }, min: 1, max: 100, default: 3 },
    ],
  },
  'QUOTA-PENALTY': {
    id: 'QUOTA-PENALTY',
    name: { 'zh-CN': '违规处罚核减冻结', en: 'Penalty decrease or freeze' },
    description: { 'zh-CN': '受到核减或冻结编制处罚的单位，处罚期内不予审批用编', en: 'No staffing approvals for a unit while its quota decrease or freeze penalty runs' },
    sources: ['000', '004'],
    parameters: [{ key: 'years', label: { 'zh-CN': '处罚年限', en: 'Penalty years' }, min: 1, max: 10, default: 2 }],
  },
  'QUOTA-FILING-LINK': {
    id: 'QUOTA-FILING-LINK',
    name: { 'zh-CN': '备案制“退一收一”联动', en: 'Filing-system linkage' },
    description: {
      'zh-CN': '实行备案制的单位，在编人员每减少一名，收回一名事业编制，同时增加一名备案员额',
      en: 'In a filing-system unit, each approved-quota person leaving recovers one approved quota and adds one filed headcount',
    },
    sources: ['002'],
    parameters: [],
  },
  'AUX-RATIO': {
    id: 'AUX-RATIO',
    name: { 'zh-CN': '编外人员比例控制', en: 'Staff outside quota within a share of quota' },
    description: {
      'zh-CN': '单位编外人员（合同制、辅助、临时人员）不得超过其核定编制数的一定比例',
      en: 'A unit’s staff outside quota (contract, auxiliary, temporary) stay within a share of its approved quota',
    },
    sources: ['000', '003'],
    // An exact fraction, as the growth cap: a whole person is never split, the cap rounds down.
    parameters: [
      { key: 'numerator', label: { 'zh-CN': '编外人员比例分子', en: 'Share: numerator' }, min: 0, max: 100, default: 1 },
      { key: 'denominator', label: { 'zh-CN': '编外人员比例分母', en: 'Share: denominator' }, min: 1, max: 100, default: 5 },
    ],
  },
};

export interface PolicySetting {
  enabled: boolean;
  params: Record<string, number>;
}
export type PolicySettings = Record<PolicyRuleId, PolicySetting>;

export function defaultSetting(ruleId: PolicyRuleId): PolicySetting {
  return { enabled: true, params: Object.fromEntries(policyRules[ruleId].parameters.map((p) => [p.key, p.default])) };
}

/**
 * The settings in force in a jurisdiction: each rule's nearest stored setting walking up from the
 * jurisdiction (`stored` ordered from the city down to the jurisdiction itself), else its default.
 */
export function effectiveSettings(stored: { ruleId: string; enabled: boolean; params: Record<string, number> }[]): PolicySettings {
  const settings = Object.fromEntries(policyRuleIds.map((id) => [id, defaultSetting(id)])) as PolicySettings;
  for (const row of stored) {
    if (!(policyRuleIds as readonly string[]).includes(row.ruleId)) continue;
    const id = row.ruleId as PolicyRuleId;
    settings[id] = { enabled: row.enabled, params: { ...defaultSetting(id).params, ...legacyParams(id, row.params) } };
  }
  return settings;
}

/** A growth cap stored before the share was a fraction (`percent`) reads as that many hundredths. */
function legacyParams(ruleId: PolicyRuleId, params: Record<string, number>): Record<string, number> {
  if (ruleId !== 'QUOTA-GROWTH-CAP' || params['percent'] === undefined || params['numerator'] !== undefined) return params;
  const { percent, ...rest } = params;
  return { ...rest, numerator: percent!, denominator: 100 };
}

/**
 * 年度增人不超过空编三分之一: the most places a year a growth-capped unit may take — the largest whole
 * number of people not above `numerator/denominator` of its vacancies at the start of the year, in
 * integers (9 vacancies at a third: 3; 10: 3; 11: 3; 12: 4).
 */
export function growthCap(vacanciesAtYearStart: number, numerator: number, denominator: number): number {
  const scaled = Math.max(0, vacanciesAtYearStart) * numerator;
  return (scaled - (scaled % denominator)) / denominator;
}

/** Rejects parameters a rule does not have or values outside its range. */
export function checkRuleParams(ruleId: PolicyRuleId, params: Record<string, number>): void {
  const definitions = policyRules[ruleId].parameters;
  for (const [key, value] of Object.entries(params)) {
    const definition = definitions.find((p) => p.key === key);
    if (!definition || !Number.isInteger(value) || value < definition.min || value > definition.max) {
      throw new DomainError('VALIDATION_FAILED', `rule ${ruleId}: parameter ${key}=${value} is not allowed`);
    }
  }
  if (ruleId === 'AUX-RATIO' && (params['numerator'] ?? 1) > (params['denominator'] ?? 5)) {
    throw new DomainError('VALIDATION_FAILED', `rule ${ruleId}: the share cannot exceed one`, undefined, { 'zh-CN': '编外人员比例不能大于1（分子不能大于分母）', en: 'The share cannot exceed one (numerator above denominator)' });
  }
  if (ruleId === 'QUOTA-GROWTH-CAP' && (params['numerator'] ?? 1) > (params['denominator'] ?? 3)) {
    throw new DomainError('VALIDATION_FAILED', `rule ${ruleId}: the share cannot exceed one`, undefined, { 'zh-CN': '年度用编比例不能大于1（分子不能大于分母）', en: 'The yearly share cannot exceed one (numerator above denominator)' });
  }
}

/**
 * 编外人员比例: the most staff outside quota a unit may have — the largest whole number of people not
 * above `numerator/denominator` of its approved quota (quota 10 at a fifth: 2; 14: 2; 15: 3).
 */
export function auxiliaryCap(quota: number, numerator: number, denominator: number): number {
  return growthCap(quota, numerator, denominator);
}

/** Adding `adding` staff outside quota to a unit with `current` of them and `quota` approved places. */
export function checkAuxiliaryRatio(settings: PolicySettings, unit: { quota: number; current: number; adding: number }): Violation[] {
  const rule = on(settings, 'AUX-RATIO');
  if (!rule || unit.adding <= 0) return [];
  const numerator = rule.params['numerator'] ?? 1;
  const denominator = rule.params['denominator'] ?? 5;
  const cap = auxiliaryCap(unit.quota, numerator, denominator);
  if (unit.current + unit.adding <= cap) return [];
  return [violation('AUX-RATIO', `核定编制${unit.quota}名，编外人员上限${cap}名（编制数的${numerator}/${denominator}），现有${unit.current}名，本次增加${unit.adding}名`, `quota ${unit.quota} allows ${cap} staff outside quota (${numerator}/${denominator} of it); ${unit.current} now, ${unit.adding} to add`)];
}

export interface Violation {
  ruleId: PolicyRuleId;
  message: Text;
}

function violation(ruleId: PolicyRuleId, zh: string, en: string): Violation {
  return { ruleId, message: { 'zh-CN': `【${policyRules[ruleId].name['zh-CN']}（${ruleId}）】${zh}`, en: `[${policyRules[ruleId].name.en} (${ruleId})] ${en}` } };
}

function on(settings: PolicySettings, ruleId: PolicyRuleId): PolicySetting | null {
  return settings[ruleId].enabled ? settings[ruleId] : null;
}

export interface NewOrganization {
  kind: OrganizationKind;
  institutionClass: InstitutionClass | null;
  /** Quota the new unit is to be given; the minimum-quota rule reads it. */
  plannedQuota: number | null;
  /** The organization abolished to make room for this one (撤一建一). */
  offset: { name: string; status: OrganizationStatus; alreadyUsed: boolean } | null;
}

export function checkNewOrganization(settings: PolicySettings, candidate: NewOrganization): Violation[] {
  const found: Violation[] = [];
  if (on(settings, 'ORG-ABOLISH-ONE')) {
    if (!candidate.offset) {
      found.push(violation('ORG-ABOLISH-ONE', '新设机构须同时撤销一个机构，请指定撤销的机构，或改为加挂牌子、合署办公', 'name the organization abolished to make room, or add a nameplate instead'));
    } else if (candidate.offset.alreadyUsed) {
      found.push(violation('ORG-ABOLISH-ONE', `“${candidate.offset.name}”已用于另一机构的撤一建一`, `${candidate.offset.name} already made room for another organization`));
    } else if (!['active', 'planned', 'abolished'].includes(candidate.offset.status)) {
      found.push(violation('ORG-ABOLISH-ONE', `“${candidate.offset.name}”的状态不能用于撤一建一`, `${candidate.offset.name} cannot be abolished for this`));
    }
  }
  if (candidate.kind === 'institution') {
    const minQuota = on(settings, 'ORG-PI-MIN-QUOTA');
    const min = minQuota?.params['minQuota'] ?? 0;
    if (minQuota && (candidate.plannedQuota ?? 0) < min) {
      found.push(violation('ORG-PI-MIN-QUOTA', `新设事业单位编制不得少于${min}名，拟核定${candidate.plannedQuota ?? 0}名`, `a new public institution needs at least ${min} quotas, ${candidate.plannedQuota ?? 0} planned`));
    }
    if (on(settings, 'ORG-PI-NO-ADMIN') && candidate.institutionClass === 'administrative') {
      found.push(violation('ORG-PI-NO-ADMIN', '不再新设承担行政职能的事业单位', 'no new public institution with administrative functions'));
    }
    if (on(settings, 'ORG-PI-NO-BUSINESS') && candidate.institutionClass === 'business') {
      found.push(violation('ORG-PI-NO-BUSINESS', '不再新设经营类事业单位', 'no new business-type public institution'));
    }
  }
  return found;
}

export interface DepartmentSet {
  departments: { name: string; headcount: number; type: DepartmentType }[];
  /** Department count of the current three-determinations document; null when there is none. */
  baselineCount: number | null;
  subdistrict: boolean;
  /** A full structure (a three-determinations document), not one step of building it. */
  complete: boolean;
}

export const subdistrictFixedOffices = [
  { keyword: '党建', zh: '党建办公室', en: 'party building office' },
  { keyword: '公共管理', zh: '公共管理办公室', en: 'public administration office' },
  { keyword: '公共服务', zh: '公共服务办公室', en: 'public service office' },
  { keyword: '公共安全', zh: '公共安全办公室', en: 'public safety office' },
] as const;

export function checkDepartments(settings: PolicySettings, set: DepartmentSet): Violation[] {
  const found: Violation[] = [];
  const count = set.departments.length;
  const average = on(settings, 'DEPT-AVERAGE-SIZE');
  if (average && count > 0) {
    const total = set.departments.reduce((sum, d) => sum + d.headcount, 0);
    const min = average.params['minAverage'] ?? 0;
    if (total / count < min) {
      const shown = Math.round((total / count) * 10) / 10;
      found.push(violation('DEPT-AVERAGE-SIZE', `内设机构平均编制${shown}名，低于${min}名`, `average headcount per department is ${shown}, below ${min}`));
    }
  }
  if (on(settings, 'DEPT-NO-INCREASE') && set.baselineCount !== null && count > set.baselineCount) {
    found.push(violation('DEPT-NO-INCREASE', `内设机构${count}个，多于现行三定规定的${set.baselineCount}个`, `${count} departments, more than the ${set.baselineCount} in force`));
  }
  const structure = on(settings, 'SUBDISTRICT-4-2-2');
  if (structure && set.subdistrict) {
    const offices = set.departments.filter((d) => d.type === 'office');
    const platforms = set.departments.filter((d) => d.type === 'platform');
    const isFixed = (name: string) => subdistrictFixedOffices.some((f) => name.includes(f.keyword));
    const extra = offices.filter((d) => !isFixed(d.name)).length;
    const maxExtra = structure.params['maxExtraOffices'] ?? 2;
    const maxPlatforms = structure.params['maxPlatforms'] ?? 2;
    if (extra > maxExtra) found.push(violation('SUBDISTRICT-4-2-2', `除四个固定办公室外另设${extra}个办公室，超过${maxExtra}个`, `${extra} offices besides the four fixed ones, more than ${maxExtra}`));
    if (platforms.length > maxPlatforms) found.push(violation('SUBDISTRICT-4-2-2', `设${platforms.length}个平台，超过${maxPlatforms}个`, `${platforms.length} platforms, more than ${maxPlatforms}`));
    if (set.complete) {
      const missing = subdistrictFixedOffices.filter((f) => !offices.some((d) => d.name.includes(f.keyword)));
      if (missing.length > 0) {
        found.push(violation('SUBDISTRICT-4-2-2', `缺少${missing.map((m) => m.zh).join('、')}`, `missing the ${missing.map((m) => m.en).join(', ')}`));
      }
    }
  }
  return found;
}

export function checkRectification(settings: PolicySettings, openViolations: { id: string; title: string }[]): Violation[] {
  if (!on(settings, 'RECTIFICATION-LINK') || openViolations.length === 0) return [];
  const titles = openViolations.map((v) => v.title).join('；');
  return [violation('RECTIFICATION-LINK', `该部门有${openViolations.length}个问题尚未整改完毕（${titles}），整改前不予审批`, `the department has ${openViolations.length} open violation(s) (${titles}); no approvals until rectified`)];
}

/** How the bureau steers a unit's hiring (DOMAIN.md: unchanged duties vs strengthened duties). */
export type HiringRegime = 'none' | 'one_out_one_in' | 'growth_cap';

/** What the ledger knows of a unit when a staffing-use plan is approved. */
export interface StaffingRequest {
  places: number;
  /** `turnover`: talent introduction on quota lent by the turnover pool, outside the unit's own vacancies. */
  source: 'vacancy' | 'turnover';
  quota: number;
  occupied: number;
  reserved: number;
  regime: HiringRegime;
  /**
   * Recorded over quota by the bureau (ledger.control.set): the unit stays exit-only until the bureau
   * lifts the mark, which it may do only once the numbers are back within quota.
   */
  flaggedOverQuota: boolean;
  /** Places approved for the unit earlier in the same calendar year, and people who left it. */
  approvedThisYear: number;
  exitsThisYear: number;
  /** Vacancies (quota − occupied) at the end of the previous year. */
  vacanciesAtYearStart: number;
  penalty: { mode: 'freeze' | 'decrease'; endsOn: string; documentNumber: string | null } | null;
  openViolations: { id: string; title: string }[];
}

export function checkStaffingPlan(settings: PolicySettings, r: StaffingRequest): Violation[] {
  const found: Violation[] = [];
  const ownVacancies = r.source === 'vacancy';
  // 只出不进 (seed 000: 满编或超编的单位人员只出不进): full or over by the numbers, or recorded over quota
  // and not yet lifted — the mark is the bureau's decision that the unit is back within quota.
  if (ownVacancies && on(settings, 'QUOTA-EXIT-ONLY') && (r.occupied + r.reserved >= r.quota || r.flaggedOverQuota)) {
    const full = r.occupied + r.reserved >= r.quota;
    const state = r.occupied > r.quota ? `超编${r.occupied - r.quota}名` : full ? '已满编' : '已标记超编、尚未解除';
    const en = full ? 'the unit takes nobody in' : 'the unit is recorded over quota and takes nobody in until the bureau lifts the mark';
    found.push(violation('QUOTA-EXIT-ONLY', `该单位编制${r.quota}名、在编${r.occupied}名、已预留${r.reserved}名，${state}，只出不进${full ? '' : '（回到编制数以内后由编办解除超编标记）'}`, `quota ${r.quota}, occupied ${r.occupied}, reserved ${r.reserved}: ${en}`));
  }
  if (ownVacancies && on(settings, 'QUOTA-ONE-OUT-ONE-IN') && r.regime === 'one_out_one_in' && r.approvedThisYear + r.places > r.exitsThisYear) {
    const left = Math.max(0, r.exitsThisYear - r.approvedThisYear);
    found.push(violation('QUOTA-ONE-OUT-ONE-IN', `本年度出${r.exitsThisYear}人、已批用编${r.approvedThisYear}名，最多还可进${left}人，本次申请${r.places}名`, `${r.exitsThisYear} left this year and ${r.approvedThisYear} places were approved: at most ${left} more, ${r.places} asked`));
  }
  const growth = on(settings, 'QUOTA-GROWTH-CAP');
  if (ownVacancies && growth && r.regime === 'growth_cap') {
    const numerator = growth.params['numerator'] ?? 1;
    const denominator = growth.params['denominator'] ?? 3;
    const cap = growthCap(r.vacanciesAtYearStart, numerator, denominator);
    if (r.approvedThisYear + r.places > cap) {
      found.push(violation('QUOTA-GROWTH-CAP', `年初空编${r.vacanciesAtYearStart}名，年度用编上限${cap}名（空编的${numerator}/${denominator}），已批${r.approvedThisYear}名，本次申请${r.places}名`, `${r.vacanciesAtYearStart} vacancies at the start of the year allow ${cap} places (${numerator}/${denominator} of them); ${r.approvedThisYear} approved, ${r.places} asked`));
    }
  }
  if (on(settings, 'QUOTA-PENALTY') && r.penalty) {
    const what = r.penalty.mode === 'freeze' ? '冻结编制' : '核减编制';
    found.push(violation('QUOTA-PENALTY', `该单位受${what}处罚${r.penalty.documentNumber ? `（${r.penalty.documentNumber}）` : ''}，处罚期至${r.penalty.endsOn}，期内不予审批用编`, `the unit is under a quota ${r.penalty.mode} penalty until ${r.penalty.endsOn}`));
  }
  found.push(...checkRectification(settings, r.openViolations));
  return found;
}

/** Throws one refusal listing every broken rule; does nothing when there are none. */
export function assertNoViolations(violations: Violation[]): void {
  if (violations.length === 0) return;
  throw new DomainError(
    'POLICY_VIOLATION',
    violations.map((v) => v.message.en).join('; '),
    { problems: violations.map((v) => ({ ruleId: v.ruleId, message: v.message })) },
    { 'zh-CN': violations.map((v) => v.message['zh-CN']).join('；'), en: violations.map((v) => v.message.en).join('; ') },
  );
}
