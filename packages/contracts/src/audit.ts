import { z } from 'zod';
import { uuid } from './common.js';

export const auditActor = z.object({
  kind: z.enum(['user', 'service', 'system']),
  id: z.string().min(1),
  name: z.string().optional(),
  roles: z.array(z.string()).optional(),
  jurisdictionId: z.string().nullable().optional(),
});

export const auditEventInput = z.object({
  id: uuid,
  source: z.enum(['identity', 'registry', 'ledger', 'audit', 'reform']),
  type: z.string().min(1).max(200),
  aggregateType: z.string().min(1).max(100),
  aggregateId: z.string().min(1).max(200),
  jurisdictionId: uuid.nullable().optional(),
  actor: auditActor,
  payload: z.record(z.string(), z.unknown()),
  requestId: z.string().optional(),
  occurredAt: z.iso.datetime({ offset: true }),
});

export const ingestInput = z.object({ events: z.array(auditEventInput).min(1).max(1000) });

export const listAuditLogInput = z
  .object({
    aggregateType: z.string().max(100).optional(),
    aggregateId: z.string().max(200).optional(),
    eventType: z.string().max(200).optional(),
    /** An actor's id, or part of their name. */
    actor: z.string().trim().min(1).max(100).optional(),
    /** Events about this unit: the unit itself or anything whose payload names it. */
    organizationId: uuid.optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    /** Keyset paging: entries before this position. */
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ limit: 100 });

export const exportAuditLogInput = listAuditLogInput.unwrap().omit({ beforeSeq: true, limit: true }).extend({ limit: z.number().int().min(1).max(50_000).default(10_000) });

/** The chain head at the end of a day, signed with the audit service's Ed25519 key. */
export const signedHead = z.object({
  day: z.iso.date(),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: z.string().min(1).max(100),
  signature: z.string().min(1).max(200),
});
export type SignedHead = z.infer<typeof signedHead>;

/** Verification of the stored chain; with a signed head from an earlier export, also that the chain still contains it. */
export const verifyAuditLogInput = z.object({ signedHead: signedHead.optional() }).default({});

export interface AuditEntryDto {
  eventId: string;
  seq: number;
  source: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  jurisdictionId: string | null;
  actor: z.infer<typeof auditActor>;
  payload: Record<string, unknown>;
  occurredAt: Date;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  headHash: string;
  /** The first entry whose hash does not follow from its predecessor, if any. */
  firstBrokenSeq: number | null;
  /** Signed heads (the daily files) the stored chain no longer matches: an edit that recomputed the hashes. */
  signedHeadMismatches: { day: string; seq: number }[];
  /** The latest signed head, for the UI's badge. */
  lastSignedHead: SignedHead | null;
}

// Violations (督查发现的问题), their rectification and closure
export const violationKinds = ['over_quota_hiring', 'over_post_appointment', 'unauthorized_organization', 'ghost_employee', 'mixed_posting', 'other'] as const;
export const violationKind = z.enum(violationKinds);
export type ViolationKind = z.infer<typeof violationKind>;
export const violationStatus = z.enum(['open', 'rectifying', 'closed']);
export type ViolationStatus = z.infer<typeof violationStatus>;

/** A file uploaded as evidence of a violation or its rectification; at most 10 MB. */
export const evidenceUpload = z.object({
  fileName: z.string().trim().min(1).max(255),
  contentType: z.string().trim().min(1).max(100),
  contentBase64: z.base64().max(14_000_000),
});

export const openViolationInput = z.object({
  organizationId: uuid,
  kind: violationKind,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(''),
  /** The date by which the unit must have rectified (整改期限). */
  deadline: z.iso.date(),
  ruleId: z.string().trim().max(50).optional(),
  /** The cross-check finding this violation was opened from. */
  findingId: uuid.optional(),
  evidence: z.array(evidenceUpload).max(10).default([]),
});
export const updateViolationInput = z
  .object({
    id: uuid,
    /** The unit's report of what it has done; moves the violation to 整改中. */
    rectification: z.string().trim().min(1).max(4000).optional(),
    deadline: z.iso.date().optional(),
    evidence: z.array(evidenceUpload).max(10).default([]),
  })
  .refine((input) => input.rectification !== undefined || input.deadline !== undefined || input.evidence.length > 0, { message: 'nothing to update', path: ['rectification'] });
export const closeViolationInput = z.object({ id: uuid, conclusion: z.string().trim().min(1).max(4000) });
export const listViolationsInput = z
  .object({
    organizationId: uuid.optional(),
    status: violationStatus.optional(),
    kind: violationKind.optional(),
    /** Only those past their deadline and not closed. */
    overdue: z.boolean().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ limit: 100 });
export const violationIdInput = z.object({ id: uuid });
export const evidenceIdInput = z.object({ id: uuid });
export const isBlockedInput = z.object({ organizationId: uuid });
/** Many units at once (a reform's units): one question, one query. */
export const openViolationsInput = z.object({ organizationIds: z.array(uuid).max(20_000) });

