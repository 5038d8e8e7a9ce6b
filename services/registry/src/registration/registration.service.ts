import { sql } from 'kysely';
import type { z } from 'zod';
import type {
  RegistrationOverviewDto,
  RegistrationSummaryDto,
  UnitRegistrationDto,
  cancelRegistrationInput,
  establishRegistrationInput,
  fileAnnualReportInput,
  publishAnnualReportInput,
  publicReportsInput,
  PublicAnnualReportDto,
  registrationOverviewInput,
} from '@bianzhi/contracts/legal-registration';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { assertParticulars, assertRegistrationStep, assertReportYear, changedParticulars, flagsOf, reportDue, type ParticularField, type RegistrationKind, type RegistrationParticulars } from '@bianzhi/domain/legal-registration';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { RegistryDb, RegistryTx } from '../db.js';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import { readableOrganization } from '../organization/organization.service.js';
import { jurisdictionInScope, scopeOf } from '../scope.js';
import * as repo from './registration.repository.js';

const summaryOf = (row: repo.ScopedRegistrationRow, today: string, withinDays?: number): RegistrationSummaryDto => {
  const { organizationKind: _kind, ...rest } = row;
  return { ...rest, flags: flagsOf({ name: row.organizationName, kind: row.organizationKind, status: row.organizationStatus }, row, today, withinDays) };
};

async function scopedRegistrations(db: RegistryDb, principal: Principal, jurisdictionId?: string) {
  const scope = await scopeOf(db, principal);
  let jurisdictionPath: string | null = null;
  if (jurisdictionId) {
    const jurisdiction = await findJurisdiction(db, jurisdictionId);
    if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
    if (!jurisdictionInScope(scope, jurisdiction.path)) throw new DomainError('OUT_OF_SCOPE');
    jurisdictionPath = jurisdiction.path;
  }
  return repo.registrationsInScope(db, { scopePath: scope.path, exactPath: scope.onlyOwnJurisdiction, organizationId: scope.organizationId, jurisdictionPath });
}

/**
 * The 法人登记 page: every registration in scope with its state, certificates expiring (or expired),
 * the units that owe the year's annual report, and where the registration does not follow the registry.
 */
export async function registrationOverview(db: RegistryDb, principal: Principal, input: z.infer<typeof registrationOverviewInput>, today = todayInChina()): Promise<RegistrationOverviewDto> {
  const rows = await scopedRegistrations(db, principal, input.jurisdictionId);
  const registrations = rows.map((r) => summaryOf(r, today, input.expiringWithinDays));
  const reportYear = input.reportYear ?? Number(today.slice(0, 4)) - 1;
  const owing = rows.filter((r) => reportYear < Number(today.slice(0, 4)) && reportDue(reportYear, r));
  const reported = await repo.reportedUnits(
    db,
    owing.map((r) => r.organizationId),
    reportYear,
  );
  return {
    registrations,
    expiring: registrations.filter((r) => r.flags.includes('certificate_expiring') || r.flags.includes('certificate_expired')),
    missingReports: owing.filter((r) => !reported.has(r.organizationId)).map((r) => ({ organizationId: r.organizationId, organizationName: r.organizationName, jurisdictionName: r.jurisdictionName, certificateNumber: r.certificateNumber, year: reportYear })),
    missingCancellations: registrations.filter((r) => r.flags.includes('cancellation_missing')),
    missingChanges: registrations.filter((r) => r.flags.includes('change_missing')),
    reportYear,
  };
}

