import { sql, type Kysely } from 'kysely';

/**
 * The indexes on transfers follow what is read, not what is written. Transfers by account were
 * indexed twice, by debit and by credit account: 16,000 index insertions in a batch of 8,000, a
 * sixth of its time in PostgreSQL, for a listing that the entries answer as well (every transfer has
 * an entry on each of its accounts, and entries are keyed by account). Listing by document number
 * scanned the whole table, and a batch's transfers could not be listed at all: both get a partial
 * index, which costs nothing for the transfers without one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index ledger.transfers_debit, ledger.transfers_credit`.execute(db);
  await sql`create index transfers_document on ledger.transfers (document_number) where document_number is not null`.execute(db);
  await sql`create index transfers_batch on ledger.transfers (batch_id) where batch_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index ledger.transfers_batch, ledger.transfers_document`.execute(db);
  await sql`create index transfers_debit on ledger.transfers (debit_account_id, created_at)`.execute(db);
  await sql`create index transfers_credit on ledger.transfers (credit_account_id, created_at)`.execute(db);
}
