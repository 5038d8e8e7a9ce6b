import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB as IdentityDB } from '@bianzhi/db/generated/identity';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { testGatewayEnv } from '@bianzhi/gateway/test-env';
import { createGateway } from '@bianzhi/gateway/app';
import { ensureAccount } from '@bianzhi/gateway/identity/identity.service';

/**
 * Separation of duties compares persons: two accounts an administrator created with the same
 * national ID number are one person, through the gateway (sign-in, internal token) to the ledger.
 */
const secret = 'separation-internal-secret-long-enough';
const publicUrl = 'http://localhost:3998';
const password = 'Yongjiang-Bridge-2026';
let testDb: TestDatabase<unknown>;
type Host = Awaited<ReturnType<typeof createServiceHost>>;
const hosts: Host[] = [];
let gatewayUrl: string;
let cityId: string;
let unitId: string;

async function serve(host: Host): Promise<string> {
  await host.listen({ host: '127.0.0.1', port: 0 });
  hosts.push(host);
  const address = host.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** One tRPC mutation through the gateway with a session cookie: its result, or the refusal's domain code. */
async function mutate(cookie: string, path: string, input: unknown): Promise<{ data?: Record<string, unknown>; domainCode?: string }> {
  const response = await fetch(`${gatewayUrl}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: publicUrl, cookie }, body: JSON.stringify({ json: input }) });
  const body = (await response.json()) as { result?: { data: { json: Record<string, unknown> } }; error?: { json: { data: { domainCode?: string } } } };
  return body.result ? { data: body.result.data.json } : { domainCode: body.error?.json.data.domainCode ?? `HTTP ${response.status}` };
}

async function signIn(username: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: publicUrl }, body: JSON.stringify({ username, password }) });
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed with ${response.status}`);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

beforeAll(async () => {
  testDb = await createTestDatabase('separation-of-duties');
  const registryDb = testDb.db as Kysely<RegistryDB>;
  const ledgerDb = testDb.db as Kysely<LedgerDB>;
  const identityDb = testDb.db as Kysely<IdentityDB>;
  const seed = servicePrincipal('seed');
  cityId = (await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330200', name: '宁波市' })).id;
  unitId = (await createOrganization({ db: registryDb, violations: fakeViolations() }, seed, { jurisdictionId: cityId, name: '宁波市某局', kind: 'organ', basis: 'inventory' })).id;
  await openOrganizationAccounts(ledgerDb, seed, { organizationId: unitId, jurisdictionId: cityId, quotaTypes: ['administrative'] });
  await ensureAccount(identityDb, { username: 'admin', name: '市编办', password, role: 'city_admin', jurisdictionId: cityId }, 'seed');

  const registryUrl = await serve(await createServiceHost({ name: 'registry', host: '127.0.0.1', port: 0, logLevel: 'silent', router: createRegistryRouter(registryDb, fakeViolations()), internalSecret: secret, readiness: {} }));
  const ledgerRouter = createLedgerRouter({ db: ledgerDb, scope: fixedScope(), rules: inMemoryRules().port, clock: () => new Date() });
  const ledgerUrl = await serve(await createServiceHost({ name: 'quota-ledger', host: '127.0.0.1', port: 0, logLevel: 'silent', router: ledgerRouter, internalSecret: secret, readiness: {} }));
  const gateway = await createGateway(testGatewayEnv({ PORT: 3998, DATABASE_URL: testDb.url, INTERNAL_JWT_SECRET: secret, PUBLIC_URL: publicUrl, REGISTRY_URL: registryUrl, LEDGER_URL: ledgerUrl }), identityDb);
  gatewayUrl = await serve(gateway);
}, 60_000);

afterAll(async () => {
  for (const host of hosts.reverse()) await host.close();
  await testDb?.drop();
});

describe('separation of duties between persons', () => {
  it('refuses an approval by another account created with the filer’s ID number', async () => {
    const admin = await signIn('admin');
    const body = '33020319850505001';
    const sameNumber = body + idNumberCheckCharacter(body);
    const otherBody = '33020319870707002';
    for (const [username, idNumber] of [['li-a', sameNumber], ['li-b', sameNumber], ['chen', otherBody + idNumberCheckCharacter(otherBody)]] as const) {
      const created = await mutate(admin, 'identity.user.create', { username, name: username, role: 'district_admin', jurisdictionId: cityId, password, idNumber });
      expect(created.domainCode, username).toBeUndefined();
    }
    const [first, second, someoneElse] = await Promise.all(['li-a', 'li-b', 'chen'].map(signIn));

    const planId = crypto.randomUUID();
    const filed = await mutate(first!, 'ledger.plan.file', { id: planId, organizationId: unitId, ledger: 'administrative', places: 1, endsOn: '2099-12-31', reason: '同一人两个账户' });
    expect(filed.data).toMatchObject({ id: planId, status: 'filed' });
    // Approving is the platform's, for an approved matter; turning a plan down stays the bureau's, never its filer's.
    expect((await mutate(second!, 'ledger.plan.approve', { id: planId })).domainCode).toBe('FORBIDDEN');
    expect((await mutate(second!, 'ledger.plan.reject', { id: planId, note: '' })).domainCode).toBe('SELF_APPROVAL');
    expect((await mutate(someoneElse!, 'ledger.plan.reject', { id: planId, note: '另一人审批' })).data).toMatchObject({ status: 'rejected' });
  });
});
