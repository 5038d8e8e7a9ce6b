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
import type { RegistryRouter } from '@bianzhi/registry/router';
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
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { createServiceClients } from '../service-clients.js';
import { createReformRouter } from '../router.js';
import { serveRouter } from '../test/serve.js';
import { refusal, until } from '../test/outcome.js';
import { startMatterWorker, stopMatterTest } from '../test/matter-worker.js';

/**
 * 章程核准 as a matter (kind charter_approval), end to end against real PostgreSQL, the registry and
 * the ledger over HTTP, a real Temporal server and worker: a district bureau files an institution's
 * charter, three other people of its bureau take it through the chain, and the platform records the
 * approved charter in the registry once, as the unit's next version, published.
 */
const secret = 'test-internal-secret-that-is-long-enough';
const taskQueue = 'charter-approval-int';
let testDb: TestDatabase<unknown>;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const hosts: FastifyInstance[] = [];
let urls: { registryUrl: string; ledgerUrl: string; auditUrl: string; secret: string };
const ids = { city: '', haishu: '', jiangbei: '' };
let institutionId = '';
let organId = '';

const person = (id: string, role: Principal['roles'][number], jurisdiction: keyof typeof ids): Principal => ({ kind: 'user', id, name: id, roles: [role], jurisdictionId: ids[jurisdiction], organizationId: null, personId: id });
let filer: Principal, accepter: Principal, reviewer: Principal, approver: Principal, jiangbei: Principal;

const deps = () => ({ db: testDb.db as Kysely<ReformDB>, temporal: env.client, taskQueue, registryAs: (p: Principal) => createServiceClients(urls, () => p).registry, ...createServiceClients(urls), clock: () => new Date(), idKey: secret });
const as = (principal: Principal) => createCallerFactory(createReformRouter(deps()))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
const registryAs = (principal: Principal) => createServiceClient<RegistryRouter>({ url: urls.registryUrl, service: 'registry', secret, principal: () => principal }).registry;

beforeAll(async () => {
  testDb = await createTestDatabase('charter-approval');
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalBinaries().cli }, ip: '127.0.0.1' } });
  const registryDb = testDb.db as Kysely<RegistryDB>;
  const seed = servicePrincipal('seed');
  const city = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330200', name: '示范市' });
  const haishu = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330203', name: '海曙区' });
  const jb = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330205', name: '江北区' });
  Object.assign(ids, { city: city.id, haishu: haishu.id, jiangbei: jb.id });
  const ledgerScope = fixedScope({ jurisdictions: [city, haishu, jb].map((j) => ({ id: j.id, parentId: j.parentId, name: j.name, level: j.level })) });
  const registryUrl = await serveRouter(hosts, secret, 'registry', createRegistryRouter(registryDb, fakeViolations()));
  const ledgerUrl = await serveRouter(hosts, secret, 'quota-ledger', createLedgerRouter({ db: testDb.db as Kysely<LedgerDB>, scope: ledgerScope, rules: inMemoryRules().port, clock: () => new Date() }));
  urls = { registryUrl, ledgerUrl, auditUrl: ledgerUrl, secret };
  const registry = { db: registryDb, violations: fakeViolations() };
  institutionId = (await createOrganization(registry, seed, { jurisdictionId: haishu.id, name: '海曙区博物馆', kind: 'institution', institutionClass: 'welfare_1', basis: 'inventory' })).id;
  organId = (await createOrganization(registry, seed, { jurisdictionId: haishu.id, name: '海曙区文化和广电旅游体育局', kind: 'organ', organBranch: 'government', basis: 'inventory' })).id;
  filer = person('haishu-1', 'district_admin', 'haishu');
  accepter = person('haishu-2', 'district_admin', 'haishu');
  reviewer = person('haishu-3', 'district_admin', 'haishu');
  approver = person('haishu-4', 'district_admin', 'haishu');
  jiangbei = person('jiangbei-1', 'district_admin', 'jiangbei');
  ({ worker, running } = await startMatterWorker({ env, testDb, urls, secret, taskQueue }));
}, 120_000);

