import { z } from 'zod';
import { bandModes, indicators, INDICATOR_MAX, standardSectors, type Indicator, type StandardComputation, type StandardDefinition, type StandardSector } from '@bianzhi/domain/standards';
import { isoDay, plainText, uuid } from './common.js';
import { institutionClass } from './registry.js';

// Staffing standards (核编标准) and the indicators they read: served by the ledger, beside the quota they measure.
export { indicators, indicatorLabels, standardSectors, standardSectorLabels, bandModes } from '@bianzhi/domain/standards';
export type { Indicator, StandardDefinition, StandardSector, StandardComputation } from '@bianzhi/domain/standards';

export const indicator = z.enum(indicators);
const date = isoDay;
const documentNumber = plainText(1, 100);

// Indicators per unit, with history: each value holds from its effective date until the next.
export const setIndicatorsInput = z.object({
  organizationId: uuid,
  values: z.array(z.object({ indicator, value: z.number().int().min(0).max(INDICATOR_MAX) })).min(1).max(indicators.length),
  effectiveDate: date,
  documentNumber: documentNumber.optional(),
});
export const indicatorsInput = z.object({ organizationId: uuid, asOf: date.optional() });
export const importIndicatorsInput = z.object({ fileName: plainText(1, 200), contentBase64: z.string().min(1).max(14_000_000), effectiveDate: date });

export interface IndicatorValueDto {
  indicator: Indicator;
  value: number;
  effectiveDate: string;
  documentNumber: string | null;
  recordedBy: { id: string; name?: string };
  recordedAt: Date;
}

// Standards as data, every version kept.
const decimal = z.number().positive().max(100_000);
export const standardDefinition = z.object({
  name: plainText(1, 200),
  sector: z.enum(standardSectors),
  institutionClass: institutionClass.nullable(),
  variants: z.array(z.object({ key: z.string().trim().regex(/^[a-z0-9_]{1,40}$/), label: plainText(1, 50) })).min(1).max(20),
  ratios: z
    .array(
      z.object({
        indicator,
        variant: z.string().trim().min(1).max(40),
        mode: z.enum(bandModes),
        bands: z.array(z.object({ upTo: z.number().int().positive().max(INDICATOR_MAX).nullable(), staff: decimal, per: decimal })).min(1).max(10),
      }),
    )
    .min(1)
    .max(100),
  minimum: z.number().int().min(0).max(1_000_000).nullable(),
  maximum: z.number().int().min(0).max(1_000_000).nullable(),
}) satisfies z.ZodType<StandardDefinition>;

export const saveStandardInput = z
  .object({
    /** Absent for a new standard; present to issue its next version. */
    id: uuid.optional(),
    /** With an id: the version the editor started from; a save over a newer version is refused. */
    expectedVersion: z.number().int().min(1).optional(),
    code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/),
    definition: standardDefinition,
    documentNumber,
    effectiveFrom: date,
  })
  .refine((v) => v.id === undefined || v.expectedVersion !== undefined, { path: ['expectedVersion'], message: 'a new version names the version it revises' });
export const standardIdInput = z.object({ id: uuid });
export const listStandardsInput = z.object({ asOf: date.optional() }).default({});

export interface StandardVersionDto {
  version: number;
  definition: StandardDefinition;
  documentNumber: string;
  effectiveFrom: string;
  recordedBy: { id: string; name?: string };
  recordedAt: Date;
}

export interface StandardDto {
  id: string;
  code: string;
  jurisdictionId: string;
  /** The version in force on the day asked for (today by default); null before its first version took effect. */
  current: StandardVersionDto | null;
  latestVersion: number;
  units: number;
}

// Which standard measures a unit, and as which of its variants.
export const assignStandardInput = z.object({ organizationId: uuid, standardId: uuid.nullable(), variant: z.string().trim().min(1).max(40).optional() });

/** One unit measured against its standard. */
export interface UnitStandardDto {
  organizationId: string;
  name: string;
  jurisdictionId: string;
  standard: { id: string; code: string; name: string; version: number; documentNumber: string; sector: StandardSector; variant: string; variantLabel: string } | null;
  indicators: Partial<Record<Indicator, number>>;
  computation: StandardComputation | null;
  /** Approved quota (every quota type but filed headcount) and the filed headcount (报备员额). */
  approved: number;
  filed: number;
  /** Standard total − (approved + filed): positive a shortfall, negative an excess; null without a standard. */
  gap: number | null;
  /** A filing-system unit (it holds filed-headcount accounts): the filed headcount its standard implies. */
  filingSystem: boolean;
  proposedFiled: number | null;
  filedChange: number;
  /**
   * The quota movement that would make the filed headcount what the standard implies — from the
   * jurisdiction's unallocated filed headcount to the unit, or back — ready to be filed as a matter;
   * null when nothing is to change or an account is missing.
   */
  filedMove: { ledger: 'filed_headcount'; code: 'allocate' | 'recover'; debitAccountId: string; creditAccountId: string; amount: number } | null;
}

export const unitStandardInput = z.object({ organizationId: uuid, asOf: date.optional() });
export const standardGapInput = z.object({
  jurisdictionId: uuid.optional(),
  asOf: date.optional(),
  /** Only units whose standard total differs from what they hold, or that miss an indicator. */
  differencesOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(10_000).default(500),
});

export interface StandardGapDto {
  jurisdictionId: string;
  asOf: string;
  summary: { units: number; measured: number; incomplete: number; standard: number; approved: number; filed: number; shortfall: number; excess: number; filedChange: number };
  /** Per jurisdiction of the subtree, its own units. */
  byJurisdiction: { jurisdictionId: string; name: string; measured: number; standard: number; held: number; shortfall: number; excess: number }[];
  units: UnitStandardDto[];
  /** More units matched than `limit`. */
  truncated: boolean;
}
