import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@bianzhi/domain/errors';
import type { Principal } from '@bianzhi/domain/access';
import { authedProcedure, router } from './init.js';
import { createServiceHost } from './service-host.js';
import { signInternalToken } from './internal-token.js';
import { inputFromQuery, openApiPaths, procedurePathOf } from './rest.js';

const secret = 'a-secret-of-at-least-thirty-two-characters';
const payroll: Principal = { kind: 'service', id: 's-1', name: '工资统发系统', roles: ['service'], jurisdictionId: 'j-1', organizationId: null };

const listInput = z.object({
  search: z.string().max(10).optional(),
  code: z.string().optional(),
  limit: z.number().int().min(1).max(50).default(20),
  active: z.boolean().optional(),
  kinds: z.array(z.enum(['organ', 'institution'])).optional(),
  range: z.object({ from: z.number(), to: z.number() }).optional(),
});

const testRouter = router({
  registry: router({
    organization: router({
      // registry.organization.read: a service account may read.
      list: authedProcedure.meta({ permission: 'registry.organization.read' }).input(listInput).query(({ input, ctx }) => ({ input, by: ctx.principal.id, at: new Date('2026-12-03T00:00:00Z') })),
      refuse: authedProcedure.meta({ permission: 'registry.organization.read' }).input(z.object({ id: z.string() })).query(() => {
        throw new DomainError('OUT_OF_SCOPE', 'out of scope');
      }),
      note: authedProcedure.meta({ permission: 'registry.organization.read' }).input(z.object({ text: z.string().min(1) })).mutation(({ input }) => ({ saved: input.text })),
      // Administrators only: not offered over REST at all.
      create: authedProcedure.meta({ permission: 'registry.organization.create' }).input(z.object({ name: z.string() })).mutation(() => 'never'),
    }),
  }),
});

let host: FastifyInstance;
let token = '';
beforeAll(async () => {
  host = await createServiceHost({ name: 'registry', host: '127.0.0.1', port: 0, logLevel: 'silent', router: testRouter, internalSecret: secret, readiness: {} });
  await host.ready();
  token = await signInternalToken(secret, payroll, 'registry');
});
afterAll(() => host.close());

const call = (url: string, init: { method?: string; body?: unknown; auth?: string | null; locale?: string } = {}) =>
  host.inject({
    method: (init.method ?? 'GET') as 'GET',
    url,
    headers: {
      ...(init.auth === null ? {} : { authorization: `Bearer ${init.auth ?? token}` }),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      'accept-language': init.locale ?? 'zh-CN',
    },
    payload: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });

describe('REST over the procedures', () => {
  it('maps URL segments to a procedure path and refuses anything else', () => {
    expect(procedurePathOf('registry/organization/list')).toBe('registry.organization.list');
    expect(procedurePathOf('registry')).toBeNull();
    expect(procedurePathOf('registry/../audit')).toBeNull();
    expect(procedurePathOf('registry/organization.list')).toBeNull();
  });

  it('reads query parameters by the input schema: strings as written, numbers and booleans as JSON, arrays repeated', () => {
    const schema = z.toJSONSchema(listInput, { io: 'input' }) as Record<string, unknown>;
    expect(inputFromQuery({ search: '123', code: 'null', limit: '5', active: 'false', kinds: 'organ', range: '{"from":1,"to":2}' }, schema)).toEqual({
      search: '123',
      code: 'null',
      limit: 5,
      active: false,
      kinds: ['organ'],
      range: { from: 1, to: 2 },
    });
    expect(inputFromQuery({ kinds: ['organ', 'institution'] }, schema)).toEqual({ kinds: ['organ', 'institution'] });
    expect(inputFromQuery({}, schema)).toBeUndefined();
  });

  it('answers a query by GET with plain JSON, dates as ISO strings', async () => {
    const response = await call('/rest/registry.organization.list?limit=5&kinds=organ&kinds=institution');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ input: { limit: 5, kinds: ['organ', 'institution'] }, by: 's-1', at: '2026-12-03T00:00:00.000Z' });
  });

  it('answers wrong input with 400 problem JSON naming the field, in the caller’s language', async () => {
    const zh = await call('/rest/registry.organization.list?limit=abc');
    expect(zh.statusCode).toBe(400);
    expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zh.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', type: 'urn:bianzhi:error:VALIDATION_FAILED' });
    expect(Object.keys(zh.json().fieldErrors)).toEqual(['limit']);
    expect(zh.json().title).toMatch(/[\u4e00-\u9fff]/);
    const en = await call('/rest/registry.organization.list?limit=0', { locale: 'en' });
    expect(en.json().title).toMatch(/^Some fields are invalid/);
  });

  it('maps a domain refusal to its status and code', async () => {
    const response = await call('/rest/registry.organization.refuse?id=x');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
  });

  it('takes mutations by POST only, with a JSON body', async () => {
    expect((await call('/rest/registry.organization.note', { method: 'POST', body: { text: '你好' } })).json()).toEqual({ saved: '你好' });
    const byGet = await call('/rest/registry.organization.note?text=x');
    expect(byGet.statusCode).toBe(405);
    expect(byGet.headers.allow).toBe('POST');
  });

  it('offers nothing a service account may not call, and nothing without an internal token', async () => {
    expect((await call('/rest/registry.organization.create', { method: 'POST', body: { name: 'x' } })).statusCode).toBe(404);
    expect((await call('/rest/registry.organization.nothing')).statusCode).toBe(404);
    expect((await call('/rest/registry.organization.list', { auth: null })).statusCode).toBe(401);
    expect((await call('/openapi.json?x=1', { auth: null })).statusCode).toBe(401);
    expect((await call('/rest/registry.organization.list', { auth: await signInternalToken(secret, payroll, 'audit') })).statusCode).toBe(401);
  });

  it('describes each offered operation from its zod input', () => {
    const paths = openApiPaths(testRouter);
    expect(Object.keys(paths).sort()).toEqual(['/api/v1/registry/organization/list', '/api/v1/registry/organization/note', '/api/v1/registry/organization/refuse']);
    const list = paths['/api/v1/registry/organization/list']!.get as { parameters: { name: string; required: boolean; schema?: unknown; content?: unknown }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(['search', 'code', 'limit', 'active', 'kinds', 'range']);
    expect(list.parameters.find((p) => p.name === 'limit')).toMatchObject({ required: false, schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } });
    expect(list.parameters.find((p) => p.name === 'range')).toHaveProperty('content');
    const note = paths['/api/v1/registry/organization/note']!.post as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } } };
    expect(note.requestBody.content['application/json'].schema.required).toEqual(['text']);
  });
});
