import { sql, type Kysely } from 'kysely';

/**
 * Quota controls on units (DOMAIN.md, "Policy rules"), leadership posts and appointments, and what
 * the monthly figures need:
 * - `controls`: the bureau's hiring regime for a unit (one out one in, growth cap) and whether it is
 *   recorded as over quota (its vacancy account may then go below zero: 超编 is a recorded state);
 * - `penalties`: quota frozen or decreased for a period after a confirmed violation;
 * - `leadership_posts` / `appointments`: 领导职数 per unit and rank, and who holds them;
 * - `persons.retires_on`: the first day of the statutory retirement month, computed on entry;
 * - slots imported from an existing roll share one inventory transfer per unit and type.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger.controls (
      organization_id uuid not null,
      ledger text not null,
      jurisdiction_id uuid not null,
      regime text not null default 'none' check (regime in ('none', 'one_out_one_in', 'growth_cap')),
      over_quota boolean not null default false,
      document_number text,
      updated_by jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (organization_id, ledger)
    )`.execute(db);
  await sql`
    create table ledger.penalties (
      id uuid primary key,
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      ledger text not null,
      mode text not null check (mode in ('freeze', 'decrease')),
      amount integer not null check (amount between 1 and 10000),
      starts_on date not null,
      ends_on date not null,
      document_number text not null,
      reason text not null,
      transfer_id uuid not null references ledger.transfers (id),
      lifted_transfer_id uuid references ledger.transfers (id),
      lifted_on date,
      created_by jsonb not null,
      created_at timestamptz not null default now(),
      check (ends_on > starts_on)
    )`.execute(db);
  await sql`create index penalties_unit on ledger.penalties (organization_id, ledger)`.execute(db);

  await sql`
    create table ledger.leadership_posts (
      organization_id uuid not null,
      rank text not null check (rank in ('principal', 'deputy', 'dept_principal', 'dept_deputy')),
      jurisdiction_id uuid not null,
      posts integer not null check (posts between 0 and 200),
      document_number text,
      updated_at timestamptz not null default now(),
      primary key (organization_id, rank)
    )`.execute(db);
  await sql`
    create table ledger.appointments (
      id uuid primary key,
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      rank text not null check (rank in ('principal', 'deputy', 'dept_principal', 'dept_deputy')),
      person_id uuid not null references ledger.persons (id),
      title text not null check (length(btrim(title)) between 1 and 100),
      appointed_on date not null,
      document_number text,
      removed_on date,
      removal_id uuid unique,
      -- 超职数配备: allowed only when recorded as a violation with the audit service.
      beyond_posts boolean not null default false,
      violation_id uuid,
      check (not beyond_posts or violation_id is not null),
      check ((removed_on is null) = (removal_id is null))
    )`.execute(db);
  await sql`create unique index appointments_one_post_per_person on ledger.appointments (person_id) where removed_on is null`.execute(db);
  await sql`create index appointments_unit on ledger.appointments (organization_id, rank) where removed_on is null`.execute(db);

  await sql`alter table ledger.persons add column retires_on date`.execute(db);
  await sql`alter table ledger.slots add column imported boolean not null default false`.execute(db);
  // Talent introduction (人才引进) may borrow from the turnover pool; the slot remembers it, so the
  // place goes back to the pool when the person leaves.
  await sql`alter table ledger.plans add column source text not null default 'vacancy' check (source in ('vacancy', 'turnover'))`.execute(db);
  await sql`alter table ledger.plans add column turnover_account_id uuid references ledger.accounts (id)`.execute(db);
  await sql`alter table ledger.slots add column borrowed_from uuid references ledger.accounts (id)`.execute(db);
  // A turnover plan's place that went unused: the transfer that gave it back to the pool.
  await sql`alter table ledger.plan_reservations add column returned_by uuid references ledger.transfers (id)`.execute(db);
  await sql`alter table ledger.slots drop constraint slots_entry_transfer_id_key`.execute(db);
  await sql`create unique index slots_entry_transfer on ledger.slots (entry_transfer_id) where not imported`.execute(db);
  await sql`create index slots_entered on ledger.slots (jurisdiction_id, entered_on)`.execute(db);
  await sql`create index slots_exited on ledger.slots (jurisdiction_id, exited_on) where exited_on is not null`.execute(db);
  await sql`create index persons_retires on ledger.persons (retires_on)`.execute(db);
  await sql`create index persons_name on ledger.persons (name)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index ledger.slots_entry_transfer`.execute(db);
  await sql`alter table ledger.slots add constraint slots_entry_transfer_id_key unique (entry_transfer_id), drop column imported`.execute(db);
  await sql`drop index ledger.slots_entered, ledger.slots_exited`.execute(db);
  await sql`alter table ledger.persons drop column retires_on`.execute(db);
  await sql`alter table ledger.slots drop column borrowed_from`.execute(db);
  await sql`alter table ledger.plan_reservations drop column returned_by`.execute(db);
  await sql`alter table ledger.plans drop column source, drop column turnover_account_id`.execute(db);
  await sql`drop table ledger.appointments, ledger.leadership_posts, ledger.penalties, ledger.controls`.execute(db);
}
