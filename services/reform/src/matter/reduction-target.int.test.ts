import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { DB as AuditDB } from '@bianzhi/db/generated/audit';
import type { DB as ReformDB } from '@bianzhi/db/generated/reform';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory, router } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { temporalBinaries } from '@bianzhi/testing/temporal';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { registryScope } from '@bianzhi/registry/scope-client';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { violationRouter } from '@bianzhi/audit/violation/violation.router';
import { createMatterActivities } from '../activities/matter-life.js';
import { createSupervisionActivities } from '../activities/supervision.js';
import { createServiceClients } from '../service-clients.js';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';
import { createReformRouter } from '../router.js';
import { monitoringQuarters, monitoringWorkflowId, reductionTargetWorkflowId } from '../workflows/reduction-target.js';
import { serveRouter } from '../test/serve.js';
import { refusal, until } from '../test/outcome.js';

/**
 * 控编减编任务 end to end on real PostgreSQL, the registry, the ledger and audit's violations over
 * HTTP, and Temporal's time-skipping test server: a district files a target as a matter, its bureau
 * decides it, the platform records it and starts its workflow, whose timers wake at the quarter end
 * (behind: the unit is flagged) and at the deadline (missed: a violation opens, linked to the target).
 */
const secret = 'test-internal-secret-that-is-long-enough';
const taskQueue = 'reduction-int';
let testDb: TestDatabase<unknown>;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const hosts: FastifyInstance[] = [];
let urls: { registryUrl: string; ledgerUrl: string; auditUrl: string; secret: string };
const ids = { city: '', haishu: '', jiangbei: '' };
let unitId = '';
let unitVacant = '';
let haishuPool = '';

const person = (id: string, name: string, role: Principal['roles'][number], jurisdiction: keyof typeof ids): Principal => ({ kind: 'user', id, name, roles: [role], jurisdictionId: ids[jurisdiction], organizationId: null, personId: id });
const filer = () => person('haishu-1', '海曙区编办 张三', 'district_admin', 'haishu');
const deciders = () => ['haishu-2', 'haishu-3', 'haishu-4'].map((id, i) => person(id, `海曙区编办 ${i}`, 'district_admin', 'haishu'));
const deps = () => ({ db: testDb.db as Kysely<ReformDB>, temporal: env.client, taskQueue, registryAs: (p: Principal) => createServiceClients(urls, () => p).registry, ...createServiceClients(urls), clock: () => new Date(), idKey: secret });
const as = (principal: Principal) => createCallerFactory(createReformRouter(deps()))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
const platform = () => createServiceClients(urls).ledger.ledger;
const documents = [{ title: '关于下达控编减编任务的请示', documentNumber: '海编〔2026〕30号' }];
const target = (amount: number) => ({ organizationId: unitId, ledger: 'administrative' as const, measure: 'quota' as const, amount, startDate: '2026-10-01', deadline: '2027-03-31', basisDocument: '海编发〔2026〕5号 控编减编工作方案' });

