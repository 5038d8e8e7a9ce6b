import { sql } from 'kysely';
import type { QuotaType } from '@bianzhi/contracts/ledger';
import type { LedgerDb } from '../db.js';

/**
 * The analysis queries. Live figures come from the accounts' running balances (no entries folded);
 * trends from the month-end rows `closeMonth` writes once per ended month.
 */
export interface JurisdictionRow {
  jurisdictionId: string;
  /** null: the row sums every type (the jurisdiction's distinct units). */
  ledger: QuotaType | null;
  quota: number;
  occupied: number;
  vacant: number;
  over: number;
  overUnits: number;
  units: number;
}

/**
 * Per jurisdiction and type, and per jurisdiction over all types. A unit holds one vacant and one
 * occupied account per type, so its quota − occupied is its vacant balance, and over quota is a
 * negative one: everything sums straight over the accounts, with no per-unit grouping.
 */
export async function jurisdictionRows(db: LedgerDb, jurisdictionIds: string[]): Promise<JurisdictionRow[]> {
  const { rows } = await sql<{ jurisdiction_id: string; ledger: string | null; quota: string; occupied: string; vacant: string; over: string; over_units: string; units: string }>`
    with acc as (
      select holder_id, jurisdiction_id, ledger, kind, credits_posted - debits_posted as balance, debits_pending
      from ledger.accounts
      where holder_kind = 'organization' and kind in ('vacant', 'occupied') and jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[])))
    select jurisdiction_id, ledger,
      sum(balance) as quota,
      coalesce(sum(balance) filter (where kind = 'occupied'), 0) as occupied,
      coalesce(sum(greatest(balance - debits_pending, 0)) filter (where kind = 'vacant'), 0) as vacant,
      coalesce(sum(greatest(-balance, 0)) filter (where kind = 'vacant'), 0) as over,
      count(*) filter (where kind = 'vacant' and balance < 0) as over_units,
      count(*) filter (where kind = 'vacant') as units
    from acc group by jurisdiction_id, ledger
    union all
    select jurisdiction_id, null, 0, 0, 0, 0, count(distinct holder_id) filter (where balance < 0), count(distinct holder_id)
    from acc where kind = 'vacant' group by jurisdiction_id`.execute(db);
  return rows.map((r) => ({
    jurisdictionId: r.jurisdiction_id,
    ledger: r.ledger as QuotaType | null,
    quota: Number(r.quota),
    occupied: Number(r.occupied),
    vacant: Number(r.vacant),
    over: Number(r.over),
    overUnits: Number(r.over_units),
    units: Number(r.units),
  }));
}

export async function retiringCount(db: LedgerDb, jurisdictionIds: string[], monthStart: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from ledger.slots s join ledger.persons p on p.id = s.person_id
    where s.exit_kind is null and p.retires_on = ${monthStart} and s.jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[]))`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Month-end rows for the jurisdictions from `fromMonth` on, summed per month and type. */
export async function trendRows(db: LedgerDb, jurisdictionIds: string[], fromMonth: string) {
  const { rows } = await sql<{ month: string; ledger: string; quota: string; occupied: string; vacant: string; over: string }>`
    select to_char(month, 'YYYY-MM') as month, ledger, sum(quota) as quota, sum(occupied) as occupied,
      sum(greatest(quota - occupied, 0)) as vacant, sum(greatest(occupied - quota, 0)) as over
    from ledger.monthly_figures
    where jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[])) and month >= ${fromMonth}::date
    group by month, ledger order by month`.execute(db);
  return rows.map((r) => ({ month: r.month, ledger: r.ledger as QuotaType, quota: Number(r.quota), occupied: Number(r.occupied), vacant: Number(r.vacant), over: Number(r.over) }));
}

/**
 * Months that have ended and have no month-end rows yet, from `earliest` (YYYY-MM-01) to the month
 * before `today`: those `marker` (a table keyed by month) does not list.
 */
export async function openMonths(db: LedgerDb, earliest: string, today: string, marker: 'ledger.closed_months' | 'ledger.workforce_closed_months' = 'ledger.closed_months'): Promise<string[]> {
  const { rows } = await sql<{ month: string }>`
    select to_char(m, 'YYYY-MM-DD') as month
    from generate_series(${earliest}::date, date_trunc('month', ${today}::date) - interval '1 month', interval '1 month') as m
    where not exists (select 1 from ${sql.table(marker)} c where c.month = m::date)
    order by m`.execute(db);
  return rows.map((r) => r.month);
}

/** Writes every unit's figures as of the month's last day, once (the month's row in closed_months marks it). */
export async function closeMonth(db: LedgerDb, month: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const claimed = await sql`insert into ledger.closed_months (month, units) values (${month}::date, 0) on conflict do nothing`.execute(trx);
    if (Number(claimed.numAffectedRows ?? 0) === 0) return 0;
    const inserted = await sql`
      insert into ledger.monthly_figures (month, organization_id, jurisdiction_id, ledger, quota, occupied)
      select ${month}::date, a.holder_id, a.jurisdiction_id, a.ledger,
        sum(b.posted), sum(case when a.kind = 'occupied' then b.posted else 0 end)
      from ledger.accounts a
      join (select account_id, sum(d_credits_posted - d_debits_posted) as posted from ledger.entries
            where effective_date < (${month}::date + interval '1 month') group by account_id) b on b.account_id = a.id
      where a.holder_kind = 'organization' and a.kind in ('vacant', 'occupied')
      group by a.holder_id, a.jurisdiction_id, a.ledger`.execute(trx);
    const units = Number(inserted.numAffectedRows ?? 0);
    await sql`update ledger.closed_months set units = ${units} where month = ${month}::date`.execute(trx);
    return units;
  });
}

export async function retirementRows(db: LedgerDb, filter: { jurisdictionIds: string[]; organizationId?: string | undefined; ledger?: QuotaType | undefined; from: string; until: string }) {
  const { rows } = await sql<{ month: string; ledger: string; organization_id: string; n: string }>`
    select to_char(p.retires_on, 'YYYY-MM') as month, s.ledger, s.organization_id, count(*) as n
    from ledger.slots s join ledger.persons p on p.id = s.person_id
    where s.exit_kind is null and p.retires_on >= ${filter.from}::date and p.retires_on < ${filter.until}::date
      and s.jurisdiction_id in (select unnest(${filter.jurisdictionIds}::uuid[]))
      and (${filter.organizationId ?? null}::uuid is null or s.organization_id = ${filter.organizationId ?? null})
      and (${filter.ledger ?? null}::text is null or s.ledger = ${filter.ledger ?? null})
    group by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ month: r.month, ledger: r.ledger as QuotaType, organizationId: r.organization_id, count: Number(r.n) }));
}

