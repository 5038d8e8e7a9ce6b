import { sql, type Kysely } from 'kysely';

/**
 * The ledger's outbox keeps its payloads uncompressed. A batch of 8,000 transfers writes one event of
 * about 2.8 MB; PostgreSQL's built-in compression (pglz: this server has no lz4) took 45–55 ms of
 * the batch's statement to squeeze it to 1 MB, storing it whole takes about 20. Outbox rows are
 * delivered within a second and the audit log, which keeps them for good, still compresses its copy.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger.outbox alter column payload set storage external`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger.outbox alter column payload set storage extended`.execute(db);
}
