import { sql, type Kysely } from 'kysely';
import { createOutboxTableV1 } from '../_shared/outbox-v1.js';

export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema.withSchema('registry');
  await s
    .createTable('jurisdictions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('parent_id', 'uuid', (c) => c.references('registry.jurisdictions.id'))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('city', 'district', 'township')`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 100`))
    // Materialized path of ids, '/<city>/<district>/<self>/', so a subtree is one prefix match.
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`create index jurisdictions_path on registry.jurisdictions (path text_pattern_ops)`.execute(db);
  await sql`create index jurisdictions_parent on registry.jurisdictions (parent_id)`.execute(db);

  await s
    .createTable('organizations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('registry.jurisdictions.id'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 200`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('organ', 'institution', 'dispatched', 'internal')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned').check(sql`status in ('planned', 'active', 'merging', 'abolished', 'delegated', 'converted')`))
    // Set by cross-service commands (workflows) so that a retried step creates nothing twice.
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`create index organizations_jurisdiction on registry.organizations (jurisdiction_id)`.execute(db);

  await createOutboxTableV1(db, 'registry');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('registry').dropTable('outbox').execute();
  await sql`drop function registry.outbox_guard`.execute(db);
  await db.schema.withSchema('registry').dropTable('organizations').execute();
  await db.schema.withSchema('registry').dropTable('jurisdictions').execute();
}
