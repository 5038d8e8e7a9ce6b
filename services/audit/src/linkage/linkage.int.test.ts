import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { CloudEvent } from '@bianzhi/contracts/linkage';
import { DomainError } from '@bianzhi/domain/errors';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ingestEvents } from '../log/log.service.js';
import { listEntries } from '../log/log.repository.js';
import { deliverDue, queueNewEvents, startDispatcher, type DispatcherSettings } from './dispatcher.js';
import { secretBox } from './secret-box.js';
import { createSubscription, deleteSubscription, exportDeliveries, listDeliveries, listSubscriptions, redeliver, rotateSecret, setSubscriptionStatus, type SubscriptionDeps } from './subscription.service.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const haishu = randomUUID();
const jiangbei = randomUUID();
const scope = { jurisdictionIdsOf: async (p: { jurisdictionId: string | null }) => (p.jurisdictionId === cityId ? [cityId, haishu, jiangbei] : [p.jurisdictionId!]) };
const box = secretBox('ab'.repeat(32));
const haishuAdmin = userPrincipal('district_admin', haishu, 'haishu-admin');
const jiangbeiAdmin = userPrincipal('district_admin', jiangbei, 'jiangbei-admin');
let deps: SubscriptionDeps;
let settings: DispatcherSettings;

/** The receiving system: a real HTTP server that checks each signature as docs/integration.md shows, and answers what the test tells it. */
interface Received {
  event: CloudEvent;
  signatureOk: boolean;
  id: string;
}
let server: Server;
let receiverUrl: string;
let secret = '';
const received: Received[] = [];
let answer: (event: CloudEvent) => number = () => 204;

