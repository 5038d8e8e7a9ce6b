import { z } from 'zod';
import { idempotencyKey, uuid } from './common.js';
import { createOrganizationInput, departmentFields, institutionClass, leadershipPosts, organizationKind } from './registry.js';
import { quotaType, type QuotaType } from './ledger.js';

/** What a new unit's record carries besides its name and kind, as the registry takes it. */
const establishedAttributes = createOrganizationInput.pick({
  parentId: true,
  institutionClass: true,
  organBranch: true,
  funding: true,
  rank: true,
  classified: true,
  creditCode: true,
  plannedQuota: true,
  offsetOrganizationId: true,
  documentNumber: true,
  effectiveDate: true,
}).shape;

/** A new unit as its establishment asks for it: the record, its quota types, first quota and first 三定. */
const establishmentFields = {
  jurisdictionId: uuid,
  name: z.string().trim().min(1).max(200).regex(/^[^\t\r\n]+$/),
  kind: organizationKind,
  quotaTypes: z.array(quotaType).min(1).max(5),
  /** Checked against the registry's policy rules before the workflow starts: class, planned quota, 撤一建一. */
  ...establishedAttributes,
  institutionClass: institutionClass.optional(),
  plannedQuota: z.number().int().min(0).max(100_000).optional(),
  /** The first quota allocation (核定编制), per type, from the jurisdiction's unallocated pool. */
  allocation: z.partialRecord(quotaType, z.number().int().min(1).max(100_000)).default({}),
  /** The unit's first 三定规定; its staffing is the allocation. */
  threeDeterminations: z
    .object({
      functions: z.array(z.string().trim().min(1).max(2000)).min(1).max(100),
      departments: z.array(departmentFields).max(100).default([]),
      leadershipPosts: leadershipPosts.default({}),
    })
    .optional(),
};

/** The first quota is of the unit's own types. */
function allocationFitsTypes(input: { allocation: Partial<Record<QuotaType, number>>; quotaTypes: QuotaType[] }, ctx: z.RefinementCtx) {
  for (const type of Object.keys(input.allocation) as QuotaType[]) {
    if (!input.quotaTypes.includes(type)) ctx.addIssue({ code: 'custom', path: ['allocation', type], message: `${type} is not among the unit's quota types` });
  }
}

/**
 * 机构设立 as a matter asks for it (approval.matter.file, kind organization_change): the document
 * number and the effective date are the approval's, given when the matter is approved.
 */
const { documentNumber: _documentNumber, effectiveDate: _effectiveDate, ...requestFields } = establishmentFields;
export const establishmentRequest = z.object(requestFields).superRefine(allocationFitsTypes);
export type EstablishmentRequest = z.infer<typeof establishmentRequest>;

export const startEstablishmentInput = z
  .object({
    /** Client-chosen; becomes the workflow id, so a double click starts one workflow. */
    requestId: idempotencyKey,
    ...establishmentFields,
  })
  .superRefine((input, ctx) => {
    allocationFitsTypes(input, ctx);
    const needsDocument = Object.keys(input.allocation).length > 0 || input.threeDeterminations !== undefined;
    if (needsDocument && !input.documentNumber) ctx.addIssue({ code: 'custom', path: ['documentNumber'], message: 'an allocation or a three-determinations document needs its document number' });
  });
export type StartEstablishmentInput = z.infer<typeof startEstablishmentInput>;

export const establishmentStages = ['creating', 'opening_accounts', 'allocating', 'publishing', 'activating', 'completed', 'failed'] as const;
export type EstablishmentStage = (typeof establishmentStages)[number];

export interface EstablishmentProgress {
  stage: EstablishmentStage;
  organizationId: string | null;
  accountIds: string[];
  error: string | null;
  /** Absent on runs started before these were recorded. */
  name?: string;
  jurisdictionId?: string;
  /** When each stage began (ISO). */
  stagedAt?: Partial<Record<EstablishmentStage, string>>;
  /** The allocation transfers posted, and the published document's version. */
  transferIds?: string[];
  documentVersion?: number | null;
  /** The refusal's code when a step was refused (e.g. POOL_INSUFFICIENT). */
  errorCode?: string | null;
}

