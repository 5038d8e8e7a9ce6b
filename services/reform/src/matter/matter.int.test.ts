import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import pino from 'pino';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DB as RegistryDB } from '@bianzhi/db/generated/registry';
import type { DB as LedgerDB } from '@bianzhi/db/generated/ledger';
import type { DB as ReformDB } from '@bianzhi/db/generated/reform';
import type { Principal } from '@bianzhi/domain/access';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { temporalBinaries } from '@bianzhi/testing/temporal';
import { fakeViolations } from '@bianzhi/testing/violations';
import { createRegistryRouter } from '@bianzhi/registry/router';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createLedgerRouter } from '@bianzhi/quota-ledger/router';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { createMatterActivities } from '../activities/matter-life.js';
import { createServiceClients } from '../service-clients.js';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';
import { createReformRouter } from '../router.js';
import { advanceMatter } from './matter-clock.js';
import { serveRouter } from '../test/serve.js';
import { refusal, until } from '../test/outcome.js';

/**
 * Matters end to end against real PostgreSQL, the registry and the ledger over HTTP, a real
 * Temporal server and worker: a district files, its bureau accepts and reviews, the city (which
 * took the kind up, 审批权上收) returns it, the filer corrects it, the city approves, the worker
 * applies the transfer exactly once. Then every refusal the issue names.
 */
const secret = 'test-internal-secret-that-is-long-enough';
const taskQueue = 'matters-int';
let testDb: TestDatabase<unknown>;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const hosts: FastifyInstance[] = [];
let urls: { registryUrl: string; ledgerUrl: string; auditUrl: string; secret: string };
const ids = { city: '', haishu: '', jiangbei: '', nanmen: '' };
const pools: Record<string, Record<string, string>> = {};
let unitVacant = '';
let otherUnitVacant = '';
let townshipVacant = '';
let unitId = '';
let otherUnitId = '';

const person = (id: string, name: string, role: Principal['roles'][number], jurisdiction: keyof typeof ids, personId = id): Principal => ({ kind: 'user', id, name, roles: [role], jurisdictionId: ids[jurisdiction], organizationId: null, personId });
let filer: Principal, accepter: Principal, reviewer: Principal, cityA: Principal, cityB: Principal, cityC: Principal, jiangbei: Principal;

const serve = (name: string, routes: Parameters<typeof serveRouter>[3]) => serveRouter(hosts, secret, name, routes);

let now = () => new Date();
const deps = (inline: boolean) => ({ db: testDb.db as Kysely<ReformDB>, temporal: env.client, taskQueue, registryAs: (p: Principal) => createServiceClients(urls, () => p).registry, ...createServiceClients(urls), clock: () => now(), ...(inline ? { idKey: secret } : {}) });
/** The reform service's API as `principal`; `inline: false` leaves an approved matter's effect to its workflow alone. */
const as = (principal: Principal, inline = true) => createCallerFactory(createReformRouter(deps(inline)))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
const balance = async (id: string) => (await createServiceClients(urls).ledger.ledger.account.get.query({ id })).balance;
const request = { title: '为海曙区某局核定行政编制', reason: '新增职能需要', documents: [{ title: '关于核定编制的请示', documentNumber: '海编〔2026〕12号' }] };
const allocation = (amount: number) => [{ ledger: 'administrative' as const, code: 'allocate' as const, debitAccountId: pools.haishu!.unallocated!, creditAccountId: unitVacant, amount }];

