import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { fromNodeHeaders } from 'better-auth/node';
import { domainMessage, resolveLocale, type DomainErrorCode } from '@bianzhi/domain/errors';
import type { Auth } from './auth.js';
import { principalFromSession } from './session.js';

const loginBody = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) });

/** Copies better-auth's Set-Cookie headers (session cookie) onto the Fastify reply. */
function forwardCookies(response: Response, reply: FastifyReply): void {
  for (const cookie of response.headers.getSetCookie()) reply.header('set-cookie', cookie);
}

export async function registerAuthRoutes(app: FastifyInstance, auth: Auth, options: { loginAttemptsPerMinute: number }): Promise<void> {
  // Guessing is slowed per client address and username: one attacker cannot lock everyone out, and
  // one account cannot be tried from one address more than N times a minute.
  await app.register(rateLimit, { global: false });

  const fail = (reply: FastifyReply, status: number, code: DomainErrorCode, locale: ReturnType<typeof resolveLocale>) =>
    reply.code(status).send({ error: { code, message: domainMessage(code, locale) } });

  const loginLimit = {
    max: options.loginAttemptsPerMinute,
    // After body parsing, so that the key can include the username.
    hook: 'preHandler' as const,
    timeWindow: '1 minute',
    keyGenerator: (request: FastifyRequest) => `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
    errorResponseBuilder: (request: FastifyRequest) => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: domainMessage('RATE_LIMITED', resolveLocale(request.headers['accept-language'])) },
    }),
  };

  app.post('/api/auth/login', { config: { rateLimit: loginLimit } }, async (request, reply) => {
    const locale = resolveLocale(request.headers['accept-language']);
    const parsed = loginBody.safeParse(request.body);
    if (!parsed.success) return fail(reply, 400, 'VALIDATION_FAILED', locale);
    const response = await auth.api.signInUsername({ body: parsed.data, headers: fromNodeHeaders(request.headers), asResponse: true });
    if (response.status === 429) return fail(reply, 429, 'RATE_LIMITED', locale);
    // One answer for an unknown user and a wrong password: no hint which it was.
    if (!response.ok) {
      request.log.info({ username: parsed.data.username, status: response.status }, 'login refused');
      return fail(reply, 401, 'INVALID_CREDENTIALS', locale);
    }
    forwardCookies(response, reply);
    const body = (await response.json()) as { user: { id: string; name: string } };
    return reply.send({ user: { id: body.user.id, name: body.user.name } });
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const response = await auth.api.signOut({ headers: fromNodeHeaders(request.headers), asResponse: true });
    forwardCookies(response, reply);
    return reply.send({ ok: true });
  });

  app.get('/api/auth/session', async (request, reply) => {
    const principal = await principalFromSession(auth, request);
    if (!principal) return fail(reply, 401, 'UNAUTHENTICATED', resolveLocale(request.headers['accept-language']));
    return reply.send({ principal });
  });
}
