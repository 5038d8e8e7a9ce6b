import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { temporalBinaries } from '@bianzhi/testing/temporal';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { createEstablishActivities } from '../activities/establish-organization.js';
import { createServiceClients } from '../service-clients.js';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';
import { establishOrganization } from './establish-organization.js';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';

const secret = 'test-internal-secret-that-is-long-enough';
let testDb: TestDatabase<unknown>;
let env: TestWorkflowEnvironment;
const hosts: FastifyInstance[] = [];

async function serve(name: string, router: Parameters<typeof createServiceHost>[0]['router']): Promise<string> {
  const host = await createServiceHost({ name, host: '127.0.0.1', port: 0, logLevel: 'silent', router, internalSecret: secret, readiness: {} });
  await host.listen({ host: '127.0.0.1', port: 0 });
  hosts.push(host);
  const address = host.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  testDb = await createTestDatabase('establish-workflow');
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalBinaries().cli }, ip: '127.0.0.1' } });
}, 120_000);

afterAll(async () => {
  for (const host of hosts) await host.close();
  await env?.teardown();
  await testDb?.drop();
});

describe('establish organization end to end (real Temporal dev server, registry and ledger over HTTP)', () => {
  it('creates the unit, opens its accounts and activates it, each exactly once', async () => {
    const registryDb = testDb.db as Kysely<RegistryDB>;
    const ledgerDb = testDb.db as Kysely<LedgerDB>;
    const registryUrl = await serve('registry', createRegistryRouter(registryDb, fakeViolations()));
    const ledgerUrl = await serve('quota-ledger', createLedgerRouter({ db: ledgerDb, scope: fixedScope(), rules: inMemoryRules().port, clock: () => new Date() }));
    const city = await createJurisdiction(registryDb, servicePrincipal('seed'), { parentId: null, level: 'city', code: '370200', name: '青岛市' });
    // 撤一建一: the new bureau takes the place of an information centre abolished for it.
    const registryDeps = { db: registryDb, violations: fakeViolations() };
    const offset = await createOrganization(registryDeps, servicePrincipal('seed'), { jurisdictionId: city.id, name: '市信息中心', kind: 'institution', basis: 'inventory' });

    const clients = createServiceClients({ registryUrl, ledgerUrl, auditUrl: 'http://127.0.0.1:9', secret });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'establish-int',
      workflowBundle: await buildWorkflowBundle(),
      activities: createEstablishActivities(clients),
    });
    const workflowId = 'establish-organization/int-1';
    const result = await worker.runUntil(
      env.client.workflow.execute(establishOrganization, {
        workflowId,
        taskQueue: 'establish-int',
        args: [{ jurisdictionId: city.id, name: '市大数据发展管理局', kind: 'organ', quotaTypes: ['administrative'], offsetOrganizationId: offset.id, requestedBy: { id: 'u1', name: '管理员' } }],
      }),
    );

    expect(result.stage).toBe('completed');
    const organizations = await registryDb.selectFrom('registry.organizations').select(['id', 'status', 'idempotency_key', 'successor_id']).orderBy('created_at').execute();
    expect(organizations).toEqual([
      { id: offset.id, status: 'abolished', idempotency_key: null, successor_id: result.organizationId },
      { id: result.organizationId, status: 'active', idempotency_key: `${workflowId}/create-organization`, successor_id: null },
    ]);
    const accounts = await ledgerDb.selectFrom('ledger.accounts').select(['kind', 'ledger']).where('holder_id', '=', result.organizationId!).orderBy('kind').execute();
    expect(accounts).toEqual([
      { kind: 'occupied', ledger: 'administrative' },
      { kind: 'vacant', ledger: 'administrative' },
    ]);
    const events = await registryDb.selectFrom('registry.outbox').select('event_type').where('aggregate_id', '=', result.organizationId!).orderBy('seq').execute();
    expect(events.map((e) => e.event_type)).toEqual(['registry.organization.created', 'registry.organization.activated']);

    // Keep a real history for the replay test (regenerate with BIANZHI_RECORD_HISTORIES=1 after an intended change).
    if (process.env.BIANZHI_RECORD_HISTORIES === '1') {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      writeFileSync(path.join(import.meta.dirname, 'histories', 'establish-organization.json'), historyToJSON(history));
    }
  });
});
