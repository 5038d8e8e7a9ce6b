import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { PublicUnitRecord } from '@bianzhi/contracts/registry';
import { addDays, chinaDayStart, todayInChina } from '@bianzhi/domain/calendar';
import { disclosureDeadline, disclosureScore } from '@bianzhi/domain/disclosure-timeliness';
import { DomainError } from '@bianzhi/domain/errors';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import type { JurisdictionScope } from '../scope.js';
import { ingestEvents } from '../log/log.service.js';
import { listEntries } from '../log/log.repository.js';
import { disclosureScores, evaluateDisclosure, periodOf, publishDisclosure, type DisclosureSources } from './disclosure.service.js';
import { correctionOrders, disclosureChanges, issueCorrectionOrder, lateUnits } from './timeliness.service.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const districtId = randomUUID();
const record = (name: string, jurisdictionId: string, jurisdictionName: string): PublicUnitRecord => ({
  id: randomUUID(),
  name,
  nameplates: [],
  jurisdictionId,
  jurisdictionName,
  kind: 'organ',
  institutionClass: null,
  funding: 'full',
  rank: 'zheng_chu',
  functions: ['负责本行业工作'],
  documentNumber: '示编〔2020〕1号',
  departments: [{ name: '办公室', type: 'office', headcount: 3, leadershipPosts: 1 }],
});
const bureau = record('市统计局', cityId, '示范市');
const centre = record('海曙区档案局', districtId, '海曙区');
/** A classified unit: the registry leaves it out of the public records, so its changes are never listed. */
const classifiedId = randomUUID();
let records = [bureau, centre];
const sources: DisclosureSources = {
  publicRecords: async () => records,
  publicFigures: async () => [
    { organizationId: bureau.id, ledger: 'administrative', quota: 20, occupied: 18 },
    { organizationId: centre.id, ledger: 'administrative', quota: 8, occupied: 8 },
  ],
  postsOf: async () => [{ organizationId: bureau.id, rank: 'principal', posts: 1 }],
};

/** The registry's answer held in memory (the real port runs on the full stack): the city sees all, a district its own. */
const scope: JurisdictionScope = {
  jurisdictionIdsOf: async (p) => (p.jurisdictionId === cityId ? [cityId, districtId] : [p.jurisdictionId!]),
  organizationOf: async (p, id) => {
    const unit = [bureau, centre].find((u) => u.id === id);
    if (!unit) throw new DomainError('NOT_FOUND', `organization ${id}`);
    if (p.jurisdictionId !== cityId && unit.jurisdictionId !== p.jurisdictionId) throw new DomainError('OUT_OF_SCOPE', `organization ${id}`);
    return { id: unit.id, jurisdictionId: unit.jurisdictionId, name: unit.name };
  },
  lookupOrganizations: async () => [],
};
const cityAdmin = userPrincipal('city_admin', cityId, 'city-admin');
const districtAdmin = userPrincipal('district_admin', districtId, 'haishu-admin');
const today = todayInChina();
const year = Number(today.slice(0, 4));
const longAgo = addDays(today, -60);
const atNoon = (day: string) => new Date(chinaDayStart(day).getTime() + 12 * 3_600_000).toISOString();
const actor = { kind: 'user' as const, id: 'u1', name: '录入员' };
const event = (source: 'registry' | 'ledger', type: string, aggregateId: string, payload: Record<string, unknown>, occurredAt: string, aggregateType = 'organization') => ({
  id: randomUUID(),
  source,
  type,
  aggregateType,
  aggregateId,
  jurisdictionId: cityId,
  actor,
  payload,
  occurredAt,
});
const bureauAccount = randomUUID();
const poolAccount = randomUUID();

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-timeliness');
});
afterAll(async () => testDb?.drop());

