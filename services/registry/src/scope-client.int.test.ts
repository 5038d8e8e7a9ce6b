import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DB } from '@bianzhi/db/generated/registry';
import { listenForNotifications } from '@bianzhi/db/listen';
import type { Principal } from '@bianzhi/domain/access';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createJurisdiction } from './jurisdiction/jurisdiction.service.js';
import { createRegistryRouter } from './router.js';
import { registryScope } from './scope-client.js';

/**
 * The scope the ledger and audit keep for a caller: a jurisdiction created a moment ago is in its
 * creator's scope at once, because the registry's table notifies and the cache forgets — even with a
 * cache that would otherwise hold the old tree for a minute.
 */
const secret = 'test-internal-secret-that-is-long-enough';
let testDb: TestDatabase<DB>;
let host: FastifyInstance;
let registryUrl = '';
let cityId = '';

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('scope-client');
  host = await createServiceHost({ name: 'registry', host: '127.0.0.1', port: 0, logLevel: 'silent', router: createRegistryRouter(testDb.db, fakeViolations()), internalSecret: secret, readiness: {} });
  await host.listen({ host: '127.0.0.1', port: 0 });
  const address = host.server.address();
  registryUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  cityId = (await createJurisdiction(testDb.db, servicePrincipal('seed'), { parentId: null, level: 'city', code: '330200', name: '示范市' })).id;
});

afterAll(async () => {
  await host?.close();
  await testDb?.drop();
});

describe('the registry scope a service keeps for its callers', () => {
  it('puts a new jurisdiction in its creator’s scope at once, and only because the cache is told', async () => {
    const admin: Principal = { kind: 'user', id: 'city-admin', name: '市编办', roles: ['city_admin'], jurisdictionId: cityId, organizationId: null };
    const told = registryScope({ registryUrl, secret, cacheMs: 60_000 });
    const untold = registryScope({ registryUrl, secret, cacheMs: 60_000 });
    let notified = 0;
    const listening = listenForNotifications(testDb.url, 'bianzhi_jurisdictions', () => {
      notified += 1;
      told.invalidate?.();
    });
    try {
      // Listening (one call on connecting), then both caches hold the city alone.
      await expect.poll(() => notified).toBeGreaterThan(0);
      expect(await told.jurisdictionIdsOf(admin)).toEqual([cityId]);
      expect(await untold.jurisdictionIdsOf(admin)).toEqual([cityId]);
      const district = await createJurisdiction(testDb.db, admin, { parentId: cityId, level: 'district', code: '330203', name: '海曙区' });
      await expect.poll(() => told.jurisdictionIdsOf(admin), { timeout: 3_000 }).toContain(district.id);
      // Without the notification the minute-long cache would still refuse it.
      expect(await untold.jurisdictionIdsOf(admin)).toEqual([cityId]);
    } finally {
      await listening.stop();
    }
  });
});