export interface EvidenceDto {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: { id: string; name?: string };
  uploadedAt: Date;
}

export interface ViolationDto {
  id: string;
  organizationId: string;
  /** The unit's name when the violation was opened. */
  organizationName: string;
  jurisdictionId: string;
  kind: ViolationKind;
  title: string;
  description: string;
  ruleId: string | null;
  findingId: string | null;
  status: ViolationStatus;
  deadline: string | null;
  overdue: boolean;
  recordedBy: { id: string; name?: string };
  recordedAt: Date;
  rectifiedAt: Date | null;
  rectification: string | null;
  closedBy: { id: string; name?: string } | null;
  closedAt: Date | null;
  conclusion: string | null;
}

export interface ViolationDetailDto extends ViolationDto {
  evidence: EvidenceDto[];
}

/** What the registry, the ledger and reforms ask before an approval (问题整改与审批联动). */
export interface BlockStatus {
  blocked: boolean;
  violations: { id: string; title: string; kind: ViolationKind; deadline: string | null }[];
}

// Cross-checks (交叉比对): payroll and cadre records against the real-name roll
export const crosscheckBatchKind = z.enum(['payroll', 'cadre']);
export const findingKinds = ['paid_not_on_roll', 'on_roll_not_paid', 'paid_elsewhere', 'beyond_posts'] as const;
export const findingKind = z.enum(findingKinds);
export type FindingKind = z.infer<typeof findingKind>;
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** A payroll (财政工资统发) or cadre-record file, .xlsx or .csv (UTF-8 or GB18030). */
export const crosscheckImportInput = z.object({
  kind: crosscheckBatchKind,
  month,
  fileName: z.string().trim().min(1).max(255),
  contentBase64: z.base64().max(40_000_000),
});
export const crosscheckRunInput = z.object({ payrollBatchId: uuid, cadreBatchId: uuid.optional() });
export const crosscheckStatusInput = z.object({ id: uuid });
export const crosscheckFindingsInput = z.object({
  runId: uuid,
  kind: findingKind.optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
export const findingToViolationInput = z.object({ findingId: uuid, deadline: z.iso.date() });

export interface CrosscheckBatchDto {
  id: string;
  kind: 'payroll' | 'cadre';
  month: string;
  fileName: string;
  rows: number;
  units: number;
}

export interface CrosscheckRunDto {
  id: string;
  payrollBatchId: string;
  cadreBatchId: string | null;
  state: 'running' | 'succeeded' | 'failed';
  /** 0–100 while running. */
  percent: number;
  counts: Partial<Record<FindingKind, number>>;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface FindingDto {
  id: string;
  kind: FindingKind;
  organizationId: string;
  organizationName: string;
  idNumber: string | null;
  name: string | null;
  detail: Record<string, unknown>;
  violationId: string | null;
}

// Responsibility audit report (机构编制责任审计) per department and period
export const departmentReportInput = z
  .object({ organizationId: uuid, from: z.iso.date(), to: z.iso.date(), format: z.enum(['pdf', 'xlsx']) })
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] });
export interface ReportFile {
  filename: string;
  contentType: string;
  contentBase64: string;
}

// Public disclosure (信息公开): what anyone may read, without signing in
export interface DisclosedUnit {
  id: string;
  name: string;
  nameplates: string[];
  jurisdictionId: string;
  jurisdictionName: string;
  kind: string;
  institutionClass: string | null;
  funding: string | null;
  rank: string;
  functions: string[];
  documentNumber: string | null;
  departments: { name: string; type: string; headcount: number; leadershipPosts: number }[];
  quota: { type: string; approved: number }[];
  quotaTotal: number;
  leadershipPosts: { rank: string; posts: number }[];
  /** Actual headcount (实有人数): a number, never names. */
  headcount: number;
}
export const disclosureUnitsInput = z
  .object({ jurisdictionId: uuid.optional(), q: z.string().trim().max(50).optional(), limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0) })
  .default({ limit: 50, offset: 0 });
export const disclosureUnitInput = z.object({ id: uuid });
export const disclosureScoreInput = z.object({ jurisdictionId: uuid.optional() }).default({});
export const openDataInput = z.object({ format: z.enum(['json', 'csv']) });
export interface DisclosureScoreDto {
  period: string | null;
  evaluatedAt: Date | null;
  jurisdictions: { jurisdictionId: string; name: string; units: number; average: number }[];
  /** The score weighs completeness, timeliness and accuracy (null: scored before timeliness counted); `late` changes not published in time, `inaccurate` items differing from the registry's and the ledger's. */
  units: { organizationId: string; name: string; jurisdictionId: string; score: number; missing: string[]; completeness: number | null; timeliness: number | null; accuracy: number | null; inaccurate: string[]; late: number }[];
}
