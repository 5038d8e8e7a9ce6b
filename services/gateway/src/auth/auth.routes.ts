import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { fromNodeHeaders } from 'better-auth/node';
import { appendOutboxEvent, type OutboxEventInput } from '@bianzhi/db/outbox';
import { domainMessage, resolveLocale, type DomainErrorCode } from '@bianzhi/domain/errors';
import type { Auth } from './auth.js';
import { callerOf } from './session.js';
import type { IdentityDb } from '../identity/db.js';
import { findAccountByUsername, recordFailedLogin, updateAccount, deleteSessions } from '../identity/accounts.repository.js';
import { identityEvent } from '../identity/identity.service.js';

const loginBody = z.object({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(128) });

export interface AuthRouteOptions {
  publicUrl: string;
  /** Label of the single-sign-on button, when OpenID Connect is configured. */
  oidcDisplayName: string | null;
  loginAttemptsPerMinute: number;
  /** Failed sign-ins in a row that lock an account, and for how long. */
  lockoutThreshold: number;
  lockoutMinutes: number;
}

/** Copies better-auth's Set-Cookie headers (session cookie) onto the Fastify reply. */
function forwardCookies(response: Response, reply: FastifyReply): void {
  for (const cookie of response.headers.getSetCookie()) reply.header('set-cookie', cookie);
}

