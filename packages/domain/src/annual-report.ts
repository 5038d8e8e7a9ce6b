/**
 * The year-end statistical report (机构编制统计年报): the age bands and education levels its tables
 * count people by, and the consistency checks between its tables. A statistician reads the tables as
 * of December 31; a check that fails names the tables, the figures and the difference, and the report
 * still renders, marked.
 */

/** Age on December 31 of the report year, in the bands of the bureau's yearly return. */
export const ageBands = ['to30', '31to35', '36to40', '41to45', '46to50', '51to55', '56plus'] as const;
export type AgeBand = (typeof ageBands)[number];
export const ageBandLabels: Record<AgeBand, string> = { to30: '30岁及以下', '31to35': '31至35岁', '36to40': '36至40岁', '41to45': '41至45岁', '46to50': '46至50岁', '51to55': '51至55岁', '56plus': '56岁及以上' };

/** Whole years of age at the end of `asOf` (a birthday on that day counts). */
export function ageOn(birthDate: string, asOf: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

export function ageBand(birthDate: string, asOf: string): AgeBand {
  return bandOfAge(ageOn(birthDate, asOf));
}

/** The band of a whole age in years (the ledger counts ages in SQL, as `ageOn` does, and bands them here). */
export function bandOfAge(age: number): AgeBand {
  if (age <= 30) return 'to30';
  if (age >= 56) return '56plus';
  return ageBands[Math.ceil((age - 30) / 5)]!;
}

/** Education as the return counts it; the roll keeps it as free text (学历), so the words decide. */
export const educationLevels = ['postgraduate', 'bachelor', 'college', 'secondary', 'unrecorded'] as const;
export type EducationLevel = (typeof educationLevels)[number];
export const educationLevelLabels: Record<EducationLevel, string> = { postgraduate: '研究生', bachelor: '大学本科', college: '大学专科', secondary: '中专及以下', unrecorded: '未填报' };

export function educationLevel(text: string): EducationLevel {
  const t = text.trim();
  if (t === '') return 'unrecorded';
  if (/博士|硕士|研究生/.test(t)) return 'postgraduate';
  if (/专科|大专|高职/.test(t)) return 'college';
  if (/本科|学士|大学/.test(t)) return 'bachelor';
  return 'secondary';
}

/** A figure per key (a quota type, a sex, a band…). */
export type Counts = Record<string, number>;

/** What the checks read: the tables' figures, per quota type where the table has types. */
export interface AnnualFigures {
  organizations: { total: number; byKind: Counts; byRank: Counts; institutions: number; byClass: Counts };
  /** Per quota type at year end: approved to units, occupied, vacant. */
  quota: { total: { quota: number; occupied: number }; byType: Record<string, { quota: number; occupied: number }>; byJurisdiction: { quota: number; occupied: number }[] };
  /** Per quota type at year end: people on the roll, and the same people counted by each breakdown. */
  people: Record<string, { total: number; bySex: Counts; byAge: Counts; byEducation: Counts; byPostCategory: Counts }>;
  /** Per quota type over the year: people at the start, entries and exits; quota at the start and its changes by cause. */
  changes: Record<string, { peopleAtStart: number; entries: Counts; exits: Counts; quotaAtStart: number; quotaChanges: Counts }>;
}

export const annualCheckCodes = [
  'organizations_by_kind',
  'organizations_by_rank',
  'institutions_by_class',
  'quota_by_type',
  'occupied_by_type',
  'quota_by_jurisdiction',
  'occupied_by_jurisdiction',
  'occupied_equals_people',
  'people_by_sex',
  'people_by_age',
  'people_by_education',
  'people_by_post_category',
  'people_year_end',
  'quota_year_end',
] as const;
export type AnnualCheckCode = (typeof annualCheckCodes)[number];

/** What each check compares: the left figure, which must equal the right one. */
export const annualCheckLabels: Record<AnnualCheckCode, { 'zh-CN': string; en: string }> = {
  organizations_by_kind: { 'zh-CN': '机构总数 = 按机构类别合计', en: 'organizations in all = sum over kinds' },
  organizations_by_rank: { 'zh-CN': '机构总数 = 按机构规格合计', en: 'organizations in all = sum over ranks' },
  institutions_by_class: { 'zh-CN': '事业单位数 = 按分类合计', en: 'public institutions = sum over classes' },
  quota_by_type: { 'zh-CN': '编制总数 = 按编制类型合计', en: 'quota in all = sum over quota types' },
  occupied_by_type: { 'zh-CN': '实有人数 = 按编制类型合计', en: 'occupied in all = sum over quota types' },
  quota_by_jurisdiction: { 'zh-CN': '编制总数 = 按区划（单位）合计', en: 'quota in all = sum over jurisdictions (units)' },
  occupied_by_jurisdiction: { 'zh-CN': '实有人数 = 按区划（单位）合计', en: 'occupied in all = sum over jurisdictions (units)' },
  occupied_equals_people: { 'zh-CN': '编制表实有人数 = 人员表在编人数', en: 'occupied (quota table) = people on the roll (people table)' },
  people_by_sex: { 'zh-CN': '在编人数 = 按性别合计', en: 'people = sum over sexes' },
  people_by_age: { 'zh-CN': '在编人数 = 按年龄段合计', en: 'people = sum over age bands' },
  people_by_education: { 'zh-CN': '在编人数 = 按学历合计', en: 'people = sum over education levels' },
  people_by_post_category: { 'zh-CN': '在编人数 = 按岗位类别合计', en: 'people = sum over post categories' },
  people_year_end: { 'zh-CN': '年末在编人数 = 年初人数 + 本年进入 − 本年减少', en: 'people at year end = at the start + entries − exits' },
  quota_year_end: { 'zh-CN': '年末编制数 = 年初编制数 + 本年编制增减', en: 'quota at year end = at the start + changes over the year' },
};

export interface AnnualCheck {
  code: AnnualCheckCode;
  /** The quota type the check is about, or null for a check over all types. */
  ledger: string | null;
  /** The figure on the left of the equation and the one it must equal. */
  expected: number;
  actual: number;
  /** actual − expected; 0 when the check passes. */
  difference: number;
  passed: boolean;
}

const sum = (counts: Counts | number[]) => (Array.isArray(counts) ? counts : Object.values(counts)).reduce((a, b) => a + b, 0);

/** Every check over the tables, passed or not, in a fixed order (overall checks first, then per type). */
export function checkAnnualFigures(f: AnnualFigures): AnnualCheck[] {
  const checks: AnnualCheck[] = [];
  const check = (code: AnnualCheckCode, ledger: string | null, expected: number, actual: number) => checks.push({ code, ledger, expected, actual, difference: actual - expected, passed: expected === actual });
  check('organizations_by_kind', null, f.organizations.total, sum(f.organizations.byKind));
  check('organizations_by_rank', null, f.organizations.total, sum(f.organizations.byRank));
  check('institutions_by_class', null, f.organizations.institutions, sum(f.organizations.byClass));
  const types = Object.values(f.quota.byType);
  check('quota_by_type', null, f.quota.total.quota, sum(types.map((t) => t.quota)));
  check('occupied_by_type', null, f.quota.total.occupied, sum(types.map((t) => t.occupied)));
  check('quota_by_jurisdiction', null, f.quota.total.quota, sum(f.quota.byJurisdiction.map((j) => j.quota)));
  check('occupied_by_jurisdiction', null, f.quota.total.occupied, sum(f.quota.byJurisdiction.map((j) => j.occupied)));
  const ledgers = [...new Set([...Object.keys(f.quota.byType), ...Object.keys(f.people), ...Object.keys(f.changes)])];
  for (const ledger of ledgers) {
    const quota = f.quota.byType[ledger] ?? { quota: 0, occupied: 0 };
    const people = f.people[ledger] ?? { total: 0, bySex: {}, byAge: {}, byEducation: {}, byPostCategory: {} };
    const changes = f.changes[ledger] ?? { peopleAtStart: 0, entries: {}, exits: {}, quotaAtStart: 0, quotaChanges: {} };
    check('occupied_equals_people', ledger, quota.occupied, people.total);
    check('people_by_sex', ledger, people.total, sum(people.bySex));
    check('people_by_age', ledger, people.total, sum(people.byAge));
    check('people_by_education', ledger, people.total, sum(people.byEducation));
    check('people_by_post_category', ledger, people.total, sum(people.byPostCategory));
    check('people_year_end', ledger, changes.peopleAtStart + sum(changes.entries) - sum(changes.exits), people.total);
    check('quota_year_end', ledger, changes.quotaAtStart + sum(changes.quotaChanges), quota.quota);
  }
  return checks;
}

/** The last day of the year and of the year before (the report's two dates). */
export function reportDates(year: number): { asOf: string; startOf: string; yearStart: string } {
  return { asOf: `${year}-12-31`, startOf: `${year - 1}-12-31`, yearStart: `${year}-01-01` };
}
