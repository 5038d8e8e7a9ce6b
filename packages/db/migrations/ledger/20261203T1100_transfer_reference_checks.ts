import { sql, type Kysely } from 'kysely';

/**
 * Transfers are checked against their accounts once per statement instead of once per row, as
 * entries already are (20261203T1000). A batch of 8,000 transfers made 16,000 row-level foreign-key
 * lookups, a third of its time in PostgreSQL; the statement-level check looks up each distinct
 * (account, quota type) pair once, about a thousand in that batch, and still refuses a transfer whose
 * account is missing or keeps another quota type. The entries' check, too, now looks up each distinct
 * transfer and account once.
 *
 * What the foreign keys also did, holding the accounts they name, is now said outright: accounts are
 * closed, never deleted, and their id and quota type never change. Triggers refuse both, so no
 * transfer or entry can lose its account, even to a concurrent transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function ledger.transfers_reference_check() returns trigger language plpgsql as $$
    begin
      if exists (
        select 1 from (select debit_account_id as id, ledger from new_transfers union select credit_account_id, ledger from new_transfers) r
        where not exists (select 1 from ledger.accounts a where a.id = r.id and a.ledger = r.ledger)
      ) then
        raise exception 'a transfer names an account that does not exist or keeps another quota type' using errcode = 'foreign_key_violation', table = 'transfers';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger transfers_reference_check after insert on ledger.transfers
    referencing new table as new_transfers for each statement execute function ledger.transfers_reference_check()`.execute(db);
  await sql`alter table ledger.transfers drop constraint transfers_debit_account_id_ledger_fkey, drop constraint transfers_credit_account_id_ledger_fkey`.execute(db);

  await sql`
    create or replace function ledger.entries_reference_check() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from (select distinct transfer_id from new_entries) e where not exists (select 1 from ledger.transfers t where t.id = e.transfer_id)) then
        raise exception 'an entry names a transfer that does not exist' using errcode = 'foreign_key_violation', table = 'entries';
      end if;
      if exists (select 1 from (select distinct account_id from new_entries) e where not exists (select 1 from ledger.accounts a where a.id = e.account_id)) then
        raise exception 'an entry names an account that does not exist' using errcode = 'foreign_key_violation', table = 'entries';
      end if;
      return null;
    end $$`.execute(db);

  await sql`
    create function ledger.accounts_stay() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'accounts are closed, never deleted' using errcode = 'restrict_violation', table = 'accounts';
      end if;
      raise exception 'an account keeps its id and quota type' using errcode = 'restrict_violation', table = 'accounts';
    end $$`.execute(db);
  await sql`create trigger accounts_no_delete before delete on ledger.accounts for each row execute function ledger.accounts_stay()`.execute(db);
  await sql`
    create trigger accounts_fixed_identity before update of id, ledger on ledger.accounts
    for each row when (old.id is distinct from new.id or old.ledger is distinct from new.ledger) execute function ledger.accounts_stay()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger accounts_fixed_identity on ledger.accounts`.execute(db);
  await sql`drop trigger accounts_no_delete on ledger.accounts`.execute(db);
  await sql`drop function ledger.accounts_stay`.execute(db);
  // The entries' check keeps its per-distinct-value form: it refuses exactly what the earlier one did.
  await sql`
    alter table ledger.transfers
      add foreign key (debit_account_id, ledger) references ledger.accounts (id, ledger),
      add foreign key (credit_account_id, ledger) references ledger.accounts (id, ledger)`.execute(db);
  await sql`drop trigger transfers_reference_check on ledger.transfers`.execute(db);
  await sql`drop function ledger.transfers_reference_check`.execute(db);
}
