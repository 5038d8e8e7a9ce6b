import { sql, type Kysely } from 'kysely';

/**
 * The outbox table every service schema carries (version 1). Frozen: a later change to the
 * outbox shape gets a new helper and a new migration, so old migrations stay what they were.
 */
export async function createOutboxTableV1(db: Kysely<any>, schema: string): Promise<void> {
  await db.schema
    .withSchema(schema)
    .createTable('outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('aggregate_type', 'text', (c) => c.notNull())
    .addColumn('aggregate_id', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'uuid')
    .addColumn('actor', 'jsonb', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .execute();
  await sql`create index outbox_undelivered on ${sql.table(`${schema}.outbox`)} (seq) where delivered_at is null`.execute(db);
  // The event itself is immutable; only the delivery mark may change, and nothing is deleted.
  await sql`
    create function ${sql.table(`${schema}.outbox_guard`)}() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then raise exception 'outbox rows are never deleted'; end if;
      if new.id <> old.id or new.event_type <> old.event_type or new.payload <> old.payload
         or new.actor <> old.actor or new.occurred_at <> old.occurred_at then
        raise exception 'outbox events are immutable';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger outbox_guard before update or delete on ${sql.table(`${schema}.outbox`)}
    for each row execute function ${sql.table(`${schema}.outbox_guard`)}()`.execute(db);
}