export async function retiringPeople(db: LedgerDb, jurisdictionIds: string[], monthStart: string, limit: number) {
  const { rows } = await sql<{ person_id: string; name: string; id_number: string; organization_id: string; ledger: string; retires_on: string }>`
    select p.id as person_id, p.name, p.id_number, s.organization_id, s.ledger, to_char(p.retires_on, 'YYYY-MM-DD') as retires_on
    from ledger.slots s join ledger.persons p on p.id = s.person_id
    where s.exit_kind is null and p.retires_on = ${monthStart}::date and s.jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[]))
    order by s.organization_id, p.name limit ${limit}`.execute(db);
  return rows;
}

/** Vacancies (net of reservations) whose unit has neither entered anyone nor received quota of that type since `cutoff`. */
export async function dormantRows(db: LedgerDb, jurisdictionIds: string[], cutoff: string, limit: number) {
  const { rows } = await sql<{ organization_id: string; jurisdiction_id: string; ledger: string; vacant_id: string; vacant: string; last_entry: string | null; last_credit: string | null; pool_id: string | null }>`
    with v as (
      select a.holder_id, a.jurisdiction_id, a.ledger, a.id as vacant_id, a.credits_posted - a.debits_posted - a.debits_pending as vacant
      from ledger.accounts a
      where a.holder_kind = 'organization' and a.kind = 'vacant' and a.jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[]))
        and a.credits_posted - a.debits_posted - a.debits_pending > 0),
    last_entry as (
      select s.organization_id, s.ledger, max(s.entered_on) as last_entry from ledger.slots s
      where s.jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[])) group by 1, 2),
    last_credit as (
      select e.account_id, max(e.effective_date) as last_credit from ledger.entries e
      where e.account_id in (select vacant_id from v) and e.d_credits_posted > 0 group by 1)
    select v.holder_id as organization_id, v.jurisdiction_id, v.ledger, v.vacant_id, v.vacant,
      to_char(le.last_entry, 'YYYY-MM-DD') as last_entry, to_char(lc.last_credit, 'YYYY-MM-DD') as last_credit,
      pool.id as pool_id
    from v left join last_entry le on le.organization_id = v.holder_id and le.ledger = v.ledger
      left join last_credit lc on lc.account_id = v.vacant_id
      left join ledger.accounts pool on pool.holder_kind = 'pool' and pool.kind = 'unallocated' and pool.holder_id = v.jurisdiction_id and pool.ledger = v.ledger
    where greatest(le.last_entry, lc.last_credit) is null or greatest(le.last_entry, lc.last_credit) < ${cutoff}::date
    order by v.vacant desc, v.holder_id limit ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, vacant: Number(r.vacant) }));
}
