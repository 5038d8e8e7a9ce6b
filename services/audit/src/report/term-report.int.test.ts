import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { StatementLine, UnitBalanceRow } from '@bianzhi/contracts/ledger';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { openViolation } from '../violation/violation.service.js';
import { acknowledgeNotice, issueNotice } from '../supervision/notice.service.js';
import { recordTalk } from '../supervision/talk.service.js';
import { termReport } from './term-report.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const districtId = randomUUID();
const units = {
  stats: { id: randomUUID(), name: '市统计局', jurisdictionId: cityId },
  survey: { id: randomUUID(), name: '市统计调查中心', jurisdictionId: cityId },
  district: { id: randomUUID(), name: '海曙区统计局', jurisdictionId: districtId },
};
/** A district inspector reaches only the district's unit; the city's inspector all three. */
const scope: JurisdictionScope = {
  jurisdictionIdsOf: async (p) => (p.jurisdictionId === cityId ? [cityId, districtId] : [districtId]),
  organizationOf: async (p, id) => {
    const unit = Object.values(units).find((u) => u.id === id);
    if (!unit) throw new DomainError('NOT_FOUND', `organization ${id}`);
    if (p.jurisdictionId !== cityId && unit.jurisdictionId !== p.jurisdictionId) throw new DomainError('OUT_OF_SCOPE', `organization ${id}`);
    return unit;
  },
  lookupOrganizations: async () => [],
};
const today = todayInChina();
const termStart = addDays(today, -400);
const figures = (id: string, quota: number, occupied: number): UnitBalanceRow[] => [{ ledger: 'administrative', quota, occupied, reserved: 0, vacant: quota - occupied, over: Math.max(0, occupied - quota), vacantAccountId: `vacant-${id}`, occupiedAccountId: `occupied-${id}` }];
const line = (version: number, code: string, effectiveDate: string, before: number, after: number, documentNumber: string): StatementLine => ({ version, transferId: randomUUID(), code, effectiveDate, documentNumber, balanceBefore: before, balanceAfter: after, pendingBefore: 0, pendingAfter: 0, createdAt: new Date() });
/** The ledger in memory: the statistics bureau went from 30 to 28 by a recovery within the term; the survey centre stayed at 10. */
const ledger: LedgerPort = {
  holders: async () => ({ idNumbers: [], names: [], organizationIds: [] }),
  outsideQuotaHolders: async () => ({ idNumbers: [], names: [], organizationIds: [] }),
  postsOf: async () => [],
  unitFigures: async (_p, id, asOf) => (id === units.stats.id ? (asOf < addDays(today, -100) ? figures(id, 30, 27) : figures(id, 28, 29)) : figures(id, 10, 9)),
  statement: async (_p, accountId) => (accountId === `vacant-${units.stats.id}` ? [line(2, 'recover', addDays(today, -100), 5, 3, '示编〔2026〕12号'), line(1, 'allocate', addDays(today, -800), 0, 5, '示编〔2024〕1号')] : []),
};
const inspector = userPrincipal('inspector', cityId, 'inspector-zhao');
const districtInspector = userPrincipal('inspector', districtId, 'inspector-qian');

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-term-report');
  await openViolation(testDb.db, scope, inspector, { organizationId: units.stats.id, kind: 'over_quota_hiring', title: '超编进人1名', description: '', deadline: addDays(today, 60), evidence: [] });
  const notice = await issueNotice(testDb.db, scope, ledger, inspector, { organizationId: units.stats.id, problem: '超编1名未消化', requirement: '自然减员消化', deadline: addDays(today, 90) });
  await acknowledgeNotice(testDb.db, scope, { ...userPrincipal('department_user', cityId, 'stats-user'), organizationId: units.stats.id }, notice.id);
  await recordTalk(testDb.db, scope, inspector, { noticeId: notice.id, heldOn: today, participants: ['局长甲'], points: '超编未消化', commitments: [{ content: '三个月内消化', deadline: addDays(today, 90) }] });
});
afterAll(async () => testDb?.drop());

const input = { leaderName: '王某', post: '局长', from: termStart, to: today, organizationIds: [units.stats.id, units.survey.id] };

describe('term audit (任期审计)', () => {
  it('covers each unit the leader led: figures at the start and end of the term, movements, violations, notices and talks, in Excel', async () => {
    const file = await termReport(testDb.db, scope, ledger, inspector, { ...input, format: 'xlsx' });
    expect(file.filename).toBe(`任期机构编制责任审计报告-王某-${termStart}至${today}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['总体情况', '编制使用', '编制变动', '机构和人员事项', '违规问题', '督查通知书', '约谈']);
    const values = (name: string, row: number) => (book.getWorksheet(name)!.getRow(row).values as unknown[]).slice(1);
    expect(String(values('总体情况', 6)[1])).toContain('涉及单位 2 个：市统计局、市统计调查中心');
    expect(String(values('总体情况', 6)[1])).toContain('任期末超编：市统计局行政编制');
    expect(values('编制使用', 2)).toEqual(['市统计局', '行政编制', 30, 27, 28, 29, 0, 1]);
    expect(values('编制使用', 3)).toEqual(['市统计调查中心', '行政编制', 10, 9, 10, 9, 1, 0]);
    expect(book.getWorksheet('编制变动')!.rowCount).toBe(2);
    expect(values('编制变动', 2)).toEqual(['市统计局', addDays(today, -100), '行政编制', '核减收回', '示编〔2026〕12号', '-2', 3]);
    const eventNames = (book.getWorksheet('机构和人员事项')!.getColumn(3).values as unknown[]).slice(2);
    expect(eventNames).toEqual(['登记违规问题', '下发督查通知书', '签收督查通知书', '约谈']);
    expect(values('违规问题', 2)).toEqual(expect.arrayContaining(['市统计局', '超编进人1名', '待整改']));
    expect(values('督查通知书', 2)).toEqual(expect.arrayContaining(['市统计局', `编督〔${today.slice(0, 4)}〕1号`, '已签收']));
    expect(values('约谈', 2)).toEqual(['市统计局', today, '超编未消化', 1, 0]);
  });

  it('refuses a unit out of the caller’s reach, whichever place it has in the list', async () => {
    await expect(termReport(testDb.db, scope, ledger, districtInspector, { ...input, organizationIds: [units.district.id, units.stats.id], format: 'xlsx' })).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
  });

  it('prints the same report to a PDF', async () => {
    const file = await termReport(testDb.db, scope, ledger, inspector, { ...input, format: 'pdf' });
    expect(file.contentType).toBe('application/pdf');
    expect(Buffer.from(file.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  }, 30_000);
});
