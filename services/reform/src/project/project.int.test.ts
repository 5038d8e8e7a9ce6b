import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { DB as AuditDB } from '@bianzhi/db/generated/audit';
import type { DB as ReformDB } from '@bianzhi/db/generated/reform';
import type { Principal } from '@bianzhi/domain/access';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { todayInChina } from '@bianzhi/domain/calendar';
import { createCallerFactory, router } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, registryJurisdictions, type TestDatabase } from '@bianzhi/testing/database';
import { temporalBinaries } from '@bianzhi/testing/temporal';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { updatePolicy } from '@bianzhi/registry/policy/policy.service';
import { setLimits } from '@bianzhi/registry/limit/limit.service';
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { linkageRouter } from '@bianzhi/audit/violation/violation.router';
import { createReformActivities } from '../activities/reform-project.js';
import { createServiceClients } from '../service-clients.js';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';
import { ensureSearchAttributes } from '../temporal/search-attributes.js';
import { reformSearchAttributes } from '../workflows/search-attributes.js';
import { createReformRouter } from '../router.js';
import { serveRouter } from '../test/serve.js';

const secret = 'test-internal-secret-that-is-long-enough';
const taskQueue = 'reform-int';
let testDb: TestDatabase<unknown>;
let env: TestWorkflowEnvironment;
const hosts: FastifyInstance[] = [];
const children: ChildProcess[] = [];
let urls: { registryUrl: string; ledgerUrl: string; auditUrl: string; secret: string };
let cityId: string;
let districtId: string;
const units: Record<string, string> = {};
const people: Record<string, string[]> = {};

const manager: Principal = { kind: 'user', id: 'manager-1', name: '改革办 王敏', roles: ['reform_manager'], jurisdictionId: '', organizationId: null };
const director: Principal = { kind: 'user', id: 'director-1', name: '编办主任 李强', roles: ['city_admin'], jurisdictionId: '', organizationId: null };

const serve = (name: string, routes: Parameters<typeof serveRouter>[3]) => serveRouter(hosts, secret, name, routes);

const reformAs = (principal: Principal) => {
  const deps = { db: testDb.db as Kysely<ReformDB>, temporal: env.client, taskQueue, registryAs: (p: Principal) => createServiceClients(urls, () => p).registry, ...createServiceClients(urls) };
  return createCallerFactory(createReformRouter(deps))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
};
const ledgerApi = () => createServiceClients(urls).ledger;

/** A real worker in a child process (so that it can be killed with SIGKILL). */
function workerProcess(hang: boolean): Promise<{ child: ChildProcess; ledgerApplied: Promise<string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../test/worker-process.ts')], {
    env: { ...process.env, REGISTRY_URL: urls.registryUrl, LEDGER_URL: urls.ledgerUrl, AUDIT_URL: urls.auditUrl, INTERNAL_JWT_SECRET: secret, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: taskQueue, BIANZHI_TEST_HANG_AFTER_LEDGER: hang ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  let ready!: () => void;
  let applied!: (id: string) => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const ledgerApplied = new Promise<string>((resolve) => (applied = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('WORKER-READY')) ready();
    const match = /LEDGER-APPLIED (\S+)/.exec(output);
    if (match) applied(match[1]!);
  });
  return isReady.then(() => ({ child, ledgerApplied }));
}

