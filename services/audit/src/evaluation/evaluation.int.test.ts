import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { UnitBalanceRow } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import type { DomainError } from '@bianzhi/domain/errors';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import type { LedgerPort } from '../ledger-port.js';
import { unitScope } from './unit-scope.test-helper.js';
import { listEntries } from '../log/log.repository.js';
import { openViolation } from '../violation/violation.service.js';
import { applyConclusion, concludeEvaluation, conclusionForMatter, createEvaluation, exportEvaluations, getEvaluation, importWorkload, listEvaluations, scoreEvaluationNow, setWorkload, type EvaluationDeps } from './evaluation.service.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const districtId = randomUUID();
const otherDistrictId = randomUUID();
const units = {
  bureau: { id: randomUUID(), jurisdictionId: cityId, name: '市统计局' },
  market: { id: randomUUID(), jurisdictionId: districtId, name: '海曙区市场监督管理局' },
  other: { id: randomUUID(), jurisdictionId: otherDistrictId, name: '江北区农业农村局' },
};

/**
 * The registry's and the ledger's answers, held in memory for this service's own test (the real ports
 * are exercised on the full stack). The market bureau holds 20 administrative quota with 12 on it at
 * every quarter end, and 3 staff outside quota.
 */
const scope = unitScope(cityId, [cityId, districtId, otherDistrictId], Object.values(units));
const asked: string[] = [];
const figures: UnitBalanceRow[] = [{ ledger: 'administrative', quota: 20, occupied: 12, reserved: 0, vacant: 8, over: 0, vacantAccountId: 'v', occupiedAccountId: 'o' }];
const ledger: LedgerPort = {
  holders: async () => ({ idNumbers: [], names: [], organizationIds: [] }),
  outsideQuotaHolders: async () => ({ idNumbers: ['1', '2', '3', '4'], names: ['甲', '乙', '丙', '丁'], organizationIds: [units.market.id, units.market.id, units.market.id, units.other.id] }),
  postsOf: async () => [],
  unitFigures: async (_p, _id, asOf) => (asked.push(asOf), figures),
  statement: async () => [],
};
const deps = (): EvaluationDeps => ({ db: testDb.db, scope, ledger, clock: () => new Date('2026-12-06T04:00:00Z') });

const districtAdmin = userPrincipal('district_admin', districtId, 'haishu-admin');
const otherAdmin = userPrincipal('district_admin', otherDistrictId, 'jiangbei-admin');
const inspector = userPrincipal('inspector', cityId, 'inspector-li');
const platform: Principal = { kind: 'service', id: 'reform', name: 'reform', roles: ['system'], jurisdictionId: null, organizationId: null };

const workbook = async (rows: (string | number | null)[][]) =>
  (await simpleWorkbook('工作量', [{ header: '指标名称' }, { header: '计量单位' }, { header: '上年数' }, { header: '本年数' }], rows)).toString('base64');

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-evaluation');
});
afterAll(async () => testDb?.drop());

