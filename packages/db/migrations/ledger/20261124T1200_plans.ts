import { sql, type Kysely } from 'kysely';

/**
 * Staffing-use plans (用编计划, "approve before hiring", 001): a unit files how many places it will
 * fill by when; the bureau approves, which reserves that many vacancies (one pending transfer per
 * place, expiring at the plan's end); entries post them; cancelling voids what is left.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger.plans (
      id uuid primary key,
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      ledger text not null,
      vacant_account_id uuid not null,
      occupied_account_id uuid not null,
      places integer not null check (places between 1 and 1000),
      ends_on date not null,
      reason text not null check (length(btrim(reason)) between 1 and 1000),
      status text not null default 'filed' check (status in ('filed', 'approved', 'rejected', 'cancelled')),
      filed_by jsonb not null,
      filed_at timestamptz not null default now(),
      decided_by jsonb,
      decided_at timestamptz,
      decision_note text,
      foreign key (vacant_account_id, ledger) references ledger.accounts (id, ledger),
      foreign key (occupied_account_id, ledger) references ledger.accounts (id, ledger)
    )`.execute(db);
  await sql`create index plans_jurisdiction on ledger.plans (jurisdiction_id, status)`.execute(db);
  await sql`
    create table ledger.plan_reservations (
      plan_id uuid not null references ledger.plans (id),
      place integer not null,
      transfer_id uuid not null unique references ledger.transfers (id),
      primary key (plan_id, place)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.plan_reservations, ledger.plans`.execute(db);
}
