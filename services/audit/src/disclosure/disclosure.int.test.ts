import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { PublicUnitRecord } from '@bianzhi/contracts/registry';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { disclosureScores, evaluateDisclosure, openData, periodOf, publicJurisdictions, publicUnit, publicUnits, publishDisclosure, type DisclosureSources } from './disclosure.service.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const districtId = randomUUID();
const bureau: PublicUnitRecord = {
  id: randomUUID(),
  name: '市统计局',
  nameplates: ['市普查中心'],
  jurisdictionId: cityId,
  jurisdictionName: '示范市',
  kind: 'organ',
  institutionClass: null,
  funding: 'full',
  rank: 'zheng_chu',
  functions: ['负责全市统计工作', '组织实施普查'],
  documentNumber: '示办发〔2019〕12号',
  departments: [{ name: '综合科', type: 'office', headcount: 5, leadershipPosts: 1 }],
};
const centre: PublicUnitRecord = { id: randomUUID(), name: '海曙区档案服务中心', nameplates: [], jurisdictionId: districtId, jurisdictionName: '海曙区', kind: 'institution', institutionClass: null, funding: null, rank: 'gu', functions: [], documentNumber: null, departments: [] };
let records = [bureau, centre];
const sources: DisclosureSources = {
  publicRecords: async () => records,
  publicFigures: async () => [
    { organizationId: bureau.id, ledger: 'administrative', quota: 20, occupied: 18 },
    { organizationId: bureau.id, ledger: 'organ_worker', quota: 2, occupied: 2 },
    { organizationId: centre.id, ledger: 'institution', quota: 6, occupied: 6 },
  ],
  postsOf: async () => [
    { organizationId: bureau.id, rank: 'principal', posts: 1 },
    { organizationId: bureau.id, rank: 'deputy', posts: 3 },
  ],
};

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-disclosure');
});
afterAll(async () => testDb?.drop());

describe('public disclosure', () => {
  it('serves nothing before the first snapshot, then the published units with their public fields', async () => {
    expect(await publicUnits(testDb.db, { limit: 50, offset: 0 })).toEqual({ total: 0, items: [] });
    const published = await publishDisclosure(testDb.db, sources);
    expect(published).toMatchObject({ units: 2 });
    // Publishing is on the audit chain, by the schedule here.
    const logged = await testDb.db.selectFrom('audit.events').select(['event_type as type', 'actor', 'payload']).where('aggregate_id', '=', published.id).execute();
    expect(logged).toMatchObject([{ type: 'audit.disclosure.published', actor: { kind: 'system', id: 'disclosure-schedule' }, payload: { units: 2 } }]);
    const unit = await publicUnit(testDb.db, bureau.id);
    expect(unit).toEqual({
      id: bureau.id,
      name: '市统计局',
      nameplates: ['市普查中心'],
      jurisdictionId: cityId,
      jurisdictionName: '示范市',
      kind: '党政机关',
      institutionClass: null,
      funding: '全额拨款',
      rank: '正处级',
      functions: ['负责全市统计工作', '组织实施普查'],
      documentNumber: '示办发〔2019〕12号',
      departments: [{ name: '综合科', type: '内设机构', headcount: 5, leadershipPosts: 1 }],
      quota: [
        { type: '行政编制', approved: 20 },
        { type: '机关工勤编制', approved: 2 },
      ],
      quotaTotal: 22,
      leadershipPosts: [
        { rank: '正职', posts: 1 },
        { rank: '副职', posts: 3 },
      ],
      headcount: 20,
    });
    expect((await publicUnits(testDb.db, { jurisdictionId: districtId, limit: 50, offset: 0 })).items.map((u) => u.name)).toEqual(['海曙区档案服务中心']);
    expect((await publicUnits(testDb.db, { q: '统计', limit: 50, offset: 0 })).total).toBe(1);
    expect(await publicJurisdictions(testDb.db)).toEqual([
      { jurisdictionId: cityId, name: '示范市', units: 1 },
      { jurisdictionId: districtId, name: '海曙区', units: 1 },
    ].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it('keeps earlier snapshots and serves the latest: a unit gone from the registry’s public records is gone from the site', async () => {
    records = [bureau];
    await publishDisclosure(testDb.db, sources);
    await expect(publicUnit(testDb.db, centre.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const snapshots = await testDb.db.selectFrom('audit.disclosure_snapshots').selectAll().execute();
    expect(snapshots).toHaveLength(2);
    records = [bureau, centre];
    await publishDisclosure(testDb.db, sources);
  });

  it('scores completeness per unit and per jurisdiction in the half-year’s evaluation, naming what is missing', async () => {
    const period = periodOf('2026-12-02');
    expect(period).toBe('2026-H2');
    await evaluateDisclosure(testDb.db, sources, period);
    const scores = await disclosureScores(testDb.db, {});
    expect(scores.period).toBe('2026-H2');
    expect(scores.units).toEqual([
      // Completeness 33 weighs half; no change due and every published value the registry's: 50% × 33 + 30% × 100 + 20% × 100.
      { organizationId: centre.id, name: '海曙区档案服务中心', jurisdictionId: districtId, score: 67, missing: ['主要职责', '批准文号', '事业单位类别', '经费形式'], completeness: 33, timeliness: 100, accuracy: 100, inaccurate: [], late: 0 },
      { organizationId: bureau.id, name: '市统计局', jurisdictionId: cityId, score: 100, missing: [], completeness: 100, timeliness: 100, accuracy: 100, inaccurate: [], late: 0 },
    ]);
    expect(scores.jurisdictions.find((j) => j.jurisdictionId === districtId)).toMatchObject({ name: '海曙区', units: 1, average: 67 });
    // A rerun of the same half-year replaces its scores; so do two at once (the button pressed twice), one after the other.
    await evaluateDisclosure(testDb.db, sources, period);
    expect((await disclosureScores(testDb.db, {})).units).toHaveLength(2);
    await Promise.all([evaluateDisclosure(testDb.db, sources, period), evaluateDisclosure(testDb.db, sources, period), evaluateDisclosure(testDb.db, sources, period)]);
    expect(await testDb.db.selectFrom('audit.disclosure_evaluations').select('id').where('period', '=', period).execute()).toHaveLength(1);
    expect((await disclosureScores(testDb.db, {})).units).toHaveLength(2);
  });

  it('offers the snapshot as open data in JSON and CSV', async () => {
    const json = await openData(testDb.db, 'json');
    expect((JSON.parse(json.content) as { name: string }[]).map((u) => u.name).sort()).toEqual(['市统计局', '海曙区档案服务中心']);
    const csv = await openData(testDb.db, 'csv');
    const lines = csv.content.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('单位名称,加挂牌子,所属区划,机构性质,事业单位类别,经费形式,机构规格,批准文号,核定编制,编制构成,领导职数,实有人数,内设机构数,主要职责');
    expect(lines).toContain('市统计局,市普查中心,示范市,党政机关,,全额拨款,正处级,示办发〔2019〕12号,22,行政编制20；机关工勤编制2,正职1；副职3,20,1,负责全市统计工作；组织实施普查');
  });
});