afterAll(() => stopMatterTest({ worker, running, hosts, env, testDb }));

const charter = (organizationId: string, basedOnVersion: number) => ({ organizationId, basedOnVersion, purpose: '收藏、保护、研究和展示本地文物', businessScope: '文物征集、陈列展览、社会教育', governance: '党支部发挥政治核心作用；馆务会议决策重大事项；职工代表大会民主管理；接受主管部门和社会监督' });
const request = { kind: 'charter_approval' as const, title: '海曙区博物馆章程核准', reason: '按照章程管理要求制定章程', documents: [{ title: '关于核准海曙区博物馆章程的请示', documentNumber: '海文〔2026〕8号' }] };

describe('a charter approved as a matter', () => {
  it('is filed on the latest version of a live institution in reach, decided along the chain by others, and recorded once by the platform', async () => {
    // Another district's bureau cannot reach the unit; an organ adopts no charter; a stale version is refused; a person cannot record it.
    expect(await refusal(as(jiangbei).approval.matter.file({ id: randomUUID(), ...request, charter: charter(institutionId, 0) }))).toBe('OUT_OF_SCOPE');
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), ...request, charter: charter(organId, 0) }))).toBe('REGISTRATION_STATE');
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), ...request, charter: charter(institutionId, 1) }))).toBe('MATTER_INVALID');
    expect(await refusal(registryAs(filer).charter.record.mutate({ matterId: randomUUID(), documentNumber: null, charter: charter(institutionId, 0) }))).toBe('FORBIDDEN');

    const id = randomUUID();
    await as(filer).approval.matter.file({ id, ...request, charter: charter(institutionId, 0) });
    // One charter of a unit is decided at a time.
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), ...request, charter: charter(institutionId, 0) }))).toBe('MATTER_INVALID');
    let matter = await as(filer).approval.matter.get({ id });
    expect(matter.steps.map((s) => [s.kind, s.jurisdictionName])).toEqual([['accept', '海曙区'], ['review', '海曙区'], ['approve', '海曙区']]);
    expect(matter.charter).toEqual(charter(institutionId, 0));
    expect(await refusal(as(filer).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() }))).toBe('SELF_APPROVAL');
    await as(accepter).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
    await as(reviewer).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
    expect((await registryAs(filer).registration.unit.query({ organizationId: institutionId })).charters).toEqual([]);
    await as(approver).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', documentNumber: '海编〔2026〕70号', decisionId: randomUUID() });

    matter = await until(() => as(filer).approval.matter.get({ id }), (m) => m.state === 'applied' || m.state === 'failed');
    expect(matter.state).toBe('applied');
    const page = await registryAs(filer).registration.unit.query({ organizationId: institutionId });
    expect(page.charters).toHaveLength(1);
    expect(page.charters[0]).toMatchObject({ version: 1, matterId: id, approvalDocumentNumber: '海编〔2026〕70号', purpose: charter(institutionId, 0).purpose });
    const published = await createServiceClient<RegistryRouter>({ url: urls.registryUrl, service: 'registry', secret, principal: () => servicePrincipal('gateway') }).registry.charter.published.query({ q: '博物馆' });
    expect(published.map((c) => [c.organizationName, c.version])).toEqual([['海曙区博物馆', 1]]);

    // The next revision is filed on version 1; one filed on version 0 now is refused.
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), ...request, charter: charter(institutionId, 0) }))).toBe('MATTER_INVALID');
    const revision = randomUUID();
    await as(filer).approval.matter.file({ id: revision, ...request, title: '海曙区博物馆章程修订', charter: { ...charter(institutionId, 1), purpose: '收藏、保护、研究、展示和数字化本地文物' } });
    expect((await as(filer).approval.matter.get({ id: revision })).state).toBe('in_review');
  }, 120_000);
});
