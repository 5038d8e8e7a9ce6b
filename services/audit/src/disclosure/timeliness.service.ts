import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditCorrectionOrders } from '@bianzhi/db/generated/audit';
import type { CorrectionOrderDto, DisclosureChangeDto, LateUnitDto, correctionOrdersInput, issueCorrectionOrderInput, timelinessChangesInput } from '@bianzhi/contracts/disclosure-timeliness';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import {
  changeKindOfEvent,
  correctionOrderNumber,
  disclosureDeadline,
  disclosureEventTypes,
  disclosureStatus,
  isLateStatus,
  type DisclosureChangeKind,
} from '@bianzhi/domain/disclosure-timeliness';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { isOverdue } from '@bianzhi/domain/supervision';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import type { AuditDb, AuditTx } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { logSupervision, who } from '../supervision/notice.service.js';
import { nextDocumentNumber } from '../document-counter.js';

/**
 * 及时公开 (docs/audit.md "Timely disclosure"). The changes come from the audit log, which holds every
 * service's events with their types and times: the registry's organization changes (with their
 * effective dates), the ledger's leadership posts, entries, exits and moves of people, and quota
 * transfers between a unit's accounts and another holder's (the unit's accounts read from the
 * log's `ledger.accounts.opened`). Only changes logged since the public site's first publication
 * count, and only for units on the latest snapshot (not classified, still standing). A change is
 * published by the first snapshot published at or after both its effective day and its logging
 * that shows the unit.
 */
interface ChangeRow {
  organization_id: string;
  organization_name: string;
  jurisdiction_id: string;
  jurisdiction_name: string;
  kind: DisclosureChangeKind;
  effective_date: string;
  published_on: string | null;
  open_order: string | null;
}

const kindsOfEvents = disclosureEventTypes.map((type) => [type, changeKindOfEvent(type)!] as const);

async function changeRows(db: AuditDb | AuditTx, filter: { jurisdictionIds: string[] | null; organizationId?: string | undefined; year?: number | undefined }): Promise<ChangeRow[]> {
  const { rows } = await sql<ChangeRow>`
    with start as (select min(published_at) as at from audit.disclosure_snapshots),
    latest as (select id from audit.disclosure_snapshots order by published_at desc limit 1),
    kinds as (select * from unnest(${kindsOfEvents.map(([t]) => t)}::text[], ${kindsOfEvents.map(([, k]) => k)}::text[]) as k(event_type, kind)),
    holders as (
      select a->>'id' as account_id, e.aggregate_id as organization_id
      from audit.events e cross join jsonb_array_elements(e.payload->'accounts') a
      where e.event_type = 'ledger.accounts.opened' and e.aggregate_type = 'organization'),
    recent as (select e.* from audit.events e, start where start.at is not null and e.occurred_at >= start.at),
    logged as (
      select k.kind, coalesce(e.payload->>'organizationId', e.aggregate_id) as organization_id,
        coalesce(e.payload->>'effectiveDate', e.payload->>'enteredOn', e.payload->>'exitedOn', to_char(e.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as effective_date,
        e.occurred_at
      from recent e join kinds k using (event_type)
      where e.event_type <> 'ledger.person.transferred_with_quota'
      union all
      select 'people', o.id, e.payload->>'movedOn', e.occurred_at
      from recent e cross join lateral (values (e.payload->>'fromOrganizationId'), (e.payload->>'toOrganizationId')) o(id)
      where e.event_type = 'ledger.person.transferred_with_quota'
      union all
      select 'quota', h.organization_id, t.effective_date, e.occurred_at
      from recent e
      cross join lateral (
        select e.payload->'transfer'->>'debitAccountId' as debit, e.payload->'transfer'->>'creditAccountId' as credit, e.payload->>'effectiveDate' as effective_date
        where e.event_type <> 'ledger.transfer.batch'
        union all
        select x->>'debitAccountId', x->>'creditAccountId', coalesce(x->>'effectiveDate', e.payload->'common'->>'effectiveDate')
        from jsonb_array_elements(case when e.event_type = 'ledger.transfer.batch' then e.payload->'transfers' else '[]'::jsonb end) x
      ) t
      left join holders d on d.account_id = t.debit
      left join holders c on c.account_id = t.credit
      cross join lateral (values (d.organization_id), (c.organization_id)) h(organization_id)
      where e.event_type like 'ledger.transfer.%' and h.organization_id is not null and d.organization_id is distinct from c.organization_id),
    grouped as (
      select organization_id, kind, effective_date, max(occurred_at) as recorded_at
      from logged where effective_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
      group by organization_id, kind, effective_date)
    select u.organization_id::text as organization_id, u.name as organization_name, u.jurisdiction_id::text as jurisdiction_id, u.jurisdiction_name,
      g.kind, g.effective_date, to_char(p.published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as published_on, o.number as open_order
    from grouped g
    join audit.disclosed_units u on u.snapshot_id = (select id from latest) and u.organization_id::text = g.organization_id
    left join lateral (
      select min(s.published_at) as published_at
      from audit.disclosure_snapshots s join audit.disclosed_units du on du.snapshot_id = s.id and du.organization_id = u.organization_id
      where s.published_at >= g.recorded_at and s.published_at >= (g.effective_date || ' 00:00:00+08')::timestamptz) p on true
    left join audit.correction_orders o on o.organization_id = u.organization_id and o.status = 'open'
    where true
      ${filter.jurisdictionIds ? sql`and u.jurisdiction_id = any(${filter.jurisdictionIds}::uuid[])` : sql``}
      ${filter.organizationId ? sql`and u.organization_id = ${filter.organizationId}::uuid` : sql``}
      ${filter.year ? sql`and g.effective_date between ${`${filter.year}-01-01`} and ${`${filter.year}-12-31`}` : sql``}
    order by g.effective_date desc, u.jurisdiction_name, u.name, g.kind
    limit 5000`.execute(db);
  return rows;
}

