import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import type { DB as IdentityDB } from '@bianzhi/db/generated/identity';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { serveRegistry, startTestGateway } from '../test-env.js';
import type { IdentityRouter } from './identity.router.js';
import { ensureAccount } from './identity.service.js';

/**
 * The identity rules through the gateway as a browser reaches it (sign-in, cookie, tRPC), with the
 * real registry answering as the caller: which units a user may be bound to, who may reset whose
 * password and what a reset session may do, and accounts of one person.
 */
const secret = 'gateway-identity-internal-secret-long-enough';
const publicUrl = 'http://localhost:3999';
const password = 'Yongjiang-Bridge-2026';
let testDb: TestDatabase<IdentityDB>;
let registryHost: FastifyInstance;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
let gatewayUrl: string;
const ids: Record<string, string> = {};

async function login(username: string, pass = password): Promise<{ status: number; cookie: string; body: { mustChangePassword?: boolean } }> {
  const response = await fetch(`${gatewayUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: publicUrl }, body: JSON.stringify({ username, password: pass }) });
  return { status: response.status, cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), body: (await response.json()) as { mustChangePassword?: boolean } };
}

const clientWith = (cookie: string) =>
  createTRPCClient<IdentityRouter>({
    links: [httpLink({ url: `${gatewayUrl}/trpc`, transformer: superjson, fetch: (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), cookie, origin: publicUrl } }) })],
  });

async function as(username: string, pass = password) {
  const signedIn = await login(username, pass);
  if (signedIn.status !== 200) throw new Error(`sign-in of ${username} failed with ${signedIn.status}`);
  return clientWith(signedIn.cookie);
}

async function domainCodeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCClientError);
  return ((error as TRPCClientError<IdentityRouter>).data as { domainCode?: string } | undefined)?.domainCode;
}

/** A valid national ID number (check character computed) from a 17-digit body. */
const idNumber = (body: string) => body + idNumberCheckCharacter(body);

beforeAll(async () => {
  testDb = await createTestDatabase<IdentityDB>('gateway-identity');
  const registryDb = testDb.db as unknown as Kysely<RegistryDB>;
  registryHost = await serveRegistry(registryDb, secret);

  const seed = servicePrincipal('seed');
  const jurisdiction = async (key: string, parentId: string | null, level: 'city' | 'district' | 'township', code: string) =>
    (ids[key] = (await createJurisdiction(registryDb, seed, { parentId, level, code, name: key })).id);
  await jurisdiction('city', null, 'city', '330200');
  await jurisdiction('haishu', ids.city!, 'district', '330203');
  await jurisdiction('jiangbei', ids.city!, 'district', '330205');
  await jurisdiction('township', ids.haishu!, 'township', '330203001');
  for (const [key, at] of [['haishuUnit', 'haishu'], ['jiangbeiUnit', 'jiangbei'], ['townshipUnit', 'township']] as const) {
    ids[key] = (await createOrganization({ db: registryDb, violations: fakeViolations() }, seed, { jurisdictionId: ids[at]!, name: `${key}单位`, kind: 'organ', basis: 'inventory' })).id;
  }
  const account = async (username: string, role: 'city_admin' | 'district_admin' | 'township_admin', at: string) =>
    (ids[username] = (await ensureAccount(testDb.db, { username, name: username, password, role, jurisdictionId: ids[at]! }, 'seed')).id);
  await account('admin', 'city_admin', 'city');
  await account('hs-admin', 'district_admin', 'haishu');
  await account('hs-admin-2', 'district_admin', 'haishu');
  await account('tw-admin', 'township_admin', 'township');

  gateway = await startTestGateway(testDb, registryHost, { secret, publicUrl });
  gatewayUrl = gateway.url;
}, 60_000);

afterAll(async () => gateway?.stop());

describe('a user’s unit lies in the user’s jurisdiction', () => {
  it('refuses to create a user bound to a unit outside the new user’s jurisdiction subtree', async () => {
    const township = await as('tw-admin');
    const user = (organizationId: string, jurisdictionId = ids.township!) => ({ username: `dept-${Math.random().toString(36).slice(2, 8)}`, name: '部门用户', role: 'department_user' as const, jurisdictionId, organizationId, password });
    // A unit of another district, a unit of the district above, a unit that does not exist.
    expect(await domainCodeOf(township.identity.user.create.mutate(user(ids.jiangbeiUnit!)))).toBe('ORGANIZATION_OUTSIDE_JURISDICTION');
    expect(await domainCodeOf(township.identity.user.create.mutate(user(ids.haishuUnit!)))).toBe('ORGANIZATION_OUTSIDE_JURISDICTION');
    expect(await domainCodeOf(township.identity.user.create.mutate(user('00000000-0000-4000-8000-000000000099')))).toBe('ORGANIZATION_OUTSIDE_JURISDICTION');
    expect(await township.identity.user.create.mutate(user(ids.townshipUnit!))).toMatchObject({ organizationId: ids.townshipUnit });
    // The district admin sees the district's unit, but a township user cannot be bound to it.
    const district = await as('hs-admin');
    expect(await domainCodeOf(district.identity.user.create.mutate(user(ids.haishuUnit!)))).toBe('ORGANIZATION_OUTSIDE_JURISDICTION');
    expect(await district.identity.user.create.mutate(user(ids.townshipUnit!, ids.haishu!))).toMatchObject({ organizationId: ids.townshipUnit });
  });

  it('refuses a role change that binds the user to a unit outside their jurisdiction subtree', async () => {
    const district = await as('hs-admin');
    const created = await district.identity.user.create.mutate({ username: 'hs-dept-role', name: '部门用户', role: 'department_user', jurisdictionId: ids.haishu!, organizationId: ids.haishuUnit!, password });
    expect(await domainCodeOf(district.identity.user.assignRole.mutate({ id: created.id, role: 'department_user', jurisdictionId: ids.haishu!, organizationId: ids.jiangbeiUnit! }))).toBe('ORGANIZATION_OUTSIDE_JURISDICTION');
    expect(await domainCodeOf(district.identity.user.assignRole.mutate({ id: created.id, role: 'department_user', jurisdictionId: ids.township!, organizationId: ids.haishuUnit! }))).toBe('ORGANIZATION_OUTSIDE_JURISDICTION');
    expect((await district.identity.user.get.query({ id: created.id })).organizationId).toBe(ids.haishuUnit);
    expect(await district.identity.user.assignRole.mutate({ id: created.id, role: 'department_user', jurisdictionId: ids.township!, organizationId: ids.townshipUnit! })).toMatchObject({ jurisdictionId: ids.township, organizationId: ids.townshipUnit });
  });
});

describe('password resets', () => {
  it('are refused between administrators of the same standing', async () => {
    const district = await as('hs-admin');
    expect(await domainCodeOf(district.identity.user.resetPassword.mutate({ id: ids['hs-admin-2']!, password: 'Tianyi-Pavilion-1561' }))).toBe('RESET_NOT_ALLOWED');
    expect(await domainCodeOf(district.identity.user.resetPassword.mutate({ id: ids['hs-admin']!, password: 'Tianyi-Pavilion-1561' }))).toBe('RESET_NOT_ALLOWED');
    // The password still works: nothing was changed.
    expect((await login('hs-admin-2')).status).toBe(200);
    // A district admin may reset a township admin of the district.
    expect(await district.identity.user.resetPassword.mutate({ id: ids['tw-admin']!, password: 'Tianyi-Pavilion-1561' })).toMatchObject({ mustChangePassword: true });
    await (await as('admin')).identity.user.resetPassword.mutate({ id: ids['tw-admin']!, password });
  });

  it('let the holder sign in, but do nothing else until they set a password of their own', async () => {
    const reset = 'Tianyi-Pavilion-1561';
    expect(await (await as('admin')).identity.user.resetPassword.mutate({ id: ids['hs-admin-2']!, password: reset })).toMatchObject({ mustChangePassword: true });
    const first = await login('hs-admin-2', reset);
    expect([first.status, first.body.mustChangePassword]).toEqual([200, true]);
    const elsewhere = clientWith((await login('hs-admin-2', reset)).cookie);
    const holder = clientWith(first.cookie);
    expect(await holder.identity.me.query()).toMatchObject({ id: ids['hs-admin-2'], mustChangePassword: true });
    expect(await domainCodeOf(holder.identity.user.list.query({}))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await domainCodeOf(holder.identity.session.list.query())).toBe('PASSWORD_CHANGE_REQUIRED');
    // Calls forwarded to the other services are refused at the gateway too.
    const forwarded = await fetch(`${gatewayUrl}/trpc/registry.jurisdiction.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { cookie: first.cookie } });
    expect(forwarded.status).toBe(403);
    expect(JSON.stringify(await forwarded.json())).toContain('PASSWORD_CHANGE_REQUIRED');

    const change = (currentPassword: string, newPassword: string) => holder.identity.session.changePassword.mutate({ currentPassword, newPassword });
    expect(await domainCodeOf(change(password, 'Moon-Lake-Park-2027'))).toBe('CURRENT_PASSWORD_WRONG');
    expect(await domainCodeOf(change(reset, reset))).toBe('PASSWORD_UNCHANGED');
    expect(await domainCodeOf(change(reset, 'woaini1314'))).toBe('PASSWORD_TOO_WEAK');
    expect(await change(reset, 'Moon-Lake-Park-2027')).toEqual({ revokedSessions: 1 });

    expect(await holder.identity.me.query()).toMatchObject({ mustChangePassword: false });
    expect((await holder.identity.user.list.query({})).length).toBeGreaterThan(0);
    expect(await domainCodeOf(elsewhere.identity.me.query())).toBe('UNAUTHENTICATED');
    expect((await login('hs-admin-2', reset)).status).toBe(401);
    const events = await testDb.db.selectFrom('identity.outbox').select(['event_type', 'aggregate_id']).where('aggregate_id', '=', ids['hs-admin-2']!).orderBy('seq').execute();
    expect(events.map((e) => e.event_type)).toContain('identity.user.password_changed');
  });

  it('let every user change their own password', async () => {
    const township = await as('tw-admin');
    expect(await domainCodeOf(township.identity.session.changePassword.mutate({ currentPassword: password, newPassword: 'tw-admin-2026!' }))).toBe('PASSWORD_TOO_WEAK');
    await township.identity.session.changePassword.mutate({ currentPassword: password, newPassword: 'Baoguo-Temple-1013' });
    expect((await login('tw-admin', 'Baoguo-Temple-1013')).status).toBe(200);
  });
});

