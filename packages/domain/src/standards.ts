import { bilingual, type Locale } from './errors.js';

type LocalizedText = Record<Locale, string>;

/**
 * Staffing standards (机构编制标准, 核编标准; DOMAIN.md "Staffing standards"): a standard turns a
 * unit's indicators (approved beds, full-time students, population served…) into the quota the
 * unit should have. Ratios are exact: "1 staff per 13.5 students" is the fraction 2/27, never
 * 0.074…, so a total is the same whichever order the terms are added in.
 *
 * Rounding, in the bureau's words: the terms are added exactly and the sum is rounded to a whole
 * person once, half up (四舍五入: 52.5 → 53, 52.49 → 52); then the standard's minimum and maximum
 * apply.
 */
export const indicators = ['beds', 'students_primary', 'students_junior', 'students_senior', 'students_vocational', 'students_university', 'population', 'area_km2', 'service_objects'] as const;
export type Indicator = (typeof indicators)[number];
export const indicatorLabels: Record<Indicator, { 'zh-CN': string; en: string; unit: { 'zh-CN': string; en: string } }> = {
  beds: { 'zh-CN': '核定床位数', en: 'Approved beds', unit: { 'zh-CN': '张', en: 'beds' } },
  students_primary: { 'zh-CN': '小学在校生数', en: 'Primary pupils', unit: { 'zh-CN': '人', en: 'pupils' } },
  students_junior: { 'zh-CN': '初中在校生数', en: 'Junior secondary students', unit: { 'zh-CN': '人', en: 'students' } },
  students_senior: { 'zh-CN': '高中在校生数', en: 'Senior secondary students', unit: { 'zh-CN': '人', en: 'students' } },
  students_vocational: { 'zh-CN': '中职在校生数', en: 'Vocational students', unit: { 'zh-CN': '人', en: 'students' } },
  students_university: { 'zh-CN': '全日制在校生数（高校）', en: 'Full-time university students', unit: { 'zh-CN': '人', en: 'students' } },
  population: { 'zh-CN': '服务人口', en: 'Population served', unit: { 'zh-CN': '人', en: 'people' } },
  area_km2: { 'zh-CN': '辖区面积', en: 'Area', unit: { 'zh-CN': '平方公里', en: 'km²' } },
  service_objects: { 'zh-CN': '服务对象数', en: 'People served (clients)', unit: { 'zh-CN': '人', en: 'people' } },
};
/** An indicator's value: a whole number (beds, students, people, square kilometres). */
export const INDICATOR_MAX = 100_000_000;

