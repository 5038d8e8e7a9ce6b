import { sql } from 'kysely';
import type { LedgerDb } from '../db.js';

/**
 * SQL of the annual report (统计年报): people on the roll at year end by type and breakdown, the
 * roll's movements over the year, the units' quota changes by transfer code, and staff outside quota.
 * Every read is bounded by the jurisdictions asked for (already the caller's, resolved by the registry).
 */
const inJurisdictions = (column: string, ids: string[]) => sql`${sql.ref(column)} in (select unnest(${ids}::uuid[]))`;

/** People on the roll at the end of `asOf`, grouped by type, sex, whole age that day, education text and post category. */
export async function peopleAt(db: LedgerDb, ids: string[], asOf: string) {
  const { rows } = await sql<{ ledger: string; sex: string; age: number; education: string; post_category: string; n: string }>`
    select s.ledger, p.sex, date_part('year', age(${asOf}::date, p.birth_date))::int as age, p.education, p.post_category, count(*) as n
    from ledger.slots s join ledger.persons p on p.id = s.person_id
    where ${inJurisdictions('s.jurisdiction_id', ids)} and s.entered_on <= ${asOf}::date and (s.exited_on is null or s.exited_on > ${asOf}::date)
    group by 1, 2, 3, 4, 5`.execute(db);
  return rows.map((r) => ({ ledger: r.ledger, sex: r.sex, age: Number(r.age), education: r.education, postCategory: r.post_category, count: Number(r.n) }));
}

/** Per type: people on the roll at the end of `startOf`, and entries and exits by kind from `yearStart` to `asOf`. */
export async function rollChanges(db: LedgerDb, ids: string[], dates: { startOf: string; yearStart: string; asOf: string }) {
  const { rows } = await sql<{ ledger: string; what: string; kind: string | null; n: string }>`
    select s.ledger, 'start' as what, null as kind, count(*) as n from ledger.slots s
    where ${inJurisdictions('s.jurisdiction_id', ids)} and s.entered_on <= ${dates.startOf}::date and (s.exited_on is null or s.exited_on > ${dates.startOf}::date)
    group by 1
    union all
    select s.ledger, 'entry', s.entry_kind, count(*) from ledger.slots s
    where ${inJurisdictions('s.jurisdiction_id', ids)} and s.entered_on between ${dates.yearStart}::date and ${dates.asOf}::date
    group by 1, 3
    union all
    select s.ledger, 'exit', s.exit_kind, count(*) from ledger.slots s
    where ${inJurisdictions('s.jurisdiction_id', ids)} and s.exited_on between ${dates.yearStart}::date and ${dates.asOf}::date
    group by 1, 3`.execute(db);
  return rows.map((r) => ({ ledger: r.ledger, what: r.what as 'start' | 'entry' | 'exit', kind: r.kind, count: Number(r.n) }));
}

/** Net change of the units' quota (their vacant and occupied accounts) per type and transfer code, over the year. */
export async function quotaChanges(db: LedgerDb, ids: string[], dates: { yearStart: string; asOf: string }) {
  const { rows } = await sql<{ ledger: string; code: string; net: string }>`
    select a.ledger, t.code, sum(e.d_credits_posted - e.d_debits_posted) as net
    from ledger.entries e join ledger.accounts a on a.id = e.account_id join ledger.transfers t on t.id = e.transfer_id
    where a.holder_kind = 'organization' and a.kind in ('vacant', 'occupied') and ${inJurisdictions('a.jurisdiction_id', ids)}
      and e.effective_date between ${dates.yearStart}::date and ${dates.asOf}::date
    group by 1, 2`.execute(db);
  return rows.map((r) => ({ ledger: r.ledger, code: r.code, net: Number(r.net) })).filter((r) => r.net !== 0);
}

/** Staff outside quota engaged at the end of `asOf`, by kind and funding source. */
export async function outsideQuotaAt(db: LedgerDb, ids: string[], asOf: string) {
  const { rows } = await sql<{ kind: string; funding: string; n: string }>`
    select kind, funding, count(*) as n from ledger.auxiliary_staff
    where ${inJurisdictions('jurisdiction_id', ids)} and started_on <= ${asOf}::date and (ended_on is null or ended_on > ${asOf}::date)
    group by 1, 2`.execute(db);
  return rows.map((r) => ({ kind: r.kind, funding: r.funding, count: Number(r.n) }));
}
