import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { Principal } from '@bianzhi/domain/access';
import type { AssessmentItem } from '@bianzhi/domain/evaluation';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import { unitScope } from '../evaluation/unit-scope.test-helper.js';
import { listEntries } from '../log/log.repository.js';
import { closeViolation, openViolation } from '../violation/violation.service.js';
import { advanceAssessment, assessmentYears, exportAssessment, getAssessment, scoreAssessment, setSheet, type AssessmentDeps } from './assessment.service.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const haishu = randomUUID();
const jiangbei = randomUUID();
const nanmen = randomUUID();
const jurisdictions = [
  { id: cityId, parentId: null, name: '示范市', level: 'city' },
  { id: haishu, parentId: cityId, name: '海曙区', level: 'district' },
  { id: jiangbei, parentId: cityId, name: '江北区', level: 'district' },
  { id: nanmen, parentId: haishu, name: '南门街道', level: 'township' },
];
const units = { market: { id: randomUUID(), jurisdictionId: haishu, name: '海曙区市场监督管理局' }, farm: { id: randomUUID(), jurisdictionId: jiangbei, name: '江北区农业农村局' } };

const scope = unitScope(cityId, jurisdictions.map((j) => j.id), Object.values(units));
/** The ledger's reduction targets, held in memory: 海曙区 had two due in 2025 (one met) and one due in 2026; what was asked is kept. */
const targetsAsked: { principal: string; filter: Record<string, string> }[] = [];
const targets: AssessmentDeps['targets'] = async (principal, filter) => {
  targetsAsked.push({ principal: principal.id, filter });
  // 海曙区's own target and its township's count for 海曙区; 江北区's does not.
  return [
    { jurisdictionId: haishu, deadline: '2025-06-30', status: 'met' },
    { jurisdictionId: nanmen, deadline: '2025-12-31', status: 'missed' },
    { jurisdictionId: haishu, deadline: '2026-06-30', status: 'met' },
    { jurisdictionId: jiangbei, deadline: '2025-06-30', status: 'missed' },
  ].filter(() => !filter.organizationId);
};
const deps = (): AssessmentDeps => ({ db: testDb.db, scope, jurisdictions: async (p) => jurisdictions.filter((j) => p.jurisdictionId === cityId || j.id === p.jurisdictionId), targets, clock: () => new Date('2026-12-06T04:00:00Z') });

const editor: Principal = { ...userPrincipal('city_admin', cityId, 'city-zhang'), personId: 'person-zhang' };
const editorSecondAccount: Principal = { ...userPrincipal('city_admin', cityId, 'city-zhang-2'), personId: 'person-zhang' };
const reviewer: Principal = { ...userPrincipal('city_admin', cityId, 'city-li'), personId: 'person-li' };
const publisher: Principal = { ...userPrincipal('city_admin', cityId, 'city-wang'), personId: 'person-wang' };
const inspector = userPrincipal('inspector', cityId, 'inspector-zhao');
const haishuAdmin = userPrincipal('district_admin', haishu, 'haishu-admin');

const items: AssessmentItem[] = [
  { key: 'monthly', name: '月报按时报送', weight: 20, source: 'entered', evidence: '月报报送登记表' },
  { key: 'rectified', name: '违规问题按期整改', weight: 30, source: 'violations_rectified', evidence: '' },
  { key: 'targets', name: '控编减编任务完成', weight: 30, source: 'entered', evidence: '任务完成情况报告及核减文件' },
  { key: 'disclosure', name: '信息公开完整', weight: 20, source: 'disclosure', evidence: '' },
];

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-assessment');
  // Haishu: one violation closed by its deadline, one closed after it; Jiangbei: none due in 2026.
  const onTime = await openViolation(testDb.db, scope, inspector, { organizationId: units.market.id, kind: 'other', title: '问题一', description: '', deadline: '2026-06-30', evidence: [] });
  await closeViolation(testDb.db, scope, inspector, { id: onTime.id, conclusion: '整改到位' });
  const late = await openViolation(testDb.db, scope, inspector, { organizationId: units.market.id, kind: 'other', title: '问题二', description: '', deadline: '2026-03-31', evidence: [] });
  await closeViolation(testDb.db, scope, inspector, { id: late.id, conclusion: '逾期整改' });
  await sql`update audit.violations set closed_at = '2026-03-01T02:00:00Z' where id = ${onTime.id}`.execute(testDb.db);
  await sql`update audit.violations set closed_at = '2026-04-02T02:00:00Z' where id = ${late.id}`.execute(testDb.db);
  // The half-yearly disclosure evaluation of 2026-H2: Haishu's two units average 85.
  const snapshot = randomUUID();
  const evaluation = randomUUID();
  await testDb.db.insertInto('audit.disclosure_snapshots').values({ id: snapshot, units: 2 }).execute();
  await testDb.db.insertInto('audit.disclosure_evaluations').values({ id: evaluation, period: '2026-H2', snapshot_id: snapshot }).execute();
  await testDb.db
    .insertInto('audit.disclosure_scores')
    .values([
      { evaluation_id: evaluation, organization_id: units.market.id, jurisdiction_id: haishu, name: units.market.name, score: 100, missing: [] },
      { evaluation_id: evaluation, organization_id: randomUUID(), jurisdiction_id: haishu, name: '海曙区教育局', score: 70, missing: ['领导职数'] },
    ])
    .execute();
});
afterAll(async () => testDb?.drop());