beforeAll(async () => {
  testDb = await createTestDatabase('matters');
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalBinaries().cli }, ip: '127.0.0.1' } });
  const registryDb = testDb.db as Kysely<RegistryDB>;
  const ledgerDb = testDb.db as Kysely<LedgerDB>;
  const seed = servicePrincipal('seed');
  const city = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330200', name: '示范市' });
  const haishu = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330203', name: '海曙区' });
  const jb = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330205', name: '江北区' });
  const nanmen = await createJurisdiction(registryDb, seed, { parentId: haishu.id, level: 'township', code: '330203001', name: '南门街道' });
  Object.assign(ids, { city: city.id, haishu: haishu.id, jiangbei: jb.id, nanmen: nanmen.id });
  const scope = fixedScope({ jurisdictions: [city, haishu, jb, nanmen].map((j) => ({ id: j.id, parentId: j.parentId, name: j.name, level: j.level })) });
  const ledgerDeps = { db: ledgerDb, scope, rules: inMemoryRules().port, clock: () => new Date() };
  urls = { registryUrl: await serve('registry', createRegistryRouter(registryDb, fakeViolations())), ledgerUrl: await serve('quota-ledger', createLedgerRouter(ledgerDeps)), auditUrl: 'http://127.0.0.1:9', secret };
  for (const [key, id] of Object.entries(ids)) pools[key] = Object.fromEntries((await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: id, quotaTypes: ['administrative'] })).map((a) => [a.kind, a.id]));
  const registryDeps = { db: registryDb, violations: fakeViolations() };
  const unit = await createOrganization(registryDeps, seed, { jurisdictionId: haishu.id, name: '海曙区市场监督管理局', kind: 'organ', basis: 'inventory' });
  const other = await createOrganization(registryDeps, seed, { jurisdictionId: jb.id, name: '江北区市场监督管理局', kind: 'organ', basis: 'inventory' });
  unitId = unit.id;
  unitVacant = (await openOrganizationAccounts(ledgerDb, seed, { organizationId: unit.id, jurisdictionId: haishu.id, quotaTypes: ['administrative'] })).find((a) => a.kind === 'vacant')!.id;
  const township = await createOrganization(registryDeps, seed, { jurisdictionId: nanmen.id, name: '南门街道综合执法队', kind: 'institution', institutionClass: 'welfare_1', basis: 'inventory' });
  townshipVacant = (await openOrganizationAccounts(ledgerDb, seed, { organizationId: township.id, jurisdictionId: nanmen.id, quotaTypes: ['administrative'] })).find((a) => a.kind === 'vacant')!.id;
  otherUnitId = other.id;
  otherUnitVacant = (await openOrganizationAccounts(ledgerDb, seed, { organizationId: other.id, jurisdictionId: jb.id, quotaTypes: ['administrative'] })).find((a) => a.kind === 'vacant')!.id;
  // The quota already there: recorded as the platform applying earlier decisions.
  const ledger = createServiceClients(urls).ledger;
  await ledger.ledger.transfer.create.mutate({
    linked: true,
    transfers: [
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.external!, creditAccountId: pools.city!.unallocated!, amount: 100, code: 'approve_total', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.unallocated!, creditAccountId: pools.haishu!.unallocated!, amount: 30, code: 'allocate', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.unallocated!, creditAccountId: pools.jiangbei!.unallocated!, amount: 30, code: 'allocate', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.haishu!.unallocated!, creditAccountId: pools.nanmen!.unallocated!, amount: 5, code: 'allocate', approvalRef: 'inventory' },
    ],
  });
  filer = person('haishu-1', '海曙区编办 张三', 'district_admin', 'haishu');
  accepter = person('haishu-2', '海曙区编办 李四', 'district_admin', 'haishu');
  reviewer = person('haishu-3', '海曙区编办 王五', 'district_admin', 'haishu');
  cityA = person('city-1', '市编办 赵六', 'city_admin', 'city');
  cityB = person('city-2', '市编办 钱七', 'city_admin', 'city');
  cityC = person('city-3', '市编办 孙八', 'city_admin', 'city');
  jiangbei = person('jiangbei-1', '江北区编办 周九', 'district_admin', 'jiangbei');
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await buildWorkflowBundle(), activities: createMatterActivities({ db: testDb.db as Kysely<ReformDB>, ...createServiceClients(urls), now: () => new Date(), idKey: secret }) });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  for (const host of hosts) await host.close();
  await env?.teardown();
  await testDb?.drop();
});

