import { sql } from 'kysely';
import type { DemandRequestDto } from '@bianzhi/contracts/analysis';
import type { QuotaType } from '@bianzhi/contracts/ledger';
import { assertSeparateApprover, personOf, type Filer, type Principal } from '@bianzhi/domain/access';
import { bilingual as text, DomainError } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDeps } from '../transfer/transfer.service.js';

/**
 * 需求预报: units file their yearly requests for people with reasons; the bureau sees them next to
 * each unit's vacancies and the retirements due in that year, and decides how many to grant.
 * Kept by the ledger: requests are about quota, and a granted request becomes the unit's
 * staffing-use plan there (docs/decisions.md).
 */

async function unitInScope(deps: LedgerDeps, principal: Principal, organizationId: string) {
  if (principal.organizationId && principal.organizationId !== organizationId) throw new DomainError('OUT_OF_SCOPE', 'a unit files its own requests');
  const [unit] = await deps.scope.lookupOrganizations(principal, { ids: [organizationId] });
  if (!unit) throw new DomainError('OUT_OF_SCOPE', `organization ${organizationId} is not in scope`);
  return unit;
}

export async function submitDemand(deps: LedgerDeps, principal: Principal, input: { id: string; organizationId: string; year: number; ledger: QuotaType; places: number; reason: string }, requestId?: string): Promise<{ id: string }> {
  const unit = await unitInScope(deps, principal, input.organizationId);
  await deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('ledger.demand_requests').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      const same = existing.organization_id === input.organizationId && existing.year === input.year && existing.ledger === input.ledger && existing.places === input.places && existing.reason === input.reason;
      if (!same) throw new DomainError('IDEMPOTENCY_MISMATCH', `request ${input.id} was submitted with other content`);
      return;
    }
    await trx
      .insertInto('ledger.demand_requests')
      .values({ id: input.id, organization_id: unit.id, jurisdiction_id: unit.jurisdictionId, year: input.year, ledger: input.ledger, places: input.places, reason: input.reason, submitted_by: JSON.stringify({ id: principal.id, name: principal.name, personId: personOf(principal) }) })
      .execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.demand.submitted',
      aggregateType: 'demand_request',
      aggregateId: input.id,
      jurisdictionId: unit.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { organizationId: unit.id, year: input.year, ledger: input.ledger, places: input.places, reason: input.reason },
      requestId,
    });
  });
  return { id: input.id };
}

export async function decideDemand(deps: LedgerDeps, principal: Principal, input: { id: string; granted: number; note: string }, requestId?: string): Promise<{ id: string; status: 'approved' | 'rejected' }> {
  const request = await deps.db.selectFrom('ledger.demand_requests').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!request) throw new DomainError('NOT_FOUND', `demand request ${input.id}`);
  await unitInScope(deps, principal, request.organization_id);
  assertSeparateApprover(request.submitted_by as Filer, principal);
  if (input.granted > request.places) {
    throw new DomainError('VALIDATION_FAILED', 'granted more than requested', undefined, text(`核准数不能超过申报的${request.places}名`, `Cannot grant more than the ${request.places} requested`));
  }
  const status = input.granted > 0 ? 'approved' : 'rejected';
  await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('ledger.demand_requests')
      .set({ status, granted: input.granted, decision_note: input.note || null, decided_by: JSON.stringify({ id: principal.id, name: principal.name }), decided_at: new Date() })
      .where('id', '=', input.id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new DomainError('CONFLICT', 'already decided', undefined, text('该需求已经作出决定', 'This request has already been decided'));
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.demand.decided',
      aggregateType: 'demand_request',
      aggregateId: input.id,
      jurisdictionId: request.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { organizationId: request.organization_id, places: request.places, granted: input.granted, status, note: input.note },
      requestId,
    });
  });
  return { id: input.id, status };
}

/** The year's requests in the subtree (a unit's user: its own), each beside the unit's vacancies and that year's retirements. */
export async function listDemand(deps: LedgerDeps, principal: Principal, jurisdictionIds: string[], year: number): Promise<DemandRequestDto[]> {
  const { rows } = await sql<{
    id: string;
    organization_id: string;
    year: number;
    ledger: string;
    places: number;
    reason: string;
    status: string;
    granted: number | null;
    decision_note: string | null;
    submitted_by: { id: string; name?: string };
    submitted_at: Date;
    vacant: string | null;
    retiring: string;
  }>`
    select d.*, (select sum(a.credits_posted - a.debits_posted - a.debits_pending) from ledger.accounts a
                 where a.holder_id = d.organization_id and a.ledger = d.ledger and a.kind = 'vacant') as vacant,
      (select count(*) from ledger.slots s join ledger.persons p on p.id = s.person_id
       where s.organization_id = d.organization_id and s.ledger = d.ledger and s.exit_kind is null
         and p.retires_on >= make_date(d.year, 1, 1) and p.retires_on < make_date(d.year + 1, 1, 1)) as retiring
    from ledger.demand_requests d
    where d.year = ${year} and d.jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[]))
      and (${principal.organizationId}::uuid is null or d.organization_id = ${principal.organizationId})
    order by d.submitted_at`.execute(deps.db);
  const refs = rows.length ? await deps.scope.lookupOrganizations(principal, { ids: [...new Set(rows.map((r) => r.organization_id))] }) : [];
  const nameOf = new Map(refs.map((r) => [r.id, r.name]));
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organization_id,
    organizationName: nameOf.get(r.organization_id) ?? r.organization_id,
    year: r.year,
    ledger: r.ledger as QuotaType,
    places: r.places,
    reason: r.reason,
    status: r.status as DemandRequestDto['status'],
    granted: r.granted,
    decisionNote: r.decision_note,
    submittedBy: { id: r.submitted_by.id, name: r.submitted_by.name },
    submittedAt: r.submitted_at,
    vacant: Number(r.vacant ?? 0),
    retiringInYear: Number(r.retiring),
  }));
}
