import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { domainMessage, resolveLocale, type DomainErrorCode, type Locale } from '@bianzhi/domain/errors';
import { signInternalToken } from '@bianzhi/trpc/internal-token';
import type { IdentityRouter } from '../identity/identity.router.js';
import type { Caller } from '../auth/session.js';
import type { Principal } from '@bianzhi/domain/access';

export interface ProxyOptions {
  routes: Record<string, { url: string; audience: string }>;
  secret: string;
  identityRouter: IdentityRouter;
  callerOf: (request: FastifyRequest) => Promise<Caller | null>;
  /** Records that an authenticated caller was refused (403) by a service. */
  onRefused: (caller: Caller, paths: string[], request: FastifyRequest) => Promise<void>;
}

const rpcCodes = { UNAUTHORIZED: -32001, FORBIDDEN: -32003, NOT_FOUND: -32004, BAD_REQUEST: -32600, SERVICE_UNAVAILABLE: -32603 } as const;

/** An error in the wire shape tRPC clients parse (superjson-wrapped), one per call of a batch. */
function trpcError(reply: FastifyReply, request: FastifyRequest, paths: string[], status: number, code: keyof typeof rpcCodes, domainCode: DomainErrorCode, locale: Locale) {
  const body = (path: string) => ({
    error: superjson.serialize({
      message: domainMessage(domainCode, locale),
      code: rpcCodes[code],
      data: { code, httpStatus: status, path, domainCode, fieldErrors: null, requestId: request.id, problems: null },
    }),
  });
  const isBatch = (request.query as Record<string, unknown>).batch === '1';
  return reply.code(status).header('content-type', 'application/json').send(isBatch ? paths.map(body) : body(paths[0] ?? ''));
}

function toFetchRequest(request: FastifyRequest): Request {
  const url = new URL(request.url, 'http://gateway.local');
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(key, value);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(url, { method: request.method, headers, body: hasBody ? JSON.stringify(request.body ?? null) : undefined });
}

/** Procedures anyone may call (信息公开); they read only published, non-classified, impersonal data. */
const publicPaths = new Set(['audit.disclosure.units', 'audit.disclosure.unit', 'audit.disclosure.score', 'audit.disclosure.jurisdictions', 'audit.disclosure.openData',
  // 及时公开: each year's late units (unit, change, deadline, published on), units on the public site only, no person.
  'audit.timeliness.lateUnits',
  // 实名制公示: per unit each person's name, quota type and post category, only where the jurisdiction switched it on.
  'audit.disclosure.namedRoll', 'audit.disclosure.searchPeople', 'audit.disclosure.namedRollData',
  // Published power lists with their service guides (办事指南): non-classified units, published content only.
  'registry.publicPowerList.search', 'registry.publicPowerList.unit',
  // 章程 and 年度报告: the latest approved charter of each live, non-classified institution; published annual reports.
  'registry.charter.published', 'registry.registration.publishedReports']);
const anonymousPrincipal: Principal = { kind: 'user', id: 'anonymous', name: '公众', roles: [], jurisdictionId: null, organizationId: null };

const forwardedHeaders = ['content-type', 'accept-language', 'x-bianzhi-locale', 'trpc-accept'];

/** All a session whose password an administrator reset may do until its holder sets a new one. */
const whilePasswordMustChange = new Set(['identity.me', 'identity.session.changePassword']);

/**
 * /trpc/<service>.<router>.<procedure>: every call of one request must belong to one service
 * (the client's link splits batches by service). Identity calls are answered here; the rest are
 * forwarded with a 60-second internal token that carries the caller's principal.
 */
export function registerTrpcProxy(app: FastifyInstance, options: ProxyOptions): void {
  app.route({
    method: ['GET', 'POST'],
    url: '/trpc/:path',
    handler: async (request, reply) => {
      const locale = resolveLocale((request.headers['x-bianzhi-locale'] as string | undefined) ?? request.headers['accept-language']);
      const paths = (request.params as { path: string }).path.split(',');
      const services = new Set(paths.map((p) => p.split('.')[0] ?? ''));
      const [service] = [...services];
      if (services.size !== 1 || !service) return trpcError(reply, request, paths, 400, 'BAD_REQUEST', 'VALIDATION_FAILED', locale);

      const caller = await options.callerOf(request);
      const principal = caller?.principal ?? null;
      // Whoever reset the password knows it: nothing happens in this session until the holder replaces it.
      if (caller?.mustChangePassword && !paths.every((p) => whilePasswordMustChange.has(p))) return trpcError(reply, request, paths, 403, 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', locale);

      if (service === 'identity') {
        const response = await fetchRequestHandler({
          endpoint: '/trpc',
          req: toFetchRequest(request),
          router: options.identityRouter,
          createContext: () => ({ principal, locale, requestId: request.id, log: request.log, sessionId: caller?.sessionId ?? null }),
        });
        if (response.status === 403 && caller) await options.onRefused(caller, paths, request);
        reply.code(response.status);
        response.headers.forEach((value, key) => reply.header(key, value));
        return reply.send(await response.text());
      }

      const route = Object.hasOwn(options.routes, service) ? options.routes[service] : undefined;
      if (!route) return trpcError(reply, request, paths, 404, 'NOT_FOUND', 'NOT_FOUND', locale);
      // The public disclosure site is read without signing in, as a principal holding no role at all.
      const anonymous = !principal && paths.every((p) => publicPaths.has(p));
      const callAs = principal ?? (anonymous ? anonymousPrincipal : null);
      if (!callAs) return trpcError(reply, request, paths, 401, 'UNAUTHORIZED', 'UNAUTHENTICATED', locale);

      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const upstream = await forwardToService(route, options.secret, callAs, request, `/trpc/${(request.params as { path: string }).path}${search}`, locale);
      if (!upstream) return trpcError(reply, request, paths, 503, 'SERVICE_UNAVAILABLE', 'DEPENDENCY_UNAVAILABLE', locale);
      if (upstream.status === 403 && caller) await options.onRefused(caller, paths, request);
      return relay(reply, upstream);
    },
  });
}

/**
 * Calls a service as `callAs`, with a 60-second internal token for its audience, the caller's
 * request id and language; null when the service cannot be reached.
 */
export async function forwardToService(
  route: { url: string; audience: string },
  secret: string,
  callAs: Principal,
  request: Pick<FastifyRequest, 'id' | 'headers' | 'method' | 'body' | 'log'>,
  upstreamPath: string,
  locale: Locale,
): Promise<Response | null> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${await signInternalToken(secret, callAs, route.audience)}`,
    'x-request-id': request.id,
    'x-bianzhi-locale': locale,
  };
  for (const name of forwardedHeaders) {
    const value = request.headers[name];
    if (typeof value === 'string' && !(name === 'x-bianzhi-locale')) headers[name] = value;
  }
  if (request.method === 'POST') headers['content-type'] = 'application/json';
  try {
    return await fetch(`${route.url}${upstreamPath}`, {
      method: request.method,
      headers,
      body: request.method === 'POST' ? JSON.stringify(request.body ?? null) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    request.log.warn({ err: error, service: route.audience }, 'upstream unreachable');
    return null;
  }
}

/** The service's answer, status and content type as they are, streamed through rather than buffered (the whole-city tree is several hundred kilobytes). */
export function relay(reply: FastifyReply, upstream: Response) {
  reply.code(upstream.status);
  const contentType = upstream.headers.get('content-type');
  if (contentType) reply.header('content-type', contentType);
  return reply.send(upstream.body ? Readable.fromWeb(upstream.body as WebReadableStream) : '');
}
