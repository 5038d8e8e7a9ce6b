import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Role } from '@bianzhi/domain/access';
import { hashPassword } from '../auth/password.js';

export interface NewUser {
  username: string;
  name: string;
  password: string;
  role: Role;
  jurisdictionId: string | null;
  organizationId?: string | null;
}

/**
 * Creates a user with a password credential in better-auth's tables, unless the username exists.
 * Used by the dev seed and tests; user management proper comes with the identity service.
 */
export async function ensureUser(db: Kysely<unknown>, user: NewUser): Promise<{ id: string; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await sql<{ id: string }>`select id from identity."user" where username = ${user.username}`.execute(trx);
    if (existing.rows[0]) return { id: existing.rows[0].id, created: false };
    const id = randomUUID();
    const email = `${user.username}@users.bianzhi.invalid`;
    await sql`insert into identity."user" (id, name, email, "emailVerified", username, "displayUsername", role, "jurisdictionId", "organizationId")
      values (${id}, ${user.name}, ${email}, true, ${user.username}, ${user.username}, ${user.role}, ${user.jurisdictionId}, ${user.organizationId ?? null})`.execute(trx);
    await sql`insert into identity."account" (id, "accountId", "providerId", "userId", password, "updatedAt")
      values (${randomUUID()}, ${id}, 'credential', ${id}, ${await hashPassword(user.password)}, now())`.execute(trx);
    return { id, created: true };
  });
}
