import { sql } from 'kysely';
import type { FundingSource, PurchaseContractDto } from '@bianzhi/contracts/workforce';
import type { LedgerDb, LedgerTx } from '../db.js';

/**
 * SQL of the publicly funded workforce: staff outside quota, purchase contracts, the plans that
 * serve a function, and the counts the totals and month-end figures sum.
 */
type Db = LedgerDb | LedgerTx;

/**
 * A unit as the ledger knows it (its accounts): its jurisdiction, whether the caller sees it (checked
 * here against the caller's jurisdictions, null = all), and its approved quota over every type. Null
 * when the unit has no accounts.
 */
export async function unitInScope(db: Db, organizationId: string, visible: string[] | null) {
  const { rows } = await sql<{ jurisdiction_id: string; in_scope: boolean; quota: string }>`
    select min(jurisdiction_id::text)::uuid as jurisdiction_id,
      bool_and(${visible === null} or jurisdiction_id in (select unnest(${visible ?? []}::uuid[]))) as in_scope,
      sum(credits_posted - debits_posted) as quota
    from ledger.accounts
    where holder_kind = 'organization' and holder_id = ${organizationId} and kind in ('vacant', 'occupied')
    having count(*) > 0`.execute(db);
  const row = rows[0];
  return row ? { jurisdictionId: row.jurisdiction_id, inScope: row.in_scope, quota: Number(row.quota) } : null;
}

/** Serializes the checks of one unit's workforce (the ratio, 两头占) across concurrent requests. */
export async function lockUnitWorkforce(trx: LedgerTx, organizationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`workforce:${organizationId}`}, 0))`.execute(trx);
}

export async function openAuxiliaryCount(db: Db, organizationId: string): Promise<number> {
  const row = await db.selectFrom('ledger.auxiliary_staff').select((eb) => eb.fn.countAll<string>().as('n')).where('organization_id', '=', organizationId).where('ended_on', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * 两头占 for people: a person is on quota (a slot) or outside quota (an engagement), once, in the whole
 * city. Whoever enters or engages one person takes that person's lock (shared with the people-wide
 * key); a file of many people takes the people-wide key alone, exclusively, so that it never holds
 * thousands of locks and no single entry or engagement slips between its check and its write. The
 * transaction-scoped advisory locks are released at commit.
 */
const PEOPLE_KEY = 'workforce:people';
export async function lockPerson(trx: LedgerTx, idNumber: string): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(hashtextextended(${PEOPLE_KEY}, 0)), pg_advisory_xact_lock(hashtextextended(${`workforce:person:${idNumber}`}, 0))`.execute(trx);
}
export async function lockAllPeople(trx: LedgerTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${PEOPLE_KEY}, 0))`.execute(trx);
}

export interface Engagement {
  where: 'on_quota' | 'outside_quota';
  organizationId: string;
  jurisdictionId: string;
}

/** Which of these ID numbers already hold a slot on quota or an open engagement outside quota anywhere, and where. */
export async function engagedIdNumbers(db: Db, idNumbers: string[]): Promise<Map<string, Engagement>> {
  if (idNumbers.length === 0) return new Map();
  const { rows } = await sql<{ id_number: string; where_: 'on_quota' | 'outside_quota'; organization_id: string; jurisdiction_id: string }>`
    select p.id_number, 'on_quota' as where_, s.organization_id, s.jurisdiction_id from ledger.persons p join ledger.slots s on s.person_id = p.id and s.exit_kind is null
    where p.id_number = any(${idNumbers}::text[])
    union all
    select id_number, 'outside_quota', organization_id, jurisdiction_id from ledger.auxiliary_staff where ended_on is null and id_number = any(${idNumbers}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.id_number, { where: r.where_, organizationId: r.organization_id, jurisdictionId: r.jurisdiction_id }]));
}

