import { sql, type Kysely } from 'kysely';

/**
 * 涉密岗位 (issue 25, named-roll publication): a person on the roll may hold a classified post. Such
 * a person never appears in the public named roll; the flag is the roll entry's (the slot's), set
 * by the roll's writers with an audit event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger.slots add column classified_post boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table ledger.slots drop column classified_post`.execute(db);
}
