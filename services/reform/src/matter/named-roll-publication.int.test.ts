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
import type { LedgerRouter } from '@bianzhi/quota-ledger/router';
import type { Principal } from '@bianzhi/domain/access';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
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
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { createAuditRouter } from '@bianzhi/audit/router';
import { remoteDisclosureSources, remoteLedger, remoteTargets } from '@bianzhi/audit/ledger-port';
import { ephemeralHeadSigner } from '@bianzhi/audit/log/signed-head';
import { createServiceClients } from '../service-clients.js';
import { createReformRouter } from '../router.js';
import { serveRouter } from '../test/serve.js';
import { refusal, until } from '../test/outcome.js';
import { startMatterWorker, stopMatterTest } from '../test/matter-worker.js';

/**
 * 实名制公示 end to end against real PostgreSQL, the registry, the ledger and the audit service over
 * HTTP (the audit service reading the registry's public records and the ledger's public roll as in
 * production), a real Temporal server and worker: the switch is off until an approved matter turns
 * it on; then the public answers name the people of the city's non-classified units with their quota
 * type and post category, and nothing else — searched for every value that must not appear.
 */
const secret = 'test-internal-secret-that-is-long-enough';
const taskQueue = 'named-roll-int';
let testDb: TestDatabase<unknown>;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const hosts: FastifyInstance[] = [];
let urls: { registryUrl: string; ledgerUrl: string; auditUrl: string; secret: string };
const ids = { city: '', haishu: '', jiangbei: '' };
const units = { audit: '', secret: '', haishu: '' };

const person = (id: string, role: Principal['roles'][number], jurisdiction: keyof typeof ids): Principal => ({ kind: 'user', id, name: id, roles: [role], jurisdictionId: ids[jurisdiction], organizationId: null, personId: id });
const anonymous: Principal = { kind: 'user', id: 'anonymous', name: '公众', roles: [], jurisdictionId: null, organizationId: null };
let filer: Principal, accepter: Principal, reviewer: Principal, approver: Principal, haishu: Principal, jiangbei: Principal;

const deps = () => ({ db: testDb.db as Kysely<ReformDB>, temporal: env.client, taskQueue, registryAs: (p: Principal) => createServiceClients(urls, () => p).registry, ...createServiceClients(urls), clock: () => new Date(), idKey: secret });
const as = (principal: Principal) => createCallerFactory(createReformRouter(deps()))({ principal, locale: 'zh-CN', requestId: 'test', log: pino({ level: 'silent' }) });
const auditAs = (principal: Principal) => createServiceClient<AuditRouter>({ url: urls.auditUrl, service: 'audit', secret, principal: () => principal }).audit;
const ledgerAs = (principal: Principal) => createServiceClient<LedgerRouter>({ url: urls.ledgerUrl, service: 'quota-ledger', secret, principal: () => principal }).ledger;

const idNumber = (body: string) => body + idNumberCheckCharacter(body);
/** The demo people: who they are, and where. Every ID number, birth date and education must stay off the public site. */
const people = {
  published: { name: '张明远', idNumber: idNumber('33020319800315201'), birthDate: '1980-03-15', education: '硕士研究生', postCategory: 'professional' as const, unit: 'audit' as const },
  classifiedPost: { name: '李秘书', idNumber: idNumber('33020319850720302'), birthDate: '1985-07-20', education: '大学本科', postCategory: 'management' as const, unit: 'audit' as const },
  leaving: { name: '王退休', idNumber: idNumber('33020319660101413'), birthDate: '1966-01-01', education: '大学专科', postCategory: 'worker' as const, unit: 'audit' as const },
  classifiedUnit: { name: '赵保密', idNumber: idNumber('33020319900909504'), birthDate: '1990-09-09', education: '博士研究生', postCategory: 'management' as const, unit: 'secret' as const },
  districtOff: { name: '钱海曙', idNumber: idNumber('33020319921111605'), birthDate: '1992-11-11', education: '高中', postCategory: 'professional' as const, unit: 'haishu' as const },
};
const slots: Record<keyof typeof people, string> = { published: '', classifiedPost: '', leaving: '', classifiedUnit: '', districtOff: '' };