describe('yearly assessment (考核)', () => {
  it('keeps a sheet whose weights sum to 100, unseen by the districts while a draft', async () => {
    await expect(setSheet(deps(), editor, { year: 2026, items: items.map((i) => (i.key === 'monthly' ? { ...i, weight: 10 } : i)) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', detail: { sum: 90 } });
    const sheet = await setSheet(deps(), editor, { year: 2026, items });
    expect(sheet).toMatchObject({ year: 2026, state: 'draft', items, scores: [] });
    await expect(getAssessment(deps(), haishuAdmin, 2026)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await assessmentYears(deps(), haishuAdmin)).toEqual([]);
  });

  it('computes what the platform holds, takes the rest with evidence, and refuses subjects out of reach or computed items typed in', async () => {
    await expect(scoreAssessment(deps(), editor, { year: 2026, subject: { kind: 'jurisdiction', id: randomUUID() }, entered: {} })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(scoreAssessment(deps(), editor, { year: 2026, subject: { kind: 'jurisdiction', id: cityId }, entered: {} })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(scoreAssessment(deps(), editor, { year: 2026, subject: { kind: 'jurisdiction', id: haishu }, entered: { rectified: { score: 100, evidence: '自评' } } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(scoreAssessment(deps(), editor, { year: 2025, subject: { kind: 'jurisdiction', id: haishu }, entered: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const scored = await scoreAssessment(deps(), editor, { year: 2026, subject: { kind: 'jurisdiction', id: haishu }, entered: { monthly: { score: 100, evidence: '12个月均于次月5日前报送（登记表）' }, targets: { score: 80, evidence: '海编〔2026〕40号' } } });
    const haishuScore = scored.scores.find((s) => s.subjectId === haishu)!;
    expect(haishuScore.items).toEqual({
      monthly: { score: 100, source: 'entered', evidence: '12个月均于次月5日前报送（登记表）' },
      rectified: { score: 50, source: 'violations_rectified', evidence: '2026年到期违规问题2个，按期整改关闭1个' },
      targets: { score: 80, source: 'entered', evidence: '海编〔2026〕40号' },
      disclosure: { score: 85, source: 'disclosure', evidence: '2026-H2信息公开评估，2个单位平均完整度85' },
    });
    // 20 + 15 + 24 + 17
    expect(haishuScore).toMatchObject({ total: 76, level: 'district', rank: 1 });

    await scoreAssessment(deps(), editor, { year: 2026, subject: { kind: 'jurisdiction', id: jiangbei }, entered: { monthly: { score: 90, evidence: '11月逾期报送' } } });
    // A later score keeps the entered items it does not name.
    await scoreAssessment(deps(), editor, { year: 2026, subject: { kind: 'jurisdiction', id: jiangbei }, entered: { targets: { score: 100, evidence: '江编〔2026〕9号' } } });
    const market = await scoreAssessment(deps(), editor, { year: 2026, subject: { kind: 'organization', id: units.market.id }, entered: {} });
    const all = Object.fromEntries(market.scores.map((s) => [s.subjectName, [s.level, s.total, s.rank]]));
    // Jiangbei: 18 + 30 (nothing due) + 30 + 0 (not in the disclosure evaluation); the market bureau: 15 + 20, entered items not scored count 0.
    expect(all).toEqual({ 海曙区: ['district', 76, 2], 江北区: ['district', 78, 1], 海曙区市场监督管理局: ['department', 35, 1] });
  });

  it('is reviewed and published by other people than the one before, and changes no more', async () => {
    await expect(advanceAssessment(deps(), editorSecondAccount, 2026, 'reviewed')).rejects.toMatchObject({ code: 'SELF_APPROVAL' });
    await expect(advanceAssessment(deps(), reviewer, 2026, 'published')).rejects.toMatchObject({ code: 'ASSESSMENT_STATE' });
    expect((await advanceAssessment(deps(), reviewer, 2026, 'reviewed')).state).toBe('reviewed');
    await expect(scoreAssessment(deps(), editor, { year: 2026, subject: { kind: 'jurisdiction', id: haishu }, entered: {} })).rejects.toMatchObject({ code: 'ASSESSMENT_STATE' });
    await expect(setSheet(deps(), editor, { year: 2026, items })).rejects.toMatchObject({ code: 'ASSESSMENT_STATE' });
    await expect(advanceAssessment(deps(), reviewer, 2026, 'published')).rejects.toMatchObject({ code: 'SELF_APPROVAL' });
    const published = await advanceAssessment(deps(), publisher, 2026, 'published');
    expect(published).toMatchObject({ state: 'published', reviewedBy: { id: 'city-li' }, publishedBy: { id: 'city-wang' } });

    const events = await listEntries(testDb.db, { jurisdictionIds: null, aggregateType: 'assessment', aggregateId: '2026', limit: 50 });
    expect(events.map((e) => e.eventType).reverse()).toEqual(['audit.assessment.sheet_set', 'audit.assessment.scored', 'audit.assessment.scored', 'audit.assessment.scored', 'audit.assessment.scored', 'audit.assessment.reviewed', 'audit.assessment.published']);
  });

  it('shows a district its own published scores with their rank among all, and exports the ranking', async () => {
    const seen = await getAssessment(deps(), haishuAdmin, 2026);
    expect(seen.scores.map((s) => [s.subjectName, s.rank])).toEqual([
      ['海曙区', 2],
      ['海曙区市场监督管理局', 1],
    ]);
    expect(await assessmentYears(deps(), haishuAdmin)).toEqual([{ year: 2026, state: 'published' }]);

    const file = await exportAssessment(deps(), editor, 2026);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('考核排名')!;
    expect((sheet.getRow(3).values as unknown[]).slice(1, 5)).toEqual(['区县', 1, '江北区', 78]);
    expect((sheet.getRow(4).values as unknown[]).slice(1, 7)).toEqual(['区县', 2, '海曙区', 76, 100, '12个月均于次月5日前报送（登记表）']);
    expect(sheet.rowCount).toBe(5);
  });

  it('computes reduction targets met from the ledger’s targets due in the year, read as the assessor', async () => {
    await setSheet(deps(), editor, { year: 2025, items: [{ key: 'targets', name: '控编减编任务完成', weight: 100, source: 'targets_met', evidence: '' }] });
    const scored = await scoreAssessment(deps(), editor, { year: 2025, subject: { kind: 'jurisdiction', id: haishu }, entered: {} });
    expect(scored.scores[0]!.items.targets).toEqual({ score: 50, source: 'targets_met', evidence: '2025年到期控编减编任务2项，完成1项（截至2025-12-31）' });
    expect(targetsAsked).toEqual([{ principal: 'city-zhang', filter: { asOf: '2025-12-31' } }]);
    // Typed in, a computed item is refused.
    await expect(scoreAssessment(deps(), editor, { year: 2025, subject: { kind: 'organization', id: units.farm.id }, entered: { targets: { score: 100, evidence: '自报' } } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const none = await scoreAssessment(deps(), editor, { year: 2025, subject: { kind: 'organization', id: units.farm.id }, entered: {} });
    expect(none.scores.find((s) => s.subjectId === units.farm.id)!.items.targets).toMatchObject({ score: 100, evidence: '2025年到期控编减编任务0项，完成0项（截至2025-12-31）' });
  });
});