function toChange(row: ChangeRow, today: string): DisclosureChangeDto {
  const deadline = disclosureDeadline(row.kind, row.effective_date);
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    jurisdictionId: row.jurisdiction_id,
    jurisdictionName: row.jurisdiction_name,
    kind: row.kind,
    effectiveDate: row.effective_date,
    deadline,
    publishedOn: row.published_on,
    status: disclosureStatus(deadline, row.published_on, today),
    openOrderNumber: row.open_order,
  };
}

/** The changes of the caller's jurisdictions with their deadlines and whether they were published in time. */
export async function disclosureChanges(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof timelinessChangesInput>): Promise<DisclosureChangeDto[]> {
  const visible = await scope.jurisdictionIdsOf(principal);
  if (input.jurisdictionId && visible && !visible.includes(input.jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${input.jurisdictionId} is outside the caller's reach`);
  if (input.organizationId) await scope.organizationOf(principal, input.organizationId);
  const today = todayInChina();
  const changes = (await changeRows(db, { jurisdictionIds: input.jurisdictionId ? [input.jurisdictionId] : visible, organizationId: input.organizationId, year: input.year })).map((row) => toChange(row, today));
  return input.lateOnly ? changes.filter((c) => isLateStatus(c.status)) : changes;
}

/** Every change of every public unit (for the half-yearly score), with its status as of today. */
export async function allDisclosureChanges(db: AuditDb | AuditTx): Promise<DisclosureChangeDto[]> {
  const today = todayInChina();
  return (await changeRows(db, { jurisdictionIds: null })).map((row) => toChange(row, today));
}

/** The public list of a year's late units: the changes effective that year not published by their deadline. Only units on the public site. */
export async function lateUnits(db: AuditDb, year: number): Promise<LateUnitDto[]> {
  const today = todayInChina();
  return (await changeRows(db, { jurisdictionIds: null, year }))
    .map((row) => toChange(row, today))
    .filter((c) => isLateStatus(c.status))
    .map((c) => ({ organizationId: c.organizationId, organizationName: c.organizationName, jurisdictionName: c.jurisdictionName, kind: c.kind, effectiveDate: c.effectiveDate, deadline: c.deadline, publishedOn: c.publishedOn }));
}

function toOrder(row: Selectable<AuditCorrectionOrders>, today: string): CorrectionOrderDto {
  const deadline = row.deadline as string;
  return {
    id: row.id,
    number: row.number,
    jurisdictionId: row.jurisdiction_id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    changes: row.changes as CorrectionOrderDto['changes'],
    requirement: row.requirement,
    deadline,
    status: row.status as CorrectionOrderDto['status'],
    overdue: isOverdue(row.status === 'closed', deadline, today),
    issuedBy: row.issued_by as CorrectionOrderDto['issuedBy'],
    issuedAt: row.issued_at,
    closedAt: row.closed_at,
    publishedOn: row.published_on as string | null,
  };
}

/**
 * 责令限期补正: orders a late unit in the caller's reach to publish its late changes by a new deadline.
 * It cites the unit's late changes no earlier order cited; a unit with none, or with an order still
 * open, is refused, as is a deadline before today. Numbered 编公补〔YYYY〕N号 per jurisdiction and year
 * from a counter row the transaction bumps (unique, no gaps), and logged on the chain.
 */
export async function issueCorrectionOrder(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof issueCorrectionOrderInput>, requestId?: string): Promise<CorrectionOrderDto> {
  const organization = await scope.organizationOf(principal, input.organizationId);
  const today = todayInChina();
  if (input.deadline < today) throw new DomainError('VALIDATION_FAILED', `deadline ${input.deadline} before ${today}`, undefined, bilingual('补正期限不能早于今天', 'The correction deadline cannot be before today'));
  return db.transaction().execute(async (trx) => {
    // Two bureaus ordering the same unit at once take turns: a lock on the unit (its orders' rows lock
    // nothing when it has none yet), so the second sees the first's open order and is refused, not failed.
    await sql`select pg_advisory_xact_lock(hashtext(${`audit.correction_order:${organization.id}`}))`.execute(trx);
    const previous = await trx.selectFrom('audit.correction_orders').selectAll().where('organization_id', '=', organization.id).forUpdate().execute();
    const open = previous.find((o) => o.status === 'open');
    if (open) throw new DomainError('CONFLICT', `organization ${organization.id} has open order ${open.number}`, undefined, bilingual(`该单位已有未办结的责令限期补正通知（${open.number}），办结后才能再次下发`, `The unit already has an open correction order (${open.number}); a new one can be issued once it is closed`));
    const cited = new Set(previous.flatMap((o) => (o.changes as CorrectionOrderDto['changes']).map((c) => `${c.kind}/${c.effectiveDate}`)));
    const late = (await changeRows(trx, { jurisdictionIds: null, organizationId: organization.id }))
      .map((row) => toChange(row, today))
      .filter((c) => isLateStatus(c.status) && !cited.has(`${c.kind}/${c.effectiveDate}`));
    if (late.length === 0) {
      throw new DomainError('VALIDATION_FAILED', `organization ${organization.id} has no late change to correct`, undefined, bilingual('该单位没有逾期未公开的变更，无需责令限期补正', 'The unit has no change that was not disclosed in time; there is nothing to order corrected'));
    }
    const year = Number(today.slice(0, 4));
    const seq = await nextDocumentNumber(trx, 'audit.correction_order_counters', organization.jurisdictionId, year);
    const row = await trx
      .insertInto('audit.correction_orders')
      .values({
        jurisdiction_id: organization.jurisdictionId,
        organization_id: organization.id,
        organization_name: organization.name,
        year,
        seq,
        number: correctionOrderNumber(year, seq),
        changes: JSON.stringify(late.map((c) => ({ kind: c.kind, effectiveDate: c.effectiveDate, deadline: c.deadline }))),
        requirement: input.requirement,
        deadline: input.deadline,
        issued_by: who(principal),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const order = toOrder(row, today);
    await logSupervision(trx, principal, 'audit.correction_order.issued', { type: 'correction_order', id: order.id, jurisdictionId: order.jurisdictionId, organizationId: order.organizationId }, { number: order.number, documentNumber: order.number, organizationName: order.organizationName, changes: order.changes, requirement: order.requirement, deadline: order.deadline }, requestId);
    return order;
  });
}

/** The orders of the caller's jurisdictions, newest first; `overdue` is open and past its deadline. */
export async function correctionOrders(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof correctionOrdersInput>): Promise<CorrectionOrderDto[]> {
  const visible = await scope.jurisdictionIdsOf(principal);
  if (input.organizationId) await scope.organizationOf(principal, input.organizationId);
  const today = todayInChina();
  let query = db.selectFrom('audit.correction_orders').selectAll();
  if (visible) query = query.where('jurisdiction_id', 'in', visible.length > 0 ? visible : ['00000000-0000-0000-0000-000000000000']);
  if (input.organizationId) query = query.where('organization_id', '=', input.organizationId);
  if (input.status === 'closed') query = query.where('status', '=', 'closed');
  if (input.status === 'open') query = query.where('status', '=', 'open');
  if (input.status === 'overdue') query = query.where('status', '=', 'open').where('deadline', '<', today);
  const rows = await query.orderBy('issued_at', 'desc').limit(1000).execute();
  return rows.map((row) => toOrder(row, today));
}

/**
 * Closes, in the publishing transaction, every open order whose unit the new snapshot shows: the
 * late changes are on the public site now. Each closure is logged on the chain as the platform's.
 */
export async function closeOrdersShownIn(trx: AuditTx, snapshotId: string): Promise<number> {
  const closed = await trx
    .updateTable('audit.correction_orders')
    .set({ status: 'closed', closed_at: sql`now()`, closed_snapshot_id: snapshotId, published_on: todayInChina() })
    .where('status', '=', 'open')
    .where(({ exists, selectFrom }) => exists(selectFrom('audit.disclosed_units as u').select('u.organization_id').where('u.snapshot_id', '=', snapshotId).whereRef('u.organization_id', '=', 'audit.correction_orders.organization_id')))
    .returningAll()
    .execute();
  const platform = servicePrincipal('audit');
  for (const row of closed) {
    await logSupervision(trx, platform, 'audit.correction_order.closed', { type: 'correction_order', id: row.id, jurisdictionId: row.jurisdiction_id, organizationId: row.organization_id }, { number: row.number, organizationName: row.organization_name, snapshotId, publishedOn: row.published_on });
  }
  return closed.length;
}
