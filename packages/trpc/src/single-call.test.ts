import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError, resolveLocale } from '@bianzhi/domain/errors';
import type { Principal } from '@bianzhi/domain/access';
import { authedProcedure, publicProcedure, router } from './init.js';
import { createServiceHost } from './service-host.js';
import { signInternalToken, verifyInternalToken } from './internal-token.js';
import type { RequestContext } from './context.js';

const secret = 'a-secret-of-at-least-thirty-two-characters';
const admin: Principal = { kind: 'user', id: 'u-1', name: '张三', roles: ['city_admin'], jurisdictionId: 'j-1', organizationId: null };

const testRouter = router({
  t: router({
    stamp: authedProcedure
      .meta({ permission: 'registry.jurisdiction.create' })
      .input(z.object({ n: z.number().int().positive(), at: z.date() }))
      .mutation(({ input, ctx }) => ({ twice: input.n * 2, at: input.at, by: ctx.principal.id, when: new Date('2026-12-03T00:00:00Z'), none: undefined })),
    count: authedProcedure.meta({ permission: 'registry.jurisdiction.create' }).query(() => 42),
    forbidden: authedProcedure.meta({ permission: 'registry.policy.enforce' }).mutation(() => 'never'),
    missing: publicProcedure.mutation(() => {
      throw new DomainError('NOT_FOUND', 'no such unit', undefined, { 'zh-CN': '单位不存在', en: 'No such unit' });
    }),
    crash: publicProcedure.mutation(() => {
      throw new Error('database on fire');
    }),
  }),
});

let lean: FastifyInstance;
let stock: FastifyInstance;
beforeAll(async () => {
  lean = await createServiceHost({ name: 'test', host: '127.0.0.1', port: 0, logLevel: 'silent', router: testRouter, internalSecret: secret, readiness: {} });
  // tRPC's own plugin, with the same context: what every answer must equal.
  stock = Fastify({ logger: { level: 'silent' } });
  await stock.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: testRouter,
      allowMethodOverride: true,
      createContext: async ({ req }: { req: FastifyRequest }): Promise<RequestContext> => {
        const token = req.headers.authorization?.slice('Bearer '.length) ?? '';
        return { principal: await verifyInternalToken(secret, token, 'test'), locale: resolveLocale(req.headers['accept-language']), requestId: String(req.headers['x-request-id']), log: req.log };
      },
    },
  });
});
afterAll(async () => {
  await lean?.close();
  await stock?.close();
});

async function both(url: string, body: string | undefined, headers: Record<string, string> = {}) {
  const request = {
    method: 'POST' as const,
    url,
    headers: { authorization: `Bearer ${await signInternalToken(secret, admin, 'test')}`, 'x-request-id': 'req-1', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { payload: body }),
  };
  const [a, b] = await Promise.all([lean.inject(request), stock.inject(request)]);
  const view = (r: typeof a) => ({ status: r.statusCode, type: r.headers['content-type'], vary: r.headers.vary, body: r.json() as unknown });
  return { lean: view(a), stock: view(b) };
}

const superjsonInput = (value: unknown) => JSON.stringify({ json: value, meta: { values: { at: ['Date'] } } });

describe('calls made alone, answered without the Fetch API', () => {
  it.each([
    ['a mutation whose input and output carry dates', '/trpc/t.stamp', superjsonInput({ n: 21, at: '2026-12-01T08:00:00.000Z' })],
    ['a query sent as POST', '/trpc/t.count', ''],
    ['an input that fails validation', '/trpc/t.stamp', superjsonInput({ n: -1, at: '2026-12-01T08:00:00.000Z' })],
    ['a domain error', '/trpc/t.missing', ''],
    ['an unexpected error', '/trpc/t.crash', ''],
    ['a permission the caller lacks', '/trpc/t.forbidden', ''],
    ['a procedure that does not exist', '/trpc/t.nothing', ''],
    ['a body that is not JSON', '/trpc/t.stamp', '{"json":'],
    ['a batch', '/trpc/t.count,t.missing?batch=1', JSON.stringify({})],
  ])('answer %s exactly as tRPC’s handler does', async (_, url, body) => {
    const { lean: mine, stock: theirs } = await both(url, body);
    expect(mine).toEqual(theirs);
  });

  it('answer in the caller’s language, and succeed or fail as the procedure does', async () => {
    const ok = await both('/trpc/t.stamp', superjsonInput({ n: 21, at: '2026-12-01T08:00:00.000Z' }));
    expect(ok.lean.status).toBe(200);
    expect(ok.lean.body).toMatchObject({ result: { data: { json: { twice: 42, by: 'u-1' }, meta: { values: { at: ['Date'], when: ['Date'] } } } } });
    const failed = await both('/trpc/t.missing', '', { 'accept-language': 'en' });
    expect(failed.lean).toMatchObject({ status: 404, body: { error: { json: { message: 'No such unit', data: { domainCode: 'NOT_FOUND', requestId: 'req-1' } } } } });
    expect(failed.lean).toEqual(failed.stock);
  });
});