export const standardSectors = ['health', 'education', 'higher_education', 'culture', 'civil_affairs', 'other'] as const;
export type StandardSector = (typeof standardSectors)[number];
export const standardSectorLabels: Record<StandardSector, { 'zh-CN': string; en: string }> = {
  health: { 'zh-CN': '卫生健康', en: 'Health' },
  education: { 'zh-CN': '中小学教育', en: 'Primary and secondary education' },
  higher_education: { 'zh-CN': '高等教育', en: 'Higher education' },
  culture: { 'zh-CN': '文化', en: 'Culture' },
  civil_affairs: { 'zh-CN': '民政', en: 'Civil affairs' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/**
 * How a banded ratio applies: `step`, the whole indicator at the ratio of the band its value falls
 * in (the hospital standard: a 600-bed hospital is staffed at the ratio for over 500 beds);
 * `marginal`, each band's part at its own ratio (the first 300 at one, the rest at another).
 */
export const bandModes = ['step', 'marginal'] as const;
export type BandMode = (typeof bandModes)[number];

/** `staff` people per `per` units of the indicator (at most two decimals each): 1 per 13.5 students; 1.6 per 1 bed. */
export interface Band {
  /** The band covers values up to and including this; null for the last band (no upper end). */
  upTo: number | null;
  staff: number;
  per: number;
}

export interface StandardRatio {
  indicator: Indicator;
  /** The variant of the standard this ratio belongs to (a hospital grade, urban or rural…). */
  variant: string;
  mode: BandMode;
  bands: Band[];
}

export interface StandardDefinition {
  name: string;
  sector: StandardSector;
  /** The class of public institution it applies to, or null for any. */
  institutionClass: 'welfare_1' | 'welfare_2' | 'business' | 'administrative' | null;
  /** The kinds of unit the standard tells apart (三级医院/二级医院, 城市/县镇/农村); at least one. */
  variants: { key: string; label: string }[];
  ratios: StandardRatio[];
  /** Whole people; null for none. */
  minimum: number | null;
  maximum: number | null;
}

/** An exact non-negative fraction. */
interface Fraction {
  num: bigint;
  den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
function reduce(f: Fraction): Fraction {
  const g = gcd(f.num, f.den) || 1n;
  return { num: f.num / g, den: f.den / g };
}
const addFractions = (a: Fraction, b: Fraction): Fraction => reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
/** A decimal with at most two places, in hundredths. */
const hundredths = (value: number): bigint => BigInt(Math.round(value * 100));
const hasAtMostTwoDecimals = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6;

/** Half up: floor(x + 1/2) for x ≥ 0. */
export function roundHalfUp(f: Fraction): number {
  return Number((2n * f.num + f.den) / (2n * f.den));
}

/** `value` units of the indicator at a ratio, exactly. */
function atRatio(value: bigint, band: Band): Fraction {
  return reduce({ num: value * hundredths(band.staff), den: hundredths(band.per) });
}

/** One indicator's staff under a banded ratio, exactly. */
export function ratioStaff(ratio: Pick<StandardRatio, 'mode' | 'bands'>, value: number): Fraction {
  const v = BigInt(value);
  if (ratio.mode === 'step') {
    const band = ratio.bands.find((b) => b.upTo === null || value <= b.upTo) ?? ratio.bands[ratio.bands.length - 1]!;
    return atRatio(v, band);
  }
  let total: Fraction = { num: 0n, den: 1n };
  let from = 0n;
  for (const band of ratio.bands) {
    const to = band.upTo === null ? v : BigInt(Math.min(band.upTo, value));
    if (to > from) total = addFractions(total, atRatio(to - from, band));
    if (band.upTo === null || value <= band.upTo) break;
    from = BigInt(band.upTo);
  }
  return total;
}

/** A fraction as a decimal with two places, rounded half up, for showing ("52.63"). */
export function fractionText(f: Fraction): string {
  const cents = (200n * f.num + f.den) / (2n * f.den);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

export interface StandardTerm {
  indicator: Indicator;
  value: number | null;
  /** Staff from this indicator, exact, shown with two decimals. */
  staff: string;
}

export interface StandardComputation {
  terms: StandardTerm[];
  /** The exact sum, shown with two decimals. */
  exact: string;
  /** Rounded half up to whole people. */
  rounded: number;
  /** After the standard's minimum and maximum: the standard total. */
  total: number;
  clampedBy: 'minimum' | 'maximum' | null;
  /** Indicators the variant needs that the unit has no value for (counted as 0). */
  missing: Indicator[];
}

/** The standard total of a unit of one variant with these indicator values. */
export function standardTotal(definition: StandardDefinition, variant: string, values: Partial<Record<Indicator, number>>): StandardComputation {
  const ratios = definition.ratios.filter((r) => r.variant === variant);
  let sum: Fraction = { num: 0n, den: 1n };
  const terms: StandardTerm[] = [];
  const missing: Indicator[] = [];
  for (const ratio of ratios) {
    const value = values[ratio.indicator];
    if (value === undefined) missing.push(ratio.indicator);
    const staff = ratioStaff(ratio, value ?? 0);
    sum = addFractions(sum, staff);
    terms.push({ indicator: ratio.indicator, value: value ?? null, staff: fractionText(staff) });
  }
  const rounded = roundHalfUp(sum);
  let total = rounded;
  let clampedBy: StandardComputation['clampedBy'] = null;
  if (definition.minimum !== null && total < definition.minimum) [total, clampedBy] = [definition.minimum, 'minimum'];
  if (definition.maximum !== null && total > definition.maximum) [total, clampedBy] = [definition.maximum, 'maximum'];
  return { terms, exact: fractionText(sum), rounded, total, clampedBy, missing };
}

/**
 * What a unit's standard says against what it was given: the standard total against the approved
 * quota plus the filed headcount (报备员额). Positive `gap` is a shortfall, negative an excess.
 * For a filing-system unit (it holds filed headcount accounts), the filed headcount the standard
 * implies is the standard total less the approved quota (seed 002), never below zero.
 */
export function standardGap(standard: number, approved: number, filed: number, filingSystem: boolean) {
  const gap = standard - (approved + filed);
  const proposedFiled = filingSystem ? Math.max(0, standard - approved) : null;
  return { gap, proposedFiled, filedChange: proposedFiled === null ? 0 : proposedFiled - filed };
}

/** What is wrong with a definition, in both languages; empty when it can be saved. */
export function standardProblems(definition: StandardDefinition): LocalizedText[] {
  const problems: LocalizedText[] = [];
  const keys = definition.variants.map((v) => v.key);
  if (keys.length === 0) problems.push(bilingual('至少需要一个适用类别', 'At least one variant is needed'));
  if (new Set(keys).size !== keys.length) problems.push(bilingual('适用类别的代码不能重复', 'Variant keys must be unique'));
  const seen = new Set<string>();
  for (const ratio of definition.ratios) {
    const label = indicatorLabels[ratio.indicator];
    const where = `${definition.variants.find((v) => v.key === ratio.variant)?.label ?? ratio.variant}·${label['zh-CN']}`;
    const whereEn = `${ratio.variant}/${label.en}`;
    if (!keys.includes(ratio.variant)) problems.push(bilingual(`比例“${where}”的适用类别不存在`, `Ratio ${whereEn} names no variant of the standard`));
    const key = `${ratio.variant}\u0000${ratio.indicator}`;
    if (seen.has(key)) problems.push(bilingual(`“${where}”重复设置了比例`, `${whereEn} has two ratios`));
    seen.add(key);
    if (ratio.bands.length === 0) problems.push(bilingual(`“${where}”没有比例`, `${whereEn} has no band`));
    ratio.bands.forEach((band, i) => {
      const last = i === ratio.bands.length - 1;
      if (last !== (band.upTo === null)) problems.push(bilingual(`“${where}”：只有最后一档不设上限`, `${whereEn}: only the last band is open-ended`));
      const previous = i > 0 ? ratio.bands[i - 1]!.upTo : 0;
      if (band.upTo !== null && (!Number.isInteger(band.upTo) || band.upTo <= (previous ?? 0))) problems.push(bilingual(`“${where}”：各档上限应为递增的整数`, `${whereEn}: band limits must be increasing whole numbers`));
      if (!(band.staff > 0 && band.per > 0) || !hasAtMostTwoDecimals(band.staff) || !hasAtMostTwoDecimals(band.per)) {
        problems.push(bilingual(`“${where}”：比例应为大于0、最多两位小数的数`, `${whereEn}: a ratio is a number above 0 with at most two decimals`));
      }
    });
  }
  for (const variant of definition.variants) {
    if (!definition.ratios.some((r) => r.variant === variant.key)) problems.push(bilingual(`适用类别“${variant.label}”没有设置比例`, `Variant ${variant.key} has no ratio`));
  }
  if (definition.minimum !== null && definition.maximum !== null && definition.minimum > definition.maximum) problems.push(bilingual('最低编制数不能大于最高编制数', 'The minimum cannot exceed the maximum'));
  return problems;
}
