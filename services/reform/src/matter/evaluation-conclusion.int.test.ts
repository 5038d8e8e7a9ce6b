import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { DB as ReformDB } from '@bianzhi/db/generated/reform';
import type { DB as AuditDB } from '@bianzhi/db/generated/audit';
import type { AuditRouter } from '@bianzhi/audit/router';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createServiceClient } from '@bianzhi/trpc/service-client';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { temporalBinaries } from '@bianzhi/testing/temporal';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { registryScope } from '@bianzhi/registry/scope-client';
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { createAuditRouter } from '@bianzhi/audit/router';
import { remoteLedger, remoteTargets } from '@bianzhi/audit/ledger-port';
import { ephemeralHeadSigner } from '@bianzhi/audit/log/signed-head';
import { createServiceClients } from '../service-clients.js';
import { createReformRouter } from '../router.js';
import { serveRouter } from '../test/serve.js';
import { refusal, until } from '../test/outcome.js';
import { startMatterWorker, stopMatterTest } from '../test/matter-worker.js';

/**
 * 评估结论 as a matter (kind evaluation_conclusion), end to end against real PostgreSQL, the registry,
 * the ledger and the audit service over HTTP (the audit service with its real registry and ledger
 * ports), a real Temporal server and worker: a district bureau evaluates one of its units, files the
 * conclusion, three other people of its bureau take it through the chain, and the platform records
 * the approved conclusion in the audit service once.
 */
const secret = 'test-internal-secret-that-is-long-enough';
const taskQueue = 'evaluation-conclusion-int';
let testDb: TestDatabase<unknown>;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const hosts: FastifyInstance[] = [];
let urls: { registryUrl: string; ledgerUrl: string; auditUrl: string; secret: string };
const ids = { city: '', haishu: '', jiangbei: '' };
let unitId = '';

const person = (id: string, role: Principal['roles'][number], jurisdiction: keyof typeof ids): Principal => ({ kind: 'user', id, name: id, roles: [role], jurisdictionId: ids[jurisdiction], organizationId: null, personId: id });
let filer: Principal, accepter: Principal, reviewer: Principal, approver: Principal, jiangbei: Principal;

const deps = () => ({ db: testDb.db as Kysely<ReformDB>, temporal: env.client, taskQueue, registryAs: (p: Principal) => createServiceClients(urls, () => p).registry, ...createServiceClients(urls), clock: () => new Date(), idKey: secret });
const as = (principal: Principal) => createCallerFactory(createReformRouter(deps()))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
const auditAs = (principal: Principal) => createServiceClient<AuditRouter>({ url: urls.auditUrl, service: 'audit', secret, principal: () => principal }).audit;

beforeAll(async () => {
  testDb = await createTestDatabase('evaluation-conclusion');
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalBinaries().cli }, ip: '127.0.0.1' } });
  const registryDb = testDb.db as Kysely<RegistryDB>;
  const ledgerDb = testDb.db as Kysely<LedgerDB>;
  const seed = servicePrincipal('seed');
  const city = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330200', name: '示范市' });
  const haishu = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330203', name: '海曙区' });
  const jb = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330205', name: '江北区' });
  Object.assign(ids, { city: city.id, haishu: haishu.id, jiangbei: jb.id });
  const ledgerScope = fixedScope({ jurisdictions: [city, haishu, jb].map((j) => ({ id: j.id, parentId: j.parentId, name: j.name, level: j.level })) });
  const ledgerDeps = { db: ledgerDb, scope: ledgerScope, rules: inMemoryRules().port, clock: () => new Date() };
  const registryUrl = await serveRouter(hosts, secret, 'registry', createRegistryRouter(registryDb, fakeViolations()));
  const ledgerUrl = await serveRouter(hosts, secret, 'quota-ledger', createLedgerRouter(ledgerDeps));
  const scope = registryScope({ registryUrl, secret, cacheMs: 0 });
  const auditUrl = await serveRouter(hosts, secret, 'audit', createAuditRouter(testDb.db as Kysely<AuditDB>, { scope, signer: ephemeralHeadSigner(), ledger: remoteLedger({ ledgerUrl, secret }), disclosure: { publicRecords: async () => [], publicFigures: async () => [], postsOf: async () => [] }, jurisdictions: (p) => scope.jurisdictionsOf(p), targets: remoteTargets({ ledgerUrl, secret }) }));
  urls = { registryUrl, ledgerUrl, auditUrl, secret };
  const pools: Record<string, Record<string, string>> = {};
  for (const [key, id] of Object.entries(ids)) pools[key] = Object.fromEntries((await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: id, quotaTypes: ['administrative'] })).map((a) => [a.kind, a.id]));
  const unit = await createOrganization({ db: registryDb, violations: fakeViolations() }, seed, { jurisdictionId: haishu.id, name: '海曙区市场监督管理局', kind: 'organ', basis: 'inventory' });
  unitId = unit.id;
  const vacant = (await openOrganizationAccounts(ledgerDb, seed, { organizationId: unit.id, jurisdictionId: haishu.id, quotaTypes: ['administrative'] })).find((a) => a.kind === 'vacant')!.id;
  await createServiceClients(urls).ledger.ledger.transfer.create.mutate({
    linked: true,
    transfers: [
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.external!, creditAccountId: pools.city!.unallocated!, amount: 100, code: 'approve_total', effectiveDate: '2026-01-02', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.unallocated!, creditAccountId: pools.haishu!.unallocated!, amount: 30, code: 'allocate', effectiveDate: '2026-01-02', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.haishu!.unallocated!, creditAccountId: vacant, amount: 10, code: 'allocate', effectiveDate: '2026-01-02', approvalRef: 'inventory' },
    ],
  });
  filer = person('haishu-1', 'district_admin', 'haishu');
  accepter = person('haishu-2', 'district_admin', 'haishu');
  reviewer = person('haishu-3', 'district_admin', 'haishu');
  approver = person('haishu-4', 'district_admin', 'haishu');
  jiangbei = person('jiangbei-1', 'district_admin', 'jiangbei');
  ({ worker, running } = await startMatterWorker({ env, testDb, urls, secret, taskQueue }));
}, 120_000);

