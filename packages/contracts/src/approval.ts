import { z } from 'zod';
import { matterDecisions, matterKinds, matterStates, matterStepKinds, type MatterDecision, type MatterKind, type MatterState, type MatterStepKind, type OrganizationAction } from '@bianzhi/domain/matters';
import { idempotencyKey, plainText, uuid } from './common.js';
import { leadershipRanks, quotaType, transferCode } from './ledger.js';
import { establishmentRequest } from './reform.js';
import { evaluationConclusionRequest, type EvaluationConclusionRequest } from './evaluation.js';
import { reductionTargetRequest, type ReductionTargetRequest } from './reduction.js';
import { charterRequest, type CharterRequest } from './legal-registration.js';
import { namedRollPublicationRequest, type NamedRollPublicationRequest } from './named-roll.js';
import { organizationName, organizationRank } from './registry.js';

/** A document filed with a matter or a decision: its title and number, and the file itself when there is one. */
export const matterDocument = z.object({
  title: plainText(1, 200),
  documentNumber: plainText(1, 100).optional(),
  fileName: plainText(1, 200).optional(),
  contentType: plainText(1, 100).optional(),
  /** Base64, at most 10 MB decoded. */
  contentBase64: z.string().max(14_000_000).optional(),
});
export type MatterDocumentInput = z.infer<typeof matterDocument>;

export const quotaMove = z.object({
  ledger: quotaType,
  code: transferCode,
  debitAccountId: uuid,
  creditAccountId: uuid,
  amount: z.number().int().positive().max(1_000_000),
});
export type QuotaMove = z.infer<typeof quotaMove>;

/** 领导职数核定: a unit's leadership posts of one rank set to a number. */
export const postsChange = z.object({ organizationId: uuid, rank: z.enum(leadershipRanks), posts: z.number().int().min(0).max(200) });
export type PostsChange = z.infer<typeof postsChange>;

/**
 * 机构编制事项 (kind organization_change): establish a unit (with its first quota and 三定), abolish
 * it, convert it to an enterprise, merge units into another, rename it or change its rank. The
 * approval's document number is the change's.
 */
export const organizationChange = z.discriminatedUnion('action', [
  z.object({ action: z.literal('establish'), unit: establishmentRequest }),
  z.object({ action: z.literal('abolish'), organizationId: uuid }),
  z.object({ action: z.literal('convert'), organizationId: uuid }),
  z.object({
    action: z.literal('merge'),
    /** The units merged into the target; each is abolished with the target as its successor. */
    sourceIds: z.array(uuid).min(1).max(20),
    targetId: uuid,
    keepNamesAsNameplates: z.boolean().default(false),
  }),
  z.object({ action: z.literal('rename'), organizationId: uuid, name: organizationName }),
  z.object({ action: z.literal('rerank'), organizationId: uuid, rank: organizationRank }),
]);
export type OrganizationChange = z.infer<typeof organizationChange>;

/**
 * 领导职务任职 (kind leadership_appointment): a person on the unit's roll (their slot) to a leadership
 * post of a rank, within the unit's posts. Pre-reviewed when filed (事前预审), approved along the
 * chain (事中核准), applied with the approval's number, checked again afterwards (事后督查).
 */
export const appointmentRequest = z.object({ organizationId: uuid, rank: z.enum(leadershipRanks), slotId: uuid, title: plainText(1, 100) });
export type AppointmentRequest = z.infer<typeof appointmentRequest>;

/** 带编调任 (kind person_transfer): a person on one unit's roll (their slot) moves to another unit with their quota. */
export const personTransferRequest = z.object({ slotId: uuid, fromOrganizationId: uuid, toOrganizationId: uuid });
export type PersonTransferRequest = z.infer<typeof personTransferRequest>;

/** 用编计划审批 (kind staffing_plan): a staffing-use plan a unit filed (ledger.plan.file), taken to approval by its bureau. */
export const staffingPlanRequest = z.object({ planId: uuid });
export type StaffingPlanRequest = z.infer<typeof staffingPlanRequest>;

/** The field that carries what a matter of each kind asks for; the others stay empty. */
const contentField = { quota_movement: 'moves', leadership_posts: 'posts', organization_change: 'organization', leadership_appointment: 'appointment', person_transfer: 'transfer', staffing_plan: 'plan', evaluation_conclusion: 'evaluation', reduction_target: 'reduction', named_roll_publication: 'namedRoll', charter_approval: 'charter' } as const satisfies Record<MatterKind, string>;

