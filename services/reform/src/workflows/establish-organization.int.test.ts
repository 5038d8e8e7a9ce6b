import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, registryJurisdictions, type TestDatabase } from '@bianzhi/testing/database';
import { temporalBinaries } from '@bianzhi/testing/temporal';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { createEstablishActivities } from '../activities/establish-organization.js';
import { createMatterActivities } from '../activities/matter-life.js';
import { matterEstablishmentId } from '../establishment/establishment.service.js';
import { matterIdKey } from '../matter/matter-clock.js';
import { createServiceClients } from '../service-clients.js';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';
import { establishOrganization } from './establish-organization.js';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools } from '@bianzhi/quota-ledger/account/account.service';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { DB as ReformDB } from '@bianzhi/db/generated/reform';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { ensureSearchAttributes } from '../temporal/search-attributes.js';
import { reformSearchAttributes } from './search-attributes.js';
import { createReformRouter } from '../router.js';
import { serveRouter } from '../test/serve.js';

const secret = 'test-internal-secret-that-is-long-enough';
let testDb: TestDatabase<unknown>;
let env: TestWorkflowEnvironment;
const hosts: FastifyInstance[] = [];

const serve = (name: string, routes: Parameters<typeof serveRouter>[3]) => serveRouter(hosts, secret, name, routes);

/**
 * Keeps a real history for the replay test (BIANZHI_RECORD_HISTORIES=1). A history already there is
 * a run of older code, kept to prove that new code replays it: it is never overwritten.
 */
async function recordHistory(workflowId: string, file: string) {
  const target = path.join(import.meta.dirname, 'histories', file);
  if (process.env.BIANZHI_RECORD_HISTORIES !== '1' || existsSync(target)) return;
  writeFileSync(target, historyToJSON(await env.client.workflow.getHandle(workflowId).fetchHistory()));
}

