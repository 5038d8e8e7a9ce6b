import { sql, type Kysely } from 'kysely';
import { createOutboxTableV1 } from '../_shared/outbox-v1.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .withSchema('ledger')
    .createTable('accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // One ledger per quota type, so types can never mix.
    .addColumn('ledger', 'text', (c) => c.notNull().check(sql`ledger in ('administrative', 'political_legal', 'institution', 'organ_worker', 'filed_headcount')`))
    .addColumn('holder_kind', 'text', (c) => c.notNull().check(sql`holder_kind in ('organization', 'pool')`))
    .addColumn('holder_id', 'uuid', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('debits_pending', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`debits_pending >= 0`))
    .addColumn('debits_posted', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`debits_posted >= 0`))
    .addColumn('credits_pending', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`credits_pending >= 0`))
    .addColumn('credits_posted', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`credits_posted >= 0`))
    .addColumn('debits_must_not_exceed_credits', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('closed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('accounts_holder_ledger_kind', ['holder_id', 'ledger', 'kind'])
    .addCheckConstraint('accounts_debit_limit', sql`not debits_must_not_exceed_credits or debits_pending + debits_posted <= credits_posted`)
    .execute();
  await sql`create index accounts_jurisdiction on ledger.accounts (jurisdiction_id)`.execute(db);
  await createOutboxTableV1(db, 'ledger');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('ledger').dropTable('outbox').execute();
  await sql`drop function ledger.outbox_guard`.execute(db);
  await db.schema.withSchema('ledger').dropTable('accounts').execute();
}
