import { sql, type Kysely } from 'kysely';

/**
 * Month-end figures per unit and type (as of the last day of each month), written once when a month
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
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.closed_months, ledger.monthly_figures`.execute(db);
}
