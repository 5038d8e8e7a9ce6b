import { z } from 'zod';
import { jurisdictionLevels } from '@bianzhi/domain/jurisdiction';
import {
  departmentTypes,
  fundingForms,
  institutionClasses,
  nameplateKinds,
  organBranches,
  organizationKinds,
  organizationRanks,
  organizationStatuses,
  powerCategories,
  type InstitutionClass,
  type OrganBranch,
  type OrganizationKind,
  type OrganizationStatus,
} from '@bianzhi/domain/organization';
import { limitCategories } from '@bianzhi/domain/organization-limits';
import { policyRuleIds } from '@bianzhi/domain/policy';
import { idempotencyKey, uuid } from './common.js';

export const jurisdictionLevel = z.enum(jurisdictionLevels);

export const createJurisdictionInput = z.object({
  parentId: uuid.nullable(),
  level: jurisdictionLevel,
  code: z.string().trim().regex(/^\d{6}(\d{3})?$/),
  name: z.string().trim().min(1).max(100),
});
export type CreateJurisdictionInput = z.infer<typeof createJurisdictionInput>;

export const renameJurisdictionInput = z.object({ id: uuid, name: z.string().trim().min(1).max(100) });

export const listJurisdictionsInput = z
  .object({
    search: z.string().trim().max(100).optional(),
    level: jurisdictionLevel.optional(),
  })
  .default({});

export interface JurisdictionDto {
  id: string;
  parentId: string | null;
  level: z.infer<typeof jurisdictionLevel>;
  code: string;
  name: string;
  depth: number;
  createdAt: Date;
}

export interface JurisdictionTreeNode extends JurisdictionDto {
  children: JurisdictionTreeNode[];
}

export const organizationKind = z.enum(organizationKinds);
export const organizationStatus = z.enum(organizationStatuses);
export const institutionClass = z.enum(institutionClasses);
export const organBranch = z.enum(organBranches);
export const fundingForm = z.enum(fundingForms);
export const organizationRank = z.enum(organizationRanks);
export const nameplateKind = z.enum(nameplateKinds);
export const departmentType = z.enum(departmentTypes);
export const powerCategory = z.enum(powerCategories);
export const policyRuleId = z.enum(policyRuleIds);

/** Calendar date, YYYY-MM-DD (document effective dates, "as of" reads). */
export const isoDate = z.iso.date();
/** 文号, e.g. 甬编〔2026〕12号. */
export const documentNumber = z.string().trim().min(1).max(100);
/** No tabs or line breaks: names travel in the tree's tab-separated encoding. */
export const organizationName = z.string().trim().min(1).max(200).regex(/^[^\t\r\n]+$/);
/** Upper-cased before the check character is verified by the service. */
export const creditCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().length(18));

export const nameplate = z.object({ name: organizationName, kind: nameplateKind });
export const legalRegistration = z.object({
  representative: z.string().trim().min(1).max(50),
  registeredOn: isoDate,
  validUntil: isoDate.nullable().default(null),
  fundsWan: z.number().min(0).max(1e9).nullable().default(null),
  address: z.string().trim().max(200).default(''),
});
export const charter = z.object({
  purpose: z.string().trim().min(1).max(2000),
  businessScope: z.string().trim().min(1).max(4000),
  approvedOn: isoDate,
});

/** When and on what authority a change takes effect; the effective date defaults to today. */
const changeBasis = {
  documentNumber: documentNumber.optional(),
  effectiveDate: isoDate.optional(),
  reason: z.string().trim().max(500).optional(),
};
/** The version the caller saw; a change against an older one is refused rather than lost. */
const expectedVersion = z.number().int().min(1).optional();

const organizationAttributes = {
  parentId: uuid.nullable().optional(),
  institutionClass: institutionClass.nullable().optional(),
  /** Organs only: party organ, government department or other (the limits count them apart). */
  organBranch: organBranch.nullable().optional(),
  funding: fundingForm.nullable().optional(),
  rank: organizationRank.optional(),
  classified: z.boolean().optional(),
  creditCode: creditCode.nullable().optional(),
  plannedQuota: z.number().int().min(0).max(100_000).nullable().optional(),
  legalRegistration: legalRegistration.nullable().optional(),
  charter: charter.nullable().optional(),
};

