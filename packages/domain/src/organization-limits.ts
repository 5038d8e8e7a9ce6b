import { bilingual, DomainError, type Locale } from './errors.js';
import type { InstitutionClass, OrganBranch, OrganizationKind } from './organization.js';

/**
 * Organization limits (机构限额, DOMAIN.md "Organization limits"; seed 003: a city's party and
 * government organs within a fixed total, government departments within their own limit). Each
 * jurisdiction may cap the number of its live organizations per category; a unit counts in every
 * category it falls in (a government department counts as a government department and as an organ).
 */

export const limitCategories = [
  'organ_all',
  'organ_party',
  'organ_government',
  'institution_all',
  'institution_welfare_1',
  'institution_welfare_2',
  'institution_business',
  'institution_administrative',
] as const;
export type LimitCategory = (typeof limitCategories)[number];

export const limitCategoryLabels: Record<LimitCategory, Record<Locale, string>> = {
  organ_all: bilingual('党政机构', 'party and government organs'),
  organ_party: bilingual('党委工作机关', 'party organs'),
  organ_government: bilingual('政府工作部门', 'government departments'),
  institution_all: bilingual('事业单位', 'public institutions'),
  institution_welfare_1: bilingual('公益一类事业单位', 'class 1 public-welfare institutions'),
  institution_welfare_2: bilingual('公益二类事业单位', 'class 2 public-welfare institutions'),
  institution_business: bilingual('经营类事业单位', 'business-type institutions'),
  institution_administrative: bilingual('承担行政职能事业单位', 'institutions with administrative functions'),
};

/** What decides the categories a unit counts in. */
export interface LimitedUnit {
  kind: OrganizationKind;
  organBranch: OrganBranch | null;
  institutionClass: InstitutionClass | null;
}

export function categoriesOf(unit: LimitedUnit): LimitCategory[] {
  if (unit.kind === 'organ') {
    return ['organ_all', ...(unit.organBranch === 'party' ? (['organ_party'] as const) : unit.organBranch === 'government' ? (['organ_government'] as const) : [])];
  }
  if (unit.kind === 'institution') return ['institution_all', ...(unit.institutionClass ? [`institution_${unit.institutionClass}` as const] : [])];
  return [];
}

/** Live units per category. */
export function countByCategory(units: Iterable<LimitedUnit & { count?: number }>): Record<LimitCategory, number> {
  const counts = Object.fromEntries(limitCategories.map((c) => [c, 0])) as Record<LimitCategory, number>;
  for (const unit of units) for (const category of categoriesOf(unit)) counts[category] += unit.count ?? 1;
  return counts;
}

export interface OrganizationLimit {
  category: LimitCategory;
  maximum: number;
  documentNumber: string;
}

/** A change of a jurisdiction's live units: units that start counting, units that stop. */
export interface CountChange {
  added: LimitedUnit[];
  removed: LimitedUnit[];
}

export interface LimitBreach {
  category: LimitCategory;
  maximum: number;
  documentNumber: string;
  used: number;
  after: number;
}

/**
 * The limits a change would break: a category whose count rises above its maximum. A change that
 * keeps or lowers a count is never refused, even where the count is already over the limit (a
 * merger at the limit replaces its sources by one unit; a jurisdiction over a newly set limit can
 * still merge and abolish its way down).
 */
export function limitBreaches(limits: readonly OrganizationLimit[], used: Record<LimitCategory, number>, change: CountChange): LimitBreach[] {
  const added = countByCategory(change.added);
  const removed = countByCategory(change.removed);
  const breaches: LimitBreach[] = [];
  for (const limit of limits) {
    const before = used[limit.category];
    const after = before + added[limit.category] - removed[limit.category];
    if (after > before && after > limit.maximum) breaches.push({ ...limit, used: before, after });
  }
  return breaches;
}

/** One breach in words: the category, the maximum and its document, what is used and what the change would make it. */
export function breachMessage(jurisdictionName: string, breach: LimitBreach): Record<Locale, string> {
  const label = limitCategoryLabels[breach.category];
  return bilingual(
    `${jurisdictionName}${label['zh-CN']}限额${breach.maximum}个（${breach.documentNumber}），已有${breach.used}个，变更后为${breach.after}个`,
    `${jurisdictionName}: ${label.en} are limited to ${breach.maximum} (${breach.documentNumber}); ${breach.used} exist, the change makes ${breach.after}`,
  );
}

