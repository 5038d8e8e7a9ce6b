import type { AnyRouter } from '@trpc/server';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { createAuditRouter } from '@bianzhi/audit/router';
import { ephemeralHeadSigner } from '@bianzhi/audit/log/signed-head';
import { createServiceClients } from '@bianzhi/reform/service-clients';
import { createReformRouter } from '@bianzhi/reform/router';
import { createIdentityRouter } from '@bianzhi/gateway/identity/identity.router';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';

/** What a test outside the services cannot reach in this setting: calls that get here are the harness's, not the platform's. */
export const UNREACHABLE_MARKERS = ['Temporal is not part of this test', 'not reached', '127.0.0.1:9'];
const unreachableUrl = 'http://127.0.0.1:9';

export interface InProcessServices {
  testDb: TestDatabase<unknown>;
  cityId: string;
  /** Every service's router by its first path segment, over one test database. */
  routers: Record<string, AnyRouter>;
}

/**
 * Every service's router in this process over one fresh test database holding every schema, with
 * one city and the other services out of reach (Temporal and HTTP calls between services fail):
 * for tests that walk every procedure (the authorization matrix, the fuzz run).
 */
export async function inProcessServices(name: string): Promise<InProcessServices> {
  const testDb = await createTestDatabase(name);
  // One test database holds every schema; each router sees it through its own table types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = testDb.db as unknown as Kysely<any>;
  const cityId = (await createJurisdiction(db, servicePrincipal('seed'), { parentId: null, level: 'city', code: '440100', name: '广州市' })).id;
  const unreachableTemporal = new Proxy({}, { get: () => { throw new Error('Temporal is not part of this test'); } }) as Client;
  const routers: Record<string, AnyRouter> = {
    registry: createRegistryRouter(db, fakeViolations()),
    ledger: createLedgerRouter({ db, scope: { ...fixedScope(), jurisdictionIdsOf: async () => [cityId], organizationCounts: async () => { throw new Error('not reached'); } }, rules: inMemoryRules().port, clock: () => new Date() }),
    audit: createAuditRouter(db, {
      scope: { jurisdictionIdsOf: async () => [cityId], organizationOf: async () => { throw new Error('not reached'); }, lookupOrganizations: async () => [] },
      signer: ephemeralHeadSigner(),
      ledger: { holders: async () => ({ idNumbers: [], names: [], organizationIds: [] }), outsideQuotaHolders: async () => ({ idNumbers: [], names: [], organizationIds: [] }), postsOf: async () => [], unitFigures: async () => [], statement: async () => [] },
      disclosure: { publicRecords: async () => [], publicFigures: async () => [], postsOf: async () => [] },
      jurisdictions: async () => [],
      targets: async () => [],
    }),
    reform: createReformRouter({ db, temporal: unreachableTemporal, taskQueue: 'none', registryAs: () => { throw new Error('not reached'); }, ...createServiceClients({ registryUrl: unreachableUrl, ledgerUrl: unreachableUrl, auditUrl: unreachableUrl, secret: 'matrix-secret-that-is-long-enough' }) }),
    identity: createIdentityRouter({ db, jurisdictionsInScope: async () => [cityId], organizationOf: async () => null, jurisdictionSubtree: async () => [cityId], personKeySecret: 'matrix-person-key-secret-long-enough' }),
  };
  return { testDb, cityId, routers };
}
