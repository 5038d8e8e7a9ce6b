import { sql, type Kysely } from 'kysely';

/**
 * Supervision notices (机构编制督查通知书), talks (约谈) and the commitments made in them (001).
 * A notice is numbered per jurisdiction and year (〔2026〕3号) from a counter row that the issuing
 * transaction locks and bumps: a rolled-back issue gives its number back, so the numbers have no gaps.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit.notice_counters (
      jurisdiction_id uuid not null,
      year integer not null check (year between 1900 and 2200),
      last integer not null check (last >= 1),
      primary key (jurisdiction_id, year)
    )`.execute(db);
  await sql`
    create table audit.notices (
      id uuid primary key default gen_random_uuid(),
      jurisdiction_id uuid not null,
      organization_id uuid not null,
      organization_name text not null,
      year integer not null,
      seq integer not null check (seq >= 1),
      number text not null,
      violation_id uuid references audit.violations (id),
      problem text not null check (length(btrim(problem)) between 1 and 4000),
      requirement text not null check (length(btrim(requirement)) between 1 and 4000),
      deadline date not null,
      -- The unit's figures from the ledger on the day of issue, as the document prints them.
      figures jsonb not null default '[]',
      status text not null default 'issued' check (status in ('issued', 'acknowledged', 'closed')),
      issued_by jsonb not null,
      issued_at timestamptz not null default now(),
      acknowledged_by jsonb,
      acknowledged_at timestamptz,
      closed_by jsonb,
      closed_at timestamptz,
      conclusion text,
      unique (jurisdiction_id, year, seq),
      constraint notices_acknowledged_complete check ((status = 'issued') = (acknowledged_at is null)),
      constraint notices_closed_complete check ((status = 'closed') = (closed_at is not null))
    )`.execute(db);
  await sql`create index notices_organization on audit.notices (organization_id, issued_at desc)`.execute(db);
  await sql`create index notices_jurisdiction on audit.notices (jurisdiction_id, issued_at desc)`.execute(db);

  await sql`
    create table audit.talks (
      id uuid primary key default gen_random_uuid(),
      jurisdiction_id uuid not null,
      organization_id uuid not null,
      organization_name text not null,
      notice_id uuid references audit.notices (id),
      violation_id uuid references audit.violations (id),
      held_on date not null,
      participants jsonb not null,
      points text not null check (length(btrim(points)) between 1 and 4000),
      recorded_by jsonb not null,
      recorded_at timestamptz not null default now(),
      constraint talks_linked check ((notice_id is null) <> (violation_id is null))
    )`.execute(db);
  await sql`create index talks_organization on audit.talks (organization_id, held_on desc)`.execute(db);

  await sql`
    create table audit.commitments (
      id uuid primary key default gen_random_uuid(),
      talk_id uuid not null references audit.talks (id),
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      position integer not null,
      content text not null check (length(btrim(content)) between 1 and 1000),
      deadline date not null,
      status text not null default 'open' check (status in ('open', 'reported', 'done')),
      report text,
      reported_by jsonb,
      reported_at timestamptz,
      confirmed_by jsonb,
      confirmed_at timestamptz,
      unique (talk_id, position),
      constraint commitments_confirmed_complete check ((status = 'done') = (confirmed_at is not null))
    )`.execute(db);
  await sql`create index commitments_organization on audit.commitments (organization_id, deadline) where status <> 'done'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit.commitments`.execute(db);
  await sql`drop table audit.talks`.execute(db);
  await sql`drop table audit.notices`.execute(db);
  await sql`drop table audit.notice_counters`.execute(db);
}