/** Open engagements outside quota of these ID numbers (the roll's side of 两头占). */
export async function openEngagements(db: Db, idNumbers: string[]): Promise<Map<string, { organizationId: string; jurisdictionId: string }>> {
  const found = new Map<string, { organizationId: string; jurisdictionId: string }>();
  for (let i = 0; i < idNumbers.length; i += 10_000) {
    const rows = await db.selectFrom('ledger.auxiliary_staff').select(['id_number', 'organization_id', 'jurisdiction_id']).where('ended_on', 'is', null).where('id_number', '=', (eb) => eb.fn.any(eb.val(idNumbers.slice(i, i + 10_000)))).execute();
    for (const r of rows) found.set(r.id_number, { organizationId: r.organization_id, jurisdictionId: r.jurisdiction_id });
  }
  return found;
}

export interface AuxiliaryValues {
  id: string;
  organizationId: string;
  jurisdictionId: string;
  kind: string;
  name: string;
  idNumber: string;
  post: string;
  funding: string;
  startedOn: string;
  endsOn: string | null;
  importId: string | null;
  createdBy: unknown;
}

export async function insertAuxiliary(trx: LedgerTx, rows: AuxiliaryValues[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await trx
      .insertInto('ledger.auxiliary_staff')
      .values(rows.slice(i, i + 2000).map((r) => ({ id: r.id, organization_id: r.organizationId, jurisdiction_id: r.jurisdictionId, kind: r.kind, name: r.name, id_number: r.idNumber, post: r.post, funding: r.funding, started_on: r.startedOn, ends_on: r.endsOn, import_id: r.importId, created_by: JSON.stringify(r.createdBy) })))
      .execute();
  }
}

