import { sql } from 'kysely';
import type { QuotaType } from '@bianzhi/contracts/ledger';
import type { LedgerDb } from '../db.js';

/**
 * Quota figures per unit and type, now (from the accounts) or as of the end of a day (from the
 * entries effective by then, so back-dated transfers count on their date). One grouped scan.
 */
export interface UnitFigureRow {
  organizationId: string;
  jurisdictionId: string;
  ledger: QuotaType;
  quota: number;
  occupied: number;
  reserved: number;
  vacantAccountId: string;
  occupiedAccountId: string;
}

export interface FigureFilter {
  asOf?: string | undefined;
  jurisdictionIds: string[] | null;
  ledger?: QuotaType | undefined;
  organizationId?: string | undefined;
}

function balances(asOf: string | undefined) {
  return asOf
    ? sql`(select account_id, sum(d_credits_posted - d_debits_posted) as posted, sum(d_debits_pending) as pending from ledger.entries where effective_date <= ${asOf} group by account_id)`
    : sql`(select id as account_id, credits_posted - debits_posted as posted, debits_pending as pending from ledger.accounts)`;
}

function accountFilter(filter: FigureFilter) {
  return sql`(${filter.jurisdictionIds === null} or a.jurisdiction_id in (select unnest(${filter.jurisdictionIds ?? []}::uuid[])))
    and (${filter.ledger ?? null}::text is null or a.ledger = ${filter.ledger ?? null})
    and (${filter.organizationId ?? null}::uuid is null or a.holder_id = ${filter.organizationId ?? null})`;
}

export async function unitFigures(db: LedgerDb, filter: FigureFilter): Promise<UnitFigureRow[]> {
  const { rows } = await sql<{ holder_id: string; jurisdiction_id: string; ledger: string; quota: string; occupied: string; reserved: string; vacant_id: string; occupied_id: string }>`
    select a.holder_id, a.jurisdiction_id, a.ledger,
      sum(coalesce(b.posted, 0)) as quota,
      sum(case when a.kind = 'occupied' then coalesce(b.posted, 0) else 0 end) as occupied,
      sum(case when a.kind = 'vacant' then coalesce(b.pending, 0) else 0 end) as reserved,
      (array_agg(a.id) filter (where a.kind = 'vacant'))[1] as vacant_id,
      (array_agg(a.id) filter (where a.kind = 'occupied'))[1] as occupied_id
    from ledger.accounts a left join ${balances(filter.asOf)} b on b.account_id = a.id
    where a.holder_kind = 'organization' and a.kind in ('vacant', 'occupied') and ${accountFilter(filter)}
    group by a.holder_id, a.jurisdiction_id, a.ledger`.execute(db);
  return rows.map((r) => ({
    organizationId: r.holder_id,
    jurisdictionId: r.jurisdiction_id,
    ledger: r.ledger as QuotaType,
    quota: Number(r.quota),
    occupied: Number(r.occupied),
    reserved: Number(r.reserved),
    vacantAccountId: r.vacant_id,
    occupiedAccountId: r.occupied_id,
  }));
}

/** Per jurisdiction and type: the total approved from above and what its pools hold. */
export async function poolFigures(db: LedgerDb, filter: FigureFilter): Promise<{ jurisdictionId: string; ledger: QuotaType; approvedTotal: number; pools: number }[]> {
  const { rows } = await sql<{ jurisdiction_id: string; ledger: string; approved: string; pools: string }>`
    select a.jurisdiction_id, a.ledger,
      sum(case when a.kind = 'external' then -coalesce(b.posted, 0) else 0 end) as approved,
      sum(case when a.kind <> 'external' then coalesce(b.posted, 0) else 0 end) as pools
    from ledger.accounts a left join ${balances(filter.asOf)} b on b.account_id = a.id
    where a.holder_kind = 'pool' and ${accountFilter({ ...filter, organizationId: undefined })}
    group by a.jurisdiction_id, a.ledger`.execute(db);
  return rows.map((r) => ({ jurisdictionId: r.jurisdiction_id, ledger: r.ledger as QuotaType, approvedTotal: Number(r.approved), pools: Number(r.pools) }));
}

/** Entries, exits and next month's retirements per unit and type within a month (from the roll). */
export async function rollMovements(db: LedgerDb, filter: FigureFilter & { monthStart: string; monthEnd: string; nextMonthStart: string }) {
  const { rows } = await sql<{ organization_id: string; ledger: string; entries: string; exits: string; retiring: string }>`
    select s.organization_id, s.ledger,
      count(*) filter (where s.entered_on between ${filter.monthStart} and ${filter.monthEnd}) as entries,
      count(*) filter (where s.exited_on between ${filter.monthStart} and ${filter.monthEnd}) as exits,
      count(*) filter (where s.entered_on <= ${filter.monthEnd} and (s.exited_on is null or s.exited_on > ${filter.monthEnd}) and p.retires_on = ${filter.nextMonthStart}) as retiring
    from ledger.slots s join ledger.persons p on p.id = s.person_id
    where (${filter.jurisdictionIds === null} or s.jurisdiction_id in (select unnest(${filter.jurisdictionIds ?? []}::uuid[])))
      and (${filter.ledger ?? null}::text is null or s.ledger = ${filter.ledger ?? null})
      and (s.entered_on between ${filter.monthStart} and ${filter.monthEnd}
        or s.exited_on between ${filter.monthStart} and ${filter.monthEnd}
        or (p.retires_on = ${filter.nextMonthStart} and (s.exited_on is null or s.exited_on > ${filter.monthEnd})))
    group by s.organization_id, s.ledger`.execute(db);
  return new Map(rows.map((r) => [`${r.organization_id}|${r.ledger}`, { entries: Number(r.entries), exits: Number(r.exits), retiring: Number(r.retiring) }]));
}
