import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema.withSchema('audit');
  await s
    .createTable('events')
    // The producer's outbox id: a redelivered event hits this key and is dropped.
    .addColumn('event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('aggregate_type', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'uuid')
    .addColumn('actor', 'jsonb', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`create index events_occurred on audit.events (occurred_at)`.execute(db);
  await sql`create index events_aggregate on audit.events (aggregate_type, aggregate_id)`.execute(db);

  // The chain head is one row; locking it serializes appends so the chain has no forks.
  await s
    .createTable('chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit.chain_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);

  await sql`
    create function audit.events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'the audit log is append-only'; end $$`.execute(db);
  await sql`create trigger events_append_only before update or delete on audit.events
    for each row execute function audit.events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('audit').dropTable('events').execute();
  await db.schema.withSchema('audit').dropTable('chain_head').execute();
  await sql`drop function audit.events_append_only`.execute(db);
}