export const createOrganizationInput = z.object({
  jurisdictionId: uuid,
  name: organizationName,
  kind: organizationKind,
  ...organizationAttributes,
  /**
   * establish: a new unit, checked against the policy rules; inventory: recording a unit that
   * already exists (seed, Excel import of the existing registry), created active.
   */
  basis: z.enum(['establish', 'inventory']).default('establish'),
  /** The unit abolished to make room for this one (撤一建一); abolished now if still active. */
  offsetOrganizationId: uuid.optional(),
  /**
   * The live units of the same jurisdiction this one replaces (a reform merger's sources, merged into
   * it next): the limits count them as leaving as this one joins. Establishment by the platform only.
   */
  replacedOrganizationIds: z
    .array(uuid)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'replacedOrganizationIds names a unit twice' })
    .optional(),
  nameplates: z.array(nameplate).max(20).optional(),
  ...changeBasis,
  idempotencyKey: idempotencyKey.optional(),
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationInput>;

export const activateOrganizationInput = z.object({ id: uuid });

export const updateOrganizationInput = z.object({
  id: uuid,
  expectedVersion,
  changes: z.object({ name: organizationName.optional(), ...organizationAttributes }),
  ...changeBasis,
});
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationInput>;

export const nameplateInput = z.object({ id: uuid, expectedVersion, nameplate, ...changeBasis });
export const abolishOrganizationInput = z.object({ id: uuid, expectedVersion, ...changeBasis });
export const mergeOrganizationsInput = z.object({
  sourceIds: z.array(uuid).min(1).max(50),
  targetId: uuid,
  /** Keep the merged units' names on the target as nameplates (加挂牌子). */
  keepNamesAsNameplates: z.boolean().default(false),
  ...changeBasis,
});
export const delegateOrganizationInput = z.object({ id: uuid, expectedVersion, targetJurisdictionId: uuid, newName: organizationName.optional(), ...changeBasis });
export const convertOrganizationInput = z.object({ id: uuid, expectedVersion, ...changeBasis });
export const getOrganizationInput = z.object({ id: uuid, asOf: isoDate.optional() });

export interface Nameplate {
  name: string;
  kind: z.infer<typeof nameplateKind>;
}

export interface OrganizationDto {
  id: string;
  jurisdictionId: string;
  parentId: string | null;
  name: string;
  kind: z.infer<typeof organizationKind>;
  status: z.infer<typeof organizationStatus>;
  institutionClass: z.infer<typeof institutionClass> | null;
  organBranch: z.infer<typeof organBranch> | null;
  funding: z.infer<typeof fundingForm> | null;
  rank: z.infer<typeof organizationRank>;
  classified: boolean;
  creditCode: string | null;
  nameplates: Nameplate[];
  plannedQuota: number | null;
  basis: 'establish' | 'inventory' | 'delegation';
  successorId: string | null;
  legalRegistration: z.infer<typeof legalRegistration> | null;
  charter: z.infer<typeof charter> | null;
  effectiveDate: string;
  documentNumber: string | null;
  version: number;
  createdAt: Date;
}

export interface DepartmentDto {
  id: string;
  organizationId: string;
  name: string;
  type: z.infer<typeof departmentType>;
  headcount: number;
  leadershipPosts: Partial<Record<z.infer<typeof organizationRank>, number>>;
  functions: string;
}

/** An organization as it stood at one version: the record and its internal departments. */
export interface OrganizationSnapshot extends Omit<OrganizationDto, 'createdAt'> {
  departments: Omit<DepartmentDto, 'organizationId'>[];
}