describe('matters and approval chains', () => {
  it('runs a matter’s whole life across two levels and applies its effect exactly once', async () => {
    // The city takes district quota adjustments up to itself (审批权上收) for 海曙区.
    expect(await refusal(as(filer).approval.routing.set({ jurisdictionId: ids.haishu, kind: 'quota_movement', decidedAt: 'own' }))).toBe('FORBIDDEN');
    await as(cityA).approval.routing.set({ jurisdictionId: ids.haishu, kind: 'quota_movement', decidedAt: 'city' });

    const id = randomUUID();
    await as(filer).approval.matter.file({ id, kind: 'quota_movement', ...request, moves: allocation(5) });
    // Filing again with the same id is the same matter.
    expect(await as(filer).approval.matter.file({ id, kind: 'quota_movement', ...request, moves: allocation(5) })).toEqual({ id });
    let matter = await as(filer).approval.matter.get({ id });
    expect(matter.steps.map((s) => [s.kind, s.jurisdictionName])).toEqual([['accept', '海曙区'], ['review', '海曙区'], ['approve', '示范市']]);
    expect(matter.preview[0]).toMatchObject({ amount: 5, credit: { holderName: '海曙区市场监督管理局', balance: 0, after: 5 }, debit: { balance: 25, after: 20 } });
    expect(matter.can).toEqual({ decide: false, resubmit: false, withdraw: true });

    // Whose turn: not the filer, not out of turn, not another district.
    expect(await refusal(as(filer).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() }))).toBe('SELF_APPROVAL');
    expect(await refusal(as(accepter).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() }))).toBe('MATTER_STATE');
    expect(await refusal(as(jiangbei).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() }))).toBe('NOT_FOUND');
    expect(await refusal(as(cityA).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() }))).toBe('MATTER_NOT_YOUR_TURN');
    expect((await as(accepter).approval.inbox.list({ box: 'todo' })).items.map((m) => m.id)).toContain(id);
    await as(accepter).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', comment: '材料齐全，予以受理', decisionId: randomUUID() });
    // A second decision on the decided step, and the same person on the next step, are refused.
    expect(await refusal(as(reviewer).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() }))).toBe('MATTER_STATE');
    expect(await refusal(as(accepter).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() }))).toBe('MATTER_NOT_YOUR_TURN');
    // A second account of the filer (same person) is the filer.
    expect(await refusal(as(person('haishu-9', '张三的另一个账户', 'district_admin', 'haishu', 'haishu-1')).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() }))).toBe('SELF_APPROVAL');
    await as(reviewer).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });

    // The city returns it for correction: a return needs a comment.
    expect(await refusal(as(cityA).approval.matter.decide({ id, stepIndex: 2, decision: 'return', decisionId: randomUUID() }))).toBe('MATTER_INVALID');
    await as(cityA).approval.matter.decide({ id, stepIndex: 2, decision: 'return', comment: '核定数量过多，请按四名申报', decisionId: randomUUID() });
    expect(await refusal(as(cityB).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', documentNumber: '示编〔2026〕50号', decisionId: randomUUID() }))).toBe('MATTER_STATE');
    expect((await as(filer).approval.inbox.list({ box: 'todo' })).items.map((m) => m.id)).toContain(id);
    expect(await refusal(as(accepter).approval.matter.resubmit({ id, moves: allocation(4), decisionId: randomUUID() }))).toBe('MATTER_NOT_YOUR_TURN');
    matter = await as(filer).approval.matter.resubmit({ id, moves: allocation(4), comment: '已按要求修改', decisionId: randomUUID() });
    // Corrected moves are a new request: the chain starts again.
    expect(matter).toMatchObject({ state: 'in_review', currentStep: 0 });
    expect(matter.steps.map((s) => s.decidedBy)).toEqual([null, null, null]);
    const again = randomUUID();
    await as(accepter).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: again });
    // A decision id is its decider's: another person replaying it is refused, the same person's repeat changes nothing.
    expect(await refusal(as(reviewer).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: again }))).toBe('IDEMPOTENCY_MISMATCH');
    expect((await as(accepter).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: again })).currentStep).toBe(1);
    await as(reviewer).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });

    // Approval needs its document number; of two concurrent approvals exactly one is taken.
    expect(await refusal(as(cityB).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', decisionId: randomUUID() }))).toBe('MATTER_INVALID');
    const outcomes = await Promise.all([cityB, cityC].map((p) => refusal(as(p).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', documentNumber: '示编〔2026〕51号', decisionId: randomUUID() }))));
    expect(outcomes.sort()).toEqual(['MATTER_STATE', 'accepted']);

    matter = await until(() => as(filer).approval.matter.get({ id }), (m) => m.state === 'applied');
    expect(await balance(unitVacant)).toBe(4);
    expect(await balance(pools.haishu!.unallocated!)).toBe(21);
    const transfers = await createServiceClients(urls).ledger.ledger.transfer.list.query({ accountId: unitVacant, limit: 10, offset: 0 });
    expect(transfers.map((t) => [t.amount, t.approvalRef, t.documentNumber])).toEqual([[4, `matter/${id}`, '示编〔2026〕51号']]);
    expect(matter.events.map((e) => e.kind)).toEqual(['filed', 'approve', 'approve', 'return', 'resubmit', 'approve', 'approve', 'approve', 'applied']);
    expect((await as(filer).approval.inbox.list({ box: 'filed' })).items.map((m) => [m.id, m.state])).toContainEqual([id, 'applied']);
    expect((await as(reviewer).approval.inbox.list({ box: 'done' })).items.map((m) => m.id)).toContain(id);
    // The whole suite shares two cores: the worker may take a while to apply under that load.
  }, 120_000);

  it('refuses a filing with a missing document, a movement the table forbids, or an account of another district', async () => {
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), kind: 'quota_movement', ...request, documents: [{ title: '请示' }], moves: allocation(1) }))).toBe('MATTER_INVALID');
    const total = [{ ledger: 'administrative' as const, code: 'approve_total' as const, debitAccountId: pools.haishu!.external!, creditAccountId: pools.haishu!.unallocated!, amount: 1_000_000 }];
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), kind: 'quota_movement', ...request, moves: total }))).toBe('TRANSFER_NOT_AUTHORIZED');
    const intoJiangbei = [{ ledger: 'administrative' as const, code: 'transfer' as const, debitAccountId: unitVacant, creditAccountId: otherUnitVacant, amount: 1 }];
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), kind: 'quota_movement', ...request, moves: intoJiangbei }))).toBe('OUT_OF_SCOPE');
    // A district does not file moves between the city's own accounts, nor its own pools' housekeeping.
    const cityOnly = [{ ledger: 'administrative' as const, code: 'transfer' as const, debitAccountId: pools.city!.unallocated!, creditAccountId: pools.city!.reserve!, amount: 1 }];
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), kind: 'quota_movement', ...request, moves: cityOnly }))).toBe('OUT_OF_SCOPE');
    const housekeeping = [{ ledger: 'administrative' as const, code: 'transfer' as const, debitAccountId: pools.haishu!.unallocated!, creditAccountId: pools.haishu!.reserve!, amount: 1 }];
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), kind: 'quota_movement', ...request, moves: housekeeping }))).toBe('MATTER_INVALID');
    // A township's own allocation is decided by its district, and by the city once the city took 海曙区's matters up.
    const townshipId = randomUUID();
    await as(filer).approval.matter.file({ id: townshipId, kind: 'quota_movement', ...request, moves: [{ ledger: 'administrative', code: 'allocate', debitAccountId: pools.nanmen!.unallocated!, creditAccountId: townshipVacant, amount: 1 }] });
    expect((await as(filer).approval.matter.get({ id: townshipId })).steps.at(-1)!.jurisdictionName).toBe('示范市');
    await as(filer).approval.matter.withdraw({ id: townshipId, decisionId: randomUUID() });
    // Establishing a unit with its first quota is decided where that quota is: the city, for 海曙区; without quota, by the district.
    // 撤一建一: the new unit takes the place of one abolished with it.
    const offset = await createOrganization({ db: testDb.db as Kysely<RegistryDB>, violations: fakeViolations() }, servicePrincipal('seed'), { jurisdictionId: ids.haishu, name: '海曙区待撤并中心', kind: 'organ', basis: 'inventory' });
    const establishment = (allocation: Record<string, number>) => ({ action: 'establish' as const, unit: { jurisdictionId: ids.haishu, name: '海曙区新设中心', kind: 'organ' as const, quotaTypes: ['administrative' as const], offsetOrganizationId: offset.id, allocation } });
    const [withQuota, withoutQuota] = [randomUUID(), randomUUID()];
    await as(filer).approval.matter.file({ id: withQuota, kind: 'organization_change', ...request, organization: establishment({ administrative: 2 }) });
    await as(filer).approval.matter.file({ id: withoutQuota, kind: 'organization_change', ...request, organization: establishment({}) });
    expect((await as(filer).approval.matter.get({ id: withQuota })).steps.at(-1)!.jurisdictionName).toBe('示范市');
    expect((await as(filer).approval.matter.get({ id: withoutQuota })).steps.at(-1)!.jurisdictionName).toBe('海曙区');
    for (const id of [withQuota, withoutQuota]) await as(filer).approval.matter.withdraw({ id, decisionId: randomUUID() });
    // Control characters are refused as bad input, not a server error.
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), kind: 'quota_movement', ...request, title: '核定\u0000编制', moves: allocation(1) }))).toBe('BAD_REQUEST');
    // A district may ask the city for quota: filed at the district, decided by the city.
    const id = randomUUID();
    await as(filer).approval.matter.file({ id, kind: 'quota_movement', ...request, moves: [{ ledger: 'administrative', code: 'allocate', debitAccountId: pools.city!.unallocated!, creditAccountId: pools.haishu!.unallocated!, amount: 3 }] });
    const matter = await as(filer).approval.matter.get({ id });
    expect(matter.steps.at(-1)!.jurisdictionName).toBe('示范市');
    // The district does not see the city's pool balance in the preview.
    expect(matter.preview[0]!.debit.balance).toBeNull();
    expect(await refusal(as(jiangbei).approval.matter.get({ id }))).toBe('NOT_FOUND');
    expect(await refusal(as(accepter).approval.matter.withdraw({ id, decisionId: randomUUID() }))).toBe('MATTER_NOT_YOUR_TURN');
    expect((await as(filer).approval.matter.withdraw({ id, decisionId: randomUUID() })).state).toBe('withdrawn');
  });

  it('reminds on a step’s last day, escalates a missed step to the level above, and notes it overdue at the top', async () => {
    const id = randomUUID();
    await as(filer).approval.matter.file({ id, kind: 'quota_movement', ...request, moves: allocation(1) });
    const clockDeps = { db: testDb.db as Kysely<ReformDB>, ...createServiceClients(urls), idKey: secret };
    const deadline = new Date((await as(filer).approval.matter.get({ id })).steps[0]!.deadline!);
    await advanceMatter({ ...clockDeps, now: () => new Date(deadline.getTime() - 3600_000) }, id);
    await advanceMatter({ ...clockDeps, now: () => new Date(deadline.getTime() + 60_000) }, id);
    let matter = await as(filer).approval.matter.get({ id });
    expect(matter.steps[0]).toMatchObject({ jurisdictionName: '示范市', escalated: true });
    // Now the city decides the accepting step; the district's bureau no longer can.
    expect(await refusal(as(accepter).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() }))).toBe('MATTER_NOT_YOUR_TURN');
    const later = new Date(matter.steps[0]!.deadline!).getTime() + 60_000;
    await advanceMatter({ ...clockDeps, now: () => new Date(later) }, id);
    await advanceMatter({ ...clockDeps, now: () => new Date(later + 60_000) }, id);
    matter = await as(filer).approval.matter.get({ id });
    expect(matter.events.map((e) => e.kind)).toEqual(['filed', 'remind', 'escalate', 'overdue']);
    now = () => new Date(later);
    expect((await as(cityA).approval.inbox.list({ box: 'todo' })).overdue).toBeGreaterThanOrEqual(1);
    now = () => new Date();
    await as(cityA).approval.matter.decide({ id, stepIndex: 0, decision: 'reject', comment: '不符合核编条件', decisionId: randomUUID() });
    expect((await as(filer).approval.matter.get({ id })).state).toBe('rejected');
  });

  it('sets a unit’s leadership posts only as an approved matter', async () => {
    const ledger = createServiceClients(urls).ledger;
    expect(await refusal(createServiceClients(urls, () => filer).ledger.ledger.leadership.setPosts.mutate({ organizationId: unitId, rank: 'deputy', posts: 3 }))).not.toBe('accepted');
    // A posts matter names the unit's posts and no moves; a unit of another district is out of reach.
    expect(await refusal(as(filer).approval.matter.file({ id: randomUUID(), kind: 'leadership_posts', ...request, moves: allocation(1) }))).toBe('BAD_REQUEST');
    const id = randomUUID();
    await as(filer).approval.matter.file({ id, kind: 'leadership_posts', ...request, title: '核定海曙区市场监督管理局副职职数 3 名', posts: { organizationId: unitId, rank: 'deputy', posts: 3 } });
    const matter = await as(filer).approval.matter.get({ id });
    expect(matter.posts).toMatchObject({ organizationName: '海曙区市场监督管理局', rank: 'deputy', before: 0, filled: 0, posts: 3 });
    // The city took up 海曙区's quota matters, not its posts: the district decides them.
    expect(matter.steps.map((s) => s.jurisdictionName)).toEqual(['海曙区', '海曙区', '海曙区']);
    await as(accepter).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
    await as(reviewer).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
    expect(await refusal(as(cityA).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', documentNumber: '示编〔2026〕60号', decisionId: randomUUID() }))).toBe('MATTER_NOT_YOUR_TURN');
    // Here the approving request leaves the effect to the matter's workflow (the worker applies it).
    await as(person('haishu-4', '海曙区编办主任 郑十', 'district_admin', 'haishu'), false).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', documentNumber: '示编〔2026〕60号', decisionId: randomUUID() });
    await until(() => as(filer).approval.matter.get({ id }), (m) => m.state === 'applied');
    const posts = (await ledger.ledger.leadership.list.query({ organizationId: unitId })).ranks.find((r) => r.rank === 'deputy')!;
    expect([posts.posts, posts.documentNumber]).toEqual([3, '示编〔2026〕60号']);
  }, 120_000);

  it('takes the chain a jurisdiction set for a kind: 江北区 decides its posts in one step', async () => {
    expect(await refusal(as(cityA).approval.routing.set({ jurisdictionId: ids.jiangbei, kind: 'leadership_posts', decidedAt: 'own', steps: ['approve', 'review'] }))).toBe('BAD_REQUEST');
    await as(cityA).approval.routing.set({ jurisdictionId: ids.jiangbei, kind: 'leadership_posts', decidedAt: 'own', steps: ['approve'] });
    const id = randomUUID();
    await as(jiangbei).approval.matter.file({ id, kind: 'leadership_posts', ...request, title: '核定江北区市场监督管理局正职职数 1 名', posts: { organizationId: otherUnitId, rank: 'principal', posts: 1 } });
    const matter = await as(jiangbei).approval.matter.get({ id });
    expect(matter.steps.map((s) => [s.kind, s.jurisdictionName])).toEqual([['approve', '江北区']]);
    expect(await refusal(as(jiangbei).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', documentNumber: '江编〔2026〕3号', decisionId: randomUUID() }))).toBe('SELF_APPROVAL');
    await as(person('jiangbei-2', '江北区编办主任 冯十一', 'district_admin', 'jiangbei')).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', documentNumber: '江编〔2026〕4号', decisionId: randomUUID() });
    expect((await until(() => as(jiangbei).approval.matter.get({ id }), (m) => m.state === 'applied')).state).toBe('applied');
    // Other kinds keep the default chain.
    expect((await as(cityA).approval.routing.list({})).find((r) => r.jurisdictionId === ids.jiangbei)!.steps).toEqual(['approve']);
  }, 120_000);

  it('changes an establishment only as an approved matter: rename, re-rank, merge and abolish, each applied once by the platform', async () => {
    const registry = createServiceClients(urls).registry.registry.organization;
    const registryAsFiler = createServiceClients(urls, () => filer).registry.registry.organization;
    const seed = servicePrincipal('seed');
    const registryDeps = { db: testDb.db as Kysely<RegistryDB>, violations: fakeViolations() };
    const [culture, tourism, office] = await Promise.all(['海曙区文化馆', '海曙区旅游服务中心', '海曙区档案室'].map((name) => createOrganization(registryDeps, seed, { jurisdictionId: ids.haishu, name, kind: 'institution', institutionClass: 'welfare_1', basis: 'inventory' })));
    // No person renames, re-ranks, abolishes or merges a unit directly, whatever their role.
    expect(await refusal(registryAsFiler.update.mutate({ id: culture!.id, changes: { name: '海曙区文化艺术中心' } }))).toBe('MATTER_REQUIRED');
    expect(await refusal(registryAsFiler.update.mutate({ id: culture!.id, changes: { rank: 'zheng_ke' } }))).toBe('MATTER_REQUIRED');
    expect(await refusal(registryAsFiler.abolish.mutate({ id: office!.id }))).toBe('MATTER_REQUIRED');
    expect(await refusal(registryAsFiler.merge.mutate({ sourceIds: [tourism!.id], targetId: culture!.id, keepNamesAsNameplates: false }))).toBe('MATTER_REQUIRED');
    expect(await refusal(registryAsFiler.create.mutate({ jurisdictionId: ids.haishu, name: '海曙区直接新设中心', kind: 'organ' }))).toBe('MATTER_REQUIRED');

    // Bad filings: a unit of another district, a merge across districts, a name that does not change.
    const change = (organization: Parameters<ReturnType<typeof as>['approval']['matter']['file']>[0]['organization']) => ({ id: randomUUID(), kind: 'organization_change' as const, ...request, title: '机构编制事项', organization });
    expect(await refusal(as(filer).approval.matter.file(change({ action: 'rename', organizationId: otherUnitId, name: '江北区新名称' })))).toBe('OUT_OF_SCOPE');
    expect(await refusal(as(filer).approval.matter.file(change({ action: 'merge', sourceIds: [culture!.id], targetId: otherUnitId, keepNamesAsNameplates: false })))).toBe('OUT_OF_SCOPE');
    expect(await refusal(as(filer).approval.matter.file(change({ action: 'rename', organizationId: culture!.id, name: '海曙区文化馆' })))).toBe('MATTER_INVALID');
    expect(await refusal(as(filer).approval.matter.file({ ...change({ action: 'abolish', organizationId: office!.id }), posts: { organizationId: unitId, rank: 'deputy', posts: 1 } }))).toBe('BAD_REQUEST');

    const filed = [
      change({ action: 'rename', organizationId: culture!.id, name: '海曙区文化艺术中心' }),
      change({ action: 'rerank', organizationId: culture!.id, rank: 'zheng_ke' }),
      change({ action: 'merge', sourceIds: [tourism!.id], targetId: culture!.id, keepNamesAsNameplates: true }),
      change({ action: 'abolish', organizationId: office!.id }),
    ];
    for (const [n, matter] of filed.entries()) {
      await as(filer).approval.matter.file(matter);
      const seen = await as(filer).approval.matter.get({ id: matter.id });
      // The city took up 海曙区's quota matters, not its establishment: the district decides these.
      expect(seen.steps.map((s) => s.jurisdictionName)).toEqual(['海曙区', '海曙区', '海曙区']);
      expect(seen.organization!.units.map((u) => u.id)).toContain(matter.organization!.action === 'abolish' ? office!.id : culture!.id);
      await as(accepter).approval.matter.decide({ id: matter.id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
      await as(reviewer).approval.matter.decide({ id: matter.id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
      await as(person('haishu-4', '海曙区编办主任 郑十', 'district_admin', 'haishu')).approval.matter.decide({ id: matter.id, stepIndex: 2, decision: 'approve', documentNumber: `海编〔2026〕${70 + n}号`, decisionId: randomUUID() });
      expect((await until(() => as(filer).approval.matter.get({ id: matter.id }), (m) => m.state !== 'approved')).state).toBe('applied');
    }
    const after = await registry.get.query({ id: culture!.id });
    expect([after.name, after.rank, after.nameplates.map((n) => n.name)]).toEqual(['海曙区文化艺术中心', 'zheng_ke', ['海曙区旅游服务中心']]);
    expect(await registry.get.query({ id: tourism!.id })).toMatchObject({ status: 'abolished', successorId: culture!.id });
    expect(await registry.get.query({ id: office!.id })).toMatchObject({ status: 'abolished', documentNumber: '海编〔2026〕73号' });
    // Applying again (a retried activity) changes nothing: each unit is already as the matter leaves it.
    const clockDeps = { db: testDb.db as Kysely<ReformDB>, ...createServiceClients(urls), idKey: secret, now: () => new Date() };
    await testDb.db.executeQuery(sql`update reform.matters set state = 'approved' where id = ${filed[3]!.id}`.compile(testDb.db as Kysely<unknown>));
    expect((await advanceMatter(clockDeps, filed[3]!.id)).state).toBe('applied');
    expect((await registry.history.query({ id: office!.id })).filter((v) => v.change === 'abolished')).toHaveLength(1);
  }, 180_000);

  it('appoints to a leadership post only as an approved matter: pre-reviewed when filed, approved, applied, then followed up', async () => {
    const asFiler = createServiceClients(urls, () => filer).ledger.ledger;
    // Two people on the unit's roll, entered through an approved plan.
    const planId = randomUUID();
    await asFiler.plan.file.mutate({ id: planId, organizationId: unitId, ledger: 'administrative', places: 2, endsOn: '2027-12-31', reason: '领导班子配备' });
    await createServiceClients(urls).ledger.ledger.plan.approve.mutate({ id: planId });
    const people = [];
    for (const [name, body] of [['吴主任', '33020319750101101'], ['郑副主任', '33020319780202102']] as const) {
      people.push(await asFiler.person.enter.mutate({ id: randomUUID(), planId, entryKind: 'transfer_in', person: { name, idNumber: body + idNumberCheckCharacter(body)!, education: '大学', postCategory: 'management' } }));
    }
    const [wu, zheng] = people;
    const appointment = (rank: 'principal' | 'deputy', slotId: string, organizationId = unitId) => ({ id: randomUUID(), kind: 'leadership_appointment' as const, ...request, title: '任职事项', appointment: { organizationId, rank, slotId, title: rank === 'principal' ? '局长' : '副局长' } });
    // No person appoints directly.
    expect(await refusal(asFiler.leadership.appoint.mutate({ id: randomUUID(), organizationId: unitId, rank: 'deputy', slotId: wu!.id, title: '副局长' }))).toBe('FORBIDDEN');
    // 事前预审: no principal post is set for the unit; a person not on its roll; a unit of another district.
    expect(await refusal(as(filer).approval.matter.file(appointment('principal', wu!.id)))).toBe('LEADERSHIP_POSTS_FULL');
    expect(await refusal(as(filer).approval.matter.file(appointment('deputy', randomUUID())))).toBe('MATTER_INVALID');
    expect(await refusal(as(filer).approval.matter.file(appointment('deputy', wu!.id, otherUnitId)))).toBe('OUT_OF_SCOPE');

    const filed = appointment('deputy', zheng!.id);
    await as(filer).approval.matter.file(filed);
    // The same person cannot be filed twice while the first is being decided.
    expect(await refusal(as(filer).approval.matter.file(appointment('deputy', zheng!.id)))).toBe('MATTER_INVALID');
    let matter = await as(filer).approval.matter.get({ id: filed.id });
    expect(matter.appointment).toMatchObject({ organizationName: '海曙区市场监督管理局', personName: '郑副主任', posts: 3, filled: 0, supervision: null });
    await as(accepter).approval.matter.decide({ id: filed.id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
    await as(reviewer).approval.matter.decide({ id: filed.id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
    await as(person('haishu-4', '海曙区编办主任 郑十', 'district_admin', 'haishu')).approval.matter.decide({ id: filed.id, stepIndex: 2, decision: 'approve', documentNumber: '海编〔2026〕80号', decisionId: randomUUID() });
    matter = await until(() => as(filer).approval.matter.get({ id: filed.id }), (m) => m.state !== 'approved');
    expect(matter.state).toBe('applied');
    const held = (await createServiceClients(urls).ledger.ledger.leadership.list.query({ organizationId: unitId })).appointments.find((a) => a.name === '郑副主任');
    expect(held).toMatchObject({ rank: 'deputy', title: '副局长', documentNumber: '海编〔2026〕80号', beyondPosts: false });
    expect(matter.appointment!.supervisionDue).not.toBeNull();

    // 事后督查, once due: recorded once on the matter.
    const clockDeps = { db: testDb.db as Kysely<ReformDB>, ...createServiceClients(urls), idKey: secret };
    expect((await advanceMatter({ ...clockDeps, now: () => new Date() }, filed.id)).done).toBe(false);
    const later = new Date(Date.parse(matter.appointment!.supervisionDue!) + 60_000);
    expect((await advanceMatter({ ...clockDeps, now: () => later }, filed.id)).done).toBe(true);
    await advanceMatter({ ...clockDeps, now: () => later }, filed.id);
    matter = await as(filer).approval.matter.get({ id: filed.id });
    expect(matter.events.filter((e) => e.kind === 'supervised')).toHaveLength(1);
    expect(matter.appointment!.supervision).toMatchObject({ withinPosts: true, inForce: true });
    expect(matter.appointment!.supervision!.finding).toContain('在核定职数内');
  }, 180_000);

  it('moves a person with their quota (带编调任) only as an approved matter, person and quota at once', async () => {
    const seed = servicePrincipal('seed');
    const ledger = createServiceClients(urls).ledger.ledger;
    const receiving = await createOrganization({ db: testDb.db as Kysely<RegistryDB>, violations: fakeViolations() }, seed, { jurisdictionId: ids.haishu, name: '海曙区综合行政执法局', kind: 'organ', basis: 'inventory' });
    const opened = await openOrganizationAccounts(testDb.db as Kysely<LedgerDB>, seed, { organizationId: receiving.id, jurisdictionId: ids.haishu, quotaTypes: ['administrative'] });
    const account = (kind: string) => opened.find((a) => a.kind === kind)!.id;
    const roll = await ledger.person.roll.query({ organizationId: unitId, includeExited: false });
    const zheng = roll.find((s) => s.name === '郑副主任')!;
    const transfer = (toOrganizationId: string, slotId = zheng.id) => ({ id: randomUUID(), kind: 'person_transfer' as const, ...request, title: '郑副主任带编调任', transfer: { slotId, fromOrganizationId: unitId, toOrganizationId } });
    // No person moves quota with a person directly; a unit of another district is out of reach; the person must be on the roll.
    expect(await refusal(createServiceClients(urls, () => filer).ledger.ledger.person.transferWithQuota.mutate({ id: randomUUID(), slotId: zheng.id, fromOrganizationId: unitId, organizationId: receiving.id, approvalRef: 'none' }))).toBe('FORBIDDEN');
    expect(await refusal(as(filer).approval.matter.file(transfer(otherUnitId)))).toBe('OUT_OF_SCOPE');
    expect(await refusal(as(filer).approval.matter.file(transfer(receiving.id, randomUUID())))).toBe('MATTER_INVALID');
    expect(await refusal(as(filer).approval.matter.file(transfer(unitId)))).toBe('MATTER_INVALID');

    const before = { unitVacant: await balance(unitVacant), receivingVacant: await balance(account('vacant')) };
    const filed = transfer(receiving.id);
    await as(filer).approval.matter.file(filed);
    expect(await refusal(as(filer).approval.matter.file(transfer(receiving.id)))).toBe('MATTER_INVALID');
    let matter = await as(filer).approval.matter.get({ id: filed.id });
    expect(matter.transfer).toMatchObject({ personName: '郑副主任', fromName: '海曙区市场监督管理局', toName: '海曙区综合行政执法局', ledger: 'administrative', newSlotId: null });
    // Quota moving between two units of 海曙区 is decided by the city, which took 海曙区's quota matters up.
    expect(matter.steps.map((s) => s.jurisdictionName)).toEqual(['海曙区', '海曙区', '示范市']);
    await as(accepter).approval.matter.decide({ id: filed.id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
    await as(reviewer).approval.matter.decide({ id: filed.id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
    await as(cityA).approval.matter.decide({ id: filed.id, stepIndex: 2, decision: 'approve', documentNumber: '示编〔2026〕90号', decisionId: randomUUID() });
    matter = await until(() => as(filer).approval.matter.get({ id: filed.id }), (m) => m.state !== 'approved');
    expect(matter.state).toBe('applied');
    expect(matter.transfer!.newSlotId).not.toBeNull();
    // The person left with their quota: the old unit's vacancies are as they were, the new unit holds one more, occupied by them.
    expect(await balance(unitVacant)).toBe(before.unitVacant);
    expect(await balance(account('vacant'))).toBe(before.receivingVacant);
    expect(await balance(account('occupied'))).toBe(1);
    expect((await ledger.person.roll.query({ organizationId: receiving.id, includeExited: false })).map((s) => [s.name, s.entryKind])).toEqual([['郑副主任', 'transfer_in']]);
    expect((await ledger.person.roll.query({ organizationId: unitId, includeExited: true })).find((s) => s.id === zheng.id)).toMatchObject({ exitKind: 'transfer_out' });
    // Their leadership post in the old unit ended with the move.
    expect((await ledger.leadership.list.query({ organizationId: unitId })).appointments.some((a) => a.name === '郑副主任')).toBe(false);
    const moved = await ledger.transfer.list.query({ accountId: account('vacant'), limit: 10, offset: 0 });
    expect(moved.find((t) => t.code === 'transfer')).toMatchObject({ approvalRef: `matter/${filed.id}`, documentNumber: '示编〔2026〕90号' });
  }, 180_000);

  it('approves a staffing-use plan only as an approved matter, decided by the city where it took recruitment up; a plan not approved is rejected', async () => {
    const asFiler = createServiceClients(urls, () => filer).ledger.ledger;
    const plan = async (places: number, organizationId = unitId, client = asFiler) => (await client.plan.file.mutate({ id: randomUUID(), organizationId, ledger: 'administrative', places, endsOn: '2027-12-31', reason: `招录${places}名` })).id;
    const matter = (planId: string) => ({ id: randomUUID(), kind: 'staffing_plan' as const, ...request, title: '用编计划报批', plan: { planId } });
    // 审批权上收: the city decides 海曙区's recruitment quota use.
    await as(cityA).approval.routing.set({ jurisdictionId: ids.haishu, kind: 'staffing_plan', decidedAt: 'city' });
    // Refused when filed: more places than vacancies (the ledger's own approval, tried and rolled back), a plan of another district, an unknown plan.
    const tooBig = await plan(9);
    expect(await refusal(as(filer).approval.matter.file(matter(tooBig)))).toBe('TRANSFER_REFUSED');
    const elsewhere = await plan(1, otherUnitId, createServiceClients(urls, () => jiangbei).ledger.ledger);
    expect(await refusal(as(filer).approval.matter.file(matter(elsewhere)))).toBe('OUT_OF_SCOPE');
    expect(await refusal(as(filer).approval.matter.file(matter(randomUUID())))).toBe('MATTER_INVALID');

    const planId = await plan(1);
    const filed = matter(planId);
    await as(filer).approval.matter.file(filed);
    expect(await refusal(as(filer).approval.matter.file(matter(planId)))).toBe('MATTER_INVALID');
    const seen = await as(filer).approval.matter.get({ id: filed.id });
    expect(seen.plan).toMatchObject({ organizationName: '海曙区市场监督管理局', places: 1, status: 'filed', vacant: expect.any(Number) });
    expect(seen.steps.map((s) => s.jurisdictionName)).toEqual(['海曙区', '海曙区', '示范市']);
    await as(accepter).approval.matter.decide({ id: filed.id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
    await as(reviewer).approval.matter.decide({ id: filed.id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
    await as(cityB).approval.matter.decide({ id: filed.id, stepIndex: 2, decision: 'approve', documentNumber: '示编〔2026〕96号', decisionId: randomUUID() });
    expect((await until(() => as(filer).approval.matter.get({ id: filed.id }), (m) => m.state !== 'approved')).state).toBe('applied');
    expect(await asFiler.plan.get.query({ id: planId })).toMatchObject({ status: 'approved', open: 1 });

    // Not approved: the plan is rejected where the unit filed it.
    const second = await plan(1);
    const refused = matter(second);
    await as(filer).approval.matter.file(refused);
    await as(accepter).approval.matter.decide({ id: refused.id, stepIndex: 0, decision: 'reject', comment: '今年招录计划已满', decisionId: randomUUID() });
    expect((await until(() => asFiler.plan.get.query({ id: second }), (p) => p.status !== 'filed')).status).toBe('rejected');
  }, 180_000);
});
