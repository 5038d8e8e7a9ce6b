import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB as IdentityDB } from '@bianzhi/db/generated/identity';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { TestDatabase } from '@bianzhi/testing/database';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import type { GatewayEnv } from './env.js';
import { createGateway } from './app.js';

/** A gateway's settings for an integration test: what the test names, with working values for the rest. */
export function testGatewayEnv(given: Pick<GatewayEnv, 'DATABASE_URL' | 'INTERNAL_JWT_SECRET' | 'PUBLIC_URL' | 'REGISTRY_URL'> & Partial<GatewayEnv>): GatewayEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: 3999,
    TRUSTED_ORIGINS: '',
    AUTH_SECRET: 'gateway-test-auth-secret-long-enough-xx',
    PERSON_KEY_SECRET: 'gateway-test-person-key-secret-long-enough',
    LEDGER_URL: 'http://127.0.0.1:9',
    AUDIT_URL: 'http://127.0.0.1:9',
    REFORM_URL: 'http://127.0.0.1:9',
    LOGIN_RATE_LIMIT: 1000,
    LOCKOUT_THRESHOLD: 5,
    LOCKOUT_MINUTES: 15,
    OIDC_DISPLAY_NAME: '统一身份认证',
    ...given,
  };
}

/** The address a host listens on. */
export const urlOf = (host: FastifyInstance) => {
  const address = host.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};

/** The real registry on a free port, over the test's database, for a gateway under test to call. */
export async function serveRegistry(db: Kysely<RegistryDB>, secret: string): Promise<FastifyInstance> {
  const host = await createServiceHost({ name: 'registry', host: '127.0.0.1', port: 0, logLevel: 'silent', router: createRegistryRouter(db, fakeViolations()), internalSecret: secret, readiness: {} });
  await host.listen({ host: '127.0.0.1', port: 0 });
  return host;
}

/** A gateway on a free port over the test's database, calling the given registry; `stop` closes both and drops the database. */
export async function startTestGateway(testDb: TestDatabase<IdentityDB>, registryHost: FastifyInstance, settings: { secret: string; publicUrl: string }): Promise<{ url: string; stop: () => Promise<void> }> {
  const gateway = await createGateway(testGatewayEnv({ DATABASE_URL: testDb.url, INTERNAL_JWT_SECRET: settings.secret, PUBLIC_URL: settings.publicUrl, REGISTRY_URL: urlOf(registryHost) }), testDb.db);
  await gateway.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: urlOf(gateway),
    stop: async () => {
      await gateway.close();
      await registryHost.close();
      await testDb.drop();
    },
  };
}