export interface OrganizationDetailDto extends OrganizationDto {
  jurisdictionName: string;
  parentName: string | null;
  successorName: string | null;
  departments: DepartmentDto[];
  /** Set when the record was read as of a past date. */
  asOf: string | null;
  /** Whether the caller may change an organ's branch or an institution's class once set (the level above; docs/registry.md, "Organization limits"). */
  mayChangeCategory: boolean;
}

export interface OrganizationVersionDto {
  version: number;
  change: string;
  effectiveDate: string;
  documentNumber: string | null;
  reason: string | null;
  actor: { kind: string; id: string; name?: string };
  recordedAt: Date;
  snapshot: OrganizationSnapshot;
}

const listFilter = {
  /** Chinese substring of the name or a nameplate, or pinyin initials (sjyj for 市教育局). */
  search: z.string().trim().max(100).optional(),
  jurisdictionId: uuid.optional(),
  /** Also the jurisdiction's townships (a district and its subdistricts). */
  includeSubJurisdictions: z.boolean().default(false),
  kind: organizationKind.optional(),
  institutionClass: institutionClass.optional(),
  status: organizationStatus.optional(),
};

export const listOrganizationsInput = z
  .object({ ...listFilter, limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) })
  .default({ includeSubJurisdictions: false, limit: 50, offset: 0 });
export type ListOrganizationsInput = z.infer<typeof listOrganizationsInput>;

export const exportOrganizationsInput = z.object(listFilter).default({ includeSubJurisdictions: false });
export type OrganizationFilterInput = z.infer<typeof exportOrganizationsInput>;

export interface OrganizationListItem extends OrganizationDto {
  jurisdictionName: string;
  jurisdictionCode: string;
  parentName: string | null;
}

export interface OrganizationListDto {
  total: number;
  items: OrganizationListItem[];
}

export const searchOrganizationsInput = z.object({ q: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(50).default(20) });
export interface OrganizationHit {
  id: string;
  name: string;
  jurisdictionName: string;
  kind: z.infer<typeof organizationKind>;
  status: z.infer<typeof organizationStatus>;
}

export const organizationTreeInput = z
  .object({
    includeClosed: z.boolean().default(false),
    /** The stamp of the tree the caller holds; when nothing changed since, the answer is just `unchanged`. */
    knownStamp: z.string().max(100).optional(),
  })
  .default({ includeClosed: false });

/** The whole city in one call; `organizations` is encoded (see organization-tree.ts, decodeOrganizationRows). */
export interface OrganizationTreeDto {
  unchanged: false;
  stamp: string;
  jurisdictions: Pick<JurisdictionDto, 'id' | 'parentId' | 'name' | 'code' | 'level'>[];
  organizations: string;
  count: number;
}
export type OrganizationTreeAnswer = OrganizationTreeDto | { unchanged: true; stamp: string };

// Internal departments (内设机构)
export const leadershipPosts = z.partialRecord(organizationRank, z.number().int().min(0).max(50));
const departmentBase = z.object({
  name: z.string().trim().min(1).max(100),
  type: departmentType,
  headcount: z.number().int().min(0).max(10_000),
  leadershipPosts,
  functions: z.string().trim().max(4000),
});
export const departmentFields = departmentBase.extend({
  type: departmentType.default('office'),
  leadershipPosts: leadershipPosts.default({}),
  functions: z.string().trim().max(4000).default(''),
});
/** createOrganization's checks run and rolled back; with departments, the first 三定规定's department rules too. */
export const checkOrganizationCreationInput = createOrganizationInput.extend({ departments: z.array(departmentFields).max(100).optional() });
export const createDepartmentInput = z.object({ organizationId: uuid, department: departmentFields, ...changeBasis });
export const updateDepartmentInput = z.object({ id: uuid, changes: departmentBase.partial(), ...changeBasis });
export const abolishDepartmentInput = z.object({ id: uuid, ...changeBasis });
export const listDepartmentsInput = z.object({ organizationId: uuid });