describe('accounts of one person', () => {
  it('share a person id derived from the ID number, which is kept only as a keyed hash', async () => {
    const admin = await as('admin');
    const number = idNumber('33020319880101002');
    const user = (username: string, idNumberGiven?: string) => admin.identity.user.create.mutate({ username, name: '张伟', role: 'inspector', jurisdictionId: ids.city!, password, ...(idNumberGiven ? { idNumber: idNumberGiven } : {}) });
    const first = await user('zhangwei-a', number);
    const second = await user('zhangwei-b', number.toLowerCase());
    const other = await user('lina', idNumber('33020319900202004'));
    const none = await user('wangfang');
    const wrongCheck = `${number.slice(0, 17)}${number.endsWith('0') ? '1' : '0'}`;
    expect(await domainCodeOf(user('bad-id', wrongCheck))).toBe('ID_NUMBER_INVALID');

    const [a, b, c, d] = await Promise.all(['zhangwei-a', 'zhangwei-b', 'lina', 'wangfang'].map(async (name) => (await as(name)).identity.me.query()));
    expect(a!.personId).toMatch(/^[0-9a-f]{64}$/);
    expect(b!.personId).toBe(a!.personId);
    expect(c!.personId).not.toBe(a!.personId);
    expect(d!.personId).toBe(none.id);
    expect([a!.id, b!.id]).toEqual([first.id, second.id]);
    expect(other.id).toBe(c!.id);

    const rows = await testDb.db.selectFrom('identity.user').selectAll().where('id', 'in', [first.id, second.id]).execute();
    expect(rows.map((r) => r.person_key)).toEqual([a!.personId, a!.personId]);
    const stored = JSON.stringify([rows, await testDb.db.selectFrom('identity.outbox').selectAll().execute()]);
    expect(stored).not.toContain(number);
    expect(stored).not.toContain(number.slice(0, 17));
  });
});

