import { z } from 'zod';
import { reductionMeasures, type ReductionMeasure, type ReductionProgress, type ReductionStatus, type Trend } from '@bianzhi/domain/reduction';
import { isoDay, plainText, uuid } from './common.js';
import { quotaType, type QuotaType } from './ledger.js';

/**
 * 控编减编任务 (kind `reduction_target`): a unit (or a jurisdiction, the units it holds directly)
 * brings one quota type down by an amount by a deadline, on a basis document. Filed and approved
 * as a matter; the platform records it when applied.
 */
export const reductionTargetRequest = z
  .object({
    organizationId: uuid.optional(),
    jurisdictionId: uuid.optional(),
    ledger: quotaType,
    measure: z.enum(reductionMeasures),
    amount: z.number().int().min(1).max(100_000),
    startDate: isoDay,
    deadline: isoDay,
    /** 依据文件: the document the target is set on (e.g. 呼编发〔2026〕5号 控编减编方案). */
    basisDocument: plainText(1, 200),
  })
  .superRefine((v, ctx) => {
    if ((v.organizationId === undefined) === (v.jurisdictionId === undefined)) ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'a target names a unit or a jurisdiction, one of them' });
    if (v.deadline < v.startDate) ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'the deadline is not before the start' });
  });
export type ReductionTargetRequest = z.infer<typeof reductionTargetRequest>;

/** What the platform records when a reduction_target matter is applied (system only). */
export const recordTargetInput = z.object({
  /** The matter's id: recording twice records once. */
  id: uuid,
  title: plainText(1, 200),
  target: reductionTargetRequest,
  documentNumber: plainText(1, 100).optional(),
});

/** Freezes a target's progress as of a quarter end or its deadline (system only, from the target's workflow). */
export const freezeTargetInput = z.object({ id: uuid, day: isoDay });
export const linkTargetViolationInput = z.object({ id: uuid, violationId: uuid });
export const targetIdInput = z.object({ id: uuid });
export const listTargetsInput = z.object({ jurisdictionId: uuid.optional(), organizationId: uuid.optional(), asOf: isoDay.optional() }).default({});

export interface TargetQuarterDto {
  day: string;
  achieved: number;
  expected: number;
  remaining: number;
  status: ReductionStatus;
}

/** With its progress (achieved, remaining, expected, quarters left, pace per quarter, status) as of `asOf`. */
export interface ReductionTargetDto extends ReductionProgress {
  id: string;
  title: string;
  jurisdictionId: string;
  organizationId: string | null;
  ledger: QuotaType;
  measure: ReductionMeasure;
  amount: number;
  startDate: string;
  deadline: string;
  basisDocument: string;
  documentNumber: string | null;
  /** Progress is live, as of the day asked (today by default): computed from the ledger. */
  asOf: string;
  /** The measured figure before the start and on the day. */
  before: number;
  now: number;
  /** The last quarter end it was found behind at (the unit's flag), null when never or met since. */
  flaggedAt: string | null;
  violationId: string | null;
  quarters: TargetQuarterDto[];
}

export interface FrozenTargetDto {
  day: string;
  status: ReductionStatus;
  remaining: number;
  deadline: string;
  organizationId: string | null;
  jurisdictionId: string;
  title: string;
  violationId: string | null;
}

/** 季度监控 */
export const watchReasons = ['over_quota', 'behind_target', 'cross_check', 'by_hand'] as const;
export type WatchReason = (typeof watchReasons)[number];
export const quarterId = z.string().regex(/^\d{4}Q[1-4]$/, 'a quarter like 2026Q4');

export const monitoringListInput = z.object({ jurisdictionId: uuid, quarter: quarterId.optional() });
export const addWatchInput = z.object({ organizationId: uuid, reason: z.enum(['by_hand', 'cross_check']), note: plainText(1, 1000) });
export const removeWatchInput = z.object({ id: uuid, note: plainText(1, 1000) });
export const freezeQuarterInput = z.object({ jurisdictionId: uuid, quarter: quarterId });
export const monitoringReportInput = z.object({ jurisdictionId: uuid, quarter: quarterId, format: z.enum(['xlsx', 'pdf']) });

export interface WatchedFiguresDto {
  ledger: QuotaType;
  quota: number;
  occupied: number;
  /** Occupied beyond quota (0 when within). */
  over: number;
}

export interface WatchedUnitDto {
  organizationId: string;
  organizationName: string;
  reasons: WatchReason[];
  /** The open hand entry, if any (its id removes it). */
  entry: { id: string; reason: 'by_hand' | 'cross_check'; note: string; addedBy: string; addedAt: string } | null;
  behindTargets: number;
  figures: WatchedFiguresDto[];
  /** The same unit's figures frozen at the end of the quarter before (null when not watched then). */
  previous: WatchedFiguresDto[] | null;
  /** Over quota summed over the types, compared with the quarter before. */
  trend: Trend;
}

export interface MonitoringDto {
  jurisdictionId: string;
  quarter: string;
  /** Frozen at the quarter's end (the figures are the frozen ones), or live (the quarter is still running or was never frozen). */
  frozen: boolean;
  previousQuarter: string;
  units: WatchedUnitDto[];
}

/** A target's missed deadline opens a violation on its unit (the platform's alone); once per target. */
export const openTargetViolationInput = z.object({ targetId: uuid, organizationId: uuid, title: plainText(1, 200), deadline: isoDay, amount: z.number().int().min(1), remaining: z.number().int().min(1) });
/** The rule id a target's violation carries: the link from the violation back to its target. */
export const targetRuleId = (targetId: string) => `target:${targetId}`;
