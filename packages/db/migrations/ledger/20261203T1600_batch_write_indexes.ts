import { sql, type Kysely } from 'kysely';

/**
 * Fewer index insertions per transfer, which were 40% of a batch's time in PostgreSQL (an
 * 8,000-transfer batch made about 60,000, each a descent of a B-tree).
 *
 * - `entries_as_of` (account, effective date) goes. A balance as of a date sums the account's entries
 *   effective by then, found through the primary key (account, version): for any recent date these
 *   are nearly all of the account's entries either way, and no other read uses the index.
 * - Transfers by batch and by document number are found through BRIN bloom indexes instead of
 *   B-trees. A batch's transfers, like a document's, are written together and lie together in the
 *   table, so a per-range summary finds them; it costs nothing to keep up as rows are added, where a
 *   B-tree took one insertion per transfer. Ranges are summarized as they fill (autosummarize).
 * - Accounts leave half of each page free (fillfactor 50), so that the new balance of an account
 *   fits beside the old one: a heap-only update, with no new entry in the account's four indexes.
 *   Only one update in seven was one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index ledger.entries_as_of`.execute(db);
  await sql`drop index ledger.transfers_batch, ledger.transfers_document`.execute(db);
  await sql`create index transfers_batch on ledger.transfers using brin (batch_id uuid_bloom_ops) with (autosummarize = on)`.execute(db);
  await sql`create index transfers_document on ledger.transfers using brin (document_number text_bloom_ops) with (autosummarize = on)`.execute(db);
  await sql`alter table ledger.accounts set (fillfactor = 50)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger.accounts reset (fillfactor)`.execute(db);
  await sql`drop index ledger.transfers_batch, ledger.transfers_document`.execute(db);
  await sql`create index transfers_document on ledger.transfers (document_number) where document_number is not null`.execute(db);
  await sql`create index transfers_batch on ledger.transfers (batch_id) where batch_id is not null`.execute(db);
  await sql`create index entries_as_of on ledger.entries (account_id, effective_date)`.execute(db);
}
