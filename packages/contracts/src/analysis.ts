import { z } from 'zod';
import { uuid } from './common.js';
import { quotaType, type QuotaType } from './ledger.js';
import type { WorkforceFigures } from './workforce.js';

// Analysis (DOMAIN.md "Statistics and analysis"): served by the ledger, which owns the figures.
export const dashboardInput = z.object({ jurisdictionId: uuid.optional() }).default({});
export const trendInput = z.object({ jurisdictionId: uuid.optional(), months: z.number().int().min(2).max(60).default(24) }).default({ months: 24 });

export interface Figures {
  quota: number;
  occupied: number;
  vacant: number;
  over: number;
}

export interface DashboardSummary {
  jurisdictionId: string;
  name: string;
  total: Figures & { overUnits: number; units: number };
  byType: (Figures & { ledger: QuotaType; overUnits: number })[];
  /** Units of the city, district and township levels inside the subtree. */
  byLevel: (Figures & { level: string; units: number })[];
  retirementsNextMonth: number;
  /** 财政供养人员: people on quota + staff outside quota in the subtree today (ledger.workforce.*). */
  workforce: WorkforceFigures;
}

export interface DrilldownDto {
  jurisdiction: { id: string; name: string; level: string; parentId: string | null };
  /** Each child jurisdiction with its whole subtree summed. */
  children: (Figures & { id: string; name: string; level: string; units: number })[];
  /** The units of this jurisdiction itself. */
  units: (Figures & { organizationId: string; name: string; byType: (Figures & { ledger: QuotaType })[] })[];
}

export interface TrendPoint extends Figures {
  month: string;
  ledger: QuotaType | 'all';
}

export const retirementForecastInput = z
  .object({ jurisdictionId: uuid.optional(), organizationId: uuid.optional(), ledger: quotaType.optional(), years: z.number().int().min(1).max(10).default(5) })
  .default({ years: 5 });
export interface RetirementForecastDto {
  months: { month: string; byType: Partial<Record<QuotaType, number>>; total: number }[];
  /** Units with the most retirements over the period. */
  units: { organizationId: string; name: string; total: number; byType: Partial<Record<QuotaType, number>> }[];
}
export const nextMonthInput = z.object({ jurisdictionId: uuid.optional(), limit: z.number().int().min(1).max(2000).default(500) }).default({ limit: 500 });
export interface RetiringPersonDto {
  personId: string;
  name: string;
  idNumberMasked: string;
  organizationId: string;
  organizationName: string;
  ledger: QuotaType;
  retiresOn: string;
}

export const dormantInput = z.object({ jurisdictionId: uuid.optional(), months: z.number().int().min(1).max(120).default(12), limit: z.number().int().min(1).max(2000).default(500) }).default({ months: 12, limit: 500 });
export interface DormantVacancyDto {
  organizationId: string;
  name: string;
  jurisdictionId: string;
  ledger: QuotaType;
  vacant: number;
  /** The last time anyone entered on this unit's quota of this type; null: never on record. */
  lastEntry: string | null;
  idleMonths: number | null;
  vacantAccountId: string;
  /** The jurisdiction's unallocated pool of this type: where a recovery (核减收回) returns the quota. */
  poolAccountId: string | null;
}

// 编岗相适: posts (HR) against quota and occupancy
export const postsImportInput = z.object({ fileName: z.string().trim().min(1).max(255), contentBase64: z.base64().max(20_000_000) });
export const postsCompareInput = z.object({ jurisdictionId: uuid.optional(), mismatchesOnly: z.boolean().default(false), limit: z.number().int().min(1).max(5000).default(1000) }).default({ mismatchesOnly: false, limit: 1000 });
export const postMismatches = ['no_posts', 'posts_exceed_quota', 'occupied_exceed_posts'] as const;
export interface PostsComparisonRow {
  organizationId: string;
  name: string;
  quota: number;
  occupied: number;
  posts: { management: number; professional: number; worker: number; total: number } | null;
  occupiedByCategory: { management: number; professional: number; worker: number };
  mismatches: (typeof postMismatches)[number][];
}

// 需求预报: yearly requests for people, consolidated for the bureau
export const demandSubmitInput = z.object({
  /** Client-chosen; submitting twice submits once. */
  id: uuid,
  organizationId: uuid,
  year: z.number().int().min(2000).max(2100),
  ledger: quotaType,
  places: z.number().int().min(1).max(10_000),
  reason: z.string().trim().min(1).max(2000),
});
export const demandListInput = z.object({ year: z.number().int().min(2000).max(2100), jurisdictionId: uuid.optional() });
export const demandDecideInput = z.object({ id: uuid, granted: z.number().int().min(0).max(10_000), note: z.string().trim().max(2000).default('') });
export interface DemandRequestDto {
  id: string;
  organizationId: string;
  organizationName: string;
  year: number;
  ledger: QuotaType;
  places: number;
  reason: string;
  status: 'submitted' | 'approved' | 'rejected';
  granted: number | null;
  decisionNote: string | null;
  submittedBy: { id: string; name?: string };
  submittedAt: Date;
  /** Context for the decision: the unit's vacancies of that type now, and who retires in the requested year. */
  vacant: number;
  retiringInYear: number;
}

// 月度统计报表 as PDF or Excel
export const monthlyReportInput = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), jurisdictionId: uuid.optional(), format: z.enum(['pdf', 'xlsx']) });