beforeAll(async () => {
  testDb = await createTestDatabase('establish-workflow');
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalBinaries().cli }, ip: '127.0.0.1', searchAttributes: reformSearchAttributes } });
  await ensureSearchAttributes(env.connection, 'default');
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
    const ledgerUrl = await serve('quota-ledger', createLedgerRouter({ db: ledgerDb, scope: fixedScope({ jurisdictions: () => registryJurisdictions(testDb.db as Kysely<unknown>) }), rules: inMemoryRules().port, clock: () => new Date() }));
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

    await recordHistory(workflowId, 'establish-organization.json');
  });

  it('as an approved matter: refuses a broken unit and a short pool before anything is filed, then establishes an institution with its allocation and three-determinations', async () => {
    const registryDb = testDb.db as Kysely<RegistryDB>;
    const ledgerDb = testDb.db as Kysely<LedgerDB>;
    const ledgerDeps = { db: ledgerDb, scope: fixedScope({ jurisdictions: () => registryJurisdictions(testDb.db as Kysely<unknown>) }), rules: inMemoryRules().port, clock: () => new Date() };
    const urls = {
      registryUrl: await serve('registry', createRegistryRouter(registryDb, fakeViolations())),
      ledgerUrl: await serve('quota-ledger', createLedgerRouter(ledgerDeps)),
      auditUrl: 'http://127.0.0.1:9',
      secret,
    };
    const seed = servicePrincipal('seed');
    const city = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '370600', name: '烟台市' });
    const elsewhere = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '370700', name: '潍坊市' });
    const offset = await createOrganization({ db: registryDb, violations: fakeViolations() }, seed, { jurisdictionId: city.id, name: '烟台市信息服务站', kind: 'institution', institutionClass: 'welfare_1', basis: 'inventory' });
    await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: city.id, quotaTypes: ['institution'] });
    const clients = createServiceClients(urls);
    const pools = await clients.ledger.ledger.account.list.query({ holderId: city.id });
    const pool = (kind: string) => pools.find((a) => a.kind === kind)!.id;
    await clients.ledger.ledger.transfer.create.mutate({ linked: true, transfers: [{ kind: 'single', id: randomUUID(), debitAccountId: pool('external'), creditAccountId: pool('unallocated'), amount: 20, code: 'approve_total', approvalRef: 'test-inventory' }] });

    const staff = (id: string, name: string): Principal => ({ kind: 'user', id, name, roles: ['city_admin'], jurisdictionId: city.id, organizationId: null });
    const admin = staff('admin-yt', '烟台编办 张华');
    const [accepter, reviewer, approver] = [staff('yt-shouli', '受理 李'), staff('yt-shenhe', '审核 王'), staff('yt-zhuren', '主任 赵')];
    const outsider: Principal = { ...admin, id: 'admin-wf', name: '潍坊编办', jurisdictionId: elsewhere.id };
    const deps = { db: testDb.db as Kysely<ReformDB>, temporal: env.client, taskQueue: 'establish-int', registryAs: (p: Principal) => createServiceClients(urls, () => p).registry, idKey: matterIdKey(secret), ...clients };
    const reformAs = (principal: Principal) => createCallerFactory(createReformRouter(deps))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
    const unit = {
      jurisdictionId: city.id,
      name: '烟台市城市运行管理中心',
      kind: 'institution' as const,
      institutionClass: 'welfare_1' as const,
      plannedQuota: 12,
      offsetOrganizationId: offset.id,
      quotaTypes: ['institution' as const],
      allocation: { institution: 12 },
      threeDeterminations: { functions: ['承担城市运行监测和数据汇聚', '承担应急指挥的技术保障'], departments: [{ name: '综合科', type: 'office' as const, headcount: 10, leadershipPosts: {}, functions: '' }], leadershipPosts: { zheng_ke: 1 } },
    };
    const file = (principal: Principal, change: typeof unit, id = randomUUID()) =>
      reformAs(principal).approval.matter.file({ id, kind: 'organization_change', title: `设立${change.name}`, reason: '城市运行管理体制改革', organization: { action: 'establish', unit: change }, documents: [{ title: '关于设立城市运行管理中心的请示', documentNumber: '烟城管〔2026〕3号' }] });

    // Refused by the registry's policy rules, every rule named, before anything is filed.
    await expect(file(admin, { ...unit, plannedQuota: 8, allocation: { institution: 8 } })).rejects.toMatchObject({ cause: { code: 'POLICY_VIOLATION' } });
    // More than the pool holds.
    await expect(file(admin, { ...unit, allocation: { institution: 30 } })).rejects.toMatchObject({ cause: { code: 'POOL_INSUFFICIENT', localized: { 'zh-CN': '区划的未分配编制不足：事业编制拟核定 30 名，区划未分配编制仅余 20 名' } } });
    // A first document whose departments break the size rule, also before anything exists.
    await expect(file(admin, { ...unit, threeDeterminations: { ...unit.threeDeterminations, departments: [{ name: '综合科', type: 'office', headcount: 3, leadershipPosts: {}, functions: '' }] } })).rejects.toMatchObject({
      cause: { code: 'POLICY_VIOLATION', detail: { problems: [expect.objectContaining({ ruleId: 'DEPT-AVERAGE-SIZE' })] } },
    });
    // Outside the caller's jurisdiction.
    await expect(file(outsider, unit)).rejects.toMatchObject({ cause: { code: 'OUT_OF_SCOPE' } });
    expect(await registryDb.selectFrom('registry.organizations').select('id').where('jurisdiction_id', '=', city.id).execute()).toHaveLength(1);

    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'establish-int',
      workflowBundle: await buildWorkflowBundle(),
      activities: { ...createEstablishActivities(clients), ...createMatterActivities({ db: deps.db, ledger: clients.ledger, registry: clients.registry, now: () => new Date(), idKey: deps.idKey }) },
    });
    const matterId = randomUUID();
    const requestId = matterEstablishmentId(deps.idKey, matterId);
    const progress = await worker.runUntil(async () => {
      await file(admin, unit, matterId);
      expect((await file(admin, unit, matterId)).id).toBe(matterId); // a double click files one matter
      for (const [stepIndex, decider] of [accepter, reviewer, approver].entries()) {
        await reformAs(decider).approval.matter.decide({ id: matterId, stepIndex, decision: 'approve', comment: '', decisionId: randomUUID(), ...(stepIndex === 2 ? { documentNumber: '烟编〔2026〕30号' } : {}) });
      }
      for (let i = 0; i < 200; i++) {
        const matter = await reformAs(admin).approval.matter.get({ id: matterId });
        if (matter.state !== 'approved') {
          expect(matter).toMatchObject({ state: 'applied', organization: { action: 'establish', establishedOrganizationId: expect.any(String) } });
          return reformAs(admin).reform.establishment.get({ requestId });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`still running: ${JSON.stringify(await reformAs(admin).approval.matter.get({ id: matterId }))}`);
    });
    expect(progress).toMatchObject({ stage: 'completed', status: 'COMPLETED', name: unit.name, jurisdictionId: city.id, documentVersion: 1, errorCode: null });
    expect(progress.transferIds).toHaveLength(1);

    const created = await registryDb.selectFrom('registry.organizations').select(['id', 'status', 'planned_quota']).where('name', '=', unit.name).execute();
    expect(created).toEqual([{ id: progress.organizationId, status: 'active', planned_quota: 12 }]);
    const balances = Object.fromEntries((await clients.ledger.ledger.account.list.query({ holderId: progress.organizationId! })).map((a) => [a.kind, a.balance]));
    expect(balances).toEqual({ vacant: 12, occupied: 0 });
    expect((await clients.ledger.ledger.account.list.query({ holderId: city.id })).find((a) => a.kind === 'unallocated')!.balance).toBe(8);
    // The allocation cites the approved matter and carries the approval's document number.
    const [allocated] = await ledgerDb.selectFrom('ledger.transfers').select(['approval_ref', 'document_number']).where('id', '=', progress.transferIds![0]!).execute();
    expect(allocated).toEqual({ approval_ref: `matter/${matterId}`, document_number: '烟编〔2026〕30号' });
    const [document] = await registryDb.selectFrom('registry.three_determinations').select(['version', 'document_number', 'staffing', 'functions', 'leadership_posts']).where('organization_id', '=', progress.organizationId!).execute();
    expect(document).toEqual({ version: 1, document_number: '烟编〔2026〕30号', staffing: { institution: 12 }, functions: unit.threeDeterminations.functions, leadership_posts: { zheng_ke: 1 } });
    expect(await registryDb.selectFrom('registry.departments').select('name').where('organization_id', '=', progress.organizationId!).where('status', '=', 'active').execute()).toEqual([{ name: '综合科' }]);

    // Found by its jurisdiction, and only there.
    const listed = await reformAs(admin).reform.establishment.list({});
    expect(listed.items.filter((i) => i.requestId === requestId)).toEqual([expect.objectContaining({ name: unit.name, status: 'COMPLETED' })]);
    expect((await reformAs(outsider).reform.establishment.list({})).items.some((i) => i.requestId === requestId)).toBe(false);
    await expect(reformAs(outsider).reform.establishment.get({ requestId })).rejects.toMatchObject({ cause: { code: 'NOT_FOUND' } });

    await recordHistory(`establish-organization/${requestId}`, 'establish-organization-allocated.json');
  });
});
