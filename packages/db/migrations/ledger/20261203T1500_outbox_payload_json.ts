import { sql, type Kysely } from 'kysely';

/**
 * The ledger's outbox keeps payloads as `json`, the text as written, instead of `jsonb`. The ledger
 * only writes them and the relay only reads them back to deliver; the audit log, which queries
 * events, keeps its own `jsonb` copy. Turning a batch event's 2 MB of JSON into `jsonb` took 20–25 ms
 * of the batch's time in PostgreSQL; checking that it is JSON takes a few. Still stored uncompressed
 * (20261203T1400).
 *
 * The guard that keeps events immutable compares payloads as text (`json` has no equality), and runs
 * only for an UPDATE that sets one of the event's own columns: marking an event delivered no longer
 * reads its megabytes back twice to find them unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger.outbox alter column payload type json using payload::json, alter column payload set storage external`.execute(db);
  await sql`
    create or replace function ledger.outbox_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then raise exception 'outbox rows are never deleted'; end if;
      if new.id <> old.id or new.event_type <> old.event_type or new.payload::text <> old.payload::text
         or new.actor <> old.actor or new.occurred_at <> old.occurred_at then
        raise exception 'outbox events are immutable';
      end if;
      return new;
    end $$`.execute(db);
  await sql`drop trigger outbox_guard on ledger.outbox`.execute(db);
  await sql`create trigger outbox_guard before update of id, event_type, payload, actor, occurred_at or delete on ledger.outbox
    for each row execute function ledger.outbox_guard()`.execute(db);
}

/** The guard compares payloads as text, which holds for `jsonb` too: it stays, on every UPDATE again. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger outbox_guard on ledger.outbox`.execute(db);
  await sql`alter table ledger.outbox alter column payload type jsonb using payload::jsonb, alter column payload set storage external`.execute(db);
  await sql`create trigger outbox_guard before update or delete on ledger.outbox for each row execute function ledger.outbox_guard()`.execute(db);
}