/** Refuses a change that breaks a limit, naming each one. */
export function assertWithinLimits(jurisdictionName: string, limits: readonly OrganizationLimit[], used: Record<LimitCategory, number>, change: CountChange): void {
  const breaches = limitBreaches(limits, used, change);
  if (breaches.length === 0) return;
  const messages = breaches.map((b) => breachMessage(jurisdictionName, b));
  throw new DomainError(
    'ORGANIZATION_LIMIT_EXCEEDED',
    `organization limit exceeded: ${breaches.map((b) => `${b.category} ${b.after}/${b.maximum}`).join(', ')}`,
    { breaches },
    bilingual(`超出机构限额：${messages.map((m) => m['zh-CN']).join('；')}`, `Organization limit exceeded: ${messages.map((m) => m.en).join('; ')}`),
  );
}

/** The staffing range of one internal department (内设机构编制区间). */
export interface DepartmentRange {
  minHeadcount: number;
  maxHeadcount: number;
  documentNumber: string;
}

/** Refuses a department whose headcount lies outside its jurisdiction's range. */
export function assertDepartmentInRange(range: DepartmentRange | null, department: { name: string; headcount: number }): void {
  if (!range || (department.headcount >= range.minHeadcount && department.headcount <= range.maxHeadcount)) return;
  throw new DomainError(
    'DEPARTMENT_OUT_OF_RANGE',
    `department ${department.name} has ${department.headcount}, range ${range.minHeadcount}-${range.maxHeadcount}`,
    { range, headcount: department.headcount },
    bilingual(
      `内设机构“${department.name}”编制${department.headcount}名，不在本地区内设机构编制区间${range.minHeadcount}—${range.maxHeadcount}名内（${range.documentNumber}）`,
      `Internal department ${department.name} has ${department.headcount} staff, outside the range of ${range.minHeadcount}–${range.maxHeadcount} (${range.documentNumber})`,
    ),
  );
}

/**
 * Who sets a jurisdiction's limits: the level above it. The city has no level above on the platform,
 * so the city bureau records its own (as the province decided them). A district reads its own limits
 * and sets its townships'; it never changes its own.
 */
export function maySetLimits(principal: { jurisdictionId: string | null }, target: { id: string; parentId: string | null }): boolean {
  return target.parentId === null || principal.jurisdictionId !== target.id;
}

export function assertMaySetLimits(principal: { jurisdictionId: string | null }, target: { id: string; parentId: string | null; name: string }): void {
  if (maySetLimits(principal, target)) return;
  throw new DomainError(
    'LIMIT_NOT_YOURS',
    `limits of ${target.id} are set by the level above`,
    undefined,
    bilingual(`${target.name}的机构限额和内设机构编制区间由上级机构编制部门核定，本级只能查看`, `The limits of ${target.name} are set by the level above; it can only read them`),
  );
}

/**
 * Who changes a unit's organ branch or institution class: the same level that sets its
 * jurisdiction's limits (maySetLimits). Relabelling a unit moves it between limited categories; if
 * the unit's own jurisdiction could do it, it could empty a full category (a government department
 * relabelled "other") and fill it again. Filling in a branch or class the unit does not have yet
 * only adds to a category, which the limits check, so the unit's own jurisdiction may do that.
 */
export function mayChangeCategory(principal: { jurisdictionId: string | null }, jurisdiction: { id: string; parentId: string | null }): boolean {
  return maySetLimits(principal, jurisdiction);
}

export function assertMayChangeCategory(
  principal: { jurisdictionId: string | null },
  unit: { name: string; organBranch: OrganBranch | null; institutionClass: InstitutionClass | null },
  change: { organBranch?: OrganBranch | null | undefined; institutionClass?: InstitutionClass | null | undefined },
  jurisdiction: { id: string; parentId: string | null; name: string },
  above: { name: string } | null,
): void {
  const relabels = (before: string | null, after: string | null | undefined) => after !== undefined && before !== null && after !== before;
  if (!relabels(unit.organBranch, change.organBranch) && !relabels(unit.institutionClass, change.institutionClass)) return;
  if (mayChangeCategory(principal, jurisdiction)) return;
  const decider = above ? `${above.name}机构编制部门` : '上级机构编制部门';
  const deciderEn = above ? `the establishment bureau of ${above.name}` : 'the level above';
  throw new DomainError(
    'CATEGORY_NOT_YOURS',
    `the branch or class of ${unit.name} is changed by the level above ${jurisdiction.id}`,
    undefined,
    bilingual(
      `“${unit.name}”的机关类别或事业单位分类由${decider}调整（与核定${jurisdiction.name}机构限额的是同一级），${jurisdiction.name}不能自行变更`,
      `The branch or class of ${unit.name} is changed by ${deciderEn}, which sets the organization limits of ${jurisdiction.name}; ${jurisdiction.name} cannot change it itself`,
    ),
  );
}
