import { sql, type Kysely } from 'kysely';

/**
 * Reform steps: what a reform project's execution did to the ledger, in one row per step, so that
 * a retried step applies nothing twice and a cancelled project is reversed by new transfers from
 * exactly what was applied (never by editing history).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger.reform_steps (
      id uuid primary key,
      project_id text not null,
      request_hash text not null,
      applied jsonb not null,
      reverses uuid references ledger.reform_steps (id),
      reversed_by uuid references ledger.reform_steps (id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index reform_steps_project on ledger.reform_steps (project_id)`.execute(db);
  await sql`create unique index reform_steps_reversed_once on ledger.reform_steps (reverses) where reverses is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.reform_steps`.execute(db);
}
