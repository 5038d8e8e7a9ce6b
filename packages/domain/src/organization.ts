/**
 * The registry's vocabulary (DOMAIN.md, "Organizations"). Internal departments (内设机构) are not
 * organizations here: they live inside one, with headcount and leadership posts but no quota.
 */
export const organizationKinds = ['organ', 'institution', 'dispatched'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

/** Public-institution class (事业单位分类). */
export const institutionClasses = ['welfare_1', 'welfare_2', 'business', 'administrative'] as const;
export type InstitutionClass = (typeof institutionClasses)[number];

/**
 * Which side of the party-government structure an organ belongs to (organs only): party organs (市委…),
 * government departments (市…局, …委员会), others (courts, procuratorates, congress, CPPCC, mass organizations).
 */
export const organBranches = ['party', 'government', 'other'] as const;
export type OrganBranch = (typeof organBranches)[number];

/** Funding (经费形式): full budget, partial, self-financed. */
export const fundingForms = ['full', 'partial', 'self'] as const;
export type FundingForm = (typeof fundingForms)[number];

/** Rank (机构规格), highest first. */
export const organizationRanks = ['zheng_ting', 'fu_ting', 'zheng_chu', 'fu_chu', 'zheng_ke', 'fu_ke', 'gu', 'none'] as const;
export type OrganizationRank = (typeof organizationRanks)[number];

export const organizationStatuses = ['planned', 'active', 'merging', 'abolished', 'delegated', 'converted'] as const;
export type OrganizationStatus = (typeof organizationStatuses)[number];

/** An extra name on the same body (加挂牌子) or an office sharing it (合署办公). */
export const nameplateKinds = ['nameplate', 'co_located'] as const;
export type NameplateKind = (typeof nameplateKinds)[number];

/** Power and responsibility list categories (权责清单). */
export const powerCategories = ['licensing', 'penalty', 'enforcement', 'levy', 'benefit', 'inspection', 'confirmation', 'reward', 'adjudication', 'other'] as const;
export type PowerCategory = (typeof powerCategories)[number];

/** Internal department types; subdistrict offices distinguish offices from service platforms (4+2+2). */
export const departmentTypes = ['office', 'platform'] as const;
export type DepartmentType = (typeof departmentTypes)[number];

/** Statuses in which an organization still exists as a working body and can be changed. */
export const liveStatuses: readonly OrganizationStatus[] = ['planned', 'active', 'merging'];

export function isLive(status: OrganizationStatus): boolean {
  return liveStatuses.includes(status);
}

/** Subdistricts (街道) are township-level jurisdictions whose name says so; towns (镇, 乡) are not. */
export function isSubdistrict(jurisdiction: { level: string; name: string }): boolean {
  return jurisdiction.level === 'township' && jurisdiction.name.endsWith('街道');
}