// Three determinations (三定规定)
export const publishThreeDeterminationsInput = z.object({
  organizationId: uuid,
  /** The version the caller last saw (0 when there is none yet); a newer one refuses the publish. */
  basedOnVersion: z.number().int().min(0),
  documentNumber,
  effectiveDate: isoDate,
  functions: z.array(z.string().trim().min(1).max(2000)).min(1).max(100),
  departments: z.array(departmentFields).max(100),
  /** Quota per type, e.g. { administrative: 40, organ_worker: 2 }. */
  staffing: z.partialRecord(z.enum(['administrative', 'political_legal', 'institution', 'organ_worker', 'filed_headcount']), z.number().int().min(0).max(100_000)),
  leadershipPosts,
});
export type PublishThreeDeterminationsInput = z.infer<typeof publishThreeDeterminationsInput>;

export interface ThreeDeterminationsDto {
  id: string;
  organizationId: string;
  version: number;
  documentNumber: string;
  effectiveDate: string;
  functions: string[];
  departments: z.infer<typeof departmentFields>[];
  staffing: Record<string, number>;
  leadershipPosts: Partial<Record<z.infer<typeof organizationRank>, number>>;
  publishedBy: { id: string; name?: string };
  publishedAt: Date;
}

// Power and responsibility lists (权责清单)
export const openPowerBatchInput = z.object({ jurisdictionId: uuid, year: z.number().int().min(2000).max(2100), half: z.union([z.literal(1), z.literal(2)]) });
export const publishPowerBatchInput = z.object({ batchId: uuid, documentNumber });
export const listPowerBatchesInput = z.object({ jurisdictionId: uuid.optional() }).default({});
export const powerItemFields = z.object({
  code: z.string().trim().min(1).max(50),
  name: z.string().trim().min(1).max(300),
  category: powerCategory,
  legalBasis: z.string().trim().min(1).max(4000),
  responsibleBody: z.string().trim().min(1).max(200),
});
export const adjustPowerListInput = z.object({
  batchId: uuid,
  organizationId: uuid,
  add: z.array(powerItemFields).max(500).default([]),
  remove: z.array(uuid).max(500).default([]),
});
export const listPowerItemsInput = z.object({ organizationId: uuid });

export interface PowerBatchDto {
  id: string;
  jurisdictionId: string;
  year: number;
  half: 1 | 2;
  documentNumber: string | null;
  status: 'open' | 'published';
  openedAt: Date;
  publishedAt: Date | null;
}

export interface PowerItemDto extends z.infer<typeof powerItemFields> {
  id: string;
  organizationId: string;
  /** in_force; pending_add / pending_removal while its batch is open. */
  state: 'in_force' | 'pending_add' | 'pending_removal';
  addedIn: string;
  removedIn: string | null;
}

// Policy rules
export const listPolicyInput = z.object({ jurisdictionId: uuid });
export const updatePolicyInput = z.object({
  jurisdictionId: uuid,
  ruleId: policyRuleId,
  enabled: z.boolean(),
  params: z.record(z.string(), z.number()).default({}),
});

export interface PolicyRuleDto {
  id: z.infer<typeof policyRuleId>;
  name: string;
  description: string;
  sources: string[];
  enabled: boolean;
  params: Record<string, number>;
  parameters: { key: string; label: string; min: number; max: number; default: number }[];
  /** Where the setting in force comes from: this jurisdiction, one above it, or the default. */
  setIn: { jurisdictionId: string; name: string } | null;
  /** Whether the caller may change it here: the permission, and for a rule the level above sets (AUX-RATIO), not in its own jurisdiction. */
  editable: boolean;
}