beforeAll(async () => {
  testDb = await createTestDatabase('named-roll-publication');
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalBinaries().cli }, ip: '127.0.0.1' } });
  const registryDb = testDb.db as Kysely<RegistryDB>;
  const ledgerDb = testDb.db as Kysely<LedgerDB>;
  const seed = servicePrincipal('seed');
  const city = await createJurisdiction(registryDb, seed, { parentId: null, level: 'city', code: '330200', name: '示范市' });
  const hs = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330203', name: '海曙区' });
  const jb = await createJurisdiction(registryDb, seed, { parentId: city.id, level: 'district', code: '330205', name: '江北区' });
  Object.assign(ids, { city: city.id, haishu: hs.id, jiangbei: jb.id });
  const registryUrl = await serveRouter(hosts, secret, 'registry', createRegistryRouter(registryDb, fakeViolations()));
  // The ledger scopes by the registry's jurisdictions, as in production: another district's roll is out of reach.
  const ledgerDeps = { db: ledgerDb, scope: registryScope({ registryUrl, secret, cacheMs: 0 }), rules: inMemoryRules().port, clock: () => new Date() };
  const ledgerUrl = await serveRouter(hosts, secret, 'quota-ledger', createLedgerRouter(ledgerDeps));
  const scope = registryScope({ registryUrl, secret, cacheMs: 0 });
  const auditUrl = await serveRouter(hosts, secret, 'audit', createAuditRouter(testDb.db as Kysely<AuditDB>, { scope, signer: ephemeralHeadSigner(), ledger: remoteLedger({ ledgerUrl, secret }), disclosure: remoteDisclosureSources({ registryUrl, ledgerUrl, secret }), jurisdictions: (p) => scope.jurisdictionsOf(p), targets: remoteTargets({ ledgerUrl, secret }) }));
  urls = { registryUrl, ledgerUrl, auditUrl, secret };

  const registryDeps = { db: registryDb, violations: fakeViolations() };
  units.audit = (await createOrganization(registryDeps, seed, { jurisdictionId: city.id, name: '示范市审计局', kind: 'organ', basis: 'inventory' })).id;
  units.secret = (await createOrganization(registryDeps, seed, { jurisdictionId: city.id, name: '示范市保密技术中心', kind: 'institution', basis: 'inventory', classified: true })).id;
  units.haishu = (await createOrganization(registryDeps, seed, { jurisdictionId: hs.id, name: '海曙区档案馆', kind: 'institution', basis: 'inventory' })).id;
  const platform = createServiceClients(urls).ledger.ledger;
  const pools: Record<string, Record<string, string>> = {};
  for (const [key, id] of Object.entries(ids)) pools[key] = Object.fromEntries((await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: id, quotaTypes: ['administrative'] })).map((a) => [a.kind, a.id]));
  const vacant: Record<string, string> = {};
  for (const [key, organizationId] of Object.entries(units)) {
    const jurisdictionId = key === 'haishu' ? hs.id : city.id;
    vacant[key] = (await openOrganizationAccounts(ledgerDb, seed, { organizationId, jurisdictionId, quotaTypes: ['administrative'] })).find((a) => a.kind === 'vacant')!.id;
  }
  await platform.transfer.create.mutate({
    linked: true,
    transfers: [
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.external!, creditAccountId: pools.city!.unallocated!, amount: 100, code: 'approve_total', effectiveDate: '2026-01-02', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.unallocated!, creditAccountId: pools.haishu!.unallocated!, amount: 30, code: 'allocate', effectiveDate: '2026-01-02', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.unallocated!, creditAccountId: vacant.audit!, amount: 10, code: 'allocate', effectiveDate: '2026-01-02', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.city!.unallocated!, creditAccountId: vacant.secret!, amount: 10, code: 'allocate', effectiveDate: '2026-01-02', approvalRef: 'inventory' },
      { kind: 'single', id: randomUUID(), debitAccountId: pools.haishu!.unallocated!, creditAccountId: vacant.haishu!, amount: 10, code: 'allocate', effectiveDate: '2026-01-02', approvalRef: 'inventory' },
    ],
  });
  const bureau = ledgerAs({ kind: 'user', id: 'city-0', name: '市编办', roles: ['city_admin'], jurisdictionId: city.id, organizationId: null });
  for (const [key, organizationId] of Object.entries(units)) {
    const staff = Object.entries(people).filter(([, p]) => p.unit === key);
    const planId = randomUUID();
    await bureau.plan.file.mutate({ id: planId, organizationId, ledger: 'administrative', places: staff.length, endsOn: '2027-12-31', reason: '测试人员入编' });
    await platform.plan.approve.mutate({ id: planId });
    for (const [which, p] of staff) {
      const slot = await bureau.person.enter.mutate({ id: randomUUID(), planId, entryKind: 'exam', enteredOn: '2026-02-01', person: { name: p.name, idNumber: p.idNumber, education: p.education, postCategory: p.postCategory } });
      slots[which as keyof typeof people] = slot.id;
    }
  }
  filer = person('city-1', 'city_admin', 'city');
  accepter = person('city-2', 'city_admin', 'city');
  reviewer = person('city-3', 'city_admin', 'city');
  approver = person('city-4', 'city_admin', 'city');
  haishu = person('haishu-1', 'district_admin', 'haishu');
  jiangbei = person('jiangbei-1', 'district_admin', 'jiangbei');
  ({ worker, running } = await startMatterWorker({ env, testDb, urls, secret, taskQueue }));
}, 180_000);

