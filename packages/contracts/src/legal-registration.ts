import { z } from 'zod';
import { CERTIFICATE_WARNING_DAYS, type ParticularField, type RegistrationFlag, type RegistrationKind, type RegistrationStatus } from '@bianzhi/domain/legal-registration';
import { isoDay, plainText, uuid } from './common.js';
import { organizationName } from './registry.js';

/** 登记事项: what a certificate of a public institution's legal-person registration carries. */
export const registrationParticulars = z.object({
  name: organizationName,
  domicile: plainText(1, 200),
  representative: plainText(1, 50),
  /** 开办资金, 万元. */
  fundsWan: z.number().min(0).max(1e9),
  businessScope: plainText(1, 4000),
  certificateNumber: plainText(1, 60),
  validFrom: isoDay,
  validUntil: isoDay,
});
export type RegistrationParticularsInput = z.infer<typeof registrationParticulars>;

const registrationBasis = {
  organizationId: uuid,
  effectiveDate: isoDay,
  documentNumber: plainText(1, 100).optional(),
  reason: plainText(0, 500).default(''),
  /** The registration the caller saw (0: none yet); a stale one is refused rather than lost. */
  expectedVersion: z.number().int().min(0),
};

export const establishRegistrationInput = z.object({ ...registrationBasis, particulars: registrationParticulars });
export const changeRegistrationInput = z.object({ ...registrationBasis, particulars: registrationParticulars });
export const cancelRegistrationInput = z.object({ ...registrationBasis, reason: plainText(1, 500) });
export type EstablishRegistrationInput = z.infer<typeof establishRegistrationInput>;
export type CancelRegistrationInput = z.infer<typeof cancelRegistrationInput>;

export const registrationOfInput = z.object({ organizationId: uuid });

export const registrationOverviewInput = z.object({
  /** Within one jurisdiction's subtree (in the caller's scope); absent: the whole scope. */
  jurisdictionId: uuid.optional(),
  /** The year whose missing annual reports are listed; absent: last year. */
  reportYear: z.number().int().min(2000).max(2100).optional(),
  expiringWithinDays: z.number().int().min(1).max(3650).default(CERTIFICATE_WARNING_DAYS),
});

export const fileAnnualReportInput = z.object({
  organizationId: uuid,
  year: z.number().int().min(2000).max(2100),
  summary: plainText(1, 4000),
  netAssetsWan: z.number().min(-1e9).max(1e9).nullable().default(null),
  headcount: z.number().int().min(0).max(1_000_000).nullable().default(null),
});
export const publishAnnualReportInput = z.object({ organizationId: uuid, year: z.number().int().min(2000).max(2100) });

/** 章程 as filed for approval (kind charter_approval): the institution's new charter, on the version it replaces. */
export const charterRequest = z.object({
  organizationId: uuid,
  /** The approved version this one replaces (0: the first). */
  basedOnVersion: z.number().int().min(0),
  purpose: plainText(1, 2000),
  businessScope: plainText(1, 4000),
  /** Governance: the party organization's role, decision-making, democratic management and supervision (seed 003). */
  governance: plainText(1, 8000),
});
export type CharterRequest = z.infer<typeof charterRequest>;

/** The platform records an approved charter (system only). */
export const applyCharterInput = z.object({ matterId: uuid, documentNumber: plainText(1, 100).nullable(), charter: charterRequest });
/** The platform checks a charter matter when filed, as the filer (scope) — answers the unit and its current version. */
export const charterCheckInput = z.object({ organizationId: uuid });

/** The public site's annual reports (年度报告公示): published ones only, of a year or all. */
export const publicReportsInput = z.object({ year: z.number().int().min(2000).max(2100).optional(), q: z.string().trim().max(100).default(''), limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0) });

export const publicChartersInput = z.object({ q: z.string().trim().max(100).default(''), limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0) });

export interface RegistrationParticularsDto {
  name: string;
  domicile: string;
  representative: string;
  fundsWan: number;
  businessScope: string;
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

export interface RegistrationEventDto {
  version: number;
  kind: RegistrationKind;
  effectiveDate: string;
  particulars: RegistrationParticularsDto;
  changed: ParticularField[];
  documentNumber: string | null;
  reason: string;
  actorName: string;
  recordedAt: Date;
}

export interface RegistrationSummaryDto extends RegistrationParticularsDto {
  organizationId: string;
  organizationName: string;
  organizationStatus: string;
  jurisdictionId: string;
  jurisdictionName: string;
  status: RegistrationStatus;
  /** Shown as 已变更 when it was changed at least once. */
  changes: number;
  registeredOn: string;
  cancelledOn: string | null;
  version: number;
  flags: RegistrationFlag[];
}

export interface AnnualReportDto {
  year: number;
  summary: string;
  netAssetsWan: number | null;
  headcount: number | null;
  filedOn: string;
  filedBy: string;
  publishedAt: Date | null;
}

export interface CharterVersionDto {
  version: number;
  purpose: string;
  businessScope: string;
  governance: string;
  matterId: string | null;
  approvalDocumentNumber: string | null;
  approvedOn: string;
}

/** One unit's registration page: the registration now, its history, reports, charters, and what is missing. */
export interface UnitRegistrationDto {
  organizationId: string;
  organizationName: string;
  organizationKind: string;
  organizationStatus: string;
  registration: RegistrationSummaryDto | null;
  events: RegistrationEventDto[];
  reports: AnnualReportDto[];
  /** Past years the unit owes a report for and has not filed (since its registration). */
  missingReportYears: number[];
  charters: CharterVersionDto[];
  /** An institution with an active registration without an approved charter. */
  charterMissing: boolean;
}

export interface MissingReportDto {
  organizationId: string;
  organizationName: string;
  jurisdictionName: string;
  certificateNumber: string;
  year: number;
}

export interface RegistrationOverviewDto {
  registrations: RegistrationSummaryDto[];
  expiring: RegistrationSummaryDto[];
  missingReports: MissingReportDto[];
  /** Abolished, merged, converted or delegated units whose registration is still active. */
  missingCancellations: RegistrationSummaryDto[];
  /** Renamed in the registry without a change registration. */
  missingChanges: RegistrationSummaryDto[];
  reportYear: number;
}

export interface CharterCheckDto {
  organizationId: string;
  organizationName: string;
  jurisdictionId: string;
  currentVersion: number;
}

export interface PublicCharterDto {
  organizationId: string;
  organizationName: string;
  jurisdictionName: string;
  version: number;
  purpose: string;
  businessScope: string;
  governance: string;
  approvalDocumentNumber: string | null;
  approvedOn: string;
}

export interface PublicAnnualReportDto {
  organizationId: string;
  organizationName: string;
  jurisdictionName: string;
  year: number;
  summary: string;
  netAssetsWan: number | null;
  headcount: number | null;
  publishedAt: Date;
}