export interface EstablishmentSummary {
  requestId: string;
  name: string;
  status: string;
  startedAt: string;
  closedAt: string | null;
}
export const listEstablishmentsInput = z.object({ jurisdictionId: uuid.optional() }).default({});

export const getEstablishmentInput = z.object({ requestId: idempotencyKey });

// Reform projects (reform.project.*): one Temporal workflow per project (DOMAIN.md "Reform projects").
export const reformKinds = ['merger', 'abolition', 'delegation', 'sinking', 'uniform_cut', 'zero_base', 'filing_conversion', 'enterprise_conversion'] as const;
export type ReformKind = (typeof reformKinds)[number];
export const reformKindLabels: Record<ReformKind, string> = {
  merger: '机构整合',
  abolition: '撤销安置',
  delegation: '下放属地',
  sinking: '编制下沉',
  uniform_cut: '统一精简',
  zero_base: '零基重分配',
  filing_conversion: '备案制改革',
  enterprise_conversion: '转企改制',
};
export const reformStages = ['preview', 'committee', 'executing', 'placement', 'documents', 'registration', 'follow_up', 'closed', 'rejected', 'cancelled', 'failed'] as const;
export type ReformStage = (typeof reformStages)[number];

const unitIds = z.array(uuid).min(1).max(30);
const quotaCounts = z.partialRecord(quotaType, z.number().int().min(0).max(100_000));
export const reformPlan = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('merger'),
    sourceIds: unitIds,
    /** An existing unit that takes the others in, or a new one established for them. */
    target: z.union([z.object({ existingId: uuid }), z.object({ newName: z.string().trim().min(1).max(200), newKind: organizationKind, institutionClass: institutionClass.optional() })]),
    /** The merged unit's quota per type; a type not named keeps the combined quota. */
    approvedQuota: quotaCounts.default({}),
    keepNamesAsNameplates: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('abolition'), organizationIds: unitIds }),
  z.object({ kind: z.literal('delegation'), organizationId: uuid, targetJurisdictionId: uuid }),
  z.object({
    kind: z.literal('sinking'),
    ledger: quotaType,
    from: z.array(z.object({ organizationId: uuid, amount: z.number().int().min(1).max(100_000) })).min(1).max(100),
    to: z.array(z.object({ jurisdictionId: uuid, amount: z.number().int().min(1).max(100_000), frontline: z.boolean() })).min(1).max(200),
    /** 85% for law-enforcement quota (DOMAIN.md); 0 turns the rule off. */
    minimumFrontlineShare: z.number().min(0).max(1).default(0.85),
  }),
  z.object({ kind: z.literal('uniform_cut'), jurisdictionId: uuid, ledger: quotaType, rate: z.number().gt(0).lt(0.5).default(0.05), exceptedIds: z.array(uuid).max(2_000).default([]) }),
  z.object({
    kind: z.literal('zero_base'),
    jurisdictionId: uuid,
    ledger: quotaType,
    total: z.number().int().min(1).max(1_000_000),
    weights: z.object({ population: z.number().min(0), area: z.number().min(0), gdp: z.number().min(0), revenue: z.number().min(0) }),
    rows: z
      .array(z.object({ jurisdictionId: uuid, protectedMinimum: z.number().int().min(0), population: z.number().min(0), area: z.number().min(0), gdp: z.number().min(0), revenue: z.tuple([z.number().min(0), z.number().min(0)]) }))
      .min(1)
      .max(500),
  }),
  z.object({ kind: z.literal('filing_conversion'), organizationId: uuid }),
  z.object({ kind: z.literal('enterprise_conversion'), organizationId: uuid }),
]);
export type ReformPlan = z.infer<typeof reformPlan>;