afterAll(() => stopMatterTest({ worker, running, hosts, env, testDb }));

/** Every answer an anonymous visitor can get, as text: each public procedure, every page, every search, both open-data formats of both data sets. */
async function everythingPublic(): Promise<{ text: string; people: object[] }> {
  const anyone = auditAs(anonymous).disclosure;
  const answers: unknown[] = [];
  const listed = await anyone.units.query({ limit: 200, offset: 0 });
  answers.push(listed, await anyone.jurisdictions.query(), await anyone.score.query({}));
  const found: object[] = [];
  for (const unit of listed.items) {
    answers.push(await anyone.unit.query({ id: unit.id }));
    const roll = await anyone.namedRoll.query({ organizationId: unit.id, limit: 200, offset: 0 });
    answers.push(roll);
    found.push(...roll.items);
  }
  for (const p of Object.values(people)) {
    for (const q of [p.name, p.name.slice(0, 1), p.idNumber, p.birthDate, p.education]) {
      const hits = await anyone.searchPeople.query({ name: q, limit: 200, offset: 0 });
      answers.push(hits);
      found.push(...hits.items);
    }
  }
  const files = [await anyone.openData.query({ format: 'json' }), await anyone.openData.query({ format: 'csv' }), await anyone.namedRollData.query({ format: 'json' }), await anyone.namedRollData.query({ format: 'csv' })];
  found.push(...(JSON.parse(files[2]!.content) as object[]));
  return { text: JSON.stringify(answers) + files.map((f) => f.content).join('\n'), people: found };
}

/** What must never appear in a public answer: every ID number, birth date (both spellings) and education, the sex fields, and the names of the people held back. */
function assertNothingForbidden(text: string, found: object[], withheld: (keyof typeof people)[]) {
  for (const p of Object.values(people)) {
    expect(text).not.toContain(p.idNumber);
    expect(text).not.toContain(p.idNumber.slice(0, 17));
    expect(text).not.toContain(p.birthDate);
    expect(text).not.toContain(p.birthDate.replaceAll('-', ''));
    expect(text).not.toContain(p.education);
  }
  for (const key of withheld) expect(text, key).not.toContain(people[key].name);
  expect(text).not.toMatch(/"(sex|birthDate|education|idNumber|idNumberMasked|retirementMonth|personId|slotId)"/);
  expect(text).not.toMatch(/\b(male|female)\b|男性|女性/);
  // A published person carries name, quota type and post category (and, in a search hit or open data, where they are) — no other field.
  for (const record of found) expect(Object.keys(record).sort()).toSatisfy((keys: string[]) => keys.every((k) => ['name', 'quotaType', 'postCategory', 'organizationId', 'unitName', 'jurisdictionName'].includes(k)));
}

async function approveNamedRoll(enabled: boolean, jurisdiction: keyof typeof ids = 'city') {
  const id = randomUUID();
  await as(filer).approval.matter.file({ id, kind: 'named_roll_publication', title: enabled ? '关于开展实名制公示的请示' : '关于暂停实名制公示的请示', reason: '依据实名制管理规定公示在编人员信息（涉密岗位除外）', namedRoll: { jurisdictionId: ids[jurisdiction], enabled }, documents: [{ title: '请示', documentNumber: `示编〔2026〕${enabled ? 90 : 91}号` }] });
  const matter = await as(filer).approval.matter.get({ id });
  expect(matter.steps.map((s) => [s.kind, s.jurisdictionName])).toEqual([['accept', '示范市'], ['review', '示范市'], ['approve', '示范市']]);
  await as(accepter).approval.matter.decide({ id, stepIndex: 0, decision: 'approve', decisionId: randomUUID() });
  await as(reviewer).approval.matter.decide({ id, stepIndex: 1, decision: 'approve', decisionId: randomUUID() });
  // Until the last step, the switch is as it was.
  expect((await auditAs(filer).namedRoll.settings.query()).find((s) => s.jurisdictionId === ids.city)?.enabled).toBe(!enabled);
  await as(approver).approval.matter.decide({ id, stepIndex: 2, decision: 'approve', documentNumber: `示编〔2026〕${enabled ? 92 : 93}号`, decisionId: randomUUID() });
  return until(() => as(filer).approval.matter.get({ id }), (m) => m.state === 'applied' || m.state === 'failed');
}