export async function auxiliaryRow(db: Db, id: string, lock = false) {
  const query = db.selectFrom('ledger.auxiliary_staff').selectAll().where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function endAuxiliaryRow(trx: LedgerTx, id: string, end: { endId: string; endedOn: string; reason: string | null }): Promise<void> {
  await trx.updateTable('ledger.auxiliary_staff').set({ ended_on: end.endedOn, end_id: end.endId, end_reason: end.reason }).where('id', '=', id).execute();
}

export async function auxiliaryOfUnit(db: Db, organizationId: string, includeEnded: boolean) {
  let query = db.selectFrom('ledger.auxiliary_staff').selectAll().where('organization_id', '=', organizationId);
  if (!includeEnded) query = query.where('ended_on', 'is', null);
  return query.orderBy('started_on').orderBy('name').execute();
}

/** Open engagements outside quota in these jurisdictions (all when null), with full ID numbers. */
export async function outsideQuotaHolders(db: Db, jurisdictionIds: string[] | null) {
  let query = db.selectFrom('ledger.auxiliary_staff').select(['id_number', 'name', 'organization_id']).where('ended_on', 'is', null);
  if (jurisdictionIds) query = query.where('jurisdiction_id', '=', (eb) => eb.fn.any(eb.val(jurisdictionIds)));
  return query.execute();
}

/** A contract as recorded: the DTO's fields without the ones it gains later, with the unit's jurisdiction and who recorded it. */
export type PurchaseValues = Omit<PurchaseContractDto, 'terminatedOn' | 'active'> & { jurisdictionId: string; createdBy: unknown };

export async function insertPurchase(trx: LedgerTx, r: PurchaseValues): Promise<void> {
  await trx
    .insertInto('ledger.purchase_contracts')
    .values({ id: r.id, organization_id: r.organizationId, jurisdiction_id: r.jurisdictionId, function: r.function, provider: r.provider, contract_number: r.contractNumber, headcount: r.headcount, amount: r.amount, starts_on: r.startsOn, ends_on: r.endsOn, created_by: JSON.stringify(r.createdBy) })
    .execute();
}

export async function purchaseRow(db: Db, id: string) {
  return db.selectFrom('ledger.purchase_contracts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function terminatePurchaseRow(trx: LedgerTx, id: string, end: { endId: string; terminatedOn: string }): Promise<void> {
  await trx.updateTable('ledger.purchase_contracts').set({ terminated_on: end.terminatedOn, end_id: end.endId }).where('id', '=', id).execute();
}

/** A contract serves its function from its start until its end or its termination (the first day without it). */
const servesOnOrAfter = (today: string) => sql<boolean>`ends_on >= ${today}::date and (terminated_on is null or terminated_on > ${today}::date)`;

export async function purchasesOfUnit(db: Db, organizationId: string, includeEnded: boolean, today: string) {
  let query = db.selectFrom('ledger.purchase_contracts').selectAll().where('organization_id', '=', organizationId);
  if (!includeEnded) query = query.where(servesOnOrAfter(today));
  return query.orderBy('starts_on').orderBy('function').execute();
}

/** A contract of the unit covering the function today or later (not ended, not terminated). */
export async function coveringContract(db: Db, organizationId: string, fn: string, today: string) {
  return db.selectFrom('ledger.purchase_contracts').selectAll().where('organization_id', '=', organizationId).where('function', '=', fn).where(servesOnOrAfter(today)).orderBy('starts_on').executeTakeFirst();
}

/** An open plan (filed or approved, not past its end) of the unit serving the function. */
export async function planServing(db: Db, organizationId: string, fn: string, today: string) {
  return db.selectFrom('ledger.plans').select(['id', 'places', 'ledger', 'status', 'reason', 'ends_on']).where('organization_id', '=', organizationId).where('function', '=', fn).where('status', 'in', ['filed', 'approved']).where('ends_on', '>=', today).orderBy('filed_at').executeTakeFirst();
}

/** Staff outside quota engaged on `asOf` by funding source, and purchased full-time equivalents in force that day, in these jurisdictions. */
export async function beyondQuotaSums(db: Db, jurisdictionIds: string[], asOf: string): Promise<{ outside: Record<FundingSource, number>; purchased: number }> {
  const { rows } = await sql<{ funding: string; n: string }>`
    select funding, count(*) as n from ledger.auxiliary_staff
    where jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[])) and started_on <= ${asOf}::date and (ended_on is null or ended_on > ${asOf}::date)
    group by funding
    union all
    select 'purchased', coalesce(sum(headcount), 0) from ledger.purchase_contracts
    where jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[])) and starts_on <= ${asOf}::date and ends_on >= ${asOf}::date and (terminated_on is null or terminated_on > ${asOf}::date)`.execute(db);
  const of = (key: string) => Number(rows.find((r) => r.funding === key)?.n ?? 0);
  return { outside: { fiscal_full: of('fiscal_full'), fiscal_partial: of('fiscal_partial'), self_raised: of('self_raised') }, purchased: of('purchased') };
}

export interface UnitWorkforceRow {
  organizationId: string;
  jurisdictionId: string;
  quota: number;
  onQuota: number;
  outside: Record<FundingSource, number>;
  purchasedHeadcount: number;
}

/**
 * Per unit as of the end of `asOf`: approved quota and people on quota (from the entries effective
 * by then, or the running balances for today), staff outside quota engaged on that day by funding
 * source (from their dates, or the month-end rows of a closed month), and purchased full-time
 * equivalents in force that day. Units with none of these are left out.
 */
export async function unitWorkforceRows(db: Db, filter: { jurisdictionIds: string[] | null; organizationId?: string | undefined; asOf: string; live: boolean; closedMonth?: string | undefined }): Promise<UnitWorkforceRow[]> {
  const inScope = (alias: string, organizationColumn = 'organization_id') => sql`(${filter.jurisdictionIds === null} or ${sql.ref(`${alias}.jurisdiction_id`)} in (select unnest(${filter.jurisdictionIds ?? []}::uuid[])))
    and (${filter.organizationId ?? null}::uuid is null or ${sql.ref(`${alias}.${organizationColumn}`)} = ${filter.organizationId ?? null}::uuid)`;
  // Today from the accounts' running balances; a past day from the entries effective by then.
  const posted = filter.live ? sql`(a.credits_posted - a.debits_posted)` : sql`coalesce(b.posted, 0)`;
  const balances = filter.live
    ? sql``
    : sql`left join (select account_id, sum(d_credits_posted - d_debits_posted) as posted from ledger.entries where effective_date <= ${filter.asOf}::date group by account_id) b on b.account_id = a.id`;
  const outside = filter.closedMonth
    ? sql`select organization_id, jurisdiction_id, funding, outside_quota as n from ledger.workforce_monthly_figures m where m.month = ${filter.closedMonth}::date and ${inScope('m')}`
    : sql`select organization_id, jurisdiction_id, funding, count(*) as n from ledger.auxiliary_staff x
          where x.started_on <= ${filter.asOf}::date and (x.ended_on is null or x.ended_on > ${filter.asOf}::date) and ${inScope('x')}
          group by 1, 2, 3`;
  const { rows } = await sql<{ organization_id: string; jurisdiction_id: string; quota: string; on_quota: string; fiscal_full: string; fiscal_partial: string; self_raised: string; purchased: string }>`
    with quota as (
      select a.holder_id as organization_id, min(a.jurisdiction_id::text)::uuid as jurisdiction_id,
        sum(${posted}) as quota, sum(case when a.kind = 'occupied' then ${posted} else 0 end) as on_quota
      from ledger.accounts a ${balances}
      where a.holder_kind = 'organization' and a.kind in ('vacant', 'occupied') and ${inScope('a', 'holder_id')}
      group by a.holder_id),
    outside as (${outside}),
    outside_by_unit as (
      select organization_id, min(jurisdiction_id::text)::uuid as jurisdiction_id,
        sum(n) filter (where funding = 'fiscal_full') as fiscal_full, sum(n) filter (where funding = 'fiscal_partial') as fiscal_partial,
        sum(n) filter (where funding = 'self_raised') as self_raised
      from outside group by organization_id),
    bought as (
      select organization_id, min(jurisdiction_id::text)::uuid as jurisdiction_id, sum(headcount) as purchased from ledger.purchase_contracts c
      where c.starts_on <= ${filter.asOf}::date and c.ends_on >= ${filter.asOf}::date and (c.terminated_on is null or c.terminated_on > ${filter.asOf}::date) and ${inScope('c')}
      group by 1)
    select coalesce(q.organization_id, o.organization_id, b.organization_id) as organization_id,
      coalesce(q.jurisdiction_id, o.jurisdiction_id, b.jurisdiction_id) as jurisdiction_id,
      coalesce(q.quota, 0) as quota, coalesce(q.on_quota, 0) as on_quota,
      coalesce(o.fiscal_full, 0) as fiscal_full, coalesce(o.fiscal_partial, 0) as fiscal_partial, coalesce(o.self_raised, 0) as self_raised,
      coalesce(b.purchased, 0) as purchased
    from quota q
      full join outside_by_unit o on o.organization_id = q.organization_id
      full join bought b on b.organization_id = coalesce(q.organization_id, o.organization_id)`.execute(db);
  return rows.map((r) => ({
    organizationId: r.organization_id,
    jurisdictionId: r.jurisdiction_id,
    quota: Number(r.quota),
    onQuota: Number(r.on_quota),
    outside: { fiscal_full: Number(r.fiscal_full), fiscal_partial: Number(r.fiscal_partial), self_raised: Number(r.self_raised) },
    purchasedHeadcount: Number(r.purchased),
  }));
}

export async function isWorkforceMonthClosed(db: Db, month: string): Promise<boolean> {
  return (await db.selectFrom('ledger.workforce_closed_months').select('month').where('month', '=', month).executeTakeFirst()) !== undefined;
}

/** Writes each unit's staff outside quota at the month's end by funding source, once. */
export async function closeWorkforceMonth(db: LedgerDb, month: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claimed = await sql`insert into ledger.workforce_closed_months (month) values (${month}::date) on conflict do nothing`.execute(trx);
    if (Number(claimed.numAffectedRows ?? 0) === 0) return false;
    await sql`
      insert into ledger.workforce_monthly_figures (month, organization_id, jurisdiction_id, funding, outside_quota)
      select ${month}::date, organization_id, jurisdiction_id, funding, count(*)
      from ledger.auxiliary_staff
      where started_on < (${month}::date + interval '1 month') and (ended_on is null or ended_on >= (${month}::date + interval '1 month'))
      group by organization_id, jurisdiction_id, funding`.execute(trx);
    return true;
  });
}
