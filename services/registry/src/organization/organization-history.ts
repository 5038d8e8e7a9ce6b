import type { OrganizationSnapshot, OrganizationVersionDto } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { RegistryDb, RegistryTx } from '../db.js';
import { activeDepartments, type OrganizationRecord } from './organization.repository.js';

/** On what authority and from when a change applies. */
export interface ChangeBasis {
  documentNumber?: string | undefined;
  effectiveDate?: string | undefined;
  reason?: string | undefined;
}

async function lastEffectiveDate(trx: RegistryTx, organizationId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('registry.organization_versions')
    .select('effective_date')
    .where('organization_id', '=', organizationId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.effective_date ?? null;
}

/**
 * The effective date of a change: today unless given. Versions are kept in order of effect, so a
 * change may not take effect before the organization's previous one, nor in the future.
 */
export async function effectiveDateFor(trx: RegistryTx, organizationId: string | null, basis: ChangeBasis): Promise<string> {
  const today = todayInChina();
  const date = basis.effectiveDate ?? today;
  const last = organizationId ? await lastEffectiveDate(trx, organizationId) : null;
  if (date > today || (last !== null && date < last)) {
    throw new DomainError('EFFECTIVE_DATE_INVALID', `effective date ${date} must lie between ${last ?? 'the beginning'} and ${today}`);
  }
  return date;
}

function snapshotOf(record: OrganizationRecord, departments: Awaited<ReturnType<typeof activeDepartments>>): OrganizationSnapshot {
  const { createdAt: _created, idempotencyKey: _key, offsetFor: _offset, ...rest } = record;
  return { ...rest, departments: departments.map(({ organizationId: _org, ...d }) => d) };
}

/**
 * Keeps one change: appends the organization's new version (the whole record and its departments
 * as they now stand) and its audit event, both in the caller's transaction.
 */
export async function recordChange(
  trx: RegistryTx,
  principal: Principal,
  change: { type: string; before: Partial<OrganizationRecord> | null; after: OrganizationRecord; basis: ChangeBasis; effectiveDate: string; requestId?: string | undefined; detail?: Record<string, unknown> },
): Promise<void> {
  const { after } = change;
  const snapshot = snapshotOf(after, await activeDepartments(trx, after.id));
  const actor = auditActorOf(principal);
  await trx
    .insertInto('registry.organization_versions')
    .values({
      organization_id: after.id,
      version: after.version,
      change: change.type,
      effective_date: change.effectiveDate,
      document_number: change.basis.documentNumber ?? null,
      reason: change.basis.reason ?? null,
      actor: JSON.stringify({ kind: actor.kind, id: actor.id, name: actor.name }),
      snapshot: JSON.stringify(snapshot),
    })
    .execute();
  await appendOutboxEvent(trx, 'registry', {
    type: `registry.organization.${change.type}`,
    aggregateType: 'organization',
    aggregateId: after.id,
    jurisdictionId: after.jurisdictionId,
    actor,
    payload: {
      before: change.before,
      after: snapshot,
      documentNumber: change.basis.documentNumber ?? null,
      effectiveDate: change.effectiveDate,
      reason: change.basis.reason ?? null,
      ...change.detail,
    },
    requestId: change.requestId,
  });
}

export async function versionsOf(db: RegistryDb, organizationId: string): Promise<OrganizationVersionDto[]> {
  const rows = await db
    .selectFrom('registry.organization_versions')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((row) => ({
    version: row.version,
    change: row.change,
    effectiveDate: row.effective_date,
    documentNumber: row.document_number,
    reason: row.reason,
    actor: row.actor as OrganizationVersionDto['actor'],
    recordedAt: row.recorded_at,
    snapshot: row.snapshot as unknown as OrganizationSnapshot,
  }));
}

/** The organization as it stood at the end of `date`: its last version in effect by then, or null before it existed. */
export async function snapshotAsOf(db: RegistryDb, organizationId: string, date: string): Promise<OrganizationSnapshot | null> {
  const row = await db
    .selectFrom('registry.organization_versions')
    .select('snapshot')
    .where('organization_id', '=', organizationId)
    .where('effective_date', '<=', date)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? (row.snapshot as unknown as OrganizationSnapshot) : null;
}