/** One unit's registration, its history, annual reports and charter versions, with what is missing. */
export async function unitRegistration(db: RegistryDb, principal: Principal, organizationId: string, today = todayInChina()): Promise<UnitRegistrationDto> {
  const unit = await readableOrganization(db, principal, organizationId);
  const [registration, events, reports, charters, jurisdiction] = await Promise.all([repo.findRegistration(db, unit.id), repo.eventsOf(db, unit.id), repo.reportsOf(db, unit.id), repo.chartersOf(db, unit.id), findJurisdiction(db, unit.jurisdictionId)]);
  const filed = new Set(reports.map((r) => r.year));
  const missingReportYears: number[] = [];
  if (registration) {
    for (let year = Number(registration.registeredOn.slice(0, 4)); year < Number(today.slice(0, 4)); year += 1) if (reportDue(year, registration) && !filed.has(year)) missingReportYears.push(year);
  }
  const changes = events.filter((e) => e.kind === 'change').length;
  return {
    organizationId: unit.id,
    organizationName: unit.name,
    organizationKind: unit.kind,
    organizationStatus: unit.status,
    registration: registration
      ? summaryOf({ ...registration, organizationName: unit.name, organizationKind: unit.kind, organizationStatus: unit.status, jurisdictionId: unit.jurisdictionId, jurisdictionName: jurisdiction?.name ?? '', changes }, today)
      : null,
    events,
    reports,
    missingReportYears: missingReportYears.reverse(),
    charters,
    charterMissing: unit.kind === 'institution' && registration?.status === 'active' && charters.length === 0,
  };
}

type RegistrationInput = z.infer<typeof establishRegistrationInput> | (z.infer<typeof cancelRegistrationInput> & { particulars?: undefined });

const eventType: Record<RegistrationKind, string> = { establish: 'registry.registration.established', change: 'registry.registration.changed', cancel: 'registry.registration.cancelled' };

/**
 * Records one registration of a unit in scope, in one transaction with its history entry and its
 * audit event: establishment (设立登记), change (变更登记) or cancellation (注销登记). The unit is held
 * while it is recorded, and the version the caller saw must still be the registration's.
 */
export async function recordRegistration(db: RegistryDb, principal: Principal, kind: RegistrationKind, input: RegistrationInput, requestId?: string): Promise<UnitRegistrationDto> {
  await db.transaction().execute(async (trx) => {
    await repo.lockUnit(trx, input.organizationId);
    const unit = await readableOrganization(trx, principal, input.organizationId);
    const current = await repo.findRegistration(trx, unit.id, { forUpdate: true });
    assertRegistrationStep(kind, unit, current);
    if ((current?.version ?? 0) !== input.expectedVersion) throw new DomainError('CONFLICT', `registration of ${unit.id} is at version ${current?.version ?? 0}`, undefined, bilingual('该单位的法人登记已被他人更新，请刷新后重试', 'The registration was updated by someone else; reload and try again'));
    let particulars: RegistrationParticulars;
    let changed: ParticularField[] = [];
    if (kind === 'cancel') {
      particulars = { ...current! };
      if (input.effectiveDate < current!.registeredOn) throw invalidDate('注销日期不能早于设立登记日期', 'The cancellation cannot be dated before the establishment registration');
    } else {
      particulars = { ...input.particulars! };
      assertParticulars(particulars);
      if (current) changed = changedParticulars(current, particulars);
      if (current && input.effectiveDate < current.registeredOn) throw invalidDate('变更日期不能早于设立登记日期', 'The change cannot be dated before the establishment registration');
      // One registration of a certificate number at a time (two at once would meet on the unique index as a 500),
      // and the holder is not named: it may be another district's unit, or a classified one.
      await sql`select pg_advisory_xact_lock(hashtext(${`registry.certificate:${particulars.certificateNumber}`}))`.execute(trx);
      if (await repo.certificateTaken(trx, particulars.certificateNumber, unit.id)) {
        throw new DomainError('REGISTRATION_INVALID', 'certificate number taken', { field: 'certificateNumber' }, bilingual(`证书编号${particulars.certificateNumber}已登记在其他单位名下`, `Certificate number ${particulars.certificateNumber} is registered to another unit`));
      }
    }
    const version = (current?.version ?? 0) + 1;
    await repo.saveRegistration(trx, {
      ...particulars,
      organizationId: unit.id,
      status: kind === 'cancel' ? 'cancelled' : 'active',
      registeredOn: current?.registeredOn ?? input.effectiveDate,
      cancelledOn: kind === 'cancel' ? input.effectiveDate : null,
      version,
    });
    const actor = auditActorOf(principal);
    await repo.appendEvent(trx, { organizationId: unit.id, version, kind, effectiveDate: input.effectiveDate, particulars, changed, documentNumber: input.documentNumber ?? null, reason: input.reason, actor });
    await appendOutboxEvent(trx, 'registry', {
      type: eventType[kind],
      aggregateType: 'legal_registration',
      aggregateId: unit.id,
      jurisdictionId: unit.jurisdictionId,
      actor,
      payload: { version, effectiveDate: input.effectiveDate, documentNumber: input.documentNumber ?? null, reason: input.reason, changed, particulars },
      requestId,
    });
  });
  return unitRegistration(db, principal, input.organizationId);
}