const contentFits = (value: { kind?: MatterKind; moves?: unknown[] | undefined; posts?: unknown; organization?: unknown; appointment?: unknown; transfer?: unknown; plan?: unknown; evaluation?: unknown; reduction?: unknown; charter?: unknown; namedRoll?: unknown }, ctx: z.RefinementCtx) => {
  const present = { moves: (value.moves?.length ?? 0) > 0, posts: value.posts !== undefined, organization: value.organization !== undefined, appointment: value.appointment !== undefined, transfer: value.transfer !== undefined, plan: value.plan !== undefined, evaluation: value.evaluation !== undefined, reduction: value.reduction !== undefined, charter: value.charter !== undefined, namedRoll: value.namedRoll !== undefined };
  const wanted = contentField[value.kind ?? 'quota_movement'];
  for (const [field, isThere] of Object.entries(present)) {
    if (field === wanted && !isThere) ctx.addIssue({ code: 'custom', path: [field], message: `a ${value.kind} matter names its ${field}` });
    if (field !== wanted && isThere) ctx.addIssue({ code: 'custom', path: [field], message: `a ${value.kind} matter has no ${field}` });
  }
};

export const fileMatterInput = z
  .object({
    /** Client-chosen; filing again with the same id returns the first matter. */
    id: uuid,
    kind: z.enum(matterKinds).default('quota_movement'),
    title: plainText(1, 200),
    reason: plainText(1, 4000),
    /** quota_movement: the moves, applied together (linked) or not at all. */
    moves: z.array(quotaMove).max(200).default([]),
    /** leadership_posts: the unit's posts of one rank. */
    posts: postsChange.optional(),
    /** organization_change: the establishment change. */
    organization: organizationChange.optional(),
    /** leadership_appointment: who is appointed to which post. */
    appointment: appointmentRequest.optional(),
    /** person_transfer: who moves with their quota, from which unit to which. */
    transfer: personTransferRequest.optional(),
    /** staffing_plan: the filed plan taken to approval. */
    plan: staffingPlanRequest.optional(),
    /** evaluation_conclusion: an evaluation's conclusion (评估结论, docs/audit.md). */
    evaluation: evaluationConclusionRequest.optional(),
    /** reduction_target: the target set (控编减编任务). */
    reduction: reductionTargetRequest.optional(),
    /** named_roll_publication: a jurisdiction's named-roll publication switched on or off (实名制公示). */
    namedRoll: namedRollPublicationRequest.optional(),
    /** charter_approval: a public institution's charter (章程核准). */
    charter: charterRequest.optional(),
    /** At least one, with its document number: the request (请示) the matter is filed on. */
    documents: z.array(matterDocument).max(20).default([]),
  })
  .superRefine(contentFits);
export type FileMatterInput = z.infer<typeof fileMatterInput>;

export const matterIdInput = z.object({ id: uuid });

export const decideMatterInput = z.object({
  id: uuid,
  /** The step being decided, as the decider saw it: a decision on a step already passed is refused. */
  stepIndex: z.number().int().min(0).max(20),
  decision: z.enum(matterDecisions),
  comment: plainText(0, 2000).default(''),
  /** The approval's document number (批复文号): required on the last step's approval. */
  documentNumber: plainText(1, 100).optional(),
  attachments: z.array(matterDocument).max(10).default([]),
  /** Client-chosen; a repeated click is the same decision. */
  decisionId: idempotencyKey,
});

export const resubmitMatterInput = z.object({
  id: uuid,
  comment: plainText(0, 2000).default(''),
  /** The corrected moves (a quota matter), posts (a posts matter) or change (an establishment matter); absent keeps them. */
  moves: z.array(quotaMove).min(1).max(200).optional(),
  posts: postsChange.optional(),
  organization: organizationChange.optional(),
  appointment: appointmentRequest.optional(),
  transfer: personTransferRequest.optional(),
  reduction: reductionTargetRequest.optional(),
  charter: charterRequest.optional(),
  documents: z.array(matterDocument).max(20).default([]),
  decisionId: idempotencyKey,
});

export const withdrawMatterInput = z.object({ id: uuid, comment: plainText(0, 2000).default(''), decisionId: idempotencyKey });

export const listMattersInput = z.object({
  state: z.enum(matterStates).optional(),
  kind: z.enum(matterKinds).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});

export const inboxInput = z.object({ box: z.enum(['todo', 'done', 'filed']), limit: z.number().int().min(1).max(500).default(100) });

export const routingInput = z.object({
  jurisdictionId: uuid,
  kind: z.enum(matterKinds),
  decidedAt: z.enum(['own', 'city']),
  /** The chain for matters filed here, in order and ending with 审批 (e.g. 审核 → 审批); absent keeps 受理 → 审核 → 审批. */
  steps: z
    .array(z.enum(matterStepKinds))
    .min(1)
    .max(3)
    .refine((steps) => steps.at(-1) === 'approve' && steps.every((s, i) => i === 0 || matterStepKinds.indexOf(s) > matterStepKinds.indexOf(steps[i - 1]!)), { message: 'steps in order, ending with approve' })
    .optional(),
});
export const routingListInput = z.object({ jurisdictionId: uuid.optional() });
export const calendarSetInput = z.object({ day: z.iso.date(), kind: z.enum(['holiday', 'workday']), name: plainText(0, 50).default('') });
export const documentIdInput = z.object({ matterId: uuid, documentId: uuid });

export interface MatterActor {
  id: string;
  name: string;
}