describe('API tokens', () => {
  it('always expire, at most two years after they are issued', async () => {
    const admin = await as('admin');
    const service = await admin.identity.user.create.mutate({ username: 'svc-payroll', name: '工资统发系统', role: 'service', jurisdictionId: ids.haishu! });
    expect(await domainCodeOf(admin.identity.token.create.mutate({ userId: service.id, name: '不过期', expiresInDays: null as never }))).toBe('VALIDATION_FAILED');
    expect(await domainCodeOf(admin.identity.token.create.mutate({ userId: service.id, name: '三年', expiresInDays: 731 }))).toBe('VALIDATION_FAILED');
    const { info } = await admin.identity.token.create.mutate({ userId: service.id, name: '默认' });
    expect(info.expiresAt.getTime() - info.createdAt.getTime()).toBeGreaterThan(364 * 86_400_000);
    expect(info.expiresAt.getTime() - info.createdAt.getTime()).toBeLessThan(366 * 86_400_000);
    // Nor can a row without an end, or with one beyond two years, be written past the service.
    await expect(testDb.db.updateTable('identity.api_tokens').set({ expires_at: null as never }).where('id', '=', info.id).execute()).rejects.toThrow(/null/);
    await expect(testDb.db.updateTable('identity.api_tokens').set({ expires_at: new Date(info.createdAt.getTime() + 800 * 86_400_000) }).where('id', '=', info.id).execute()).rejects.toThrow(/api_token_expires_within_two_years/);
  });
});
