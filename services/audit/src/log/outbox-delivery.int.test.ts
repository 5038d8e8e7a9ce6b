import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DB as AuditDB } from '@bianzhi/db/generated/audit';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import { createOutboxRelay } from '@bianzhi/db/outbox-relay';
import { countUndelivered } from '@bianzhi/db/outbox';
import { sql, type Kysely } from 'kysely';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import { createAuditDelivery } from '@bianzhi/trpc/audit-delivery';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createAuditRouter } from '../router.js';
import { ephemeralHeadSigner } from './signed-head.js';
import { verifyChain } from './log.service.js';

const secret = 'test-internal-secret-that-is-long-enough';
let testDb: TestDatabase<AuditDB>;
let audit: FastifyInstance;
let auditUrl: string;

beforeAll(async () => {
  testDb = await createTestDatabase<AuditDB>('outbox-delivery');
  const noScope = { jurisdictionIdsOf: async () => null, organizationOf: async () => { throw new Error('not used'); }, lookupOrganizations: async () => [] };
  const noLedger = { holders: async () => ({ idNumbers: [], names: [], organizationIds: [] }), postsOf: async () => [], unitFigures: async () => [], statement: async () => [] };
  audit = await createServiceHost({ name: 'audit', host: '127.0.0.1', port: 0, logLevel: 'silent', router: createAuditRouter(testDb.db, { scope: noScope, signer: ephemeralHeadSigner(), ledger: noLedger, disclosure: { publicRecords: async () => [], publicFigures: async () => [], postsOf: async () => [] } }), internalSecret: secret, readiness: {} });
  await audit.listen({ host: '127.0.0.1', port: 0 });
  const address = audit.server.address();
  auditUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await audit?.close();
  await testDb?.drop();
});

describe('audit outbox delivery', () => {
  it('stores an event exactly once when the relay is killed after delivering and a new relay delivers again', async () => {
    const registryDb = testDb.db as unknown as Kysely<RegistryDB>;
    const city = await createJurisdiction(registryDb, servicePrincipal('seed'), { parentId: null, level: 'city', code: '330100', name: '杭州市' });
    const district = await createJurisdiction(registryDb, servicePrincipal('seed'), { parentId: city.id, level: 'district', code: '330102', name: '上城区' });
    expect(await countUndelivered(testDb.db as Kysely<unknown>, 'registry')).toBe(2);

    const fixture = path.join(import.meta.dirname, 'fixtures', 'relay-then-die.ts');
    // Asynchronously: the audit server the child calls runs in this very process.
    const crashed = await new Promise<{ signal: string | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, testDb.url, auditUrl, secret]);
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('exit', (_code, signal) => resolve({ signal, stdout }));
    });
    expect(crashed.signal).toBe('SIGKILL');
    expect(crashed.stdout).toContain('delivered 2');
    // The audit service has both events, but the killed relay never marked them delivered.
    expect(await countUndelivered(testDb.db as Kysely<unknown>, 'registry')).toBe(2);
    const afterCrash = await testDb.db.selectFrom('audit.events').select('event_id').execute();
    expect(afterCrash).toHaveLength(2);

    const relay = createOutboxRelay({ db: testDb.db as Kysely<unknown>, schema: 'registry', deliver: createAuditDelivery({ auditUrl, secret, service: 'registry' }) });
    expect(await relay.drainOnce()).toBe(2);
    expect(await relay.drainOnce()).toBe(0);
    expect(await countUndelivered(testDb.db as Kysely<unknown>, 'registry')).toBe(0);

    const stored = await testDb.db.selectFrom('audit.events').select(['aggregate_id', 'event_type', 'seq']).orderBy('seq').execute();
    expect(stored.map((e) => [e.aggregate_id, e.event_type])).toEqual([
      [city.id, 'registry.jurisdiction.created'],
      [district.id, 'registry.jurisdiction.created'],
    ]);
    expect(await verifyChain(testDb.db, ephemeralHeadSigner())).toMatchObject({ ok: true, checked: 2, firstBrokenSeq: null });
  });

  it('refuses an ingest call that does not carry a valid internal token', async () => {
    const response = await fetch(`${auditUrl}/trpc/audit.log.ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"json":{"events":[]}}' });
    expect(response.status).toBe(401);
    const forged = createAuditDelivery({ auditUrl, secret: 'another-secret-that-is-also-long-enough', service: 'registry' });
    await expect(forged([])).rejects.toThrow();
  });

  it('reports the first broken link after a superuser edits an entry behind the triggers', async () => {
    await testDb.db.transaction().execute(async (trx) => {
      // What a database superuser could do: switch triggers off and edit history in place.
      await sql`set local session_replication_role = 'replica'`.execute(trx);
      await sql`update audit.events set payload = ${JSON.stringify({ after: { name: '篡改' } })}::jsonb where seq = 1`.execute(trx);
    });
    expect(await verifyChain(testDb.db, ephemeralHeadSigner())).toMatchObject({ ok: false, firstBrokenSeq: 1 });
  });
});
