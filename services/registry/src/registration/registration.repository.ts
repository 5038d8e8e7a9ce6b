import { sql } from 'kysely';
import type { AuditActor } from '@bianzhi/db/outbox';
import type { ParticularField, RegistrationKind, RegistrationParticulars, RegistrationStatus } from '@bianzhi/domain/legal-registration';
import type { OrganizationKind, OrganizationStatus } from '@bianzhi/domain/organization';
import type { RegistryDb, RegistryTx } from '../db.js';
import { escapeLike } from '../like-pattern.js';
import type { OrganizationScopeFilter } from '../organization/organization.repository.js';

type Db = RegistryDb | RegistryTx;

export interface RegistrationRow extends RegistrationParticulars {
  organizationId: string;
  status: RegistrationStatus;
  registeredOn: string;
  cancelledOn: string | null;
  version: number;
}

export interface ScopedRegistrationRow extends RegistrationRow {
  organizationName: string;
  organizationKind: OrganizationKind;
  organizationStatus: OrganizationStatus;
  jurisdictionId: string;
  jurisdictionName: string;
  changes: number;
}

const registrationColumns = [
  'r.organization_id',
  'r.status',
  'r.name',
  'r.domicile',
  'r.representative',
  'r.funds_wan',
  'r.business_scope',
  'r.certificate_number',
  'r.valid_from',
  'r.valid_until',
  'r.registered_on',
  'r.cancelled_on',
  'r.version',
] as const;

type RawRegistration = {
  organization_id: string;
  status: string;
  name: string;
  domicile: string;
  representative: string;
  funds_wan: string;
  business_scope: string;
  certificate_number: string;
  valid_from: string;
  valid_until: string;
  registered_on: string;
  cancelled_on: string | null;
  version: number;
};

const toRegistration = (r: RawRegistration): RegistrationRow => ({
  organizationId: r.organization_id,
  status: r.status as RegistrationStatus,
  name: r.name,
  domicile: r.domicile,
  representative: r.representative,
  fundsWan: Number(r.funds_wan),
  businessScope: r.business_scope,
  certificateNumber: r.certificate_number,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  registeredOn: r.registered_on,
  cancelledOn: r.cancelled_on,
  version: r.version,
});

export async function findRegistration(db: Db, organizationId: string, options: { forUpdate?: boolean } = {}): Promise<RegistrationRow | null> {
  let query = db.selectFrom('registry.legal_registrations as r').select(registrationColumns).where('r.organization_id', '=', organizationId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toRegistration(row) : null;
}

/** Registrations of one unit take turns: the unit's row is held while one is recorded (a first registration has no row of its own yet). */
export async function lockUnit(trx: RegistryTx, organizationId: string): Promise<void> {
  await sql`select 1 from registry.organizations where id = ${organizationId} for no key update`.execute(trx);
}

export async function saveRegistration(trx: RegistryTx, row: RegistrationRow): Promise<void> {
  const values = {
    status: row.status,
    name: row.name,
    domicile: row.domicile,
    representative: row.representative,
    funds_wan: row.fundsWan,
    business_scope: row.businessScope,
    certificate_number: row.certificateNumber,
    valid_from: row.validFrom,
    valid_until: row.validUntil,
    registered_on: row.registeredOn,
    cancelled_on: row.cancelledOn,
    version: row.version,
  };
  await trx
    .insertInto('registry.legal_registrations')
    .values({ organization_id: row.organizationId, ...values })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
}

/** Whether another unit's active registration holds the number (the holder is not named to the caller). */
export async function certificateTaken(db: Db, certificateNumber: string, except: string): Promise<boolean> {
  const row = await db
    .selectFrom('registry.legal_registrations')
    .select('organization_id')
    .where('certificate_number', '=', certificateNumber)
    .where('status', '=', 'active')
    .where('organization_id', '<>', except)
    .executeTakeFirst();
  return row !== undefined;
}

export async function appendEvent(
  trx: RegistryTx,
  event: { organizationId: string; version: number; kind: RegistrationKind; effectiveDate: string; particulars: RegistrationParticulars; changed: ParticularField[]; documentNumber: string | null; reason: string; actor: AuditActor },
): Promise<void> {
  await trx
    .insertInto('registry.legal_registration_events')
    .values({
      organization_id: event.organizationId,
      version: event.version,
      kind: event.kind,
      effective_date: event.effectiveDate,
      particulars: JSON.stringify(event.particulars),
      changed: event.changed,
      document_number: event.documentNumber,
      reason: event.reason,
      actor: JSON.stringify(event.actor),
    })
    .execute();
}

export async function eventsOf(db: Db, organizationId: string) {
  const rows = await db.selectFrom('registry.legal_registration_events').selectAll().where('organization_id', '=', organizationId).orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    version: r.version,
    kind: r.kind as RegistrationKind,
    effectiveDate: r.effective_date,
    particulars: r.particulars as unknown as RegistrationParticulars,
    changed: r.changed as ParticularField[],
    documentNumber: r.document_number,
    reason: r.reason,
    actorName: (r.actor as { name?: string }).name ?? '',
    recordedAt: r.recorded_at,
  }));
}

