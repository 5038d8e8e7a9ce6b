import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DB as AuditDB } from '@bianzhi/db/generated/audit';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import { createOutboxRelay } from '@bianzhi/db/outbox-relay';
import { appendOutboxEvents, claimUndelivered, countUndelivered, markDelivered } from '@bianzhi/db/outbox';
import { sql, type Kysely } from 'kysely';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import { createAuditDelivery } from '@bianzhi/trpc/audit-delivery';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createAuditRouter } from '../router.js';
import { ephemeralHeadSigner } from './signed-head.js';
import { ingestEvents, verifyChain } from './log.service.js';
import { listEntries, LISTED_TRANSFERS } from './log.repository.js';

const secret = 'test-internal-secret-that-is-long-enough';
let testDb: TestDatabase<AuditDB>;
let audit: FastifyInstance;
let auditUrl: string;

beforeAll(async () => {
  testDb = await createTestDatabase<AuditDB>('outbox-delivery');
  const noScope = { jurisdictionIdsOf: async () => null, organizationOf: async () => { throw new Error('not used'); }, lookupOrganizations: async () => [] };
  const noLedger = { holders: async () => ({ idNumbers: [], names: [], organizationIds: [] }), outsideQuotaHolders: async () => ({ idNumbers: [], names: [], organizationIds: [] }), postsOf: async () => [], unitFigures: async () => [], statement: async () => [] };
  audit = await createServiceHost({ name: 'audit', host: '127.0.0.1', port: 0, logLevel: 'silent', router: createAuditRouter(testDb.db, { scope: noScope, signer: ephemeralHeadSigner(), ledger: noLedger, disclosure: { publicRecords: async () => [], publicFigures: async () => [], postsOf: async () => [] }, jurisdictions: async () => [], targets: async () => [] }), internalSecret: secret, readiness: {} });
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

  it('lists the first transfers of a large batch event and keeps (and verifies) all of them', async () => {
    const batchEvent = (count: number) => ({
      id: randomUUID(),
      source: 'ledger' as const,
      type: 'ledger.transfer.batch',
      aggregateType: 'transfer_batch',
      aggregateId: randomUUID(),
      jurisdictionId: null,
      actor: { kind: 'service' as const, id: 'test' },
      payload: { batchId: randomUUID(), linked: true, count, amount: count, transfers: Array.from({ length: count }, (_, i) => ({ transfer: { id: randomUUID(), amount: 1, n: i }, documentNumber: null, effectiveDate: '2026-12-03' })) },
      occurredAt: new Date().toISOString(),
    });
    const [large, small] = [batchEvent(LISTED_TRANSFERS + 10), batchEvent(3)];
    await ingestEvents(testDb.db, [large, small]);
    const listed = await listEntries(testDb.db, { jurisdictionIds: null, aggregateType: 'transfer_batch', limit: 10 });
    const shown = (id: string) => listed.find((e) => e.eventId === id)!.payload as { count: number; transfersShown?: number; transfers: { transfer: { n: number } }[] };
    expect(shown(large.id)).toMatchObject({ count: LISTED_TRANSFERS + 10, transfersShown: LISTED_TRANSFERS });
    expect(shown(large.id).transfers.map((t) => t.transfer.n)).toEqual(Array.from({ length: LISTED_TRANSFERS }, (_, i) => i));
    expect(shown(small.id).transfersShown).toBeUndefined();
    expect(shown(small.id).transfers).toHaveLength(3);
    const stored = await testDb.db.selectFrom('audit.events').select('payload').where('event_id', '=', large.id).executeTakeFirstOrThrow();
    expect((stored.payload as { transfers: unknown[] }).transfers).toHaveLength(LISTED_TRANSFERS + 10);
    expect(await verifyChain(testDb.db, ephemeralHeadSigner())).toMatchObject({ ok: true, checked: 4 });
  });

  it('keeps events as written, in the ledger (json payloads) as in the other schemas: only the delivery mark changes', async () => {
    const db = testDb.db as Kysely<unknown>;
    for (const schema of ['ledger', 'registry'] as const) {
      const event = { type: 'test.guard', aggregateType: 'test', aggregateId: randomUUID(), actor: { kind: 'service' as const, id: 'test' }, payload: { 名称: '市编办', n: 1 } };
      await db.transaction().execute((trx) => appendOutboxEvents(trx, schema, [event]));
      const outbox = sql.table(`${schema}.outbox`);
      const { rows } = await sql<{ id: string; payload: unknown }>`select id, payload from ${outbox} where aggregate_id = ${event.aggregateId}`.execute(db);
      expect(rows[0]!.payload).toEqual(event.payload);
      const id = rows[0]!.id;
      await expect(sql`update ${outbox} set payload = ${JSON.stringify({ n: 2 })} where id = ${id}`.execute(db)).rejects.toThrow(/immutable/);
      await expect(sql`update ${outbox} set event_type = 'test.other' where id = ${id}`.execute(db)).rejects.toThrow(/immutable/);
      await expect(sql`delete from ${outbox} where id = ${id}`.execute(db)).rejects.toThrow(/never deleted/);
      // Setting a column to what it holds is no change.
      await sql`update ${outbox} set payload = payload, delivered_at = now() where id = ${id}`.execute(db);
      await db.transaction().execute((trx) => markDelivered(trx, schema, [id]));
      expect((await sql<{ delivered: boolean }>`select delivered_at is not null as delivered from ${outbox} where id = ${id}`.execute(db)).rows[0]!.delivered).toBe(true);
    }
  });

  it('claims no more than a delivery can carry, though always the oldest event', async () => {
    const db = testDb.db as Kysely<unknown>;
    // Random text does not compress: each payload is stored at about 600 kB.
    const large = () => ({ type: 'ledger.transfer.batch', aggregateType: 'transfer_batch', aggregateId: randomUUID(), actor: { kind: 'service' as const, id: 'test' }, payload: { filler: randomBytes(450_000).toString('base64') } });
    const small = () => ({ type: 'ledger.transfer.allocate', aggregateType: 'transfer', aggregateId: randomUUID(), actor: { kind: 'service' as const, id: 'test' }, payload: { amount: 1 } });
    await db.transaction().execute((trx) => appendOutboxEvents(trx, 'ledger', [large(), large(), small(), small()]));
    const claimed = () => db.transaction().execute(async (trx) => {
      const events = await claimUndelivered(trx, 'ledger', 500);
      await markDelivered(trx, 'ledger', events.map((e) => e.id));
      return events.map((e) => e.type);
    });
    expect(await claimed()).toEqual(['ledger.transfer.batch']);
    expect(await claimed()).toEqual(['ledger.transfer.batch', 'ledger.transfer.allocate', 'ledger.transfer.allocate']);
    expect(await claimed()).toEqual([]);
    // Larger than a delivery on its own, an event still goes out alone.
    await db.transaction().execute((trx) => appendOutboxEvents(trx, 'ledger', [large(), small()]));
    expect(await db.transaction().execute(async (trx) => (await claimUndelivered(trx, 'ledger', 500, 1000)).map((e) => e.type))).toEqual(['ledger.transfer.batch']);
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