export async function registerAuthRoutes(app: FastifyInstance, auth: Auth, db: IdentityDb, options: AuthRouteOptions): Promise<void> {
  const fail = (reply: FastifyReply, status: number, code: DomainErrorCode, request: FastifyRequest) =>
    reply.code(status).send({ error: { code, message: domainMessage(code, resolveLocale(request.headers['accept-language'])) } });
  const audit = (event: OutboxEventInput, request: FastifyRequest) =>
    db.transaction().execute((trx) => appendOutboxEvent(trx, 'identity', { ...event, requestId: request.id, payload: { ...event.payload, ip: request.ip } }));

  // Guessing is slowed per client address and username: one attacker cannot lock everyone out, and
  // one account cannot be tried from one address more than N times a minute.
  await app.register(rateLimit, { global: false });
  const loginLimit = {
    max: options.loginAttemptsPerMinute,
    timeWindow: '1 minute',
    // After body parsing, so that the key can include the username.
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
    errorResponseBuilder: (request: FastifyRequest) => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: domainMessage('RATE_LIMITED', resolveLocale(request.headers['accept-language'])) },
    }),
  };

  app.post('/api/auth/login', { config: { rateLimit: loginLimit } }, async (request, reply) => {
    const parsed = loginBody.safeParse(request.body);
    if (!parsed.success) return fail(reply, 400, 'VALIDATION_FAILED', request);
    const { username } = parsed.data;
    const account = await findAccountByUsername(db, username);
    if (account?.lockedUntil && account.lockedUntil > new Date()) {
      await audit(identityEvent(null, 'login.refused', account.id, { username, reason: 'locked' }, account.jurisdictionId), request);
      return fail(reply, 429, 'ACCOUNT_LOCKED', request);
    }

    const response = await auth.api.signInUsername({ body: parsed.data, headers: fromNodeHeaders(request.headers), asResponse: true });
    if (!response.ok) {
      // One answer for an unknown user and a wrong password: no hint which it was.
      if (account) {
        const { locked } = await recordFailedLogin(db, account.id, options.lockoutThreshold, new Date(Date.now() + options.lockoutMinutes * 60_000));
        await audit(identityEvent(null, 'login.failed', account.id, { username, locked }, account.jurisdictionId), request);
      } else {
        await audit(identityEvent(null, 'login.failed', `unknown:${username}`, { username, unknownUser: true }), request);
      }
      return fail(reply, 401, 'INVALID_CREDENTIALS', request);
    }
    const body = (await response.json()) as { user: { id: string; name: string } };
    if (account?.disabled || account?.role === 'service') {
      // The password was right but the account may not sign in: drop the session better-auth just made.
      await deleteSessions(db, body.user.id);
      await audit(identityEvent(null, 'login.refused', body.user.id, { username, reason: account.disabled ? 'disabled' : 'service account' }, account.jurisdictionId), request);
      return fail(reply, 403, 'ACCOUNT_DISABLED', request);
    }
    if (account && account.failedLogins > 0) await db.transaction().execute((trx) => updateAccount(trx, account.id, { failedLogins: 0 }));
    await audit(identityEvent({ kind: 'user', id: body.user.id, name: body.user.name, roles: account ? [account.role] : [], jurisdictionId: account?.jurisdictionId ?? null, organizationId: null }, 'login.succeeded', body.user.id, { username }, account?.jurisdictionId), request);
    forwardCookies(response, reply);
    // Signed in either way; after an administrator's reset the session may only change the password.
    return reply.send({ user: { id: body.user.id, name: body.user.name }, mustChangePassword: account?.mustChangePassword ?? false });
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const caller = await callerOf(auth, db, request);
    const response = await auth.api.signOut({ headers: fromNodeHeaders(request.headers), asResponse: true });
    forwardCookies(response, reply);
    if (caller) await audit(identityEvent(caller.principal, 'logout', caller.principal.id, { sessionId: caller.sessionId }, caller.principal.jurisdictionId), request);
    return reply.send({ ok: true });
  });

  // Single sign-on through the configured OpenID Connect provider: the start (POST, from our login
  // page) and the provider's redirect back are better-auth's own endpoints.
  app.get('/api/auth/providers', async () => ({ oidc: options.oidcDisplayName ? { name: options.oidcDisplayName } : null }));
  if (options.oidcDisplayName) {
    const callBetterAuth = (request: FastifyRequest) =>
      auth.handler(
        new Request(new URL(request.url, options.publicUrl), {
          method: request.method,
          headers: fromNodeHeaders(request.headers),
          body: request.method === 'POST' ? JSON.stringify(request.body ?? {}) : undefined,
        }),
      );
    const relay = async (response: Response, reply: FastifyReply) => {
      reply.code(response.status);
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie' && key !== 'content-length') reply.header(key, value);
      });
      forwardCookies(response, reply);
      return reply.send(await response.text());
    };
    app.post('/api/auth/sign-in/social', async (request, reply) => relay(await callBetterAuth(request), reply));
    // The provider's redirect back: better-auth makes the session; we then apply our own account
    // rules (a disabled or service account may not sign in) and record the sign-in in the audit log.
    app.route({
      method: ['GET', 'POST'],
      url: '/api/auth/callback/:providerId',
      handler: async (request, reply) => {
        const response = await callBetterAuth(request);
        const sessionCookies = response.headers.getSetCookie().filter((c) => c.includes('session_token=') && !/Max-Age=0/i.test(c));
        const session = sessionCookies.length ? await auth.api.getSession({ headers: new Headers({ cookie: sessionCookies.map((c) => c.split(';')[0]).join('; ') }) }) : null;
        if (!session) return relay(response, reply);
        const account = await findAccountByUsername(db, (session.user as { username?: string | null }).username ?? '');
        if (!account || account.disabled || account.role === 'service') {
          await deleteSessions(db, session.user.id);
          await audit(identityEvent(null, 'login.refused', session.user.id, { method: 'oidc', reason: account?.disabled ? 'disabled' : 'not allowed' }, account?.jurisdictionId), request);
          return reply.code(302).header('location', '/login?sso=failed').send();
        }
        const principal = { kind: 'user' as const, id: account.id, name: account.name, roles: [account.role], jurisdictionId: account.jurisdictionId, organizationId: account.organizationId, personId: account.personKey ?? account.id };
        await audit(identityEvent(principal, 'login.succeeded', account.id, { username: account.username, method: 'oidc' }, account.jurisdictionId), request);
        return relay(response, reply);
      },
    });
  }

  app.get('/api/auth/session', async (request, reply) => {
    const caller = await callerOf(auth, db, request);
    if (!caller) return fail(reply, 401, 'UNAUTHENTICATED', request);
    return reply.send({ principal: caller.principal });
  });
}