/** Every registration of the units in scope (department users: their own unit), with the unit as the registry has it now. */
export async function registrationsInScope(db: Db, filter: OrganizationScopeFilter & { jurisdictionPath: string | null }): Promise<ScopedRegistrationRow[]> {
  if (filter.organizationId === '') return [];
  let query = db
    .selectFrom('registry.legal_registrations as r')
    .innerJoin('registry.organizations as o', 'o.id', 'r.organization_id')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id');
  if (filter.scopePath) query = filter.exactPath ? query.where('j.path', '=', filter.scopePath) : query.where('j.path', 'like', `${escapeLike(filter.scopePath)}%`);
  if (filter.organizationId !== null) query = query.where('o.id', '=', filter.organizationId);
  if (filter.jurisdictionPath) query = query.where('j.path', 'like', `${escapeLike(filter.jurisdictionPath)}%`);
  const rows = await query
    .select([
      ...registrationColumns,
      'o.name as organization_name',
      'o.kind as organization_kind',
      'o.status as organization_status',
      'o.jurisdiction_id',
      'j.name as jurisdiction_name',
      (eb) => eb.selectFrom('registry.legal_registration_events as e').select((e) => e.fn.countAll<string>().as('n')).whereRef('e.organization_id', '=', 'r.organization_id').where('e.kind', '=', 'change').as('changes'),
    ])
    .orderBy('j.path')
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({
    ...toRegistration(r),
    organizationName: r.organization_name,
    organizationKind: r.organization_kind as OrganizationKind,
    organizationStatus: r.organization_status as OrganizationStatus,
    jurisdictionId: r.jurisdiction_id,
    jurisdictionName: r.jurisdiction_name,
    changes: Number(r.changes ?? 0),
  }));
}

export async function reportedUnits(db: Db, organizationIds: string[], year: number): Promise<Set<string>> {
  if (organizationIds.length === 0) return new Set();
  const rows = await db.selectFrom('registry.annual_reports').select('organization_id').where('organization_id', 'in', organizationIds).where('year', '=', year).execute();
  return new Set(rows.map((r) => r.organization_id));
}

export async function reportsOf(db: Db, organizationId: string) {
  const rows = await db.selectFrom('registry.annual_reports').selectAll().where('organization_id', '=', organizationId).orderBy('year', 'desc').execute();
  return rows.map((r) => ({
    year: r.year,
    summary: r.summary,
    netAssetsWan: r.net_assets_wan === null ? null : Number(r.net_assets_wan),
    headcount: r.headcount,
    filedOn: r.filed_on,
    filedBy: (r.filed_by as { name?: string }).name ?? '',
    publishedAt: r.published_at,
  }));
}

