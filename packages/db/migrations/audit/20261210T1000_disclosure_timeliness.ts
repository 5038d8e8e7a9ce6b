import { sql, type Kysely } from 'kysely';

/**
 * Timely disclosure (及时公开, 002): correction orders (责令限期补正通知) to units that did not publish a
 * change by its deadline, numbered per jurisdiction and year from a counter row the issuing
 * transaction bumps (no gaps, as for notices); at most one open order per unit. The half-yearly
 * scores keep their parts: completeness (fields present), timeliness and accuracy.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit.correction_order_counters (
      jurisdiction_id uuid not null,
      year integer not null check (year between 1900 and 2200),
      last integer not null check (last >= 1),
      primary key (jurisdiction_id, year)
    )`.execute(db);
  await sql`
    create table audit.correction_orders (
      id uuid primary key default gen_random_uuid(),
      jurisdiction_id uuid not null,
      organization_id uuid not null,
      organization_name text not null,
      year integer not null,
      seq integer not null check (seq >= 1),
      number text not null,
      -- The late changes the order cites, as they stood when it was issued.
      changes jsonb not null,
      requirement text not null check (length(btrim(requirement)) between 1 and 2000),
      deadline date not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      issued_by jsonb not null,
      issued_at timestamptz not null default now(),
      closed_at timestamptz,
      closed_snapshot_id uuid references audit.disclosure_snapshots (id),
      published_on date,
      unique (jurisdiction_id, year, seq),
      constraint correction_orders_closed_complete check ((status = 'closed') = (closed_at is not null and closed_snapshot_id is not null and published_on is not null))
    )`.execute(db);
  await sql`create unique index correction_orders_one_open on audit.correction_orders (organization_id) where status = 'open'`.execute(db);
  await sql`create index correction_orders_jurisdiction on audit.correction_orders (jurisdiction_id, issued_at desc)`.execute(db);
  await sql`create index events_disclosure_changes on audit.events (event_type, occurred_at)`.execute(db);
  await sql`
    alter table audit.disclosure_scores
      add column completeness integer check (completeness between 0 and 100),
      add column timeliness integer check (timeliness between 0 and 100),
      add column accuracy integer check (accuracy between 0 and 100),
      add column inaccurate text[] not null default '{}',
      add column late integer not null default 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit.disclosure_scores drop column completeness, drop column timeliness, drop column accuracy, drop column inaccurate, drop column late`.execute(db);
  await sql`drop index audit.events_disclosure_changes`.execute(db);
  await sql`drop table audit.correction_orders, audit.correction_order_counters`.execute(db);
}
