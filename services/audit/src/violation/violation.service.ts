import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditViolations } from '@bianzhi/db/generated/audit';
import type { ViolationDto } from '@bianzhi/contracts/audit';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { AuditDb, AuditTx } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { appendToChain } from '../log/log.service.js';

function toDto(row: Selectable<AuditViolations>): ViolationDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    jurisdictionId: row.jurisdiction_id,
    title: row.title,
    description: row.description,
    ruleId: row.rule_id,
    status: row.status as ViolationDto['status'],
    recordedBy: row.recorded_by as ViolationDto['recordedBy'],
    recordedAt: row.recorded_at,
    rectifiedAt: row.rectified_at,
    rectification: row.rectification,
  };
}

/** The audit service's own changes go straight onto the chain, in the same transaction. */
async function logChange(trx: AuditTx, principal: Principal, type: string, violation: ViolationDto, payload: Record<string, unknown>, requestId?: string) {
  await appendToChain(trx, [
    {
      id: randomUUID(),
      source: 'audit',
      type,
      aggregateType: 'violation',
      aggregateId: violation.id,
      jurisdictionId: violation.jurisdictionId,
      actor: auditActorOf(principal),
      payload,
      requestId,
      occurredAt: new Date().toISOString(),
    },
  ]);
}

export async function recordViolation(
  db: AuditDb,
  scope: JurisdictionScope,
  principal: Principal,
  input: { organizationId: string; title: string; description: string; ruleId?: string | undefined },
  requestId?: string,
): Promise<ViolationDto> {
  const organization = await scope.organizationOf(principal, input.organizationId);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('audit.violations')
      .values({
        organization_id: organization.id,
        jurisdiction_id: organization.jurisdictionId,
        title: input.title,
        description: input.description,
        rule_id: input.ruleId ?? null,
        recorded_by: JSON.stringify({ id: principal.id, name: principal.name }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const violation = toDto(row);
    await logChange(trx, principal, 'audit.violation.recorded', violation, { after: violation, organizationName: organization.name }, requestId);
    return violation;
  });
}

export async function rectifyViolation(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: { id: string; rectification: string }, requestId?: string): Promise<ViolationDto> {
  const existing = await db.selectFrom('audit.violations').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!existing) throw new DomainError('NOT_FOUND', `violation ${input.id} not found`);
  await scope.organizationOf(principal, existing.organization_id);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('audit.violations')
      .set({ status: 'rectified', rectified_at: new Date(), rectified_by: JSON.stringify({ id: principal.id, name: principal.name }), rectification: input.rectification })
      .where('id', '=', input.id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('CONFLICT', `violation ${input.id} is already rectified`);
    const violation = toDto(row);
    await logChange(trx, principal, 'audit.violation.rectified', violation, { before: { status: 'open' }, after: { status: 'rectified', rectification: input.rectification } }, requestId);
    return violation;
  });
}

export async function listViolations(
  db: AuditDb,
  scope: JurisdictionScope,
  principal: Principal,
  input: { organizationId?: string | undefined; status?: 'open' | 'rectified' | undefined; limit: number },
): Promise<ViolationDto[]> {
  const ids = await scope.jurisdictionIdsOf(principal);
  if (ids && ids.length === 0) return [];
  let query = db.selectFrom('audit.violations').selectAll();
  if (ids) query = query.where('jurisdiction_id', 'in', ids);
  if (input.organizationId) query = query.where('organization_id', '=', input.organizationId);
  if (input.status) query = query.where('status', '=', input.status);
  const rows = await query.orderBy('recorded_at', 'desc').limit(input.limit).execute();
  return rows.map(toDto);
}

/** Open violations of one unit, for the approval checks of other services. */
export async function openViolationsOf(db: AuditDb, organizationId: string): Promise<{ id: string; title: string }[]> {
  return db.selectFrom('audit.violations').select(['id', 'title']).where('organization_id', '=', organizationId).where('status', '=', 'open').orderBy('recorded_at').execute();
}