export async function findReport(db: Db, organizationId: string, year: number, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('registry.annual_reports').selectAll().where('organization_id', '=', organizationId).where('year', '=', year);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function saveReport(trx: RegistryTx, report: { organizationId: string; year: number; summary: string; netAssetsWan: number | null; headcount: number | null; filedOn: string; filedBy: AuditActor }): Promise<void> {
  const values = { summary: report.summary, net_assets_wan: report.netAssetsWan, headcount: report.headcount, filed_on: report.filedOn, filed_by: JSON.stringify(report.filedBy) };
  await trx
    .insertInto('registry.annual_reports')
    .values({ organization_id: report.organizationId, year: report.year, ...values })
    .onConflict((oc) => oc.columns(['organization_id', 'year']).doUpdateSet(values))
    .execute();
}

export async function markReportPublished(trx: RegistryTx, organizationId: string, year: number, by: AuditActor): Promise<void> {
  await trx.updateTable('registry.annual_reports').set({ published_at: new Date(), published_by: JSON.stringify(by) }).where('organization_id', '=', organizationId).where('year', '=', year).execute();
}

export async function chartersOf(db: Db, organizationId: string) {
  const rows = await db.selectFrom('registry.charters').selectAll().where('organization_id', '=', organizationId).orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    version: r.version,
    purpose: r.purpose,
    businessScope: r.business_scope,
    governance: r.governance,
    matterId: r.matter_id,
    approvalDocumentNumber: r.approval_document_number,
    approvedOn: r.approved_on,
  }));
}

export async function charterByMatter(db: Db, matterId: string) {
  return db.selectFrom('registry.charters').select(['organization_id', 'version']).where('matter_id', '=', matterId).executeTakeFirst();
}

export async function insertCharter(trx: RegistryTx, charter: { organizationId: string; version: number; purpose: string; businessScope: string; governance: string; matterId: string; approvalDocumentNumber: string | null; approvedOn: string }): Promise<void> {
  await trx
    .insertInto('registry.charters')
    .values({
      organization_id: charter.organizationId,
      version: charter.version,
      purpose: charter.purpose,
      business_scope: charter.businessScope,
      governance: charter.governance,
      matter_id: charter.matterId,
      approval_document_number: charter.approvalDocumentNumber,
      approved_on: charter.approvedOn,
    })
    .execute();
}

/**
 * The latest approved charter of every institution the public may see: not classified, still live.
 * Classified units are left out here, in SQL, as from every public answer.
 */
export async function publicCharters(db: Db, input: { q: string; limit: number; offset: number }) {
  let query = db
    .selectFrom('registry.charters as c')
    .innerJoin('registry.organizations as o', 'o.id', 'c.organization_id')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id')
    .where('o.classified', '=', false)
    .where('o.kind', '=', 'institution')
    .where('o.status', 'in', ['active', 'merging'])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry.charters as later').select('later.version').whereRef('later.organization_id', '=', 'c.organization_id').whereRef('later.version', '>', 'c.version'))));
  if (input.q) query = query.where('o.name', 'like', `%${escapeLike(input.q)}%`);
  return query
    .select(['c.organization_id', 'o.name as organization_name', 'j.name as jurisdiction_name', 'c.version', 'c.purpose', 'c.business_scope', 'c.governance', 'c.approval_document_number', 'c.approved_on'])
    .orderBy('j.path')
    .orderBy('o.name')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
}

/** Published annual reports of live, non-classified institutions (classified and abolished units left out here, in SQL). */
export async function publishedReports(db: Db, input: { year?: number | undefined; q: string; limit: number; offset: number }) {
  let query = db
    .selectFrom('registry.annual_reports as r')
    .innerJoin('registry.organizations as o', 'o.id', 'r.organization_id')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id')
    .where('r.published_at', 'is not', null)
    .where('o.classified', '=', false)
    .where('o.status', 'in', ['active', 'merging'])
    .where('o.kind', '=', 'institution');
  if (input.year !== undefined) query = query.where('r.year', '=', input.year);
  if (input.q) query = query.where('o.name', 'like', `%${escapeLike(input.q)}%`);
  const rows = await query
    .select(['r.organization_id', 'o.name as organization_name', 'j.name as jurisdiction_name', 'r.year', 'r.summary', 'r.net_assets_wan', 'r.headcount', 'r.published_at'])
    .orderBy('r.year', 'desc')
    .orderBy('j.path')
    .orderBy('o.name')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return rows.map((r) => ({
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    jurisdictionName: r.jurisdiction_name,
    year: r.year,
    summary: r.summary,
    netAssetsWan: r.net_assets_wan === null ? null : Number(r.net_assets_wan),
    headcount: r.headcount,
    publishedAt: r.published_at!,
  }));
}
