import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // person_key: a keyed hash (HMAC) of the holder's national ID number, never the number itself;
  // two accounts with the same key are the same person (separation of duties compares persons).
  // must_change_password: set by an administrator's password reset, cleared when the holder sets
  // their own; until then the session may do nothing else.
  await sql`alter table identity."user"
    add column person_key text check (person_key ~ '^[0-9a-f]{64}$'),
    add column must_change_password boolean not null default false`.execute(db);
  await sql`create index user_person_key_idx on identity."user" (person_key) where person_key is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index identity.user_person_key_idx`.execute(db);
  await sql`alter table identity."user" drop column person_key, drop column must_change_password`.execute(db);
}
