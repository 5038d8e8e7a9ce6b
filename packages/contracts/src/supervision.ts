import { z } from 'zod';
import { isoDay, personName, plainText, uuid } from './common.js';

// Supervision notices (机构编制督查通知书), talks (约谈) and their commitments (001)

export const noticeStatus = z.enum(['issued', 'acknowledged', 'closed']);
export type NoticeStatus = z.infer<typeof noticeStatus>;

export const issueNoticeInput = z.object({
  organizationId: uuid,
  /** The violation the notice follows up, if any; it must concern the same unit. */
  violationId: uuid.optional(),
  /** What is wrong (存在的问题). */
  problem: plainText(1, 4000),
  /** What the unit must do (整改要求). */
  requirement: plainText(1, 4000),
  /** By when (整改期限). */
  deadline: isoDay,
});
export const noticeIdInput = z.object({ id: uuid });
export const noticePdfInput = z.object({ id: uuid });
export const closeNoticeInput = z.object({ id: uuid, conclusion: plainText(1, 4000) });
export const listNoticesInput = z
  .object({ organizationId: uuid.optional(), status: noticeStatus.optional(), limit: z.number().int().min(1).max(500).default(100) })
  .default({ limit: 100 });

export interface NoticeDto {
  id: string;
  /** 呼编督〔2026〕3号 */
  number: string;
  year: number;
  seq: number;
  jurisdictionId: string;
  organizationId: string;
  organizationName: string;
  violationId: string | null;
  problem: string;
  requirement: string;
  deadline: string;
  status: NoticeStatus;
  overdue: boolean;
  issuedBy: { id: string; name?: string };
  issuedAt: Date;
  acknowledgedBy: { id: string; name?: string } | null;
  acknowledgedAt: Date | null;
  closedBy: { id: string; name?: string } | null;
  closedAt: Date | null;
  conclusion: string | null;
}

export const commitmentStatus = z.enum(['open', 'reported', 'done']);
export type CommitmentStatus = z.infer<typeof commitmentStatus>;

export const recordTalkInput = z
  .object({
    /** The notice or the violation the talk follows up: exactly one. */
    noticeId: uuid.optional(),
    violationId: uuid.optional(),
    heldOn: isoDay,
    participants: z.array(personName).min(1).max(30),
    /** Points raised (约谈指出的问题). */
    points: plainText(1, 4000),
    /** Commitments the unit made, each a task with a deadline. */
    commitments: z.array(z.object({ content: plainText(1, 1000), deadline: isoDay })).max(30).default([]),
  })
  .refine((v) => (v.noticeId === undefined) !== (v.violationId === undefined), { message: 'a talk follows up exactly one notice or violation', path: ['noticeId'] });
export const listTalksInput = z
  .object({ organizationId: uuid.optional(), noticeId: uuid.optional(), violationId: uuid.optional(), limit: z.number().int().min(1).max(500).default(100) })
  .default({ limit: 100 });
export const reportCommitmentInput = z.object({ id: uuid, report: plainText(1, 2000) });
export const confirmCommitmentInput = z.object({ id: uuid });
export const listCommitmentsInput = z
  .object({ organizationId: uuid.optional(), status: commitmentStatus.optional(), overdue: z.boolean().optional(), limit: z.number().int().min(1).max(500).default(200) })
  .default({ limit: 200 });

export interface CommitmentDto {
  id: string;
  talkId: string;
  organizationId: string;
  organizationName: string;
  content: string;
  deadline: string;
  /** open → reported by the unit → done when the issuer confirms. */
  status: CommitmentStatus;
  overdue: boolean;
  report: string | null;
  reportedAt: Date | null;
  confirmedAt: Date | null;
}

export interface TalkDto {
  id: string;
  jurisdictionId: string;
  organizationId: string;
  organizationName: string;
  noticeId: string | null;
  violationId: string | null;
  heldOn: string;
  participants: string[];
  points: string;
  recordedBy: { id: string; name?: string };
  recordedAt: Date;
  commitments: CommitmentDto[];
}

// Term audit (任期审计): a leader's responsibility over the term, across the units they led

export const termReportInput = z
  .object({
    /** The leader as the report names them; the platform does not hold a leader's history, so the caller states it. */
    leaderName: personName,
    /** Their post, as the report shows it (e.g. 局长). */
    post: plainText(0, 100).default(''),
    from: isoDay,
    to: isoDay,
    organizationIds: z.array(uuid).min(1).max(20),
    format: z.enum(['pdf', 'xlsx']),
  })
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] })
  .refine((v) => new Set(v.organizationIds).size === v.organizationIds.length, { message: 'a unit named twice', path: ['organizationIds'] });