afterAll(() => stopMatterTest({ worker, running, hosts, env, testDb }));

describe('an evaluation conclusion approved as a matter', () => {
  it('is filed by whoever may see the evaluation, as concluded, once; approved along the chain, the platform records it', async () => {
    const evaluationId = randomUUID();
    await auditAs(filer).evaluation.create.mutate({ id: evaluationId, organizationId: unitId, year: 2026, title: '2026年度海曙区市场监管局机构编制评估' });
    await auditAs(filer).evaluation.setWorkload.mutate({ id: evaluationId, workload: [{ name: '行政许可办件量', unit: '件', previous: 1000, current: 400 }] });
    const scored = await auditAs(filer).evaluation.score.mutate({ id: evaluationId });
    // 10 approved, nobody on the roll: the ledger's own figures, read as the evaluator.
    expect(scored.indicators?.vacantByType).toEqual({ administrative: 10 });
    const conclusion = { kind: 'cut' as const, ledger: 'administrative' as const, amount: 4, reason: '行政许可事项划转后工作量下降六成' };
    const request = { kind: 'evaluation_conclusion' as const, title: '海曙区市场监管局评估结论：核减行政编制4名', reason: conclusion.reason, documents: [{ title: '关于评估结论的请示', documentNumber: '海编〔2026〕60号' }] };

    // Not concluded yet; another district's bureau cannot reach it; a conclusion other than the evaluation's is refused.
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), ...request, evaluation: { evaluationId, conclusion } }))).toBe('MATTER_INVALID');
    await auditAs(filer).evaluation.conclude.mutate({ id: evaluationId, conclusion });
    expect(await refusal(as(jiangbei).approval.matter.file({ id: randomUUID(), ...request, evaluation: { evaluationId, conclusion } }))).toBe('NOT_FOUND');
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), ...request, evaluation: { evaluationId, conclusion: { ...conclusion, amount: 3 } } }))).toBe('MATTER_INVALID');
    // The system-only procedures are no side door for a person.
    expect(await refusal(auditAs(filer).evaluation.applyConclusion.mutate({ id: evaluationId, matterId: randomUUID(), documentNumber: null, conclusion }))).toBe('FORBIDDEN');

    const id = randomUUID();
    await as(filer).approval.matter.file({ id, ...request, evaluation: { evaluationId, conclusion } });
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), ...request, evaluation: { evaluationId, conclusion } }))).toBe('MATTER_INVALID');
    let matter = await as(filer).approval.matter.get({ id });
    expect(matter.steps.map((s) => [s.kind, s.jurisdictionName])).toEqual([['accept', '海曙区'], ['review', '海曙区'], ['approve', '海曙区']]);
    expect(matter.evaluation).toEqual({ evaluationId, conclusion });
    expect(await refusal(as(filer).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() }))).toBe('SELF_APPROVAL');
    await as(accepter).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
    await as(reviewer).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
    // Until approved, the evaluation is still the evaluator's: nothing recorded as approved.
    expect((await auditAs(filer).evaluation.get.query({ id: evaluationId })).state).toBe('scored');
    await as(approver).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', documentNumber: '海编〔2026〕61号', decisionId: randomUUID() });

    matter = await until(() => as(filer).approval.matter.get({ id }), (m) => m.state === 'applied' || m.state === 'failed');
    expect(matter.state).toBe('applied');
    const approved = await auditAs(filer).evaluation.get.query({ id: evaluationId });
    expect(approved).toMatchObject({ state: 'approved', matterId: id, approvalDocumentNumber: '海编〔2026〕61号', conclusion });
    // Approved, it changes no more, and it cannot be filed again.
    expect(await refusal(auditAs(filer).evaluation.conclude.mutate({ id: evaluationId, conclusion: { ...conclusion, amount: 1 } }))).toBe('EVALUATION_STATE');
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), ...request, evaluation: { evaluationId, conclusion } }))).toBe('MATTER_INVALID');
  }, 120_000);
});
