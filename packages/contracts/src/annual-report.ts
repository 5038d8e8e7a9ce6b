import { z } from 'zod';
import type { AgeBand, AnnualCheck, EducationLevel } from '@bianzhi/domain/annual-report';
import type { InstitutionClass, OrganizationKind, OrganizationRank } from '@bianzhi/domain/organization';
import type { TransferCode } from '@bianzhi/domain/authority';
import { isoDay, uuid } from './common.js';
import type { QuotaType, entryKinds, exitKinds, postCategories } from './ledger.js';
import type { AuxiliaryKind, FundingSource } from './workforce.js';

// The year-end statistical report (机构编制统计年报), docs/analysis.md.
export const annualReportInput = z.object({ year: z.number().int().min(2000).max(2200), jurisdictionId: uuid.optional() });
export const annualExportInput = annualReportInput.extend({ format: z.enum(['xlsx', 'pdf']) });

/** The registry's live organizations as of a day in a subtree of the caller's scope, counted by jurisdiction, kind, rank and class. */
export const organizationStatisticsInput = z.object({ asOf: isoDay, jurisdictionId: uuid.optional() });
export interface OrganizationCountRow {
  jurisdictionId: string;
  kind: OrganizationKind;
  rank: OrganizationRank;
  institutionClass: InstitutionClass | null;
  count: number;
}

/**
 * 空编 as the return counts it: approved minus occupied, per unit, never below zero (超编 beside it).
 * Places reserved by staffing-use plans are not netted out: a reservation is a pending state of the
 * day, and back-dated entries make it unreliable as of a past day.
 */
export interface AnnualQuotaFigures {
  quota: number;
  occupied: number;
  vacant: number;
  over: number;
}

type PeopleBreakdown = {
  total: number;
  bySex: Record<'male' | 'female', number>;
  byAge: Record<AgeBand, number>;
  byEducation: Record<EducationLevel, number>;
  byPostCategory: Record<(typeof postCategories)[number], number>;
};

/** A row per quota type (or the root's own units and each child jurisdiction's subtree, `own` for the first). */
export interface AnnualJurisdictionRow {
  jurisdictionId: string;
  name: string;
  own: boolean;
}

/**
 * One jurisdiction's return for one year, as of December 31: every table, and the checks between
 * them. Self-contained JSON (codes, not labels), so that a later signed package can carry it as is.
 */
export interface AnnualReportDto {
  format: 'bianzhi.annual-report/1';
  year: number;
  /** The year's last day, and the last day of the year before (the figures at the start). */
  asOf: string;
  startOf: string;
  /** The year has not ended: the figures are those recorded so far. */
  provisional: boolean;
  jurisdiction: { id: string; name: string; level: string };
  generatedAt: string;
  organizations: {
    total: number;
    atStart: number;
    byKind: Record<OrganizationKind, number>;
    byRank: Record<OrganizationRank, number>;
    institutions: number;
    byClass: Record<InstitutionClass, number>;
    byJurisdiction: (AnnualJurisdictionRow & { total: number; byKind: Record<OrganizationKind, number> })[];
  };
  quota: {
    total: AnnualQuotaFigures;
    byType: ({ ledger: QuotaType } & AnnualQuotaFigures)[];
    byJurisdiction: (AnnualJurisdictionRow & AnnualQuotaFigures)[];
  };
  people: { total: PeopleBreakdown; byType: ({ ledger: QuotaType } & PeopleBreakdown)[] };
  changes: {
    people: { ledger: QuotaType; atStart: number; entries: Record<(typeof entryKinds)[number], number>; exits: Record<(typeof exitKinds)[number], number>; atEnd: number }[];
    /** Net change of the units' quota by the ledger's transfer code (核定, 核增, 核减收回, 划转…). */
    quota: { ledger: QuotaType; atStart: number; byCode: Partial<Record<TransferCode, number>>; atEnd: number }[];
  };
  /** Staff outside quota on the books at year end (编外人员), by kind and funding source. */
  outsideQuota: { total: number; byFunding: Record<FundingSource, number>; byKind: { kind: AuxiliaryKind; total: number; byFunding: Record<FundingSource, number> }[] };
  checks: AnnualCheck[];
  failedChecks: number;
}
