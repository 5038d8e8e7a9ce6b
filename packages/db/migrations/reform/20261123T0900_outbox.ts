import { sql, type Kysely } from 'kysely';
import { createOutboxTableV1 } from '../_shared/outbox-v1.js';

export async function up(db: Kysely<any>): Promise<void> {
  await createOutboxTableV1(db, 'reform');
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('reform').dropTable('outbox').execute();
  await sql`drop function reform.outbox_guard`.execute(db);
}