const invalidDate = (zh: string, en: string) => new DomainError('REGISTRATION_INVALID', en, { field: 'effectiveDate' }, bilingual(zh, en));

/**
 * The annual report (年度报告) of a past year, filed by the unit or its bureau for a year it was
 * registered in. Filed again before publication it replaces the draft; once published it stays.
 */
export async function fileAnnualReport(db: RegistryDb, principal: Principal, input: z.infer<typeof fileAnnualReportInput>, requestId?: string, today = todayInChina()): Promise<UnitRegistrationDto> {
  await db.transaction().execute(async (trx: RegistryTx) => {
    await repo.lockUnit(trx, input.organizationId);
    const unit = await readableOrganization(trx, principal, input.organizationId);
    const registration = await repo.findRegistration(trx, unit.id);
    if (!registration) throw new DomainError('REGISTRATION_STATE', 'not registered', undefined, bilingual(`${unit.name}没有法人登记，不报送年度报告`, `${unit.name} is not registered and files no annual report`));
    assertReportYear(input.year, today, registration);
    const existing = await repo.findReport(trx, unit.id, input.year, { forUpdate: true });
    if (existing?.published_at) throw new DomainError('REGISTRATION_STATE', 'report published', undefined, bilingual(`${input.year}年度报告已公示，不能再修改`, `The ${input.year} report is published and can no longer be changed`));
    const actor = auditActorOf(principal);
    await repo.saveReport(trx, { organizationId: unit.id, year: input.year, summary: input.summary, netAssetsWan: input.netAssetsWan, headcount: input.headcount, filedOn: today, filedBy: actor });
    await appendOutboxEvent(trx, 'registry', { type: 'registry.annual_report.filed', aggregateType: 'legal_registration', aggregateId: unit.id, jurisdictionId: unit.jurisdictionId, actor, payload: { year: input.year, summary: input.summary, netAssetsWan: input.netAssetsWan, headcount: input.headcount, replaced: Boolean(existing) }, requestId });
  });
  return unitRegistration(db, principal, input.organizationId);
}

/** The registration authority publishes a filed report (年度报告公示); publishing twice is the same. */
export async function publishAnnualReport(db: RegistryDb, principal: Principal, input: z.infer<typeof publishAnnualReportInput>, requestId?: string): Promise<UnitRegistrationDto> {
  await db.transaction().execute(async (trx: RegistryTx) => {
    const unit = await readableOrganization(trx, principal, input.organizationId);
    const report = await repo.findReport(trx, unit.id, input.year, { forUpdate: true });
    if (!report) throw new DomainError('NOT_FOUND', 'no report', undefined, bilingual(`${unit.name}尚未报送${input.year}年度报告`, `${unit.name} has not filed its ${input.year} report`));
    if (report.published_at) return;
    const actor = auditActorOf(principal);
    await repo.markReportPublished(trx, unit.id, input.year, actor);
    await appendOutboxEvent(trx, 'registry', { type: 'registry.annual_report.published', aggregateType: 'legal_registration', aggregateId: unit.id, jurisdictionId: unit.jurisdictionId, actor, payload: { year: input.year }, requestId });
  });
  return unitRegistration(db, principal, input.organizationId);
}

/** The public site's annual reports (年度报告公示): published ones of non-classified institutions, newest year first. */
export function publishedAnnualReports(db: RegistryDb, input: z.infer<typeof publicReportsInput>): Promise<PublicAnnualReportDto[]> {
  return repo.publishedReports(db, input);
}
