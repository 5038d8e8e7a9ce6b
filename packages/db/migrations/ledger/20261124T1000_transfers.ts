import { sql, type Kysely } from 'kysely';

/**
 * Transfers, their per-account entries and the resolution of pending transfers (LEDGER.md).
 * Transfers, entries and resolutions are append-only: triggers refuse UPDATE and DELETE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger.accounts add constraint accounts_id_ledger unique (id, ledger)`.execute(db);
  await sql`alter table ledger.accounts add column updated_at timestamptz not null default now()`.execute(db);
  await sql`
    create table ledger.transfers (
      id uuid primary key,
      ledger text not null,
      kind text not null check (kind in ('single', 'pending', 'post', 'void', 'expire')),
      code text not null check (length(code) between 1 and 40),
      debit_account_id uuid not null,
      credit_account_id uuid not null,
      amount bigint not null check (amount > 0),
      pending_id uuid references ledger.transfers (id),
      timeout_at timestamptz,
      document_number text,
      effective_date date not null,
      approval_ref text,
      actor jsonb not null,
      -- Hash of the request body: a retry with the same id and body returns this transfer, a different body is refused.
      request_hash text not null,
      batch_id uuid,
      created_at timestamptz not null default now(),
      check (debit_account_id <> credit_account_id),
      check ((kind in ('post', 'void', 'expire')) = (pending_id is not null)),
      foreign key (debit_account_id, ledger) references ledger.accounts (id, ledger),
      foreign key (credit_account_id, ledger) references ledger.accounts (id, ledger)
    )`.execute(db);
  await sql`create index transfers_debit on ledger.transfers (debit_account_id, created_at)`.execute(db);
  await sql`create index transfers_credit on ledger.transfers (credit_account_id, created_at)`.execute(db);
  await sql`create index transfers_open_pending on ledger.transfers (timeout_at) where kind = 'pending' and timeout_at is not null`.execute(db);

  // At most one resolution per pending transfer: the primary key is the guarantee.
  await sql`
    create table ledger.pending_resolutions (
      pending_id uuid primary key references ledger.transfers (id),
      resolved_by uuid not null unique references ledger.transfers (id),
      resolution text not null check (resolution in ('posted', 'voided', 'expired')),
      amount bigint not null check (amount > 0)
    )`.execute(db);

  // One row per account per transfer: the change and the balances after it, with a gapless version.
  await sql`
    create table ledger.entries (
      account_id uuid not null references ledger.accounts (id),
      version integer not null check (version >= 1),
      transfer_id uuid not null references ledger.transfers (id),
      effective_date date not null,
      d_debits_pending bigint not null,
      d_debits_posted bigint not null,
      d_credits_pending bigint not null,
      d_credits_posted bigint not null,
      debits_pending bigint not null,
      debits_posted bigint not null,
      credits_pending bigint not null,
      credits_posted bigint not null,
      created_at timestamptz not null default now(),
      primary key (account_id, version)
    )`.execute(db);
  await sql`create index entries_transfer on ledger.entries (transfer_id)`.execute(db);
  await sql`create index entries_as_of on ledger.entries (account_id, effective_date)`.execute(db);

  await sql`
    create function ledger.append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger.% is append-only', tg_table_name using errcode = 'restrict_violation';
    end $$`.execute(db);
  for (const table of ['transfers', 'pending_resolutions', 'entries']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.table(`ledger.${table}`)} for each row execute function ledger.append_only()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ledger.entries, ledger.pending_resolutions, ledger.transfers`.execute(db);
  await sql`drop function ledger.append_only`.execute(db);
  await sql`alter table ledger.accounts drop constraint accounts_id_ledger, drop column updated_at`.execute(db);
}
