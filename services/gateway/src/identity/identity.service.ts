import { createHash, randomBytes } from 'node:crypto';
import type { CreateUserInput, SessionDto, TokenDto, UserDto } from '@bianzhi/contracts/identity';
import { canGrantRole, outranks, type Principal, type Role } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { checkPasswordPolicy } from '@bianzhi/domain/password-policy';
import { appendOutboxEvent, type OutboxEventInput } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { personKeyOf } from './person-key.js';
import type { IdentityDb, IdentityTx } from './db.js';
import * as accounts from './accounts.repository.js';
import * as tokens from './tokens.repository.js';

/** What the identity rules need from outside: the registry's view of the caller's jurisdiction subtree. */
export interface IdentityDeps {
  db: IdentityDb;
  /** Ids of the jurisdictions `principal` may see (null: all), as the registry computes them. */
  jurisdictionsInScope(principal: Principal): Promise<string[] | null>;
  /** The organization as the registry shows it to `principal`; null when it does not exist or lies outside their scope. */
  organizationOf(principal: Principal, organizationId: string): Promise<{ id: string; jurisdictionId: string } | null>;
  /** Ids of `rootId` and every jurisdiction below it, as the registry shows them to `principal`. */
  jurisdictionSubtree(principal: Principal, rootId: string): Promise<string[]>;
  /** Key of the keyed hash that turns a national ID number into a person id (PERSON_KEY_SECRET). */
  personKeySecret: string;
}

function toUserDto(account: accounts.AccountRow): UserDto {
  return {
    id: account.id,
    username: account.username,
    name: account.name,
    role: account.role as UserDto['role'],
    jurisdictionId: account.jurisdictionId,
    organizationId: account.organizationId,
    disabled: account.disabled,
    locked: Boolean(account.lockedUntil && account.lockedUntil > new Date()),
    mustChangePassword: account.mustChangePassword,
    createdAt: account.createdAt,
  };
}

export function identityEvent(principal: Principal | null, type: string, aggregateId: string, payload: Record<string, unknown>, jurisdictionId?: string | null): OutboxEventInput {
  return {
    type: `identity.${type}`,
    aggregateType: 'user',
    aggregateId,
    jurisdictionId: jurisdictionId ?? null,
    actor: principal ? auditActorOf(principal) : { kind: 'system', id: 'anonymous' },
    payload,
  };
}