export const createProjectInput = z.object({
  /** Client-chosen; the workflow id is derived from it, so a double click starts one project. */
  id: idempotencyKey,
  title: z.string().trim().min(1).max(200),
  jurisdictionId: uuid,
  documentNumber: z.string().trim().min(1).max(100),
  plan: reformPlan,
  /** Days the committee has to decide, and the staff placement deadline after execution. */
  decisionDays: z.number().int().min(1).max(365).default(30),
  placementDays: z.number().int().min(1).max(365).default(90),
});
export type CreateProjectInput = z.infer<typeof createProjectInput>;
export const previewPlanInput = z.object({ jurisdictionId: uuid, plan: reformPlan });
export const projectIdInput = z.object({ id: z.string().min(1).max(200) });
export const decisionInput = z.object({
  id: z.string().min(1).max(200),
  /** Client-chosen; a repeated click is the same decision (the workflow Update id). */
  decisionId: idempotencyKey,
  note: z.string().trim().max(1000).default(''),
});
export const assignPlacementInput = z.object({
  id: z.string().min(1).max(200),
  decisionId: idempotencyKey,
  assignments: z.array(z.object({ personId: uuid, to: z.union([uuid, z.literal('pool')]) })).max(5_000),
  /** Every person assigned: carry it out and move on. */
  finish: z.boolean().default(false),
});
export const reformDocumentKinds = ['three_determinations', 'legal_registration'] as const;
export const submitDocumentInput = z.object({
  id: z.string().min(1).max(200),
  decisionId: idempotencyKey,
  kind: z.enum(reformDocumentKinds),
  documentNumber: z.string().trim().min(1).max(100),
  effectiveDate: z.iso.date(),
  /** Three-determinations: the functions of the resulting unit(s). Legal registration: the representative. */
  functions: z.array(z.string().trim().min(1).max(2000)).max(100).default([]),
  representative: z.string().trim().max(50).default(''),
});
export const listProjectsInput = z
  .object({
    kind: z.enum(reformKinds).optional(),
    stage: z.enum(reformStages).optional(),
    jurisdictionId: uuid.optional(),
    overdue: z.boolean().optional(),
    pageToken: z.string().max(2000).optional(),
  })
  .default({});

export interface ImpactRow {
  organizationId: string;
  name: string;
  ledger: QuotaType;
  quotaBefore: number;
  quotaAfter: number;
  occupiedBefore: number;
  occupiedAfter: number;
}
export interface ImpactPreview {
  rows: ImpactRow[];
  /** Quota movements in the bureau's words (from → to, how many, why). */
  movements: { ledger: QuotaType; from: string; to: string; amount: number; code: string }[];
  recovered: number;
  cut: number;
  /** People whose unit goes: each needs a placement. */
  toPlace: { personId: string; name: string; organizationId: string; organizationName: string; ledger: QuotaType; suggested: string | 'pool' }[];
  overQuota: { organizationId: string; name: string; ledger: QuotaType; over: number }[];
  /** Rules that would refuse the plan as it stands; a project with any cannot be approved. */
  refusals: { rule: string; message: string; localized?: { 'zh-CN': string; en: string } }[];
  notes: string[];
}

export interface ReformDecision {
  kind: 'approve' | 'reject' | 'request_changes' | 'cancel' | 'placement' | 'document' | 'escalated' | 'follow_up';
  by: { id: string; name: string } | null;
  at: string;
  note: string;
}
export interface ReformProjectState {
  id: string;
  title: string;
  kind: ReformKind;
  jurisdictionId: string;
  documentNumber: string;
  plan: ReformPlan;
  /** personId: the person behind the filer's account; the workflow keeps it, the API leaves it out. */
  filedBy: { id: string; name: string; personId?: string };
  stage: ReformStage;
  /** When each stage began (ISO instants). */
  timeline: { stage: ReformStage; at: string }[];
  preview: ImpactPreview | null;
  decisions: ReformDecision[];
  deadline: string | null;
  escalated: boolean;
  /** Person id → the unit they are placed in, or 'pool'. */
  placements: Record<string, string>;
  documents: { kind: (typeof reformDocumentKinds)[number]; documentNumber: string; effectiveDate: string }[];
  steps: { name: string; stepId: string; reversedBy: string | null }[];
  followUps: { month: number; at: string; overQuota: number; inPool: number }[];
  resultOrganizationIds: string[];
  /** The unit changes are in the registry: the project can no longer be cancelled. */
  irreversible: boolean;
  error: string | null;
}
export interface ReformProjectSummary {
  id: string;
  title: string;
  kind: ReformKind;
  stage: ReformStage;
  jurisdictionId: string;
  nextDeadline: string | null;
  startedAt: string;
}
