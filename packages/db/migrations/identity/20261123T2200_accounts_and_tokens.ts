import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Account state the gateway enforces around better-auth's sign-in: disabling, lockout after
  // repeated failures, and who created or last changed the account.
  await sql`alter table identity."user"
    add column disabled boolean not null default false,
    add column failed_logins integer not null default 0 check (failed_logins >= 0),
    add column locked_until timestamptz,
    add column created_by text`.execute(db);
  await sql`create index user_jurisdiction_idx on identity."user" ("jurisdictionId")`.execute(db);

  // API tokens of service accounts: only a SHA-256 of the secret is kept; the prefix identifies it in lists.
  await db.schema
    .withSchema('identity')
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('identity.user.id'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 100`))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`create index api_tokens_user on identity.api_tokens (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('identity').dropTable('api_tokens').execute();
  await sql`drop index identity.user_jurisdiction_idx`.execute(db);
  await sql`alter table identity."user" drop column disabled, drop column failed_logins, drop column locked_until, drop column created_by`.execute(db);
}