describe('named-roll publication (实名制公示)', () => {
  it('is off by default: published, the site names nobody', async () => {
    expect((await auditAs(filer).namedRoll.settings.query()).map((s) => [s.name, s.enabled]).sort()).toEqual([['示范市', false], ['江北区', false], ['海曙区', false]].sort());
    await auditAs(filer).disclosure.publish.mutate();
    const { text, people: found } = await everythingPublic();
    expect(text).toContain('示范市审计局');
    expect(found).toEqual([]);
    assertNothingForbidden(text, found, Object.keys(people) as (keyof typeof people)[]);
    expect(await auditAs(anonymous).disclosure.namedRoll.query({ organizationId: units.audit, limit: 50, offset: 0 })).toEqual({ published: false, total: 0, items: [] });
  });

  it('is switched only by an approved matter, filed within reach and changing something; the platform’s procedures are no side door', async () => {
    const request = { kind: 'named_roll_publication' as const, title: '实名制公示', reason: '公示', documents: [{ title: '请示', documentNumber: '海编〔2026〕1号' }] };
    expect(await refusal(as(haishu).approval.matter.file({ id: randomUUID(), ...request, namedRoll: { jurisdictionId: ids.city, enabled: true } }))).toBe('OUT_OF_SCOPE');
    expect(await refusal(as(haishu).approval.matter.file({ id: randomUUID(), ...request, namedRoll: { jurisdictionId: ids.jiangbei, enabled: true } }))).toBe('OUT_OF_SCOPE');
    expect(await refusal(as(haishu).approval.matter.file({ id: randomUUID(), ...request, namedRoll: { jurisdictionId: ids.haishu, enabled: false } }))).toBe('MATTER_INVALID');
    expect(await refusal(auditAs(filer).namedRoll.applySetting.mutate({ jurisdictionId: ids.city, enabled: true, matterId: randomUUID(), documentNumber: null }))).toBe('FORBIDDEN');
    expect(await refusal(auditAs(filer).namedRoll.forMatter.query({ jurisdictionId: ids.city }))).toBe('FORBIDDEN');
    expect(await refusal(ledgerAs(filer).namedRoll.publicRoll.query({ organizationIds: [units.audit] }))).toBe('FORBIDDEN');
    // A district's own switch is decided by the district.
    const districtMatter = randomUUID();
    await as(haishu).approval.matter.file({ id: districtMatter, ...request, namedRoll: { jurisdictionId: ids.haishu, enabled: true } });
    expect((await as(haishu).approval.matter.get({ id: districtMatter })).steps.map((s) => s.jurisdictionName)).toEqual(['海曙区', '海曙区', '海曙区']);
    expect(await refusal(as(haishu).approval.matter.file({ id: randomUUID(), ...request, namedRoll: { jurisdictionId: ids.haishu, enabled: true } }))).toBe('MATTER_INVALID');
    await as(haishu).approval.matter.withdraw({ id: districtMatter, comment: '暂缓', decisionId: randomUUID() });
    // The district sees its own switch only.
    expect((await auditAs(haishu).namedRoll.settings.query()).map((s) => s.jurisdictionId)).toEqual([ids.haishu]);
  });

  it('marks classified posts by the roll’s writers in their scope, audited', async () => {
    expect(await refusal(ledgerAs(jiangbei).namedRoll.setClassifiedPost.mutate({ slotId: slots.classifiedPost, classifiedPost: true }))).toBe('NOT_FOUND');
    expect(await refusal(ledgerAs(haishu).namedRoll.setClassifiedPost.mutate({ slotId: slots.classifiedPost, classifiedPost: true }))).toBe('NOT_FOUND');
    expect(await ledgerAs(filer).namedRoll.setClassifiedPost.mutate({ slotId: slots.classifiedPost, classifiedPost: true })).toEqual({ slotId: slots.classifiedPost, classifiedPost: true });
    const roll = await ledgerAs(filer).person.roll.query({ organizationId: units.audit });
    expect(roll.find((s) => s.id === slots.classifiedPost)?.classifiedPost).toBe(true);
    expect(roll.find((s) => s.id === slots.published)?.classifiedPost).toBe(false);
    const events = await (testDb.db as Kysely<LedgerDB>).selectFrom('ledger.outbox').select(['event_type', 'payload']).where('event_type', '=', 'ledger.person.classifiedPostSet').execute();
    expect(events).toHaveLength(1);
  });

  it('on, publishes per unit each person’s name, quota type and post category — never a classified post or unit, nor any other field; a person who left disappears at the next publication', async () => {
    const matter = await approveNamedRoll(true);
    expect(matter.state).toBe('applied');
    expect(matter.namedRoll).toEqual({ jurisdictionId: ids.city, enabled: true });
    expect((await auditAs(filer).namedRoll.settings.query()).find((s) => s.jurisdictionId === ids.city)).toMatchObject({ enabled: true, matterId: matter.id, documentNumber: '示编〔2026〕92号' });

    await auditAs(filer).disclosure.publish.mutate();
    let published = await everythingPublic();
    const page = await auditAs(anonymous).disclosure.namedRoll.query({ organizationId: units.audit, limit: 50, offset: 0 });
    expect(page).toEqual({
      published: true,
      total: 2,
      items: [
        { name: '张明远', quotaType: '行政编制', postCategory: '专业技术岗位' },
        { name: '王退休', quotaType: '行政编制', postCategory: '工勤技能岗位' },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    });
    expect((await auditAs(anonymous).disclosure.namedRoll.query({ organizationId: units.audit, limit: 1, offset: 1 })).items).toHaveLength(1);
    // The classified unit is not published at all; the district's switch is off.
    expect(await refusal(auditAs(anonymous).disclosure.namedRoll.query({ organizationId: units.secret, limit: 50, offset: 0 }))).toBe('NOT_FOUND');
    expect((await auditAs(anonymous).disclosure.namedRoll.query({ organizationId: units.haishu, limit: 50, offset: 0 })).published).toBe(false);
    expect((await auditAs(anonymous).disclosure.searchPeople.query({ name: '张明', unit: '审计', limit: 50, offset: 0 })).items).toEqual([{ name: '张明远', quotaType: '行政编制', postCategory: '专业技术岗位', organizationId: units.audit, unitName: '示范市审计局', jurisdictionName: '示范市' }]);
    expect((await auditAs(anonymous).disclosure.searchPeople.query({ name: '张明', unit: '档案', limit: 50, offset: 0 })).total).toBe(0);
    const csv = (await auditAs(anonymous).disclosure.namedRollData.query({ format: 'csv' })).content.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]).toBe('所属区划,单位名称,姓名,编制类型,岗位类别');
    expect(csv).toContain('示范市,示范市审计局,张明远,行政编制,专业技术岗位');
    expect(published.text).toContain('王退休');
    assertNothingForbidden(published.text, published.people, ['classifiedPost', 'classifiedUnit', 'districtOff']);
    // What the snapshot itself stores of a person: the three fields.
    const stored = await (testDb.db as Kysely<AuditDB>).selectFrom('audit.disclosed_people').selectAll().execute();
    expect(Object.keys(stored[0]!).sort()).toEqual(['name', 'organization_id', 'position', 'post_category', 'quota_type', 'snapshot_id']);

    await ledgerAs(filer).person.exit.mutate({ id: randomUUID(), slotId: slots.leaving, exitKind: 'retirement', exitedOn: '2026-03-01' });
    // Until the next publication the site shows the snapshot as it was; then the person is gone.
    expect((await auditAs(anonymous).disclosure.namedRoll.query({ organizationId: units.audit, limit: 50, offset: 0 })).total).toBe(2);
    await auditAs(filer).disclosure.publish.mutate();
    published = await everythingPublic();
    expect(published.text).toContain('张明远');
    assertNothingForbidden(published.text, published.people, ['classifiedPost', 'classifiedUnit', 'districtOff', 'leaving']);
    // No earlier snapshot keeps a named roll: the person who left is in no stored copy either.
    const kept = await (testDb.db as Kysely<AuditDB>).selectFrom('audit.disclosed_people').select(['snapshot_id', 'name']).execute();
    expect(new Set(kept.map((p) => p.snapshot_id)).size).toBe(1);
    expect(kept.map((p) => p.name)).not.toContain(people.leaving.name);
  }, 180_000);

  it('off again through a matter, the next publication names nobody', async () => {
    expect((await approveNamedRoll(false)).state).toBe('applied');
    await auditAs(filer).disclosure.publish.mutate();
    const { text, people: found } = await everythingPublic();
    expect(found).toEqual([]);
    assertNothingForbidden(text, found, Object.keys(people) as (keyof typeof people)[]);
    // Each switch is on the audit chain with its matter.
    const chain = await (testDb.db as Kysely<AuditDB>).selectFrom('audit.events').select(['event_type', 'payload']).where('event_type', 'like', 'audit.namedRoll.%').orderBy('seq').execute();
    expect(chain.map((e) => e.event_type)).toEqual(['audit.namedRoll.enabled', 'audit.namedRoll.disabled']);
  }, 180_000);
});
