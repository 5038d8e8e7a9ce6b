import { sql } from 'kysely';
import type { AuditActor } from '@bianzhi/db/outbox';
import type { InstitutionClass, OrganBranch, OrganizationKind } from '@bianzhi/domain/organization';
import type { DepartmentRange, LimitCategory, LimitedUnit, OrganizationLimit } from '@bianzhi/domain/organization-limits';
import type { RegistryDb, RegistryTx } from '../db.js';

type Db = RegistryDb | RegistryTx;

/** A jurisdiction's live organizations (not its townships'), grouped by what the limits count. */
export async function liveUnitCounts(db: Db, jurisdictionId: string): Promise<(LimitedUnit & { count: number })[]> {
  const rows = await db
    .selectFrom('registry.organizations')
    .select(['kind', 'organ_branch', 'institution_class', (eb) => eb.fn.countAll<string>().as('count')])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('status', 'in', ['planned', 'active', 'merging'])
    .groupBy(['kind', 'organ_branch', 'institution_class'])
    .execute();
  return rows.map((r) => ({ kind: r.kind as OrganizationKind, organBranch: r.organ_branch as OrganBranch | null, institutionClass: r.institution_class as InstitutionClass | null, count: Number(r.count) }));
}

/**
 * Serializes the changes of one jurisdiction's count while its limits are checked, so that two
 * establishments at the limit cannot both pass. `no key update` leaves inserts referencing the
 * jurisdiction unblocked.
 */
export async function lockJurisdictionCount(trx: RegistryTx, jurisdictionId: string): Promise<void> {
  await sql`select 1 from registry.jurisdictions where id = ${jurisdictionId} for no key update`.execute(trx);
}

export async function limitsOf(db: Db, jurisdictionId: string): Promise<(OrganizationLimit & { updatedAt: Date })[]> {
  const rows = await db.selectFrom('registry.organization_limits').select(['category', 'maximum', 'document_number', 'updated_at']).where('jurisdiction_id', '=', jurisdictionId).execute();
  return rows.map((r) => ({ category: r.category as LimitCategory, maximum: r.maximum, documentNumber: r.document_number, updatedAt: r.updated_at }));
}

export async function departmentRangeOf(db: Db, jurisdictionId: string): Promise<(DepartmentRange & { updatedAt: Date }) | null> {
  const row = await db.selectFrom('registry.department_ranges').selectAll().where('jurisdiction_id', '=', jurisdictionId).executeTakeFirst();
  return row ? { minHeadcount: row.min_headcount, maxHeadcount: row.max_headcount, documentNumber: row.document_number, updatedAt: row.updated_at } : null;
}

export async function saveLimit(trx: RegistryTx, jurisdictionId: string, category: LimitCategory, value: { maximum: number; documentNumber: string } | null, actor: AuditActor): Promise<void> {
  if (value === null) {
    await trx.deleteFrom('registry.organization_limits').where('jurisdiction_id', '=', jurisdictionId).where('category', '=', category).execute();
    return;
  }
  const set = { maximum: value.maximum, document_number: value.documentNumber, updated_by: JSON.stringify(actor) };
  await trx
    .insertInto('registry.organization_limits')
    .values({ jurisdiction_id: jurisdictionId, category, ...set })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'category']).doUpdateSet({ ...set, updated_at: new Date() }))
    .execute();
}

export async function saveDepartmentRange(trx: RegistryTx, jurisdictionId: string, value: DepartmentRange | null, actor: AuditActor): Promise<void> {
  if (value === null) {
    await trx.deleteFrom('registry.department_ranges').where('jurisdiction_id', '=', jurisdictionId).execute();
    return;
  }
  const set = { min_headcount: value.minHeadcount, max_headcount: value.maxHeadcount, document_number: value.documentNumber, updated_by: JSON.stringify(actor) };
  await trx
    .insertInto('registry.department_ranges')
    .values({ jurisdiction_id: jurisdictionId, ...set })
    .onConflict((oc) => oc.column('jurisdiction_id').doUpdateSet({ ...set, updated_at: new Date() }))
    .execute();
}

export async function appendLimitChange(trx: RegistryTx, change: { jurisdictionId: string; subject: string; before: unknown; after: unknown; documentNumber: string; actor: AuditActor }): Promise<void> {
  await trx
    .insertInto('registry.limit_changes')
    .values({
      jurisdiction_id: change.jurisdictionId,
      subject: change.subject,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: change.after === null ? null : JSON.stringify(change.after),
      document_number: change.documentNumber,
      actor: JSON.stringify(change.actor),
    })
    .execute();
}

export async function limitChanges(db: Db, jurisdictionId: string) {
  return db.selectFrom('registry.limit_changes').selectAll().where('jurisdiction_id', '=', jurisdictionId).orderBy('id', 'desc').limit(500).execute();
}