export interface MatterStepDto {
  index: number;
  kind: MatterStepKind;
  jurisdictionId: string;
  jurisdictionName: string;
  deadline: string | null;
  escalated: boolean;
  decidedBy: MatterActor | null;
  decidedAt: string | null;
}

export interface MatterEventDto {
  at: string;
  kind: 'filed' | MatterDecision | 'resubmit' | 'withdraw' | 'escalate' | 'remind' | 'overdue' | 'applied' | 'failed' | 'supervised';
  stepIndex: number | null;
  actor: MatterActor | null;
  comment: string;
  documentIds: string[];
}

export interface MatterDocumentDto {
  id: string;
  title: string;
  documentNumber: string | null;
  fileName: string | null;
  size: number;
  addedAt: string;
  addedBy: MatterActor | null;
}

/** A move as the bureau reads it, with the live balances it would change (null where the reader may not see them). */
export interface MovePreview extends QuotaMove {
  debit: { holderName: string; kind: string; jurisdictionId: string; balance: number | null; after: number | null };
  credit: { holderName: string; kind: string; jurisdictionId: string; balance: number | null; after: number | null };
  movement: string;
}

export interface MatterSummaryDto {
  id: string;
  kind: MatterKind;
  title: string;
  state: MatterState;
  jurisdictionId: string;
  jurisdictionName: string;
  decidingJurisdictionId: string;
  filedBy: MatterActor;
  filedAt: string;
  currentStep: number;
  currentStepKind: MatterStepKind | null;
  /** The current step's deadline while in review. */
  deadline: string | null;
  overdue: boolean;
  updatedAt: string;
}

export interface MatterDto extends MatterSummaryDto {
  reason: string;
  moves: QuotaMove[];
  preview: MovePreview[];
  /** A posts matter: the unit, the rank, its posts now (null where the reader may not see them) and as asked. */
  posts: (PostsChange & { organizationName: string; before: number | null; filled: number | null }) | null;
  /** An establishment matter: the change and the units it names as they stand now (null where the reader may not see them). */
  organization: OrganizationChangePreview | null;
  /** An appointment matter: the unit's posts of the rank now, the person, and once applied what 事后督查 found. */
  appointment: AppointmentPreview | null;
  /** A 带编调任 matter: the person, the two units and the quota that goes along. */
  transfer: PersonTransferPreview | null;
  /** A plan matter: the plan as it stands, with its unit's vacancies now (null where the reader may not see them). */
  plan: PlanPreview | null;
  /** An evaluation-conclusion matter: the evaluation and the conclusion filed. */
  evaluation?: EvaluationConclusionRequest | null;
  /** A reduction-target matter: the target as filed (控编减编任务). */
  reduction?: ReductionTargetRequest | null;
  /** A charter matter: the charter as filed (章程核准). */
  charter?: CharterRequest | null;
  /** A named-roll publication matter: the jurisdiction and the switch asked for (实名制公示). */
  namedRoll?: NamedRollPublicationRequest | null;
  steps: MatterStepDto[];
  events: MatterEventDto[];
  documents: MatterDocumentDto[];
  approvalDocumentNumber: string | null;
  failure: string | null;
  /** What the caller may do now. */
  can: { decide: boolean; resubmit: boolean; withdraw: boolean };
}

/** A unit named by an establishment matter, as it stands now. */
export interface NamedUnit {
  id: string;
  name: string;
  rank: string;
  status: string;
  jurisdictionId: string;
}

export interface OrganizationChangePreview {
  action: OrganizationAction;
  change: OrganizationChange;
  /** The units the change names (subject, sources, target), where the reader may see them. */
  units: NamedUnit[];
  /** The unit an approved establishment created (once it exists). */
  establishedOrganizationId: string | null;
  /** An establishment's run, for reform.establishment.get once the matter is approved. */
  establishmentRequestId: string | null;
}

export interface AppointmentPreview extends AppointmentRequest {
  organizationName: string;
  /** The person holding the slot (null where the reader may not see the unit). */
  personName: string | null;
  /** The unit's posts of the rank and how many are filled now (null where the reader may not see them). */
  posts: number | null;
  filled: number | null;
  /** 事后督查: when it is due, and once done what it found. */
  supervisionDue: string | null;
  supervision: { at: string; withinPosts: boolean; inForce: boolean; finding: string } | null;
}

export interface PersonTransferPreview extends PersonTransferRequest {
  /** Null where the reader may not see the unit. */
  personName: string | null;
  fromName: string | null;
  toName: string | null;
  ledger: string | null;
  /** The move's quota movement as the authority table names it. */
  movement: string;
  /** The person's slot in the new unit, once applied. */
  newSlotId: string | null;
}

export interface PlanPreview extends StaffingPlanRequest {
  organizationName: string | null;
  ledger: string | null;
  places: number | null;
  endsOn: string | null;
  reason: string | null;
  source: 'vacancy' | 'turnover' | null;
  status: 'filed' | 'approved' | 'rejected' | 'cancelled' | null;
  /** The unit's vacancies of the plan's type not yet reserved. */
  vacant: number | null;
}
