import { z } from 'zod';
import { uuid } from './common.js';
import { quotaType, type QuotaType } from './ledger.js';

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
}
