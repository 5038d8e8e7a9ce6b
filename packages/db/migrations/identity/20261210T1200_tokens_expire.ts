import { sql, type Kysely } from 'kysely';

/**
 * API tokens always expire, at most two years after they were issued (issue 20). A token issued
 * without an end gets one two years after its issue (one older than that is expired at once). The check allows a day beyond the two years for clocks that differ between the gateway and the database.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update identity.api_tokens set expires_at = created_at + interval '730 days' where expires_at is null or expires_at > created_at + interval '730 days'`.execute(db);
  await sql`alter table identity.api_tokens
    alter column expires_at set not null,
    add constraint api_token_expires_within_two_years check (expires_at <= created_at + interval '731 days')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table identity.api_tokens drop constraint api_token_expires_within_two_years, alter column expires_at drop not null`.execute(db);
}
