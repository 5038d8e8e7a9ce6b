import type { FastifyInstance } from 'fastify';
import { domainMessage, resolveLocale } from '@bianzhi/domain/errors';

/**
 * Cookie-authenticated state changes must come from our own pages: the Origin (or Referer) must be
 * a trusted origin, and tRPC mutations must be JSON (a cross-site form cannot send that without a
 * CORS preflight, which we never grant). SameSite=Lax on the cookie is the second layer.
 */
export function registerCsrfGuard(app: FastifyInstance, trustedOrigins: string[]): void {
  const trusted = new Set(trustedOrigins.map((o) => new URL(o).origin));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    if (!request.url.startsWith('/trpc/') && !request.url.startsWith('/api/')) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return; // service tokens carry no ambient credentials
    const origin = request.headers.origin ?? (request.headers.referer ? originOf(request.headers.referer) : undefined);
    const contentType = request.headers['content-type'] ?? '';
    const fromUs = origin === undefined ? !request.headers.cookie : trusted.has(origin);
    if (!fromUs || !contentType.startsWith('application/json')) {
      const locale = resolveLocale(request.headers['accept-language']);
      return reply.code(403).send({ error: { code: 'FORBIDDEN', message: domainMessage('FORBIDDEN', locale) } });
    }
  });
}

/** A Referer's origin; one that does not parse is nobody's ("null" is never trusted), never an exception. */
function originOf(referer: string): string {
  return URL.canParse(referer) ? new URL(referer).origin : 'null';
}
