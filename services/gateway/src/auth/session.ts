import type { FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import { roles, type Principal, type Role } from '@bianzhi/domain/access';
import { bearerToken } from '@bianzhi/trpc/service-host';
import type { Auth } from './auth.js';
import type { IdentityDb } from '../identity/db.js';
import { findActiveTokenByHash } from '../identity/tokens.repository.js';
import { findAccount } from '../identity/accounts.repository.js';
import { hashToken } from '../identity/identity.service.js';

export interface Caller {
  principal: Principal;
  /** Set for browser sessions, null for API tokens. */
  sessionId: string | null;
  /** The password was reset by an administrator: the session may only change it (and read identity.me). */
  mustChangePassword: boolean;
}

function asRole(value: string): Role[] {
  return roles.includes(value as Role) && value !== 'system' ? [value as Role] : [];
}

/**
 * Who is calling: a service account's API token (`Authorization: Bearer bzt_…`), checked against
 * its hash on every call so a revoked token fails at once, or else the browser session cookie.
 * Disabled accounts get nothing.
 */
export async function callerOf(auth: Auth, db: IdentityDb, request: FastifyRequest): Promise<Caller | null> {
  const token = bearerToken(request);
  if (token) {
    const found = await findActiveTokenByHash(db, hashToken(token));
    if (!found || found.role !== 'service') return null;
    return {
      principal: { kind: 'service', id: found.userId, name: found.name, roles: ['service'], jurisdictionId: found.jurisdictionId, organizationId: found.organizationId, personId: found.userId },
      sessionId: null,
      mustChangePassword: false,
    };
  }
  const session = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
  if (!session) return null;
  const user = session.user as typeof session.user & { role: string; jurisdictionId?: string | null; organizationId?: string | null; username?: string | null; disabled?: boolean };
  if (user.disabled) return null;
  // Person key and the must-change flag are ours, not better-auth's: read from the account row.
  const account = await findAccount(db, user.id);
  return {
    principal: {
      kind: 'user',
      id: user.id,
      name: user.name || user.username || user.id,
      roles: asRole(user.role),
      jurisdictionId: user.jurisdictionId ?? null,
      organizationId: user.organizationId ?? null,
      personId: account?.personKey ?? user.id,
    },
    sessionId: session.session.id,
    mustChangePassword: account?.mustChangePassword ?? false,
  };
}
