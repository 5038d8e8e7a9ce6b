import { SignJWT, jwtVerify } from 'jose';
import { roles, type Principal, type Role } from '@bianzhi/domain/access';
import { setBounded } from '@bianzhi/domain/bounded-map';

const ISSUER = 'bianzhi';
/** Long enough for one forwarded call (including a slow batch), short enough to be useless if leaked. */
const LIFETIME_SECONDS = 60;

function keyFrom(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('INTERNAL_JWT_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

/** A signed token is reused for calls as the same principal to the same service for this long (half its lifetime). */
const REUSE_SECONDS = LIFETIME_SECONDS / 2;
/** Bound on each cache below: principals are few (services, signed-in users), tokens per principal one at a time. */
const CACHE_LIMIT = 10_000;

/** One cache per secret, so that a rotated secret starts empty. */
function cachesBySecret<V>() {
  const bySecret = new Map<string, Map<string, V>>();
  return (secret: string): Map<string, V> => {
    let cache = bySecret.get(secret);
    if (!cache) bySecret.set(secret, (cache = new Map()));
    return cache;
  };
}

const signed = cachesBySecret<{ token: string; until: number }>();
const verified = cachesBySecret<{ principal: Principal; until: number }>();

/**
 * Signs the principal for one hop to one service (`audience` is the service name). The token of a
 * previous call as the same principal to the same service is reused while it has at least half its
 * lifetime left: every forwarded call would otherwise cost an HMAC here and a verification there.
 */
export async function signInternalToken(secret: string, principal: Principal, audience: string): Promise<string> {
  const cache = signed(secret);
  const key = `${audience}\n${JSON.stringify([principal.kind, principal.id, principal.name, principal.roles, principal.jurisdictionId, principal.organizationId, principal.personId ?? null])}`;
  const held = cache.get(key);
  if (held && held.until > Date.now()) return held.token;
  const token = await new SignJWT({
    kind: principal.kind,
    name: principal.name,
    roles: principal.roles,
    jur: principal.jurisdictionId,
    org: principal.organizationId,
    // The person behind the account, for separation of duties across a person's accounts.
    ...(principal.personId ? { per: principal.personId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.id)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(keyFrom(secret));
  setBounded(cache, key, { token, until: Date.now() + REUSE_SECONDS * 1000 }, CACHE_LIMIT);
  return token;
}

/**
 * Returns the principal, or null when the token is missing, forged, expired or for another service.
 * A token verified before answers from memory until it expires (only valid tokens are remembered).
 */
export async function verifyInternalToken(secret: string, token: string, audience: string): Promise<Principal | null> {
  const cache = verified(secret);
  const key = `${audience}\n${token}`;
  const held = cache.get(key);
  if (held) {
    if (held.until > Date.now()) return held.principal;
    cache.delete(key);
  }
  try {
    const { payload } = await jwtVerify(token, keyFrom(secret), { issuer: ISSUER, audience, algorithms: ['HS256'] });
    const claimedRoles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => roles.includes(r as Role)) : [];
    if (typeof payload.sub !== 'string' || (payload.kind !== 'user' && payload.kind !== 'service')) return null;
    const principal: Principal = {
      kind: payload.kind,
      id: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
      roles: claimedRoles,
      jurisdictionId: typeof payload.jur === 'string' ? payload.jur : null,
      organizationId: typeof payload.org === 'string' ? payload.org : null,
      ...(typeof payload.per === 'string' ? { personId: payload.per } : {}),
    };
    if (typeof payload.exp === 'number') setBounded(cache, key, { principal, until: payload.exp * 1000 }, CACHE_LIMIT);
    return principal;
  } catch {
    return null;
  }
}

/** The principal a service uses for its own calls (outbox relay, workflow activities). */
export function servicePrincipal(name: string): Principal {
  return { kind: 'service', id: `service:${name}`, name, roles: ['system'], jurisdictionId: null, organizationId: null };
}
