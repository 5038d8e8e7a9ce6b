import { sql, type Kysely } from 'kysely';

/**
 * Analysis (DOMAIN.md "Statistics and analysis"). Month-end figures per unit and type (as of the last day of each month), written once when a month
 * has ended: the dashboard's trends read these instead of folding the entries on every call.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger.monthly_figures (
      month date not null check (extract(day from month) = 1),
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      ledger text not null,
      quota integer not null,
      occupied integer not null,
      primary key (month, organization_id, ledger)
    )`.execute(db);
  await sql`create index monthly_figures_jurisdiction on ledger.monthly_figures (jurisdiction_id, month)`.execute(db);
  await sql`create table ledger.closed_months (month date primary key, units integer not null, closed_at timestamptz not null default now())`.execute(db);

  // 编岗相适: the posts HR has set per unit (management, professional-technical, worker), as imported.
  await sql`
    create table ledger.post_counts (
      organization_id uuid primary key,
      jurisdiction_id uuid not null,
      management integer not null check (management >= 0),
      professional integer not null check (professional >= 0),
      worker integer not null check (worker >= 0),
      imported_by jsonb not null,
      imported_at timestamptz not null default now()
    )`.execute(db);

  // 需求预报: a unit's yearly request for people, with reasons, and the bureau's decision.
  await sql`
    create table ledger.demand_requests (
      id uuid primary key,
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      year integer not null check (year between 2000 and 2100),
      ledger text not null,
      places integer not null check (places between 1 and 10000),
      reason text not null check (length(btrim(reason)) between 1 and 2000),
      status text not null default 'submitted' check (status in ('submitted', 'approved', 'rejected')),
      granted integer check (granted >= 0),
      decision_note text,
      submitted_by jsonb not null,
      submitted_at timestamptz not null default now(),
      decided_by jsonb,
      decided_at timestamptz,
      check ((status = 'submitted') = (decided_at is null))
    )`.execute(db);
  await sql`create index demand_requests_jurisdiction on ledger.demand_requests (jurisdiction_id, year)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.demand_requests, ledger.post_counts, ledger.closed_months, ledger.monthly_figures`.execute(db);
}
