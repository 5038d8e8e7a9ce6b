import { DomainError, bilingual } from './errors.js';
import { isLive, type OrganizationKind, type OrganizationStatus } from './organization.js';

/**
 * 事业单位法人登记 (docs/registry.md, "Legal-person registration"): a public institution is a legal
 * person from its establishment registration (设立登记) until its cancellation registration (注销登记);
 * every change of its registered particulars in between is a change registration (变更登记). Each
 * registration keeps the particulars as registered, so the history reads as the certificates did.
 */
export const registrationKinds = ['establish', 'change', 'cancel'] as const;
export type RegistrationKind = (typeof registrationKinds)[number];

export const registrationStatuses = ['active', 'cancelled'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** The particulars a certificate carries (登记事项). */
export interface RegistrationParticulars {
  name: string;
  domicile: string;
  representative: string;
  /** 开办资金, in 万元. */
  fundsWan: number;
  businessScope: string;
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

export const particularFields = ['name', 'domicile', 'representative', 'fundsWan', 'businessScope', 'certificateNumber', 'validFrom', 'validUntil'] as const satisfies readonly (keyof RegistrationParticulars)[];
export type ParticularField = (typeof particularFields)[number];

/** A certificate expiring within this many days is flagged (证书即将到期). */
export const CERTIFICATE_WARNING_DAYS = 60;

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

export type CertificateStanding = 'valid' | 'expiring' | 'expired';

/** Expired the day after its last valid day; expiring from `withinDays` before it. */
export function certificateStanding(validUntil: string, today: string, withinDays = CERTIFICATE_WARNING_DAYS): CertificateStanding {
  const left = daysBetween(today, validUntil);
  if (left < 0) return 'expired';
  return left <= withinDays ? 'expiring' : 'valid';
}

const invalid = (zh: string, en: string, detail?: Record<string, unknown>) => new DomainError('REGISTRATION_INVALID', en, detail, bilingual(zh, en));
const stateError = (zh: string, en: string, detail?: Record<string, unknown>) => new DomainError('REGISTRATION_STATE', en, detail, bilingual(zh, en));

export function assertParticulars(p: RegistrationParticulars): void {
  if (p.validUntil <= p.validFrom) throw invalid(`证书有效期截止日（${p.validUntil}）须晚于起始日（${p.validFrom}）`, `The certificate’s last valid day (${p.validUntil}) must come after its first (${p.validFrom})`, { field: 'validUntil' });
}

/** The fields a change registration changes; none is refused. */
export function changedParticulars(before: RegistrationParticulars, after: RegistrationParticulars): ParticularField[] {
  const changed = particularFields.filter((f) => before[f] !== after[f]);
  if (changed.length === 0) throw invalid('变更登记未改变任何登记事项', 'The change registration changes none of the registered particulars');
  return changed;
}

export interface RegisteredUnit {
  name: string;
  kind: OrganizationKind;
  status: OrganizationStatus;
}

/**
 * Which registration a unit may have now: establishment only for a live public institution never
 * registered (a cancelled legal person is not revived: a new unit registers anew); a change only
 * while registered and live; a cancellation while registered, also after the unit was abolished.
 */
export function assertRegistrationStep(kind: RegistrationKind, unit: RegisteredUnit, current: { status: RegistrationStatus } | null): void {
  if (kind === 'establish') {
    if (unit.kind !== 'institution') throw stateError(`${unit.name}不是事业单位，不办理事业单位法人登记`, `${unit.name} is not a public institution; only institutions are registered as legal persons`);
    if (current) throw stateError(current.status === 'active' ? `${unit.name}已办理设立登记，登记事项变化请办理变更登记` : `${unit.name}的法人登记已注销，不能再次设立登记`, current.status === 'active' ? `${unit.name} is registered already; file a change registration instead` : `${unit.name}’s registration was cancelled and cannot be established again`);
    if (!isLive(unit.status)) throw stateError(`${unit.name}已撤销、转企或下放，不能办理设立登记`, `${unit.name} is abolished, converted or delegated and cannot be registered`);
    return;
  }
  if (!current || current.status !== 'active') throw stateError(`${unit.name}没有有效的法人登记，不能办理${kind === 'change' ? '变更' : '注销'}登记`, `${unit.name} has no active registration to ${kind === 'change' ? 'change' : 'cancel'}`);
  if (kind === 'change' && !isLive(unit.status)) throw stateError(`${unit.name}已撤销、转企或下放，应办理注销登记而不是变更登记`, `${unit.name} is abolished, converted or delegated: it needs a cancellation registration, not a change`);
}

export const registrationFlags = ['cancellation_missing', 'change_missing', 'certificate_expiring', 'certificate_expired'] as const;
export type RegistrationFlag = (typeof registrationFlags)[number];

/**
 * What is missing for a unit's registration to follow the registry: an active registration of a unit
 * abolished (merged), converted or delegated lacks its cancellation; an active registration under a
 * name the registry no longer gives the unit lacks its change; a certificate near or past its end.
 */
export function flagsOf(unit: RegisteredUnit, registration: { status: RegistrationStatus; name: string; validUntil: string }, today: string, withinDays = CERTIFICATE_WARNING_DAYS): RegistrationFlag[] {
  if (registration.status !== 'active') return [];
  if (!isLive(unit.status)) return ['cancellation_missing'];
  const flags: RegistrationFlag[] = [];
  if (unit.name !== registration.name) flags.push('change_missing');
  const standing = certificateStanding(registration.validUntil, today, withinDays);
  if (standing === 'expiring') flags.push('certificate_expiring');
  if (standing === 'expired') flags.push('certificate_expired');
  return flags;
}

/**
 * The annual report (年度报告) of a year is filed after the year ends, for a year in which the unit
 * was registered (registered on or before its last day, and not cancelled before it ended).
 */
export function assertReportYear(year: number, today: string, registration: { registeredOn: string; cancelledOn: string | null }): void {
  const thisYear = Number(today.slice(0, 4));
  if (year >= thisYear) throw invalid(`${year}年度报告须在该年度结束后报送`, `The ${year} annual report is filed after the year ends`, { field: 'year' });
  if (registration.registeredOn > `${year}-12-31`) throw invalid(`该单位${year}年底前尚未登记，没有${year}年度报告`, `The unit was not registered by the end of ${year}; there is no report for it`, { field: 'year' });
  if (registration.cancelledOn !== null && registration.cancelledOn < `${year}-12-31`) throw invalid(`该单位的登记已在${year}年内注销，不报送${year}年度报告`, `The registration was cancelled during ${year}; no report is due for it`, { field: 'year' });
}

/** Whether a unit owes the report of `year`: registered by the year's end and not cancelled before it. */
export function reportDue(year: number, registration: { registeredOn: string; cancelledOn: string | null }): boolean {
  return registration.registeredOn <= `${year}-12-31` && (registration.cancelledOn === null || registration.cancelledOn >= `${year}-12-31`);
}

/**
 * Who must have a charter (章程): every public institution with an active legal-person registration.
 * Its charter is approved as a matter (kind charter_approval); filing needs a live institution.
 */
export function assertCharterSubject(unit: RegisteredUnit): void {
  if (unit.kind !== 'institution') throw stateError(`${unit.name}不是事业单位，不制定事业单位章程`, `${unit.name} is not a public institution; only institutions adopt charters`);
  if (!isLive(unit.status)) throw stateError(`${unit.name}已撤销、转企或下放，不能再核准章程`, `${unit.name} is abolished, converted or delegated; its charter can no longer be approved`);
}