// Organization limits (机构限额) and the internal-department staffing range
export const limitCategory = z.enum(limitCategories);
export const listLimitsInput = z.object({ jurisdictionId: uuid });
export const setLimitsInput = z.object({
  jurisdictionId: uuid,
  /** 文号 of the decision that sets the limits. */
  documentNumber,
  /** The categories to set; `maximum: null` removes a category's limit. Categories not named stay as they are. */
  limits: z
    .array(z.object({ category: limitCategory, maximum: z.number().int().min(0).max(100_000).nullable() }))
    .max(limitCategories.length)
    .superRefine((limits, ctx) => {
      const seen = new Set<string>();
      limits.forEach(({ category }, index) => {
        if (seen.has(category)) ctx.addIssue({ code: 'custom', path: [index, 'category'], message: `category ${category} is named twice; name each category once` });
        seen.add(category);
      });
    })
    .default([]),
  /** The range of one internal department's headcount; null removes it, absent leaves it. */
  departmentRange: z
    .object({ minHeadcount: z.number().int().min(0).max(10_000), maxHeadcount: z.number().int().min(0).max(10_000) })
    .refine((r) => r.maxHeadcount >= r.minHeadcount, { message: 'maxHeadcount must not be below minHeadcount', path: ['maxHeadcount'] })
    .nullable()
    .optional(),
});
export type SetLimitsInput = z.infer<typeof setLimitsInput>;

export interface LimitStatusDto {
  category: z.infer<typeof limitCategory>;
  /** Live organizations of the jurisdiction (not its townships) in the category. */
  used: number;
  maximum: number | null;
  documentNumber: string | null;
  updatedAt: Date | null;
}

export interface JurisdictionLimitsDto {
  jurisdictionId: string;
  jurisdictionName: string;
  categories: LimitStatusDto[];
  departmentRange: { minHeadcount: number; maxHeadcount: number; documentNumber: string; updatedAt: Date } | null;
  /** Whether the caller may change these limits (the level above, or the city bureau for the city). */
  editable: boolean;
}

export interface LimitChangeDto {
  id: number;
  subject: string;
  before: unknown;
  after: unknown;
  documentNumber: string;
  actor: { kind: string; id: string; name?: string };
  recordedAt: Date;
}

// Excel import
export const startImportInput = z.object({
  filename: z.string().trim().min(1).max(200),
  /** The .xlsx file, base64; at most about 10 MB. */
  contentBase64: z.string().min(1).max(14_000_000),
});
export const importStatusInput = z.object({ id: uuid });

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportJobDto {
  id: string;
  filename: string;
  status: 'validating' | 'importing' | 'failed' | 'succeeded';
  totalRows: number;
  processedRows: number;
  imported: number;
  errors: ImportRowError[];
  createdAt: Date;
  finishedAt: Date | null;
}

/** Units named by other services (roll imports, exports): by id, credit code or exact name, in scope. */
export const organizationLookupInput = z
  .object({
    ids: z.array(uuid).max(60_000).default([]),
    creditCodes: z.array(z.string().trim().length(18)).max(60_000).default([]),
    names: z.array(z.string().trim().min(1).max(200)).max(60_000).default([]),
  })
  .refine((v) => v.ids.length + v.creditCodes.length + v.names.length > 0, { message: 'name at least one unit' });
export type OrganizationLookupInput = z.infer<typeof organizationLookupInput>;

export interface OrganizationRef {
  id: string;
  name: string;
  creditCode: string | null;
  jurisdictionId: string;
  jurisdictionName: string;
  status: OrganizationStatus;
  kind: OrganizationKind;
  institutionClass: InstitutionClass | null;
  /** Absent from fakes written before organs had a branch. */
  organBranch?: OrganBranch | null;
}

/**
 * What the public disclosure site may show of a unit (DOMAIN.md, "Public disclosure"), read by the
 * audit service only: live, non-classified units; no person appears in it.
 */
export interface PublicUnitRecord {
  id: string;
  name: string;
  nameplates: string[];
  jurisdictionId: string;
  jurisdictionName: string;
  kind: OrganizationKind;
  institutionClass: InstitutionClass | null;
  funding: z.infer<typeof fundingForm> | null;
  rank: z.infer<typeof organizationRank>;
  /** Main functions from the latest three-determinations document (or the charter's purpose). */
  functions: string[];
  documentNumber: string | null;
  departments: { name: string; type: z.infer<typeof departmentType>; headcount: number; leadershipPosts: number }[];
}
