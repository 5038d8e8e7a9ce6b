import type { IdentityDb, IdentityTx } from './db.js';

export interface TokenRow {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const columns = ['id', 'user_id', 'name', 'prefix', 'created_by', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'] as const;
type Row = { id: string; user_id: string; name: string; prefix: string; created_by: string; created_at: Date; expires_at: Date; last_used_at: Date | null; revoked_at: Date | null };

const toToken = (row: Row): TokenRow => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  prefix: row.prefix,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export async function insertToken(trx: IdentityTx, token: { userId: string; name: string; prefix: string; tokenHash: string; createdBy: string; expiresAt: Date }): Promise<TokenRow> {
  const row = await trx
    .insertInto('identity.api_tokens')
    .values({ user_id: token.userId, name: token.name, prefix: token.prefix, token_hash: token.tokenHash, created_by: token.createdBy, expires_at: token.expiresAt })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toToken(row);
}

export async function listTokens(db: IdentityDb, userIds: string[]): Promise<TokenRow[]> {
  if (userIds.length === 0) return [];
  return (await db.selectFrom('identity.api_tokens').select(columns).where('user_id', 'in', userIds).orderBy('created_at', 'desc').execute()).map(toToken);
}

export async function findToken(db: IdentityDb | IdentityTx, id: string): Promise<TokenRow | null> {
  const row = await db.selectFrom('identity.api_tokens').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? toToken(row) : null;
}

export async function revokeTokens(trx: IdentityDb | IdentityTx, filter: { id?: string; userId?: string }): Promise<void> {
  let query = trx.updateTable('identity.api_tokens').set({ revoked_at: new Date() }).where('revoked_at', 'is', null);
  if (filter.id) query = query.where('id', '=', filter.id);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  await query.execute();
}

/** The live token with this hash and its account, or null (unknown, revoked, expired, account disabled). */
export async function findActiveTokenByHash(db: IdentityDb, tokenHash: string) {
  const row = await db
    .selectFrom('identity.api_tokens as t')
    .innerJoin('identity.user as u', 'u.id', 't.user_id')
    .select(['t.id as tokenId', 'u.id as userId', 'u.name', 'u.role', 'u.jurisdictionId', 'u.organizationId'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', new Date())
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (row) await db.updateTable('identity.api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.tokenId).execute();
  return row ?? null;
}
