import { z } from 'zod';
import { type DisclosureChangeKind, type DisclosureChangeStatus } from '@bianzhi/domain/disclosure-timeliness';
import { isoDay, uuid } from './common.js';

// 及时公开: changes with their disclosure deadlines, late units, correction orders (责令限期补正通知).
const year = z.number().int().min(2000).max(2200);

export const timelinessChangesInput = z
  .object({
    year: year.optional(),
    jurisdictionId: uuid.optional(),
    organizationId: uuid.optional(),
    lateOnly: z.boolean().default(false),
  })
  .default({ lateOnly: false });

export const issueCorrectionOrderInput = z.object({
  organizationId: uuid,
  requirement: z.string().trim().min(1).max(2000),
  deadline: isoDay,
});

export const correctionOrdersInput = z
  .object({ organizationId: uuid.optional(), status: z.enum(['open', 'closed', 'overdue']).optional() })
  .default({});
export const lateUnitsInput = z.object({ year });

export interface DisclosureChangeDto {
  organizationId: string;
  organizationName: string;
  jurisdictionId: string;
  jurisdictionName: string;
  kind: DisclosureChangeKind;
  effectiveDate: string;
  /** The last day it may first appear on the public site. */
  deadline: string;
  /** The day of the first public snapshot that showed it (on or after its effective date), if any. */
  publishedOn: string | null;
  status: DisclosureChangeStatus;
  /** An open correction order of the unit, if it has one. */
  openOrderNumber: string | null;
}

export interface CorrectionOrderDto {
  id: string;
  number: string;
  jurisdictionId: string;
  organizationId: string;
  organizationName: string;
  changes: { kind: DisclosureChangeKind; effectiveDate: string; deadline: string }[];
  requirement: string;
  deadline: string;
  status: 'open' | 'closed';
  overdue: boolean;
  issuedBy: { id: string; name?: string };
  issuedAt: Date;
  closedAt: Date | null;
  publishedOn: string | null;
}

/** One line of a year's public list of late units: the unit, the change, its deadline and when it was published (null: not yet). */
export interface LateUnitDto {
  organizationId: string;
  organizationName: string;
  jurisdictionName: string;
  kind: DisclosureChangeKind;
  effectiveDate: string;
  deadline: string;
  publishedOn: string | null;
}