beforeAll(async () => {
  testDb = await createTestDatabase('reduction-targets');
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalBinaries().testServer } } });
  const registryDb = testDb.db as Kysely<RegistryDB>;
  const ledgerDb = testDb.db as Kysely<LedgerDB>;
  const seed = servicePrincipal('seed');
  const city = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330200', name: '示范市' });
  const haishu = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330203', name: '海曙区' });
  const jb = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330205', name: '江北区' });
  Object.assign(ids, { city: city.id, haishu: haishu.id, jiangbei: jb.id });
  const scope = fixedScope({ jurisdictions: [city, haishu, jb].map((j) => ({ id: j.id, parentId: j.parentId, name: j.name, level: j.level })) });
  // The ledger's clock is years ahead: freezing a day is refused until it has ended, and the
  // workflows' skipped time runs ahead of the wall clock.
  const ledgerDeps = { db: ledgerDb, scope, rules: inMemoryRules().port, clock: () => new Date('2030-01-01T02:00:00Z') };
  const registryUrl = await serve('registry', createRegistryRouter(registryDb, fakeViolations()));
  urls = { registryUrl, ledgerUrl: await serve('quota-ledger', createLedgerRouter(ledgerDeps)), auditUrl: await serve('audit', router({ audit: router({ violation: violationRouter(testDb.db as Kysely<AuditDB>, registryScope({ registryUrl, secret })) }) })), secret };
  const cityPools = Object.fromEntries((await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: city.id, quotaTypes: ['administrative'] })).map((a) => [a.kind, a.id]));
  const pools = Object.fromEntries((await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: haishu.id, quotaTypes: ['administrative'] })).map((a) => [a.kind, a.id]));
  haishuPool = pools.unallocated!;
  const unit = await createOrganization({ db: registryDb, violations: fakeViolations() }, seed, { jurisdictionId: haishu.id, name: '海曙区农业农村局', kind: 'organ', basis: 'inventory' });
  unitId = unit.id;
  unitVacant = (await openOrganizationAccounts(ledgerDb, seed, { organizationId: unit.id, jurisdictionId: haishu.id, quotaTypes: ['administrative'] })).find((a) => a.kind === 'vacant')!.id;
  await platform().transfer.create.mutate({
    linked: true,
    transfers: [
      { kind: 'single', id: randomUUID(), debitAccountId: cityPools.external!, creditAccountId: cityPools.unallocated!, amount: 20, code: 'approve_total', approvalRef: 'inventory', effectiveDate: '2026-09-01' },
      { kind: 'single', id: randomUUID(), debitAccountId: cityPools.unallocated!, creditAccountId: pools.unallocated!, amount: 20, code: 'allocate', approvalRef: 'inventory', effectiveDate: '2026-09-01' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.unallocated!, creditAccountId: unitVacant, amount: 10, code: 'allocate', approvalRef: 'inventory', effectiveDate: '2026-09-01' },
    ],
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await buildWorkflowBundle(),
    activities: { ...createMatterActivities({ db: testDb.db as Kysely<ReformDB>, ...createServiceClients(urls), now: () => new Date(), idKey: secret }), ...createSupervisionActivities(createServiceClients(urls)) },
  });
  running = worker.run();
}, 180_000);

const serve = (name: string, routes: Parameters<typeof serveRouter>[3]) => serveRouter(hosts, secret, name, routes);

afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  for (const host of hosts) await host.close();
  await env?.teardown();
  await testDb?.drop();
});

