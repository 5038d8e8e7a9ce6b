import { sql, type Kysely } from 'kysely';

/**
 * Violations found by supervision and audit (督查、审计), open until rectified. The registry and
 * the ledger refuse new approvals for a unit with an open one (问题整改与审批联动, 001/004).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit.violations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      title text not null check (length(btrim(title)) between 1 and 200),
      description text not null default '',
      rule_id text,
      status text not null default 'open' check (status in ('open', 'rectified')),
      recorded_by jsonb not null,
      recorded_at timestamptz not null default now(),
      rectified_by jsonb,
      rectified_at timestamptz,
      rectification text
    )`.execute(db);
  await sql`create index violations_open on audit.violations (organization_id) where status = 'open'`.execute(db);
  await sql`create index violations_jurisdiction on audit.violations (jurisdiction_id, recorded_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit.violations`.execute(db);
}
