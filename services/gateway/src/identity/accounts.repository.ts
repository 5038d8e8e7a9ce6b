import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Role } from '@bianzhi/domain/access';
import type { IdentityDb, IdentityTx } from './db.js';

export interface AccountRow {
  id: string;
  username: string;
  name: string;
  role: Role;
  jurisdictionId: string | null;
  organizationId: string | null;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  /** Keyed hash of the holder's national ID number, when one was given (never the number). */
  personKey: string | null;
  mustChangePassword: boolean;
  createdAt: Date;
}

const columns = ['id', 'username', 'name', 'role', 'jurisdictionId', 'organizationId', 'disabled', 'failed_logins', 'locked_until', 'person_key', 'must_change_password', 'createdAt'] as const;

type Row = {
  id: string;
  username: string | null;
  name: string;
  role: string;
  jurisdictionId: string | null;
  organizationId: string | null;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  person_key: string | null;
  must_change_password: boolean;
  createdAt: Date;
};

function toAccount(row: Row): AccountRow {
  return {
    id: row.id,
    username: row.username ?? '',
    name: row.name,
    role: row.role as Role,
    jurisdictionId: row.jurisdictionId,
    organizationId: row.organizationId,
    disabled: row.disabled,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until,
    personKey: row.person_key,
    mustChangePassword: row.must_change_password,
    createdAt: row.createdAt,
  };
}

export async function findAccountByUsername(db: IdentityDb | IdentityTx, username: string): Promise<AccountRow | null> {
  const row = await db.selectFrom('identity.user').select(columns).where('username', '=', username.toLowerCase()).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function findAccount(db: IdentityDb | IdentityTx, id: string, options: { forUpdate?: boolean } = {}): Promise<AccountRow | null> {
  let query = db.selectFrom('identity.user').select(columns).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function listAccounts(db: IdentityDb, jurisdictionIds: string[] | null, search?: string): Promise<AccountRow[]> {
  let query = db.selectFrom('identity.user').select(columns);
  if (jurisdictionIds) {
    if (jurisdictionIds.length === 0) return [];
    query = query.where('jurisdictionId', 'in', jurisdictionIds);
  }
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('username', 'like', pattern), eb('name', 'like', pattern)]));
  }
  return (await query.orderBy('username').limit(1_000).execute()).map(toAccount);
}

export interface NewAccount {
  username: string;
  name: string;
  passwordHash: string | null;
  role: Role;
  jurisdictionId: string | null;
  organizationId: string | null;
  personKey?: string | null;
  createdBy: string;
}

/** A better-auth user row plus, for people, a password credential (service accounts have none). */
export async function insertAccount(trx: IdentityTx, account: NewAccount): Promise<string> {
  const id = randomUUID();
  const username = account.username.toLowerCase();
  await trx
    .insertInto('identity.user')
    .values({
      id,
      name: account.name,
      email: `${username}@users.bianzhi.invalid`,
      emailVerified: true,
      username,
      displayUsername: account.username,
      role: account.role,
      jurisdictionId: account.jurisdictionId,
      organizationId: account.organizationId,
      person_key: account.personKey ?? null,
      created_by: account.createdBy,
    })
    .execute();
  if (account.passwordHash) {
    await trx
      .insertInto('identity.account')
      .values({ id: randomUUID(), accountId: id, providerId: 'credential', userId: id, password: account.passwordHash, updatedAt: new Date() })
      .execute();
  }
  return id;
}

export async function setPasswordHash(trx: IdentityTx, userId: string, passwordHash: string): Promise<void> {
  await trx.updateTable('identity.account').set({ password: passwordHash, updatedAt: new Date() }).where('userId', '=', userId).where('providerId', '=', 'credential').execute();
}

/** The account's password hash (argon2id), or null for accounts without a password credential. */
export async function findPasswordHash(db: IdentityDb | IdentityTx, userId: string): Promise<string | null> {
  const row = await db.selectFrom('identity.account').select('password').where('userId', '=', userId).where('providerId', '=', 'credential').executeTakeFirst();
  return row?.password ?? null;
}

export async function updateAccount(
  trx: IdentityTx,
  id: string,
  values: Partial<{ disabled: boolean; role: Role; jurisdictionId: string | null; organizationId: string | null; failedLogins: number; lockedUntil: Date | null; mustChangePassword: boolean }>,
): Promise<void> {
  await trx
    .updateTable('identity.user')
    .set({
      ...(values.disabled !== undefined ? { disabled: values.disabled } : {}),
      ...(values.role !== undefined ? { role: values.role } : {}),
      ...(values.jurisdictionId !== undefined ? { jurisdictionId: values.jurisdictionId } : {}),
      ...(values.organizationId !== undefined ? { organizationId: values.organizationId } : {}),
      ...(values.failedLogins !== undefined ? { failed_logins: values.failedLogins } : {}),
      ...(values.lockedUntil !== undefined ? { locked_until: values.lockedUntil } : {}),
      ...(values.mustChangePassword !== undefined ? { must_change_password: values.mustChangePassword } : {}),
      updatedAt: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Counts a failed sign-in; at `threshold` failures the account locks until `lockUntil`. */
export async function recordFailedLogin(db: IdentityDb, id: string, threshold: number, lockUntil: Date): Promise<{ locked: boolean }> {
  const row = await db
    .updateTable('identity.user')
    .set({
      failed_logins: sql<number>`case when failed_logins + 1 >= ${threshold} then 0 else failed_logins + 1 end`,
      locked_until: sql<Date | null>`case when failed_logins + 1 >= ${threshold} then ${lockUntil}::timestamptz else locked_until end`,
    })
    .where('id', '=', id)
    .returning(['locked_until'])
    .executeTakeFirst();
  return { locked: Boolean(row?.locked_until && row.locked_until > new Date()) };
}

export interface SessionRow {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

export async function listSessions(db: IdentityDb, userId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('identity.session')
    .select(['id', 'createdAt', 'expiresAt', 'ipAddress', 'userAgent'])
    .where('userId', '=', userId)
    .where('expiresAt', '>', new Date())
    .orderBy('createdAt', 'desc')
    .execute();
}

/**
 * Deletes sessions (one, all of a user's, or all but one); better-auth reads the table on every
 * request, so it takes effect at once.
 */
export async function deleteSessions(trx: IdentityDb | IdentityTx, userId: string, sessionId?: string, options: { except?: string | null } = {}): Promise<number> {
  let query = trx.deleteFrom('identity.session').where('userId', '=', userId);
  if (sessionId) query = query.where('id', '=', sessionId);
  if (options.except) query = query.where('id', '<>', options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
