import { sql, type Kysely } from 'kysely';

/**
 * The real-name roll (实名制): people, and the slots they hold. A slot is entered by posting a
 * staffing-use reservation and left by a transfer back to the unit's vacancies; one person holds at
 * most one open slot in the whole city (a partial unique index).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger.persons (
      id uuid primary key default gen_random_uuid(),
      id_number text not null unique check (id_number ~ '^[0-9]{17}[0-9X]$'),
      name text not null check (length(btrim(name)) between 1 and 50),
      sex text not null check (sex in ('male', 'female')),
      birth_date date not null,
      education text not null default '',
      post_category text not null check (post_category in ('management', 'professional', 'worker')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table ledger.slots (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references ledger.persons (id),
      organization_id uuid not null,
      jurisdiction_id uuid not null,
      ledger text not null,
      occupied_account_id uuid not null,
      vacant_account_id uuid not null,
      entry_kind text not null check (entry_kind in ('exam', 'transfer_in', 'military', 'talent')),
      entry_transfer_id uuid not null unique references ledger.transfers (id),
      entered_on date not null,
      exit_kind text check (exit_kind in ('retirement', 'resignation', 'transfer_out', 'death', 'dismissal')),
      exit_transfer_id uuid unique references ledger.transfers (id),
      exited_on date,
      check ((exit_kind is null) = (exit_transfer_id is null) and (exit_kind is null) = (exited_on is null)),
      foreign key (occupied_account_id, ledger) references ledger.accounts (id, ledger),
      foreign key (vacant_account_id, ledger) references ledger.accounts (id, ledger)
    )`.execute(db);
  await sql`create unique index slots_one_open_per_person on ledger.slots (person_id) where exit_kind is null`.execute(db);
  await sql`create index slots_organization on ledger.slots (organization_id) where exit_kind is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.slots, ledger.persons`.execute(db);
}