function verify(req: IncomingMessage, body: string): boolean {
  const timestamp = String(req.headers['webhook-timestamp']);
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const given = String(req.headers['webhook-signature']);
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-linkage');
  deps = { db: testDb.db, scope, box, allowLocal: true };
  settings = { box, allowLocal: true, schedule: { baseMs: 50, maxMs: 200, windowMs: 1_500 }, timeoutMs: 2_000 };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const event = JSON.parse(body) as CloudEvent;
      received.push({ event, signatureOk: verify(req, body), id: String(req.headers['webhook-id']) });
      res.statusCode = answer(event);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/bianzhi`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await testDb?.drop();
});

const actor = { kind: 'user' as const, id: 'haishu-admin', name: 'haishu-admin' };
const logged = (type: string, aggregateType: string, aggregateId: string, jurisdictionId: string, payload: Record<string, unknown>) => ({
  id: randomUUID(),
  source: type.split('.')[0] === 'approval' ? ('reform' as const) : (type.split('.')[0] as 'ledger' | 'registry'),
  type,
  aggregateType,
  aggregateId,
  jurisdictionId,
  actor,
  payload,
  occurredAt: new Date().toISOString(),
});

/** Runs the dispatcher until nothing is due and nothing new is queued, as the service's loop does. */
async function dispatch(rounds = 1) {
  for (let i = 0; i < rounds; i++) {
    while ((await queueNewEvents(testDb.db)) > 0);
    await deliverDue(testDb.db, settings);
  }
}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('subscriptions', () => {
  it('keeps a subscription within the jurisdictions of whoever registers it, the URL to http(s), and the secret shown once', async () => {
    await expect(createSubscription(deps, haishuAdmin, { name: '工资统发', url: receiverUrl, eventTypes: ['cn.gov.bianzhi.roll.entry.posted'], jurisdictionIds: [haishu, jiangbei] })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(createSubscription(deps, haishuAdmin, { name: '工资统发', url: 'ftp://payroll.example/hook', eventTypes: ['cn.gov.bianzhi.roll.entry.posted'], jurisdictionIds: [haishu] })).rejects.toMatchObject({ code: 'SUBSCRIPTION_URL_REFUSED' });
    const strict = { ...deps, allowLocal: false };
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://10.1.2.3/x', 'http://user:pw@payroll.example/x']) {
      const error = await createSubscription(strict, haishuAdmin, { name: 'x', url, eventTypes: ['cn.gov.bianzhi.roll.entry.posted'], jurisdictionIds: [haishu] }).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(DomainError);
      expect((error as DomainError).code, url).toBe('SUBSCRIPTION_URL_REFUSED');
    }
    expect(await listSubscriptions(deps, haishuAdmin)).toEqual([]);
    const row = await testDb.db.selectFrom('audit.event_subscriptions').select('id').execute();
    expect(row).toEqual([]);
  });
});

describe('delivery to a receiving system', () => {
  let subscriptionId = '';
  const unit = randomUUID();
  const otherUnit = randomUUID();
  const person = randomUUID();
  const other = randomUUID();

  it('delivers mapped events signed, in order per subject, only of its types and jurisdictions and from its registration on', async () => {
    // Before registration: not delivered. The unit's accounts open (which teaches the mapper the unit's account).
    const vacant = randomUUID();
    await ingestEvents(testDb.db, [
      logged('ledger.person.entered', 'person', randomUUID(), haishu, { organizationId: unit, slotId: randomUUID(), entryKind: 'recruitment', enteredOn: '2026-12-01', idNumber: '330203********1234', name: '张三' }),
      logged('ledger.accounts.opened', 'organization', unit, haishu, { accounts: [{ id: vacant, ledger: 'institution', kind: 'vacant' }] }),
    ]);
    const created = await createSubscription(deps, haishuAdmin, { name: '社保医保', url: receiverUrl, eventTypes: ['cn.gov.bianzhi.roll.entry.posted', 'cn.gov.bianzhi.roll.exit.posted', 'cn.gov.bianzhi.quota.changed', 'cn.gov.bianzhi.unit.renamed'], jurisdictionIds: [haishu] });
    subscriptionId = created.id;
    secret = created.secret;
    expect(created.secret).toMatch(/^whsec_/);
    const stored = await testDb.db.selectFrom('audit.event_subscriptions').select('secret_ciphertext').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.secret_ciphertext).not.toContain(created.secret);
    expect(await listSubscriptions(deps, haishuAdmin)).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect(await listSubscriptions(deps, jiangbeiAdmin)).toEqual([]);

    await ingestEvents(testDb.db, [
      logged('ledger.person.entered', 'person', person, haishu, { organizationId: unit, slotId: randomUUID(), entryKind: 'recruitment', enteredOn: '2026-12-02', idNumber: '330203********5678', name: '李四' }),
      logged('ledger.transfer.increase', 'transfer', randomUUID(), haishu, { transfer: { kind: 'single', code: 'increase', ledger: 'institution', amount: 3, debitAccountId: randomUUID(), creditAccountId: vacant }, documentNumber: '甬编〔2026〕9号', effectiveDate: '2026-12-02' }),
      logged('ledger.person.exited', 'person', person, haishu, { organizationId: unit, slotId: randomUUID(), exitKind: 'retirement', exitedOn: '2026-12-03' }),
      logged('ledger.person.entered', 'person', other, jiangbei, { organizationId: otherUnit, slotId: randomUUID(), entryKind: 'recruitment', enteredOn: '2026-12-02', idNumber: '330205********0001', name: '王五' }),
      logged('registry.organization.created', 'organization', randomUUID(), haishu, { after: { name: '海曙区新中心', kind: 'institution', status: 'active' } }),
    ]);
    await dispatch();
    expect(received.map((r) => r.event.type)).toEqual(['cn.gov.bianzhi.roll.entry.posted', 'cn.gov.bianzhi.quota.changed', 'cn.gov.bianzhi.roll.exit.posted']);
    expect(received.every((r) => r.signatureOk && r.id === r.event.id)).toBe(true);
    const [entry, quota] = received.map((r) => r.event);
    expect(entry).toMatchObject({ specversion: '1.0', source: '/bianzhi/ledger', subject: `person/${person}`, datacontenttype: 'application/json', data: { personId: person, organizationId: unit, enteredOn: '2026-12-02', idNumberMasked: '330203********5678' } });
    expect(JSON.stringify(entry)).not.toContain('李四');
    expect(quota).toMatchObject({ subject: `organization/${unit}`, data: { organizationId: unit, changes: [{ quotaType: 'institution', code: 'increase', delta: 3 }], documentNumber: '甬编〔2026〕9号' } });
  });

  it('retries a subject the receiver refuses, holding its later events but not other subjects, then dead-letters it; redelivery sends it again', async () => {
    received.length = 0;
    const stuck = randomUUID();
    const free = randomUUID();
    answer = (event) => (event.subject === `person/${stuck}` ? 500 : 204);
    await ingestEvents(testDb.db, [
      logged('ledger.person.entered', 'person', stuck, haishu, { organizationId: unit, slotId: randomUUID(), entryKind: 'recruitment', enteredOn: '2026-12-04', idNumber: '330203********0002', name: '赵六' }),
      logged('ledger.person.exited', 'person', stuck, haishu, { organizationId: unit, slotId: randomUUID(), exitKind: 'resignation', exitedOn: '2026-12-05' }),
      logged('ledger.person.entered', 'person', free, haishu, { organizationId: unit, slotId: randomUUID(), entryKind: 'recruitment', enteredOn: '2026-12-04', idNumber: '330203********0003', name: '钱七' }),
    ]);
    await dispatch();
    // The free subject went through; the stuck one was tried once and its exit waits behind its entry.
    expect(received.filter((r) => r.event.subject === `person/${free}`)).toHaveLength(1);
    expect(received.filter((r) => r.event.subject === `person/${stuck}`).map((r) => r.event.type)).toEqual(['cn.gov.bianzhi.roll.entry.posted']);
    // Retried with backoff until the (shortened) window ends, then dead: the exit follows.
    const deadline = Date.now() + 5_000;
    let log = await listDeliveries(deps, haishuAdmin, { subscriptionId, limit: 100 });
    while (Date.now() < deadline && !log.some((d) => d.status === 'dead')) {
      await wait(100);
      await dispatch();
      log = await listDeliveries(deps, haishuAdmin, { subscriptionId, limit: 100 });
    }
    const dead = log.find((d) => d.status === 'dead')!;
    expect(dead).toMatchObject({ eventType: 'cn.gov.bianzhi.roll.entry.posted', subject: `person/${stuck}`, lastStatusCode: 500 });
    expect(dead.attempts).toBeGreaterThan(2);
    expect(dead.history.every((a) => a.statusCode === 500)).toBe(true);
    const waits = dead.history.slice(1).map((a, i) => a.attemptedAt.getTime() - dead.history[i]!.attemptedAt.getTime());
    expect(waits[0]).toBeGreaterThanOrEqual(45);
    // The exit is next in line for its subject now; it fails as well (the receiver still answers 500).
    await dispatch();
    const stuckTypes = received.filter((r) => r.event.subject === `person/${stuck}`).map((r) => r.event.type);
    expect(stuckTypes.indexOf('cn.gov.bianzhi.roll.exit.posted')).toBeGreaterThan(stuckTypes.lastIndexOf('cn.gov.bianzhi.roll.entry.posted'));

    // The receiver is repaired; the bureau redelivers the dead letter.
    answer = () => 204;
    const before = received.length;
    await expect(redeliver(deps, jiangbeiAdmin, { subscriptionId, deliveryId: dead.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await redeliver(deps, haishuAdmin, { subscriptionId, deliveryId: dead.id });
    await dispatch(3);
    const again = received.slice(before).find((r) => r.event.id === dead.eventId);
    expect(again?.signatureOk).toBe(true);
    const after = await listDeliveries(deps, haishuAdmin, { subscriptionId, limit: 100 });
    expect(after.find((d) => d.id === dead.id)).toMatchObject({ status: 'delivered' });
    const entries = await listEntries(testDb.db, { jurisdictionIds: [haishu], aggregateId: subscriptionId, limit: 10 });
    expect(entries.map((e) => e.eventType)).toContain('audit.subscription.redelivered');
  });

  it('pauses, rotates and deletes within scope only, each on the audit chain, and exports the log', async () => {
    await expect(setSubscriptionStatus(deps, jiangbeiAdmin, { id: subscriptionId, status: 'paused' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rotateSecret(deps, jiangbeiAdmin, subscriptionId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteSubscription(deps, jiangbeiAdmin, subscriptionId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listDeliveries(deps, jiangbeiAdmin, { subscriptionId, limit: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Paused: events are queued, not posted; resumed: posted, signed with the rotated secret.
    expect((await setSubscriptionStatus(deps, haishuAdmin, { id: subscriptionId, status: 'paused' })).status).toBe('paused');
    received.length = 0;
    await ingestEvents(testDb.db, [logged('registry.organization.renamed', 'organization', unit, haishu, { before: { name: '海曙区旧名' }, after: { name: '海曙区新名' }, documentNumber: '海编〔2026〕3号' })]);
    await dispatch();
    expect(received).toEqual([]);
    const rotated = await rotateSecret(deps, haishuAdmin, subscriptionId);
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.secretVersion).toBe(2);
    secret = rotated.secret;
    await setSubscriptionStatus(deps, haishuAdmin, { id: subscriptionId, status: 'active' });
    await dispatch();
    // The stuck subject's exit waited behind its dead entry and goes now too; every post carries the new secret's signature.
    expect(received.every((r) => r.signatureOk)).toBe(true);
    expect(received).toContainEqual(expect.objectContaining({ signatureOk: true, event: expect.objectContaining({ type: 'cn.gov.bianzhi.unit.renamed', data: expect.objectContaining({ previousName: '海曙区旧名', name: '海曙区新名' }) }) }));

    const sheet = await exportDeliveries(deps, haishuAdmin, { subscriptionId });
    expect(sheet.rows).toBeGreaterThan(5);
    expect(sheet.filename).toMatch(/\.xlsx$/);

    await deleteSubscription(deps, haishuAdmin, subscriptionId);
    expect(await listSubscriptions(deps, haishuAdmin)).toEqual([]);
    const types = (await listEntries(testDb.db, { jurisdictionIds: [haishu], aggregateType: 'event_subscription', limit: 20 })).map((e) => e.eventType);
    expect(types).toEqual(expect.arrayContaining(['audit.subscription.created', 'audit.subscription.paused', 'audit.subscription.resumed', 'audit.subscription.secret_rotated', 'audit.subscription.deleted']));
  });

  it('survives a restart: the cursor is in the database, nothing is queued twice', async () => {
    const created = await createSubscription(deps, haishuAdmin, { name: '工资统发', url: receiverUrl, eventTypes: ['cn.gov.bianzhi.matter.decided'], jurisdictionIds: [haishu] });
    secret = created.secret;
    received.length = 0;
    const matter = randomUUID();
    await ingestEvents(testDb.db, [
      logged('approval.matter.filed', 'matter', matter, haishu, { kind: 'quota_increase', title: '增编' }),
      logged('approval.matter.approved', 'matter', matter, haishu, { documentNumber: '海编〔2026〕5号', state: 'approved' }),
    ]);
    await queueNewEvents(testDb.db);
    // A second dispatcher (another replica, or the service after a restart) finds nothing new to queue.
    expect(await queueNewEvents(testDb.db)).toBe(0);
    await deliverDue(testDb.db, settings);
    expect(received.map((r) => r.event)).toEqual([expect.objectContaining({ type: 'cn.gov.bianzhi.matter.decided', subject: `matter/${matter}`, data: expect.objectContaining({ kind: 'quota_increase', decision: 'approved', documentNumber: '海编〔2026〕5号' }) })]);
  });

  it('runs as the service runs it: queueing and delivering loops that deliver while the log grows, and stop cleanly', async () => {
    received.length = 0;
    const stop = startDispatcher(testDb.db, { ...settings, pollMs: 20, log: { info: () => undefined, warn: () => undefined } });
    const matters = Array.from({ length: 5 }, () => randomUUID());
    for (const matter of matters) {
      await ingestEvents(testDb.db, [logged('approval.matter.rejected', 'matter', matter, haishu, { documentNumber: null, state: 'rejected' })]);
      await wait(30);
    }
    await expect.poll(() => received.length, { timeout: 5_000 }).toBe(5);
    await stop();
    expect(received.map((r) => r.event.subject)).toEqual(matters.map((m) => `matter/${m}`));
    expect(received.every((r) => r.signatureOk && r.event.data.decision === 'rejected')).toBe(true);
  });

  it('counts a secret sealed under another key as a failed attempt, and goes on with the other subscriptions', async () => {
    received.length = 0;
    const created = await createSubscription(deps, haishuAdmin, { name: '医保', url: receiverUrl, eventTypes: ['cn.gov.bianzhi.unit.abolished'], jurisdictionIds: [haishu] });
    secret = created.secret;
    await ingestEvents(testDb.db, [logged('registry.organization.abolished', 'organization', randomUUID(), haishu, { after: { name: '海曙区撤销中心' }, documentNumber: '海编〔2026〕9号' })]);
    await queueNewEvents(testDb.db);
    await deliverDue(testDb.db, { ...settings, box: secretBox('cd'.repeat(32)) });
    expect(received).toEqual([]);
    const [delivery] = await listDeliveries(deps, haishuAdmin, { subscriptionId: created.id, limit: 10 });
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: expect.stringContaining('rotate') });
  });

  it('sends a transfer between districts to the subscriptions of both, and a merger with the unit it went into', async () => {
    received.length = 0;
    const created = await createSubscription(deps, jiangbeiAdmin, { name: '江北区社保', url: receiverUrl, eventTypes: ['cn.gov.bianzhi.roll.transfer.posted', 'cn.gov.bianzhi.unit.merged'], jurisdictionIds: [jiangbei] });
    secret = created.secret;
    const person = randomUUID();
    const [from, to, merged, into] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await ingestEvents(testDb.db, [
      // Moved from a unit of 江北区 to one of 海曙区: the event is the target's (海曙区), and the source's subscribers get it too.
      logged('ledger.person.transferred_with_quota', 'person', person, haishu, { fromSlotId: randomUUID(), toSlotId: randomUUID(), fromOrganizationId: from, toOrganizationId: to, fromJurisdictionId: jiangbei, ledger: 'institution', movedOn: '2026-12-06', approvalRef: 'matter/x' }),
      logged('registry.organization.merged', 'organization', merged, jiangbei, { before: { status: 'active' }, after: { name: '江北区旧中心', status: 'abolished' }, mergedInto: into, documentNumber: '江编〔2026〕2号', effectiveDate: '2026-12-06' }),
    ]);
    await dispatch();
    // Only this test's subjects: an earlier test's subscription may still be retrying a delivery into the same receiver.
    const mine = received.filter((r) => [`person/${person}`, `organization/${merged}`].includes(r.event.subject));
    expect(mine.map((r) => r.event)).toEqual([
      expect.objectContaining({ type: 'cn.gov.bianzhi.roll.transfer.posted', subject: `person/${person}`, data: { personId: person, fromOrganizationId: from, toOrganizationId: to, fromSlotId: expect.any(String), toSlotId: expect.any(String), quotaType: 'institution', movedOn: '2026-12-06' } }),
      expect.objectContaining({ type: 'cn.gov.bianzhi.unit.merged', subject: `organization/${merged}`, data: expect.objectContaining({ organizationId: merged, mergedInto: into, name: '江北区旧中心', documentNumber: '江编〔2026〕2号' }) }),
    ]);
    expect(mine.every((r) => r.signatureOk)).toBe(true);
  });
});
