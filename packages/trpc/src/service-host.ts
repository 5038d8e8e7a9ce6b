import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { fastifyRequestHandler } from '@trpc/server/adapters/fastify';
import type { AnyRouter } from '@trpc/server';
import { resolveLocale } from '@bianzhi/domain/errors';
import type { Principal } from '@bianzhi/domain/access';
import type { RequestContext } from './context.js';
import { verifyInternalToken } from './internal-token.js';
import { answerSingleCall } from './single-call.js';
import { answerRestCall, openApiPaths } from './rest.js';

export interface ServiceHostOptions<TRouter extends AnyRouter> {
  /** Service name; also the audience its internal tokens must carry. */
  name: string;
  host: string;
  port: number;
  logLevel: string;
  /** The service's tRPC router, behind internal-token checks; the gateway passes none and routes /trpc itself. */
  router: TRouter | null;
  internalSecret: string;
  /** Named readiness checks (database, Temporal…); /readyz is 200 only when all pass. */
  readiness: Record<string, () => Promise<boolean>>;
  /** Extra HTTP routes (the gateway's login, static files). */
  configure?: (app: FastifyInstance) => Promise<void> | void;
  /** Called once on shutdown after the server stopped accepting requests. */
  onClose?: () => Promise<void>;
}

const verifiedPrincipals = new WeakMap<FastifyRequest, Principal>();

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

/**
 * One Fastify server per service: tRPC under /trpc (principal from the gateway's signed token),
 * /healthz and /readyz, request ids and pino logs, graceful shutdown on SIGINT/SIGTERM.
 */
export async function createServiceHost<TRouter extends AnyRouter>(options: ServiceHostOptions<TRouter>): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel, base: { service: options.name } },
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    routerOptions: { maxParamLength: 5_000 },
    bodyLimit: 20 * 1024 * 1024,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.get('/healthz', async () => ({ status: 'ok', service: options.name }));
  app.get('/readyz', async (_request, reply) => {
    const results = Object.fromEntries(
      await Promise.all(Object.entries(options.readiness).map(async ([check, probe]) => [check, await probe().catch(() => false)] as const)),
    );
    const ready = Object.values(results).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: results });
  });

  await options.configure?.(app);

  if (options.router) await registerInternalTrpc(app, options.name, options.internalSecret, options.router);

  app.addHook('onClose', async () => {
    await options.onClose?.();
  });
  return app;
}

/** Nothing reaches a procedure (tRPC or REST) without a valid internal token signed for this service. */
async function registerInternalTrpc<TRouter extends AnyRouter>(app: FastifyInstance, name: string, secret: string, router: TRouter): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (!url.startsWith('/trpc/') && !url.startsWith('/rest/') && url !== '/openapi.json') return;
    const token = bearerToken(request);
    const principal = token ? await verifyInternalToken(secret, token, name) : null;
    if (principal) verifiedPrincipals.set(request, principal);
    else {
      const locale = resolveLocale(request.headers['accept-language']);
      return reply.code(401).send({ error: { message: locale === 'en' ? 'Missing or invalid internal token' : '缺少或无效的内部调用凭证', code: 'UNAUTHENTICATED' } });
    }
  });

  const createContext = async (req: FastifyRequest): Promise<RequestContext> => {
    const principal = verifiedPrincipals.get(req) ?? null;
    const localeHeader = req.headers['x-bianzhi-locale'] ?? req.headers['accept-language'];
    return { principal, locale: resolveLocale(Array.isArray(localeHeader) ? localeHeader[0] : localeHeader), requestId: req.id, log: req.log };
  };
  // The same procedures as plain REST (rest.ts), for the gateway's /api/v1, and their OpenAPI paths.
  const paths = openApiPaths(router);
  app.get('/openapi.json', async () => ({ paths }));
  app.route<{ Params: { path: string } }>({ method: ['GET', 'POST'], url: '/rest/:path', handler: (req, res) => answerRestCall(router, req.params.path, req, res, createContext) });

  // tRPC's Fastify plugin, with calls made alone answered directly (single-call.ts) and the rest by its handler.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.removeContentTypeParser('multipart/form-data');
    scope.addContentTypeParser('multipart/form-data', {}, (_request, body, done) => done(null, body));
    scope.all<{ Params: { path: string } }>('/trpc/:path', async (req, res) => {
      if (await answerSingleCall(router, req.params.path, req, res, createContext)) return;
      await fastifyRequestHandler<TRouter, FastifyRequest, typeof res>({
        router,
        req,
        res,
        path: req.params.path,
        // Service clients send queries as POST (large inputs); only holders of an internal token get here.
        allowMethodOverride: true,
        createContext: ({ req: request }) => createContext(request),
      });
    });
  });

}

/** Waits for each dependency with retries and a clear log line, then listens; stops cleanly on signals. */
export async function runServiceHost(app: FastifyInstance, options: { host: string; port: number; waitFor: Record<string, () => Promise<boolean>> }): Promise<void> {
  for (const [name, probe] of Object.entries(options.waitFor)) {
    let attempt = 0;
    while (!(await probe().catch(() => false))) {
      attempt += 1;
      app.log.warn({ dependency: name, attempt }, `${name} is unreachable; retrying in 2 s (the service is not accepting requests yet)`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: options.host, port: options.port });
}
