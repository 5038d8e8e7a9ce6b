import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB as IdentityDB } from '@bianzhi/db/generated/identity';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { ensureAccount } from './identity/identity.service.js';
import { serveRegistry, startTestGateway } from './test-env.js';

/**
 * The gateway itself, as a browser and another system reach it: its sign-in routes (login, session,
 * logout), the CSRF guard on cookie-authenticated changes, and the tRPC proxy (one service per
 * request, the caller's identity carried to the service, answers in the caller's language).
 */
const secret = 'gateway-own-internal-secret-long-enough-xx';
const publicUrl = 'http://localhost:3998';
const password = 'Sanjiangkou-2026-Gateway';
let testDb: TestDatabase<IdentityDB>;
let registryHost: FastifyInstance;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
let base = '';
let cityId = '';

beforeAll(async () => {
  testDb = await createTestDatabase<IdentityDB>('gateway-own');
  const registryDb = testDb.db as unknown as Kysely<RegistryDB>;
  registryHost = await serveRegistry(registryDb, secret);
  const city = await createJurisdiction(registryDb, servicePrincipal('seed'), { parentId: null, level: 'city', code: '330200', name: '示范市' });
  cityId = city.id;
  await ensureAccount(testDb.db, { username: 'gw-admin', name: '网关测试管理员', password, role: 'city_admin', jurisdictionId: city.id }, 'seed');
  gateway = await startTestGateway(testDb, registryHost, { secret, publicUrl });
  base = gateway.url;
}, 60_000);

afterAll(async () => gateway?.stop());

const json = { 'content-type': 'application/json', origin: publicUrl };
const login = (username: string, pass: string, headers: Record<string, string> = json) => fetch(`${base}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username, password: pass }) });
const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const query = (path: string, cookie: string, headers: Record<string, string> = {}) => fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { cookie, ...headers } });
const mutate = (path: string, cookie: string, headers: Record<string, string>, body: unknown) => fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { cookie, ...headers }, body: JSON.stringify({ json: body }) });

describe('sign-in routes', () => {
  it('refuse a wrong password and an unknown user alike, in the caller’s language, and refuse bad input as such', async () => {
    const wrong = await login('gw-admin', 'not-the-password');
    const unknown = await login('nobody-here', 'not-the-password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
    const english = await login('gw-admin', 'not-the-password', { ...json, 'accept-language': 'en' });
    expect(JSON.stringify(await english.json())).toMatch(/[A-Za-z]/);
    expect((await fetch(`${base}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: '' }) })).status).toBe(400);
  });

  it('sign in, answer the session with the principal, and sign out so that the cookie no longer works', async () => {
    const signedIn = await login('gw-admin', password);
    expect(signedIn.status).toBe(200);
    const cookie = cookieOf(signedIn);
    const session = await fetch(`${base}/api/auth/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { principal: { roles: string[] } }).principal.roles).toEqual(['city_admin']);
    expect((await query('registry.jurisdiction.list', cookie)).status).toBe(200);
    expect((await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { ...json, cookie }, body: '{}' })).status).toBe(200);
    expect((await fetch(`${base}/api/auth/session`, { headers: { cookie } })).status).toBe(401);
    expect((await query('registry.jurisdiction.list', cookie)).status).toBe(401);
  });
});

describe('the CSRF guard on cookie-authenticated changes', () => {
  it('refuses a foreign origin, a missing origin with a cookie, and a form post; lets our own JSON through', async () => {
    const cookie = cookieOf(await login('gw-admin', password));
    const input = { parentId: null, level: 'city', code: '110000', name: '伪造' };
    expect((await mutate('registry.jurisdiction.create', cookie, { 'content-type': 'application/json', origin: 'https://evil.example' }, input)).status).toBe(403);
    expect((await mutate('registry.jurisdiction.create', cookie, { 'content-type': 'application/json' }, input)).status).toBe(403);
    expect((await mutate('registry.jurisdiction.create', cookie, { 'content-type': 'application/x-www-form-urlencoded', origin: publicUrl }, input)).status).toBe(403);
    // From our own page, as JSON: the guard lets it pass and the registry does it.
    const own = await mutate('registry.jurisdiction.create', cookie, { 'content-type': 'application/json', origin: publicUrl }, { parentId: cityId, level: 'district', code: '330299', name: '网关测试区' });
    expect(own.status).toBe(200);
  });
});

describe('the tRPC proxy', () => {
  it('needs a session, keeps one service per request, and answers refusals in the caller’s language', async () => {
    const cookie = cookieOf(await login('gw-admin', password));
    expect((await query('registry.jurisdiction.list', '')).status).toBe(401);
    const mixed = await fetch(`${base}/trpc/registry.jurisdiction.list,audit.log.verify?batch=1&input=%7B%7D`, { headers: { cookie } });
    expect(mixed.status).toBe(400);
    const unknownService = await query('nosuch.thing.list', cookie);
    expect(unknownService.status).toBe(404);
    // The caller's identity reaches the service: the registry answers the city admin's own city.
    const listed = (await (await query('registry.jurisdiction.list', cookie)).json()) as { result: { data: { json: { name: string }[] } } };
    expect(listed.result.data.json.map((j) => j.name)).toContain('示范市');
    const refusedZh = (await (await query('registry.organization.get', cookie)).json()) as { error: { json: { message: string } } };
    const refusedEn = (await (await query('registry.organization.get', cookie, { 'accept-language': 'en' })).json()) as { error: { json: { message: string } } };
    expect(refusedZh.error.json.message).not.toEqual(refusedEn.error.json.message);
  });
});

describe('the public site’s procedures', () => {
  it('let an anonymous visitor read the published power lists, alone and never batched with anything else', async () => {
    const found = await query('registry.publicPowerList.search', '');
    expect(found.status).toBe(200);
    expect(((await found.json()) as { result: { data: { json: { total: number } } } }).result.data.json.total).toBe(0);
    expect((await query('registry.serviceGuide.list', '')).status).toBe(401);
    expect((await query('registry.powerList.batches', '')).status).toBe(401);
    const mixed = await fetch(`${base}/trpc/registry.publicPowerList.search,registry.powerList.batches?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: {} }, 1: { json: {} } }))}`);
    expect(mixed.status).toBe(401);
  });

  it('let an anonymous visitor read the published charters and annual reports, and nothing else of the registration', async () => {
    for (const path of ['registry.charter.published', 'registry.registration.publishedReports']) {
      const answer = await query(path, '');
      expect(answer.status, path).toBe(200);
      expect(((await answer.json()) as { result: { data: { json: unknown[] } } }).result.data.json, path).toEqual([]);
    }
    for (const path of ['registry.registration.overview', 'registry.registration.unit', 'registry.charter.check']) expect((await query(path, '')).status, path).toBe(401);
  });
});
