import type { FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import { roles, type Principal, type Role } from '@bianzhi/domain/access';
import type { Auth } from './auth.js';

/** The signed-in user behind the request's session cookie, as a principal; null when there is none. */
export async function principalFromSession(auth: Auth, request: FastifyRequest): Promise<Principal | null> {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
  if (!session) return null;
  const user = session.user as typeof session.user & { role: string; jurisdictionId?: string | null; organizationId?: string | null; username?: string | null };
  const role = roles.includes(user.role as Role) ? (user.role as Role) : null;
  return {
    kind: 'user',
    id: user.id,
    name: user.name || user.username || user.id,
    roles: role ? [role] : [],
    jurisdictionId: user.jurisdictionId ?? null,
    organizationId: user.organizationId ?? null,
  };
}