describe('evaluation (机构编制评估)', () => {
  const id = randomUUID();

  it('evaluates a unit in the evaluator’s scope only; another district’s bureau neither sees nor changes it', async () => {
    await expect(createEvaluation(deps(), districtAdmin, { id: randomUUID(), organizationId: units.other.id, year: 2026, title: '越权评估' })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    const created = await createEvaluation(deps(), districtAdmin, { id, organizationId: units.market.id, year: 2026, title: '2026年度市场监管局机构编制评估' });
    expect(created).toMatchObject({ state: 'draft', organizationName: '海曙区市场监督管理局', jurisdictionId: districtId, workload: [], score: null });
    // A retry is the same evaluation; the same id for another unit is refused.
    expect((await createEvaluation(deps(), districtAdmin, { id, organizationId: units.market.id, year: 2026, title: '2026年度市场监管局机构编制评估' })).id).toBe(id);
    await expect(createEvaluation(deps(), districtAdmin, { id, organizationId: units.bureau.id, year: 2026, title: 'x' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_MISMATCH' });

    await expect(getEvaluation(deps(), otherAdmin, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setWorkload(deps(), otherAdmin, { id, workload: [{ name: '案件', unit: '件', previous: 1, current: 1 }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(scoreEvaluationNow(deps(), otherAdmin, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listEvaluations(deps(), otherAdmin, {})).toEqual([]);
    expect((await getEvaluation(deps(), inspector, id)).workload).toEqual([]);
  });

  it('imports workload figures all or nothing, naming each bad cell with its row', async () => {
    const bad = await workbook([
      ['行政许可办件量', '件', 400, 300],
      ['执法检查户次', '户次', 'six hundred', 200],
      ['行政许可办件量', '件', 1, 1],
    ]);
    const refused = await importWorkload(deps(), districtAdmin, { id, fileName: 'workload.xlsx', contentBase64: bad }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'IMPORT_INVALID' });
    const problems = (refused as DomainError).detail as { problems: { row: number; column: string }[] };
    expect(problems.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '上年数'],
      [4, '指标名称'],
    ]);
    expect((await getEvaluation(deps(), districtAdmin, id)).workload).toEqual([]);

    const good = await workbook([
      ['行政许可办件量', '件', 400, 300],
      ['执法检查户次', '户次', '600', 200],
    ]);
    const imported = await importWorkload(deps(), districtAdmin, { id, fileName: 'workload.xlsx', contentBase64: good });
    expect(imported.workload).toEqual([
      { name: '行政许可办件量', unit: '件', previous: 400, current: 300 },
      { name: '执法检查户次', unit: '户次', previous: 600, current: 200 },
    ]);
  });

  it('scores from the workload, the quarter-end figures, staff outside quota and the year’s violations, keeping the figures it read', async () => {
    await openViolation(testDb.db, scope, inspector, { organizationId: units.market.id, kind: 'other', title: '擅自设置内设机构', description: '', deadline: '2027-01-31', evidence: [] });
    const scored = await scoreEvaluationNow(deps(), districtAdmin, id);
    expect(asked).toEqual(['2026-03-31', '2026-06-30', '2026-09-30']);
    expect(scored.indicators).toEqual({ quarters: expect.arrayContaining([{ day: '2026-03-31', quota: 20, occupied: 12, vacant: 8 }]), outsideQuota: 3, findings: 0, violations: 1, vacantByType: { administrative: 8 } });
    // Workload halved: 20; 40% vacant: 0; 3 outside quota of 20 (15%): 13.1; one violation: 10.
    expect(scored.score).toMatchObject({ total: 43.1, parts: { workload: 20, quotaUse: 0, outsideQuota: 13.1, compliance: 10 }, suggestion: 'cut', suggestedCut: 8 });
    expect(scored.state).toBe('scored');
  });

  it('takes a conclusion within the scored vacancies; the matter engine sees it only for a filer who may see the unit', async () => {
    await expect(concludeEvaluation(deps(), districtAdmin, { id, conclusion: { kind: 'cut', ledger: 'administrative', amount: 9, reason: '工作量减半' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', detail: { vacant: 8 } });
    await expect(concludeEvaluation(deps(), districtAdmin, { id, conclusion: { kind: 'cut', ledger: 'political_legal', amount: 1, reason: '工作量减半' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', detail: { vacant: 0 } });
    const concluded = await concludeEvaluation(deps(), districtAdmin, { id, conclusion: { kind: 'cut', ledger: 'administrative', amount: 5, reason: '工作量减半，核减行政编制5名' } });
    expect(concluded.conclusion).toEqual({ kind: 'cut', ledger: 'administrative', amount: 5, reason: '工作量减半，核减行政编制5名' });

    await expect(conclusionForMatter(testDb.db, { id, filerJurisdictionIds: [otherDistrictId], matterId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await conclusionForMatter(testDb.db, { id, filerJurisdictionIds: [districtId], matterId: randomUUID() })).toMatchObject({ organizationId: units.market.id, jurisdictionId: districtId, score: 43.1, conclusion: { kind: 'cut', amount: 5 } });
  });

  it('records the approved conclusion once, as the matter carried it; nothing changes afterwards', async () => {
    const matterId = randomUUID();
    const conclusion = { kind: 'cut' as const, ledger: 'administrative' as const, amount: 5, reason: '工作量减半，核减行政编制5名' };
    const approved = await applyConclusion(testDb.db, platform, { id, matterId, documentNumber: '海编〔2026〕31号', conclusion });
    expect(approved).toMatchObject({ state: 'approved', matterId, approvalDocumentNumber: '海编〔2026〕31号', conclusion });
    expect((await applyConclusion(testDb.db, platform, { id, matterId, documentNumber: '海编〔2026〕31号', conclusion })).approvedAt).toEqual(approved.approvedAt);
    await expect(applyConclusion(testDb.db, platform, { id, matterId: randomUUID(), documentNumber: null, conclusion })).rejects.toMatchObject({ code: 'EVALUATION_STATE' });
    await expect(setWorkload(deps(), districtAdmin, { id, workload: [{ name: '案件', unit: '件', previous: 1, current: 1 }] })).rejects.toMatchObject({ code: 'EVALUATION_STATE' });
    await expect(concludeEvaluation(deps(), districtAdmin, { id, conclusion: { kind: 'keep', ledger: null, amount: null, reason: '维持' } })).rejects.toMatchObject({ code: 'EVALUATION_STATE' });
    await expect(scoreEvaluationNow(deps(), districtAdmin, id)).rejects.toMatchObject({ code: 'EVALUATION_STATE' });

    const events = await listEntries(testDb.db, { jurisdictionIds: null, aggregateType: 'evaluation', aggregateId: id, limit: 50 });
    expect(events.map((e) => e.eventType).reverse()).toEqual(['audit.evaluation.created', 'audit.evaluation.workload_recorded', 'audit.evaluation.scored', 'audit.evaluation.concluded', 'audit.evaluation.approved']);
  });

  it('exports the caller’s evaluations to Excel', async () => {
    const file = await exportEvaluations(deps(), districtAdmin, { year: 2026 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    const row = (book.worksheets[0]!.getRow(2).values as unknown[]).slice(1);
    expect(row).toEqual(['海曙区市场监督管理局', 2026, '2026年度市场监管局机构编制评估', '结论已批准', 43.1, 20, 0, 13.1, 10, '核减行政编制5名', '海编〔2026〕31号']);
    expect(book.worksheets[0]!.rowCount).toBe(2);
  });
});
