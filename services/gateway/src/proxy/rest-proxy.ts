import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { resolveLocale } from '@bianzhi/domain/errors';
import type { Principal } from '@bianzhi/domain/access';
import { answerRestCall, openApiDocument, openApiPaths, problem, procedurePathOf, REST_PREFIX } from '@bianzhi/trpc/rest';
import { forwardToService, relay, type ProxyOptions } from './trpc-proxy.js';

/** Asks a service for its paths; it holds no role, so the token opens nothing else. */
const documentReader: Principal = { kind: 'service', id: 'gateway-openapi', name: 'OpenAPI', roles: [], jurisdictionId: null, organizationId: null };
const DOCUMENT_TTL_MS = 5 * 60_000;

const refuse = (reply: FastifyReply, status: number, code: string, title: string, requestId: string) => problem(reply, status, { code, title, requestId });

/**
 * The REST face of the API (docs/integration.md, "The HTTP API"): `/api/v1/<service>/<router>/<procedure>`
 * forwarded to the owning service's `/rest/` as the caller (API token, or a session under the CSRF
 * guard), `/api/openapi.json` merged from every service's paths, and `/api/docs`, an interactive
 * reference page served from this process (no CDN).
 */
export async function registerRestApi(app: FastifyInstance, options: ProxyOptions): Promise<void> {
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: `${REST_PREFIX}/*`,
    handler: async (request, reply) => {
      const locale = resolveLocale((request.headers['x-bianzhi-locale'] as string | undefined) ?? request.headers['accept-language']);
      const path = procedurePathOf((request.params as { '*': string })['*']);
      const service = path?.split('.')[0];
      const route = service && Object.hasOwn(options.routes, service) ? options.routes[service] : undefined;
      if (!path || (!route && service !== 'identity')) return refuse(reply, 404, 'NOT_FOUND', locale === 'en' ? 'No such operation' : '没有这个接口', request.id);
      const caller = await options.callerOf(request);
      if (!caller) return refuse(reply, 401, 'UNAUTHENTICATED', locale === 'en' ? 'Sign in or send an API token (Authorization: Bearer …)' : '请提供 API 令牌（Authorization: Bearer …）', request.id);
      if (caller.mustChangePassword) return refuse(reply, 403, 'PASSWORD_CHANGE_REQUIRED', locale === 'en' ? 'Set a new password first' : '请先修改密码', request.id);

      if (!route) {
        await answerRestCall(options.identityRouter, path, request, reply, async () => ({ principal: caller.principal, locale, requestId: request.id, log: request.log, sessionId: caller.sessionId }));
        if (reply.statusCode === 403) await options.onRefused(caller, [path], request);
        return reply;
      }
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const upstream = await forwardToService(route, options.secret, caller.principal, request, `/rest/${path}${search}`, locale);
      if (!upstream) return refuse(reply, 503, 'DEPENDENCY_UNAVAILABLE', locale === 'en' ? 'A service is unavailable; try again shortly' : '服务暂不可用，请稍后再试', request.id);
      if (upstream.status === 403) await options.onRefused(caller, [path], request);
      return relay(reply, upstream);
    },
  });

  let cached: { at: number; body: string } | null = null;
  app.get('/api/openapi.json', async (request, reply) => {
    if (!cached || Date.now() - cached.at > DOCUMENT_TTL_MS) {
      const paths = { ...openApiPaths(options.identityRouter) };
      const urls = [...new Map(Object.values(options.routes).map((r) => [r.url, r])).values()];
      for (const route of urls) {
        const answer = await forwardToService(route, options.secret, documentReader, { id: request.id, headers: {}, method: 'GET', body: undefined, log: request.log }, '/openapi.json', 'zh-CN');
        // A service that does not answer leaves the document incomplete: say so, and do not keep it.
        if (!answer?.ok) return refuse(reply, 503, 'DEPENDENCY_UNAVAILABLE', `${route.audience} did not answer`, request.id);
        Object.assign(paths, ((await answer.json()) as { paths: Record<string, never> }).paths);
      }
      cached = { at: Date.now(), body: JSON.stringify(openApiDocument(paths, '1.0.0')) };
    }
    return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(cached.body);
  });

  // The reference page: swagger-ui's own files, and a page and start script of ours (no inline script).
  const swaggerUi = createRequire(import.meta.url)('swagger-ui-dist') as { getAbsoluteFSPath(): string };
  await app.register(fastifyStatic, { root: swaggerUi.getAbsoluteFSPath(), prefix: '/api/docs/assets/', decorateReply: false, index: false, wildcard: true });
  app.get('/api/docs', async (_request, reply) => reply.redirect('/api/docs/'));
  app.get('/api/docs/', async (_request, reply) => reply.header('content-type', 'text/html; charset=utf-8').send(docsPage));
  app.get('/api/docs/start.js', async (_request, reply) => reply.header('content-type', 'text/javascript; charset=utf-8').send(docsStart));
}

const docsPage = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>编制管理平台 API 参考</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="api-reference"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script>
</body>
</html>
`;

const docsStart = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#api-reference',
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false,
  docExpansion: 'none',
  filter: true,
});
`;
