import { SignJWT, jwtVerify } from 'jose';
import { roles, type Principal, type Role } from '@bianzhi/domain/access';

const ISSUER = 'bianzhi';
/** Long enough for one forwarded call (including a slow batch), short enough to be useless if leaked. */
const LIFETIME_SECONDS = 60;

function keyFrom(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('INTERNAL_JWT_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

/** Signs the principal for one hop to one service (`audience` is the service name). */
export async function signInternalToken(secret: string, principal: Principal, audience: string): Promise<string> {
  return new SignJWT({
    kind: principal.kind,
    name: principal.name,
    roles: principal.roles,
    jur: principal.jurisdictionId,
    org: principal.organizationId,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.id)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(keyFrom(secret));
}

/** Returns the principal, or null when the token is missing, forged, expired or for another service. */
export async function verifyInternalToken(secret: string, token: string, audience: string): Promise<Principal | null> {
  try {
    const { payload } = await jwtVerify(token, keyFrom(secret), { issuer: ISSUER, audience, algorithms: ['HS256'] });
    const claimedRoles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => roles.includes(r as Role)) : [];
    if (typeof payload.sub !== 'string' || (payload.kind !== 'user' && payload.kind !== 'service')) return null;
    return {
      kind: payload.kind,
      id: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
      roles: claimedRoles,
      jurisdictionId: typeof payload.jur === 'string' ? payload.jur : null,
      organizationId: typeof payload.org === 'string' ? payload.org : null,
    };
  } catch {
    return null;
  }
}

/** The principal a service uses for its own calls (outbox relay, workflow activities). */
export function servicePrincipal(name: string): Principal {
  return { kind: 'service', id: `service:${name}`, name, roles: ['system'], jurisdictionId: null, organizationId: null };
}