describe('timely disclosure', () => {
  it('derives the changes from the log with their deadlines; a change shown by no snapshot by its deadline is late', async () => {
    // The public site's first publication, 90 days ago: what was logged before it does not count.
    const first = await publishDisclosure(testDb.db, sources);
    await sql`update audit.disclosure_snapshots set published_at = ${atNoon(addDays(today, -90))}::timestamptz where id = ${first.id}`.execute(testDb.db);
    await ingestEvents(testDb.db, [
      event('registry', 'registry.organization.renamed', bureau.id, { effectiveDate: addDays(today, -120) }, atNoon(addDays(today, -100))),
      // Renamed 60 days ago and logged the same day; the quota allocated from the pool to the bureau then too.
      event('registry', 'registry.organization.renamed', bureau.id, { effectiveDate: longAgo }, atNoon(longAgo)),
      event('ledger', 'ledger.accounts.opened', bureau.id, { accounts: [{ id: bureauAccount, ledger: 'administrative', kind: 'vacant' }] }, atNoon(addDays(today, -95))),
      event('ledger', 'ledger.pools.opened', cityId, { accounts: [{ id: poolAccount, ledger: 'administrative', kind: 'unallocated' }] }, atNoon(addDays(today, -95)), 'jurisdiction'),
      event('ledger', 'ledger.transfer.allocate', randomUUID(), { transfer: { debitAccountId: poolAccount, creditAccountId: bureauAccount, amount: 2 }, effectiveDate: longAgo }, atNoon(longAgo), 'transfer'),
      // A transfer between the bureau's own accounts is no quota change.
      event('ledger', 'ledger.transfer.occupy', randomUUID(), { transfer: { debitAccountId: bureauAccount, creditAccountId: bureauAccount, amount: 1 }, effectiveDate: longAgo }, atNoon(longAgo), 'transfer'),
      event('registry', 'registry.organization.rank_changed', classifiedId, { effectiveDate: longAgo }, atNoon(longAgo)),
    ]);
    // Published today: the rename and the quota are on the site, 60 days after they took effect.
    await publishDisclosure(testDb.db, sources);
    // Logged after that publication: the district unit's functions (effective 60 days ago) and the bureau's leadership posts (today).
    await ingestEvents(testDb.db, [
      event('registry', 'registry.organization.three_determinations_published', centre.id, { effectiveDate: longAgo }, new Date().toISOString()),
      event('ledger', 'ledger.leadership.posts_set', bureau.id, { rank: 'principal', before: 0, after: 1 }, new Date().toISOString()),
    ]);

    const changes = await disclosureChanges(testDb.db, scope, cityAdmin, { lateOnly: false });
    const view = changes.map((c) => [c.organizationName, c.kind, c.effectiveDate, c.deadline, c.publishedOn, c.status]);
    expect(view).toEqual(
      expect.arrayContaining([
        ['市统计局', 'name', longAgo, disclosureDeadline('name', longAgo), today, 'late'],
        ['市统计局', 'quota', longAgo, disclosureDeadline('quota', longAgo), today, 'late'],
        ['海曙区档案局', 'functions', longAgo, disclosureDeadline('functions', longAgo), null, 'overdue'],
        ['市统计局', 'leadership_posts', today, disclosureDeadline('leadership_posts', today), null, 'pending'],
      ]),
    );
    // Nothing logged before the first publication, no classified unit, no transfer within a unit.
    expect(changes).toHaveLength(4);
    // A district sees its own units' changes only; a unit out of its reach is refused.
    expect((await disclosureChanges(testDb.db, scope, districtAdmin, { lateOnly: true })).map((c) => c.organizationName)).toEqual(['海曙区档案局']);
    await expect(disclosureChanges(testDb.db, scope, districtAdmin, { organizationId: bureau.id, lateOnly: false })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(disclosureChanges(testDb.db, scope, districtAdmin, { jurisdictionId: cityId, lateOnly: false })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
  });

  it('orders a late unit corrected with a numbered order, refuses wrong input, and closes the order when the unit is published', async () => {
    const input = { organizationId: centre.id, requirement: '请于期限内在编制公开网补正三定职责信息', deadline: addDays(today, 10) };
    // Out of reach: refused, nothing stored, no number used.
    await expect(issueCorrectionOrder(testDb.db, scope, districtAdmin, { ...input, organizationId: bureau.id })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    // A deadline before today is refused in both languages.
    await expect(issueCorrectionOrder(testDb.db, scope, districtAdmin, { ...input, deadline: addDays(today, -1) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', localized: { 'zh-CN': '补正期限不能早于今天' } });
    expect(await correctionOrders(testDb.db, scope, cityAdmin, {})).toEqual([]);

    // The district and the city ordering it at the same moment: one order, the other refused (not failed).
    const both = await Promise.allSettled([issueCorrectionOrder(testDb.db, scope, districtAdmin, input), issueCorrectionOrder(testDb.db, scope, cityAdmin, input)]);
    expect(both.map((b) => b.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((both.find((b) => b.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const order = (both.find((b) => b.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof issueCorrectionOrder>>>).value;
    expect(order).toMatchObject({ number: `编公补〔${year}〕1号`, status: 'open', overdue: false, organizationName: '海曙区档案局', changes: [{ kind: 'functions', effectiveDate: longAgo }] });
    // One open order per unit.
    await expect(issueCorrectionOrder(testDb.db, scope, cityAdmin, input)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await disclosureChanges(testDb.db, scope, cityAdmin, { organizationId: centre.id, lateOnly: true }))[0]?.openOrderNumber).toBe(order.number);
    // The city sees it; the bureau's own orders are not the district's.
    expect((await correctionOrders(testDb.db, scope, cityAdmin, { status: 'open' })).map((o) => o.id)).toEqual([order.id]);

    // The bureau's late rename and quota: ordered by the city, numbered in the city's own sequence.
    const bureauOrder = await issueCorrectionOrder(testDb.db, scope, cityAdmin, { ...input, organizationId: bureau.id });
    expect(bureauOrder.number).toBe(`编公补〔${year}〕1号`);
    expect(bureauOrder.changes.map((c) => c.kind).sort()).toEqual(['name', 'quota']);
    expect((await correctionOrders(testDb.db, scope, districtAdmin, {})).map((o) => o.id)).toEqual([order.id]);

    // Past its new deadline and still open: overdue.
    await testDb.db.updateTable('audit.correction_orders').set({ deadline: addDays(today, -1) }).where('id', '=', bureauOrder.id).execute();
    expect((await correctionOrders(testDb.db, scope, cityAdmin, { status: 'overdue' })).map((o) => [o.id, o.overdue])).toEqual([[bureauOrder.id, true]]);

    // Publication closes both: the units are on the site again, with their changes.
    await publishDisclosure(testDb.db, sources);
    const closed = await correctionOrders(testDb.db, scope, cityAdmin, { status: 'closed' });
    expect(closed.map((o) => [o.number, o.status, o.publishedOn, o.overdue]).sort()).toEqual([
      [`编公补〔${year}〕1号`, 'closed', today, false],
      [`编公补〔${year}〕1号`, 'closed', today, false],
    ]);
    // Its changes now published (late); the leadership posts published on time; nothing left to order.
    const centreChanges = await disclosureChanges(testDb.db, scope, cityAdmin, { organizationId: centre.id, lateOnly: false });
    expect(centreChanges.map((c) => [c.status, c.publishedOn, c.openOrderNumber])).toEqual([['late', today, null]]);
    expect((await disclosureChanges(testDb.db, scope, cityAdmin, { organizationId: bureau.id, lateOnly: false })).find((c) => c.kind === 'leadership_posts')?.status).toBe('published');
    await expect(issueCorrectionOrder(testDb.db, scope, districtAdmin, input)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', localized: { en: 'The unit has no change that was not disclosed in time; there is nothing to order corrected' } });

    // Every step is on the chain, naming the unit.
    const items = await listEntries(testDb.db, { limit: 50, jurisdictionIds: null });
    const logged = items.filter((e) => e.eventType.startsWith('audit.correction_order.')).map((e) => [e.eventType, (e.payload as { organizationId: string }).organizationId]);
    expect(logged.sort()).toEqual(
      [
        ['audit.correction_order.closed', bureau.id],
        ['audit.correction_order.closed', centre.id],
        ['audit.correction_order.issued', bureau.id],
        ['audit.correction_order.issued', centre.id],
      ].sort(),
    );
  });

  it('lists the year’s late units publicly: unit, change, deadline and when it was published', async () => {
    const listed = await lateUnits(testDb.db, Number(longAgo.slice(0, 4)));
    expect(listed.map((l) => [l.organizationName, l.kind, l.deadline, l.publishedOn]).sort()).toEqual(
      [
        ['市统计局', 'name', disclosureDeadline('name', longAgo), today],
        ['市统计局', 'quota', disclosureDeadline('quota', longAgo), today],
        ['海曙区档案局', 'functions', disclosureDeadline('functions', longAgo), today],
      ].sort(),
    );
    expect(JSON.stringify(listed)).not.toContain(classifiedId);
    expect(await lateUnits(testDb.db, 2001)).toEqual([]);
  });

  it('scores the half-year on completeness, timeliness and accuracy', async () => {
    // The registry renamed the district unit after the last publication: its page is out of date.
    records = [bureau, { ...centre, name: '海曙区档案馆' }];
    const period = periodOf(disclosureDeadline('functions', longAgo));
    await evaluateDisclosure(testDb.db, sources, period);
    const scores = await disclosureScores(testDb.db, {});
    const of = (id: string) => scores.units.find((u) => u.organizationId === id)!;
    // The bureau: every field present, two of its three changes due late (name, quota), its leadership posts on time.
    const bureauTimeliness = periodOf(today) === period ? { due: 3, onTime: 1 } : { due: 2, onTime: 0 };
    expect(of(bureau.id)).toMatchObject({ ...disclosureScore({ applicable: 4 + 2, present: 6, ...bureauTimeliness, compared: 12, equal: 12 }), inaccurate: [], late: 2 });
    // The district unit: its one change late, its name no longer the registry's.
    expect(of(centre.id)).toMatchObject({ completeness: 83, timeliness: 0, accuracy: 92, inaccurate: ['单位名称'], late: 1 });
    expect(of(centre.id).score).toBe(disclosureScore({ applicable: 6, present: 5, due: 1, onTime: 0, compared: 12, equal: 11 }).score);
  });
});
