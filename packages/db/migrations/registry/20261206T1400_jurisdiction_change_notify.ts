import { sql, type Kysely } from 'kysely';

/**
 * The services that keep a caller's jurisdictions for a few seconds (the ledger, audit) listen on
 * `bianzhi_jurisdictions` and forget them when the tree changes, so a jurisdiction just created is
 * never answered as out of scope to its creator (docs/decisions.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function registry.notify_jurisdictions_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('bianzhi_jurisdictions', '');
      return null;
    end $$`.execute(db);
  await sql`create trigger jurisdictions_changed after insert or update or delete on registry.jurisdictions for each statement execute function registry.notify_jurisdictions_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger jurisdictions_changed on registry.jurisdictions`.execute(db);
  await sql`drop function registry.notify_jurisdictions_changed`.execute(db);
}