async function assertJurisdictionInScope(deps: IdentityDeps, principal: Principal, jurisdictionId: string | null): Promise<void> {
  const visible = await deps.jurisdictionsInScope(principal);
  if (visible === null) return;
  if (!jurisdictionId || !visible.includes(jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${jurisdictionId} outside the caller's scope`);
}

/** The account, if it exists and lies inside the caller's scope (else NOT_FOUND / OUT_OF_SCOPE). */
async function accountInScope(deps: IdentityDeps, principal: Principal, id: string, trx?: IdentityTx): Promise<accounts.AccountRow> {
  const account = await accounts.findAccount(trx ?? deps.db, id, { forUpdate: Boolean(trx) });
  if (!account) throw new DomainError('NOT_FOUND', `user ${id}`);
  await assertJurisdictionInScope(deps, principal, account.jurisdictionId);
  return account;
}

/**
 * A user's unit must exist and lie in the user's jurisdiction subtree (which lies in the caller's):
 * otherwise a township admin could bind a department user to any unit of the city. Asked of the
 * registry as the caller, so a unit the caller cannot see counts as absent.
 */
async function assertOrganizationInJurisdiction(deps: IdentityDeps, principal: Principal, organizationId: string | null, jurisdictionId: string): Promise<void> {
  if (!organizationId) return;
  const organization = await deps.organizationOf(principal, organizationId);
  if (!organization || !(await deps.jurisdictionSubtree(principal, jurisdictionId)).includes(organization.jurisdictionId)) {
    throw new DomainError('ORGANIZATION_OUTSIDE_JURISDICTION', `organization ${organizationId} is not in jurisdiction ${jurisdictionId}'s subtree`);
  }
}

function assertGrantable(principal: Principal, role: Role): void {
  if (!canGrantRole(principal, role)) throw new DomainError('ROLE_NOT_GRANTABLE', `${principal.roles.join(',')} cannot grant ${role}`);
}

export async function createUser(deps: IdentityDeps, principal: Principal, input: CreateUserInput): Promise<UserDto> {
  assertGrantable(principal, input.role);
  await assertJurisdictionInScope(deps, principal, input.jurisdictionId);
  await assertOrganizationInJurisdiction(deps, principal, input.organizationId, input.jurisdictionId);
  const personKey = input.idNumber ? personKeyOf(deps.personKeySecret, input.idNumber) : null;
  const isServiceAccount = input.role === 'service';
  if (!isServiceAccount) {
    if (!input.password) throw new DomainError('PASSWORD_TOO_WEAK', 'a person needs a password');
    checkPasswordPolicy(input.password, input.username);
  }
  const passwordHash = !isServiceAccount && input.password ? await hashPassword(input.password) : null;
  return deps.db.transaction().execute(async (trx) => {
    if (await accounts.findAccountByUsername(trx, input.username)) throw new DomainError('USERNAME_TAKEN', input.username);
    const { idNumber: _idNumber, ...account } = input;
    const id = await accounts.insertAccount(trx, { ...account, personKey, passwordHash, createdBy: principal.id });
    const created = (await accounts.findAccount(trx, id))!;
    await appendOutboxEvent(trx, 'identity', identityEvent(principal, 'user.created', id, { after: toUserDto(created) }, created.jurisdictionId));
    return toUserDto(created);
  });
}

export async function listUsers(deps: IdentityDeps, principal: Principal, search?: string): Promise<UserDto[]> {
  return (await accounts.listAccounts(deps.db, await deps.jurisdictionsInScope(principal), search)).map(toUserDto);
}

export async function getUser(deps: IdentityDeps, principal: Principal, id: string): Promise<UserDto> {
  return toUserDto(await accountInScope(deps, principal, id));
}

/** Disabling also ends every session and revokes every API token of the account, at once. */
export async function setUserDisabled(deps: IdentityDeps, principal: Principal, id: string, disabled: boolean): Promise<UserDto> {
  if (id === principal.id) throw new DomainError('FORBIDDEN', 'cannot disable or enable oneself');
  return deps.db.transaction().execute(async (trx) => {
    const account = await accountInScope(deps, principal, id, trx);
    assertGrantable(principal, account.role);
    await accounts.updateAccount(trx, id, { disabled, ...(disabled ? {} : { failedLogins: 0, lockedUntil: null }) });
    if (disabled) {
      await accounts.deleteSessions(trx, id);
      await tokens.revokeTokens(trx, { userId: id });
    }
    await appendOutboxEvent(trx, 'identity', identityEvent(principal, disabled ? 'user.disabled' : 'user.enabled', id, { before: { disabled: account.disabled }, after: { disabled } }, account.jurisdictionId));
    return toUserDto((await accounts.findAccount(trx, id))!);
  });
}

/**
 * Whoever resets a password can sign in as its holder, so only a strictly higher standing may, and
 * the holder must set a password of their own at the next sign-in (until then the session can do
 * nothing else; see the gateway's proxy).
 */
export async function resetPassword(deps: IdentityDeps, principal: Principal, id: string, password: string): Promise<UserDto> {
  const target = await accountInScope(deps, principal, id);
  if (target.role === 'service') throw new DomainError('VALIDATION_FAILED', 'service accounts have no password');
  if (!outranks(principal, { roles: [target.role] })) throw new DomainError('RESET_NOT_ALLOWED', `${principal.roles.join(',')} cannot reset the password of a ${target.role}`);
  assertGrantable(principal, target.role);
  checkPasswordPolicy(password, target.username);
  const passwordHash = await hashPassword(password);
  return deps.db.transaction().execute(async (trx) => {
    await accountInScope(deps, principal, id, trx);
    await accounts.setPasswordHash(trx, id, passwordHash);
    await accounts.updateAccount(trx, id, { failedLogins: 0, lockedUntil: null, mustChangePassword: true });
    await accounts.deleteSessions(trx, id);
    await appendOutboxEvent(trx, 'identity', identityEvent(principal, 'user.password_reset', id, { mustChangePassword: true }, target.jurisdictionId));
    return toUserDto((await accounts.findAccount(trx, id))!);
  });
}

export async function assignRole(deps: IdentityDeps, principal: Principal, input: { id: string; role: Role; jurisdictionId: string; organizationId: string | null }): Promise<UserDto> {
  if (input.id === principal.id) throw new DomainError('FORBIDDEN', 'cannot change one’s own role');
  assertGrantable(principal, input.role);
  await assertJurisdictionInScope(deps, principal, input.jurisdictionId);
  await assertOrganizationInJurisdiction(deps, principal, input.organizationId, input.jurisdictionId);
  return deps.db.transaction().execute(async (trx) => {
    const account = await accountInScope(deps, principal, input.id, trx);
    assertGrantable(principal, account.role);
    if ((account.role === 'service') !== (input.role === 'service')) throw new DomainError('VALIDATION_FAILED', 'a person cannot become a service account or the reverse');
    await accounts.updateAccount(trx, input.id, { role: input.role, jurisdictionId: input.jurisdictionId, organizationId: input.organizationId });
    // New rights take effect at the next sign-in; old sessions carry the old ones, so end them.
    await accounts.deleteSessions(trx, input.id);
    const before = { role: account.role, jurisdictionId: account.jurisdictionId, organizationId: account.organizationId };
    const after = { role: input.role, jurisdictionId: input.jurisdictionId, organizationId: input.organizationId };
    await appendOutboxEvent(trx, 'identity', identityEvent(principal, 'user.role_assigned', input.id, { before, after }, input.jurisdictionId));
    return toUserDto((await accounts.findAccount(trx, input.id))!);
  });
}

export async function listOwnSessions(deps: IdentityDeps, principal: Principal, currentSessionId: string | null): Promise<SessionDto[]> {
  return (await accounts.listSessions(deps.db, principal.id)).map((s) => ({ ...s, current: s.id === currentSessionId }));
}

export async function revokeOwnSessions(deps: IdentityDeps, principal: Principal, sessionId?: string): Promise<{ revoked: number }> {
  return deps.db.transaction().execute(async (trx) => {
    const revoked = await accounts.deleteSessions(trx, principal.id, sessionId);
    await appendOutboxEvent(trx, 'identity', identityEvent(principal, sessionId ? 'session.revoked' : 'session.revoked_all', principal.id, { sessionId: sessionId ?? null, revoked }, principal.jurisdictionId));
    return { revoked };
  });
}

/** What identity.me adds to the principal: whether the holder must set a new password first. */
export async function ownAccountState(deps: IdentityDeps, principal: Principal): Promise<{ mustChangePassword: boolean }> {
  const account = await accounts.findAccount(deps.db, principal.id);
  return { mustChangePassword: account?.mustChangePassword ?? false };
}

/**
 * One's own password: the current one must be right, the new one must differ from it and meet
 * the policy. Clears the must-change flag and ends every other session of the account (someone
 * who knew the old password may be signed in elsewhere); the current session stays.
 */
export async function changeOwnPassword(deps: IdentityDeps, principal: Principal, currentSessionId: string | null, input: { currentPassword: string; newPassword: string }): Promise<{ revokedSessions: number }> {
  const account = await accounts.findAccount(deps.db, principal.id);
  if (!account || account.role === 'service') throw new DomainError('VALIDATION_FAILED', 'service accounts have no password');
  const stored = await accounts.findPasswordHash(deps.db, principal.id);
  if (!stored || !(await verifyPassword({ hash: stored, password: input.currentPassword }))) throw new DomainError('CURRENT_PASSWORD_WRONG', `wrong current password for ${principal.id}`);
  if (input.newPassword === input.currentPassword) throw new DomainError('PASSWORD_UNCHANGED', 'the new password equals the current one');
  checkPasswordPolicy(input.newPassword, account.username);
  const passwordHash = await hashPassword(input.newPassword);
  return deps.db.transaction().execute(async (trx) => {
    await accounts.findAccount(trx, principal.id, { forUpdate: true });
    await accounts.setPasswordHash(trx, principal.id, passwordHash);
    await accounts.updateAccount(trx, principal.id, { mustChangePassword: false });
    const revokedSessions = await accounts.deleteSessions(trx, principal.id, undefined, { except: currentSessionId });
    await appendOutboxEvent(trx, 'identity', identityEvent(principal, 'user.password_changed', principal.id, { afterReset: account.mustChangePassword, revokedSessions }, account.jurisdictionId));
    return { revokedSessions };
  });
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates an API token for a service account in scope; the secret is returned once and only its hash is kept. */
export async function createToken(deps: IdentityDeps, principal: Principal, input: { userId: string; name: string; expiresInDays: number }): Promise<{ token: string; info: TokenDto }> {
  const account = await accountInScope(deps, principal, input.userId);
  if (account.role !== 'service') throw new DomainError('VALIDATION_FAILED', 'API tokens belong to service accounts');
  if (account.disabled) throw new DomainError('ACCOUNT_DISABLED');
  const prefix = randomBytes(4).toString('hex');
  const token = `bzt_${prefix}_${randomBytes(24).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  return deps.db.transaction().execute(async (trx) => {
    const info = await tokens.insertToken(trx, { userId: account.id, name: input.name, prefix, tokenHash: hashToken(token), createdBy: principal.id, expiresAt });
    await appendOutboxEvent(trx, 'identity', identityEvent(principal, 'token.created', account.id, { tokenId: info.id, name: info.name, prefix, expiresAt }, account.jurisdictionId));
    return { token, info };
  });
}

export async function listTokensInScope(deps: IdentityDeps, principal: Principal): Promise<TokenDto[]> {
  const serviceAccounts = (await accounts.listAccounts(deps.db, await deps.jurisdictionsInScope(principal))).filter((a) => a.role === 'service');
  return tokens.listTokens(deps.db, serviceAccounts.map((a) => a.id));
}

export async function revokeToken(deps: IdentityDeps, principal: Principal, id: string): Promise<TokenDto> {
  const token = await tokens.findToken(deps.db, id);
  if (!token) throw new DomainError('NOT_FOUND', `token ${id}`);
  const account = await accountInScope(deps, principal, token.userId);
  return deps.db.transaction().execute(async (trx) => {
    await tokens.revokeTokens(trx, { id });
    await appendOutboxEvent(trx, 'identity', identityEvent(principal, 'token.revoked', account.id, { tokenId: id, prefix: token.prefix }, account.jurisdictionId));
    return (await tokens.findToken(trx, id))!;
  });
}

/**
 * For seeds and first-time setup, where no signed-in granter exists yet: creates the account unless
 * the username is taken. The password policy still applies.
 */
export async function ensureAccount(db: IdentityDb, input: { username: string; name: string; password: string | null; role: Role; jurisdictionId: string; organizationId?: string | null }, createdBy: string): Promise<{ id: string; created: boolean }> {
  const existing = await accounts.findAccountByUsername(db, input.username);
  if (existing) return { id: existing.id, created: false };
  if (input.password) checkPasswordPolicy(input.password, input.username);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction().execute(async (trx) => {
    const id = await accounts.insertAccount(trx, { ...input, organizationId: input.organizationId ?? null, passwordHash, createdBy });
    await appendOutboxEvent(trx, 'identity', identityEvent(null, 'user.created', id, { after: { username: input.username, role: input.role, jurisdictionId: input.jurisdictionId }, createdBy }, input.jurisdictionId));
    return { id, created: true };
  });
}