async function waitForStage(id: string, stage: string, as: Principal = manager): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const project = await reformAs(as).reform.project.get({ id });
    if (project.stage === stage) return;
    if (['failed', 'rejected', 'cancelled'].includes(project.stage) && project.stage !== stage) throw new Error(`project ended ${project.stage}: ${project.error}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`project never reached ${stage}`);
}

beforeAll(async () => {
  testDb = await createTestDatabase('reform-projects');
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalBinaries().cli }, ip: '127.0.0.1', searchAttributes: reformSearchAttributes } });
  await ensureSearchAttributes(env.connection, 'default');
  const registryDb = testDb.db as Kysely<RegistryDB>;
  const ledgerDb = testDb.db as Kysely<LedgerDB>;
  const ledgerDeps = { db: ledgerDb, scope: fixedScope({ jurisdictions: () => registryJurisdictions(testDb.db as Kysely<unknown>) }), rules: inMemoryRules().port, clock: () => new Date() };
  urls = {
    registryUrl: await serve('registry', createRegistryRouter(registryDb, fakeViolations())),
    ledgerUrl: await serve('quota-ledger', createLedgerRouter(ledgerDeps)),
    auditUrl: await serve('audit', router({ audit: router({ linkage: linkageRouter(testDb.db as Kysely<AuditDB>) }) })),
    secret,
  };
  const seed = servicePrincipal('seed');
  const city = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330200', name: '宁波市' });
  const other = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330300', name: '温州市' });
  cityId = city.id;
  manager.jurisdictionId = city.id;
  director.jurisdictionId = city.id;
  await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: city.id, quotaTypes: ['administrative'] });
  const registryDeps = { db: registryDb, violations: fakeViolations() };
  const ledger = createServiceClients(urls).ledger;
  const quota: Record<string, [number, number]> = { 甲: [10, 5], 乙: [6, 4], 园区服务中心: [4, 2], 接收局: [5, 0], 旧中心: [0, 0], 待撤中心: [5, 3], 下放局: [4, 2] };
  for (const [name, [allocated, staffed]] of Object.entries(quota)) {
    const unit = await createOrganization(registryDeps, seed, { jurisdictionId: city.id, name: `宁波市${name}`, kind: 'organ', basis: 'inventory' });
    units[name] = unit.id;
    await openOrganizationAccounts(ledgerDb, seed, { organizationId: unit.id, jurisdictionId: city.id, quotaTypes: ['administrative'] });
    if (allocated === 0) continue;
    const pool = (kind: string) => ledger.ledger.account.list.query({ holderId: city.id }).then((all) => all.find((a) => a.kind === kind)!.id);
    const accounts = await ledger.ledger.account.list.query({ holderId: unit.id });
    await ledger.ledger.transfer.create.mutate({
      linked: true,
      transfers: [
        { kind: 'single', id: randomUUID(), debitAccountId: await pool('external'), creditAccountId: await pool('unallocated'), amount: allocated, code: 'approve_total', approvalRef: 'test-inventory' },
        { kind: 'single', id: randomUUID(), debitAccountId: await pool('unallocated'), creditAccountId: accounts.find((a) => a.kind === 'vacant')!.id, amount: allocated, code: 'allocate', approvalRef: 'test-inventory' },
      ],
    });
    people[name] = [];
    if (staffed === 0) continue;
    const caller = (p: Principal) => createServiceClients(urls, () => p).ledger;
    const planId = randomUUID();
    await caller({ kind: 'user', id: 'dept', name: '单位', roles: ['department_user'], jurisdictionId: city.id, organizationId: unit.id }).ledger.plan.file.mutate({ id: planId, organizationId: unit.id, ledger: 'administrative', places: staffed, endsOn: '2027-12-31', reason: '考录' });
    await createServiceClients(urls).ledger.ledger.plan.approve.mutate({ id: planId });
    for (let n = 0; n < staffed; n++) {
      const body = `3302031988${String(Object.keys(people).length).padStart(2, '0')}01${String(n).padStart(3, '0')}`.slice(0, 17);
      const slot = await ledger.ledger.person.enter.mutate({ id: randomUUID(), planId, entryKind: 'exam', enteredOn: '2026-01-05', person: { name: `${name}${n + 1}号`, idNumber: body + idNumberCheckCharacter(body), education: '', postCategory: 'management' } });
      people[name]!.push(slot.personId);
    }
  }
  const district = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330203', name: '海曙区' });
  districtId = district.id;
  await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: district.id, quotaTypes: ['administrative'] });
  const gone = await registryDeps.db.selectFrom('registry.organizations').select('version').where('id', '=', units['旧中心']!).executeTakeFirstOrThrow();
  await createServiceClients(urls).registry.registry.organization.abolish.mutate({ id: units['旧中心']!, expectedVersion: gone.version, documentNumber: '甬编〔2026〕1号' });
  const elsewhere = await createOrganization(registryDeps, seed, { jurisdictionId: other.id, name: '温州市某中心', kind: 'organ', basis: 'inventory' });
  units['外市'] = elsewhere.id;
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const host of hosts) await host.close();
  await env?.teardown();
  await testDb?.drop();
});

const mergerPlan = () => ({ kind: 'merger' as const, sourceIds: [units['甲']!, units['乙']!], target: { existingId: units['园区服务中心']! }, approvedQuota: { administrative: 9 }, keepNamesAsNameplates: true });

describe('a three-unit merger through the API, the real registry, ledger, audit linkage and Temporal', () => {
  let projectId: string;

  it('previews the merger against the live figures without changing anything', async () => {
    const before = await ledgerApi().ledger.reform.snapshot.query({ organizationIds: Object.values(units), jurisdictionIds: [cityId] });
    const preview = await reformAs(manager).reform.project.preview({ jurisdictionId: cityId, plan: mergerPlan() });
    expect(preview.refusals).toEqual([]);
    expect(preview.recovered).toBe(11);
    expect(preview.toPlace).toHaveLength(9);
    expect(preview.overQuota).toEqual([{ organizationId: units['园区服务中心'], name: '宁波市园区服务中心', ledger: 'administrative', over: 2 }]);
    expect(preview.rows.find((r) => r.organizationId === units['园区服务中心'])).toMatchObject({ quotaBefore: 4, quotaAfter: 9, occupiedBefore: 2, occupiedAfter: 11 });
    expect(await ledgerApi().ledger.reform.snapshot.query({ organizationIds: Object.values(units), jurisdictionIds: [cityId] })).toEqual(before);
  });

  it('refuses a plan with an open violation of any of its units (rectification linkage), unless the jurisdiction switched the rule off', async () => {
    const audit = testDb.db as Kysely<AuditDB>;
    const [violation] = await audit.insertInto('audit.violations').values({ organization_id: units['乙']!, jurisdiction_id: cityId, title: '超编进人未整改', recorded_by: JSON.stringify({ kind: 'user', id: 'inspector' }) }).returning('id').execute();
    try {
      const preview = await reformAs(manager).reform.project.preview({ jurisdictionId: cityId, plan: mergerPlan() });
      expect(preview.refusals).toEqual([expect.objectContaining({ rule: 'RECTIFICATION-LINK', localized: { 'zh-CN': expect.stringContaining('超编进人未整改'), en: expect.stringContaining('open violation') } })]);
      await updatePolicy(testDb.db as Kysely<RegistryDB>, servicePrincipal('seed'), { jurisdictionId: cityId, ruleId: 'RECTIFICATION-LINK', enabled: false, params: {} });
      expect((await reformAs(manager).reform.project.preview({ jurisdictionId: cityId, plan: mergerPlan() })).refusals).toEqual([]);
    } finally {
      await updatePolicy(testDb.db as Kysely<RegistryDB>, servicePrincipal('seed'), { jurisdictionId: cityId, ruleId: 'RECTIFICATION-LINK', enabled: true, params: {} });
      await audit.updateTable('audit.violations').set({ status: 'closed', closed_at: new Date(), closed_by: JSON.stringify({ kind: 'user', id: 'inspector' }), conclusion: '已整改' }).where('id', '=', violation!.id).execute();
    }
  });

  it('refuses plans naming an abolished unit or a unit outside the caller’s jurisdiction, starting nothing', async () => {
    const abolished = await reformAs(manager).reform.project.create({ id: randomUUID(), title: '错误方案', jurisdictionId: cityId, documentNumber: '甬编〔2026〕9号', plan: { ...mergerPlan(), sourceIds: [units['甲']!, units['旧中心']!] } }).then(() => null, (e: Error) => e);
    expect(abolished?.message).toContain('已撤销');
    const outside = await reformAs(manager).reform.project.create({ id: randomUUID(), title: '越界方案', jurisdictionId: cityId, documentNumber: '甬编〔2026〕9号', plan: { ...mergerPlan(), sourceIds: [units['甲']!, units['外市']!] } }).then(() => null, (e: Error & { code?: string }) => e);
    expect((outside as { code?: string } | null)?.code).toBe('NOT_FOUND');
    const conservation = await reformAs(manager).reform.project.create({ id: randomUUID(), title: '多核编制', jurisdictionId: cityId, documentNumber: '甬编〔2026〕9号', plan: { ...mergerPlan(), approvedQuota: { administrative: 30 } } }).then(() => null, (e: Error) => e);
    expect(conservation?.message).toContain('整合不新增编制');
    expect((await reformAs(director).reform.project.list({})).items).toEqual([]);
  });

  it('runs from plan to follow-up with the worker killed mid-execution, every transfer applied exactly once', async () => {
    const created = await reformAs(manager).reform.project.create({ id: randomUUID(), title: '园区机构整合', jurisdictionId: cityId, documentNumber: '甬编〔2026〕20号', plan: mergerPlan() });
    projectId = created.id;
    const first = await workerProcess(true);
    await waitForStage(projectId, 'committee');
    // The list filters through Temporal's visibility (eventually consistent).
    for (let i = 0; i < 50 && (await reformAs(director).reform.project.list({ stage: 'committee' })).items.length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect((await reformAs(director).reform.project.list({ stage: 'committee', kind: 'merger' })).items.map((p) => p.id)).toEqual([projectId]);
    expect((await reformAs(director).reform.project.list({ kind: 'abolition' })).items).toEqual([]);

    const self = await reformAs({ ...director, id: manager.id }).reform.project.approve({ id: projectId, decisionId: randomUUID(), note: '' }).then(() => null, (e: Error & { cause?: { code?: string } }) => e);
    expect((self?.cause as { code?: string } | undefined)?.code).toBe('SELF_APPROVAL');
    const wrongRole = await reformAs(manager).reform.project.approve({ id: projectId, decisionId: randomUUID(), note: '' }).then(() => null, (e: Error & { code?: string }) => e);
    expect((wrongRole as { code?: string } | null)?.code).toBe('FORBIDDEN');
    expect((await reformAs(manager).reform.project.get({ id: projectId })).decisions).toEqual([]);

    await reformAs(director).reform.project.approve({ id: projectId, decisionId: randomUUID(), note: '编委会同意' });
    const stepId = await first.ledgerApplied;
    first.child.kill('SIGKILL');
    // A second worker picks the step up once the first one's heartbeat stops; the ledger sees the same step id.
    const second = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await buildWorkflowBundle(), activities: createReformActivities(createServiceClients(urls)) });
    await second.runUntil(async () => {
      await waitForStage(projectId, 'placement');
      const project = await reformAs(manager).reform.project.get({ id: projectId });
      expect(project.steps).toEqual([{ name: 'execute', stepId, reversedBy: null }]);
      const db = testDb.db as Kysely<LedgerDB>;
      // One step applied once: 9 people in, 2 vacancy transfers in, 1 recovery out (the merged unit's statement shows each once).
      const steps = await db.selectFrom('ledger.reform_steps').selectAll().execute();
      expect(steps.map((s) => s.id)).toEqual([stepId]);
      const stepTransfers = await db.selectFrom('ledger.transfers').select((eb) => eb.fn.countAll<string>().as('n')).where('document_number', '=', '甬编〔2026〕20号').executeTakeFirstOrThrow();
      expect(Number(stepTransfers.n)).toBe(12);
      const statement = await ledgerApi().ledger.account.statement.query({ accountId: (await ledgerApi().ledger.account.list.query({ holderId: units['园区服务中心']! })).find((a) => a.kind === 'vacant')!.id });
      expect(statement.filter((l) => l.documentNumber === '甬编〔2026〕20号').map((l) => l.balanceAfter - l.balanceBefore).sort((a, b) => a - b)).toEqual([-11, 2, 5]);
      const figures = await ledgerApi().ledger.reform.snapshot.query({ organizationIds: [units['甲']!, units['乙']!, units['园区服务中心']!], jurisdictionIds: [cityId] });
      expect(figures.units.filter((u) => u.organizationId !== units['园区服务中心']).map((u) => [u.quota, u.occupied])).toEqual([[0, 0], [0, 0]]);
      expect(figures.units.find((u) => u.organizationId === units['园区服务中心'])).toMatchObject({ quota: 9, occupied: 11, overQuota: true });
      expect(figures.pools.find((p) => p.pool === 'unallocated')!.balance).toBe(11);
      const registry = createServiceClients(urls).registry.registry.organization;
      expect(await registry.get.query({ id: units['甲']! })).toMatchObject({ status: 'abolished', successorId: units['园区服务中心'] });

      // Cancellation is refused once the unit changes are in the registry.
      const late = await reformAs(manager).reform.project.cancel({ id: projectId, decisionId: randomUUID(), note: '' }).then(() => null, (e: Error) => e);
      expect(late?.message).toContain('不能再撤销');

      // Placement: one person to the receiving bureau (with their place), one into the pool, the rest stay.
      const toBureau = people['甲']![0]!;
      const toPool = people['乙']![0]!;
      await reformAs(manager).reform.project.assignPlacement({ id: projectId, decisionId: randomUUID(), assignments: [{ personId: toBureau, to: units['接收局']! }, { personId: toPool, to: 'pool' }], finish: true });
      await waitForStage(projectId, 'documents');
      const moved = await ledgerApi().ledger.reform.people.query({ personIds: [toBureau, toPool] });
      expect(Object.fromEntries(moved.map((p) => [p.personId, p.organizationId]))).toEqual({ [toBureau]: units['接收局'], [toPool]: units['园区服务中心'] });

      // The merged unit's internal department must survive its new three-determinations.
      await createServiceClients(urls).registry.registry.department.create.mutate({ organizationId: units['园区服务中心']!, department: { name: '综合科', headcount: 8 } });
      await reformAs(manager).reform.project.submitDocument({ id: projectId, decisionId: randomUUID(), kind: 'three_determinations', documentNumber: '甬编〔2026〕21号', effectiveDate: '2026-01-01', functions: ['负责园区企业服务'] });
      for (let i = 0; i < 100 && !(await reformAs(manager).reform.project.get({ id: projectId })).error; i++) await new Promise((r) => setTimeout(r, 100));
      // A date before the merger is refused by the registry; the project says why and waits for a corrected document.
      expect((await reformAs(manager).reform.project.get({ id: projectId })).error).toContain('生效日期');
      await reformAs(manager).reform.project.submitDocument({ id: projectId, decisionId: randomUUID(), kind: 'three_determinations', documentNumber: '甬编〔2026〕21号', effectiveDate: todayInChina(), functions: ['负责园区企业服务'] });
      await waitForStage(projectId, 'registration');
      const published = await createServiceClients(urls).registry.registry.threeDeterminations.list.query({ organizationId: units['园区服务中心']! });
      expect(published.map((d) => [d.documentNumber, d.staffing, d.departments.map((x) => x.name)])).toEqual([['甬编〔2026〕21号', { administrative: 8 }, ['综合科']]]);
      expect((await createServiceClients(urls).registry.registry.department.list.query({ organizationId: units['园区服务中心']! })).map((d) => d.name)).toEqual(['综合科']);
      await reformAs(manager).reform.project.submitDocument({ id: projectId, decisionId: randomUUID(), kind: 'legal_registration', documentNumber: '甬事登〔2026〕5号', effectiveDate: todayInChina(), representative: '陈刚' });
      await waitForStage(projectId, 'follow_up');
      expect((await registry.get.query({ id: units['园区服务中心']! })).legalRegistration).toMatchObject({ representative: '陈刚', registeredOn: todayInChina() });
      const done = await reformAs(director).reform.project.get({ id: projectId });
      expect(done.timeline.map((t) => t.stage)).toEqual(['preview', 'committee', 'executing', 'placement', 'documents', 'registration', 'follow_up']);
      const events = await (testDb.db as Kysely<ReformDB>).selectFrom('reform.outbox').select('event_type').where('aggregate_id', '=', projectId).orderBy('seq').execute();
      expect(events.map((e) => e.event_type)).toEqual(['reform.project.created', 'reform.project.approved', 'reform.project.placement', 'reform.project.document', 'reform.project.document', 'reform.project.document']);

      // Keep a real history for the replay test (regenerate with BIANZHI_RECORD_HISTORIES=1 after an intended change).
      if (process.env.BIANZHI_RECORD_HISTORIES === '1') {
        const history = await env.client.workflow.getHandle(projectId).fetchHistory();
        writeFileSync(path.join(import.meta.dirname, '../workflows/histories/reform-project-merger-live.json'), historyToJSON(history));
      }
      await env.client.workflow.getHandle(projectId).terminate('test finished');
    });
  }, 240_000);
});

describe('the other kinds against the real services (up to their documents stage)', () => {
  const run = async (title: string, plan: Parameters<ReturnType<typeof reformAs>['reform']['project']['create']>[0]['plan'], body: (id: string) => Promise<void>) => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await buildWorkflowBundle(), activities: createReformActivities(createServiceClients(urls)) });
    await worker.runUntil(async () => {
      const { id } = await reformAs(manager).reform.project.create({ id: randomUUID(), title, jurisdictionId: cityId, documentNumber: `甬编〔2026〕${title}`, plan });
      await waitForStage(id, 'committee');
      await reformAs(director).reform.project.approve({ id, decisionId: randomUUID(), note: '' });
      await body(id);
      const handle = env.client.workflow.getHandle(id);
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test finished');
    });
  };
  const figures = async (ids: string[]) => ledgerApi().ledger.reform.snapshot.query({ organizationIds: ids, jurisdictionIds: [cityId, districtId] });

  it('abolishes a unit: vacancies recovered, one person placed with their place (the bureau already took one in the merger), the rest in the pool', async () => {
    const before = await figures([units['待撤中心']!, units['接收局']!]);
    const pool = before.pools.find((p) => p.jurisdictionId === cityId && p.pool === 'unallocated')!.balance;
    await run('撤销', { kind: 'abolition', organizationIds: [units['待撤中心']!] }, async (id) => {
      await waitForStage(id, 'placement');
      const placed = people['待撤中心']!;
      // Not into a unit of another city, nor into the unit this project abolishes.
      for (const to of [units['外市']!, units['待撤中心']!]) {
        const refused = await reformAs(manager).reform.project.assignPlacement({ id, decisionId: randomUUID(), assignments: [{ personId: placed[0]!, to }], finish: false }).then(() => null, (e: Error) => e);
        expect((refused?.cause as { code?: string } | undefined)?.code).toBe('PLACEMENT_TARGET_INVALID');
      }
      await reformAs(manager).reform.project.assignPlacement({ id, decisionId: randomUUID(), assignments: [{ personId: placed[0]!, to: units['接收局']! }, ...placed.slice(1).map((personId) => ({ personId, to: 'pool' as const }))], finish: true });
      await waitForStage(id, 'documents');
      const after = await figures([units['待撤中心']!, units['接收局']!]);
      expect(after.pools.find((p) => p.jurisdictionId === cityId && p.pool === 'unallocated')!.balance).toBe(pool + 2);
      expect(after.units.map((u) => [u.organizationId, u.quota, u.occupied])).toEqual(expect.arrayContaining([[units['待撤中心'], 2, 2], [units['接收局'], 7, 2]]));
      expect((await createServiceClients(urls).registry.registry.organization.get.query({ id: units['待撤中心']! })).status).toBe('abolished');
    });
  }, 120_000);

  it('delegates a unit to a district: a new record there holds its people and quota', async () => {
    await run('下放', { kind: 'delegation', organizationId: units['下放局']!, targetJurisdictionId: districtId }, async (id) => {
      await waitForStage(id, 'documents');
      const old = await createServiceClients(urls).registry.registry.organization.get.query({ id: units['下放局']! });
      expect(old.status).toBe('delegated');
      const moved = await ledgerApi().ledger.reform.people.query({ personIds: people['下放局']! });
      expect(new Set(moved.map((p) => p.organizationId))).toEqual(new Set([old.successorId]));
      const [record] = (await figures([old.successorId!])).units;
      expect(record).toMatchObject({ jurisdictionId: districtId, quota: 4, occupied: 2 });
      expect((await reformAs(manager).reform.project.get({ id })).resultOrganizationIds).toEqual([old.successorId]);
    });
  }, 120_000);

  it('merges two institutions of different classes into a new one at its class’s limit: the preview and the execution count the same', async () => {
    const seed = servicePrincipal('seed');
    const registryDeps = { db: testDb.db as Kysely<RegistryDB>, violations: fakeViolations() };
    const sources: string[] = [];
    for (const [name, institutionClass] of [['宁波市卫生监测站', 'welfare_2'], ['宁波市疾病预防控制中心', 'welfare_1']] as const) {
      const unit = await createOrganization(registryDeps, seed, { jurisdictionId: cityId, name, kind: 'institution', institutionClass, basis: 'inventory' });
      await openOrganizationAccounts(testDb.db as Kysely<LedgerDB>, seed, { organizationId: unit.id, jurisdictionId: cityId, quotaTypes: ['administrative'] });
      sources.push(unit.id);
    }
    const classOne = async () => (await createServiceClients(urls).registry.registry.limit.list.query({ jurisdictionId: cityId })).categories.find((c) => c.category === 'institution_welfare_1')!;
    const limit = (await classOne()).used;
    await setLimits(registryDeps.db, seed, { jurisdictionId: cityId, documentNumber: '甬编〔2026〕30号', limits: [{ category: 'institution_welfare_1', maximum: limit }] });
    // The class-2 station first: made the offset (撤一建一), it alone would leave the class-1 count one up.
    const plan = { kind: 'merger' as const, sourceIds: sources, target: { newName: '宁波市公共卫生中心', newKind: 'institution' as const, institutionClass: 'welfare_1' as const }, approvedQuota: {}, keepNamesAsNameplates: false };
    expect((await reformAs(manager).reform.project.preview({ jurisdictionId: cityId, plan })).refusals).toEqual([]);
    // The merged unit is created without a planned quota (its quota comes from its sources), which the minimum-quota rule would refuse.
    await updatePolicy(registryDeps.db, seed, { jurisdictionId: cityId, ruleId: 'ORG-PI-MIN-QUOTA', enabled: false, params: {} });
    await run('合并新设', plan, async (id) => {
      for (let i = 0; i < 600; i++) {
        const project = await reformAs(manager).reform.project.get({ id });
        if (project.stage === 'failed') throw new Error(`project failed: ${project.error}`);
        if (['placement', 'documents'].includes(project.stage)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const registry = createServiceClients(urls).registry.registry.organization;
      const [first, second] = await Promise.all(sources.map((source) => registry.get.query({ id: source })));
      expect([first!.status, second!.status]).toEqual(['abolished', 'abolished']);
      expect(second!.successorId).toBe(first!.successorId);
      expect(await classOne()).toMatchObject({ used: limit, maximum: limit });
    }).finally(() => updatePolicy(registryDeps.db, seed, { jurisdictionId: cityId, ruleId: 'ORG-PI-MIN-QUOTA', enabled: true, params: {} }));
  }, 120_000);

  it('sinks quota from a unit to the district pool, and a cancellation gives it back with new transfers', async () => {
    const poolOf = async () => (await figures([])).pools.find((p) => p.jurisdictionId === districtId && p.pool === 'unallocated')!.balance;
    const start = await poolOf();
    await run('下沉', { kind: 'sinking', ledger: 'administrative', from: [{ organizationId: units['接收局']!, amount: 3 }], to: [{ jurisdictionId: districtId, amount: 3, frontline: true }], minimumFrontlineShare: 0.85 }, async (id) => {
      await waitForStage(id, 'documents');
      expect(await poolOf()).toBe(start + 3);
      await reformAs(manager).reform.project.cancel({ id, decisionId: randomUUID(), note: '方案调整' });
      await waitForStage(id, 'cancelled');
      expect(await poolOf()).toBe(start);
      const project = await reformAs(manager).reform.project.get({ id });
      expect(project.steps[0]!.reversedBy).not.toBeNull();
    });
  }, 120_000);
});