describe('reduction targets as matters, kept in time by Temporal', () => {
  it('refuses a target out of the filer’s reach, above what the unit holds, or with no basis', async () => {
    const jiangbei = person('jiangbei-1', '江北区编办', 'district_admin', 'jiangbei');
    expect(await refusal(as(jiangbei).approval.matter.file({ id: randomUUID(), kind: 'reduction_target', title: '越权下达', reason: '越权', reduction: target(2), documents }))).toMatch(/OUT_OF_SCOPE|NOT_FOUND/);
    expect(await refusal(as(filer()).approval.matter.file({ id: randomUUID(), kind: 'reduction_target', title: '超量', reason: '测试', reduction: target(11), documents }))).toBe('REDUCTION_TARGET_INVALID');
    // The ledger's own words reach the filer, in both languages.
    const above = await as(filer()).approval.matter.file({ id: randomUUID(), kind: 'reduction_target', title: '超量', reason: '测试', reduction: target(11), documents }).catch((e: { cause?: { localized?: Record<string, string> } }) => e.cause?.localized);
    expect(above).toMatchObject({ 'zh-CN': expect.stringContaining('超过现有编制数10'), en: expect.stringContaining('(10)') });
    expect(await refusal(as(filer()).approval.matter.file({ id: randomUUID(), kind: 'reduction_target', title: '无请示', reason: '测试', reduction: target(2), documents: [] }))).toBe('MATTER_INVALID');
    // Nobody records a target directly: only the platform, for an approved matter.
    expect(await refusal(createServiceClients(urls, () => filer()).ledger.ledger.target.record.mutate({ id: randomUUID(), title: '直接下达', target: target(2) }))).toBe('FORBIDDEN');
  });

  it('is decided by the unit’s bureau, recorded once applied, flagged behind at the quarter end and opens a violation at a missed deadline', async () => {
    const id = randomUUID();
    await as(filer()).approval.matter.file({ id, kind: 'reduction_target', title: '海曙区农业农村局控编减编', reason: '机构改革后职能减少，分两季度核减行政编制4名', reduction: target(4), documents });
    let matter = await as(filer()).approval.matter.get({ id });
    expect(matter.steps.map((s) => [s.kind, s.jurisdictionName])).toEqual([['accept', '海曙区'], ['review', '海曙区'], ['approve', '海曙区']]);
    // A second target of the same unit and type is not filed while this one is decided.
    expect(await refusal(as(filer()).approval.matter.file({ id: randomUUID(), kind: 'reduction_target', title: '重复', reason: '测试', reduction: target(2), documents }))).toBe('MATTER_INVALID');
    const [accept, review, approve] = deciders();
    await as(accept!).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
    await as(review!).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
    await as(approve!).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', documentNumber: '海编〔2026〕31号', decisionId: randomUUID() });
    matter = await until(() => as(filer()).approval.matter.get({ id }), (m) => m.state === 'applied');
    const recorded = await platform().target.get.query({ id });
    expect(recorded).toMatchObject({ organizationId: unitId, amount: 4, documentNumber: '海编〔2026〕31号', violationId: null });

    // One recovery in the first quarter: 1 of the 2 a steady pace expects by 2026-12-31 (floor(4 × 92 / 182)).
    await platform().transfer.create.mutate({ linked: false, transfers: [{ kind: 'single', id: randomUUID(), debitAccountId: unitVacant, creditAccountId: haishuPool, amount: 1, code: 'recover', approvalRef: 'test', effectiveDate: '2026-11-15' }] });
    // Started by the matter's workflow once it finds the matter applied.
    const handle = env.client.workflow.getHandle(reductionTargetWorkflowId(id));
    await until(() => handle.describe().then(() => true, () => false), (started) => started);
    // Time skips to the end of 2026-12-31 and of the deadline: the timers, not anyone, freeze the figures.
    expect(await handle.result()).toBe('missed');
    const after = await platform().target.get.query({ id });
    expect(after.quarters.map((q) => [q.day, q.achieved, q.expected, q.status])).toEqual([
      ['2026-12-31', 1, 2, 'behind'],
      ['2027-03-31', 1, 4, 'missed'],
    ]);
    expect(after.flaggedAt).toBe('2027-03-31');
    expect(after.violationId).not.toBeNull();
    const violation = await (testDb.db as Kysely<AuditDB>).selectFrom('audit.violations').selectAll().where('id', '=', after.violationId!).executeTakeFirstOrThrow();
    expect(violation).toMatchObject({ organization_id: unitId, rule_id: `target:${id}`, status: 'open', deadline: '2027-06-30' });
    expect(violation.title).toContain('海曙区农业农村局控编减编');
    // Each freeze and the link are audit events; the workflow's effects happen once.
    const events = await (testDb.db as Kysely<LedgerDB>).selectFrom('ledger.outbox').select('event_type').where('aggregate_id', '=', id).execute();
    expect(events.map((e) => e.event_type).sort()).toEqual(['ledger.target.frozen', 'ledger.target.frozen', 'ledger.target.recorded', 'ledger.target.violation_linked']);
  }, 180_000);

  it('freezes every jurisdiction’s watch list when a quarter ends', async () => {
    await env.client.workflow.start(monitoringQuarters, { workflowId: monitoringWorkflowId, taskQueue, args: [] });
    await env.sleep('120 days');
    const frozen = await until(
      () => (testDb.db as Kysely<LedgerDB>).selectFrom('ledger.monitoring_quarters').select(['jurisdiction_id', 'quarter', 'organization_id', 'reasons']).execute(),
      (rows) => rows.length > 0,
    );
    // The unit behind its target is on 海曙区's list; frozen once per quarter.
    expect(frozen).toContainEqual({ jurisdiction_id: ids.haishu, quarter: expect.stringMatching(/^20\d\dQ[1-4]$/), organization_id: unitId, reasons: ['behind_target'] });
    await env.client.workflow.getHandle(monitoringWorkflowId).terminate('test done');
  }, 300_000);
});
