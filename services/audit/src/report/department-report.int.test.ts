import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { OrganizationRef } from '@bianzhi/contracts/registry';
import type { StatementLine, UnitBalanceRow } from '@bianzhi/contracts/ledger';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { ingestEvents } from '../log/log.service.js';
import { closeViolation, openViolation } from '../violation/violation.service.js';
import { departmentReport } from './department-report.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const unit: OrganizationRef = { id: randomUUID(), name: '市统计局', creditCode: null, jurisdictionId: cityId, jurisdictionName: '示范市', status: 'active', kind: 'organ', institutionClass: null };
const scope: JurisdictionScope = { jurisdictionIdsOf: async () => [cityId], organizationOf: async () => unit, lookupOrganizations: async () => [unit] };
const figures = (quota: number, occupied: number): UnitBalanceRow[] => [{ ledger: 'administrative', quota, occupied, reserved: 0, vacant: quota - occupied, over: Math.max(0, occupied - quota), vacantAccountId: 'vacant-1', occupiedAccountId: 'occupied-1' }];
const line = (version: number, code: string, effectiveDate: string, before: number, after: number, documentNumber: string): StatementLine => ({ version, transferId: randomUUID(), code, effectiveDate, documentNumber, balanceBefore: before, balanceAfter: after, pendingBefore: 0, pendingAfter: 0, createdAt: new Date() });
/** The ledger's answers for this unit, held in memory: 30 approved at the start, 28 after a recovery. */
const ledger: LedgerPort = {
  holders: async () => ({ idNumbers: [], names: [], organizationIds: [] }),
  outsideQuotaHolders: async () => ({ idNumbers: [], names: [], organizationIds: [] }),
  postsOf: async () => [],
  unitFigures: async (_p, _id, asOf) => (asOf < '2026-06-01' ? figures(30, 27) : figures(28, 29)),
  statement: async () => [line(3, 'enter', '2026-07-01', 3, 2, '示人〔2026〕8号'), line(2, 'recover', '2026-06-15', 5, 3, '示编〔2026〕12号'), line(1, 'allocate', '2025-01-10', 0, 5, '示编〔2025〕1号')],
};
const inspector = userPrincipal('inspector', cityId, 'inspector-wu');

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-report');
  await ingestEvents(testDb.db, [
    { id: randomUUID(), source: 'registry', type: 'registry.organization.updated', aggregateType: 'organization', aggregateId: unit.id, jurisdictionId: cityId, actor: { kind: 'user', id: 'admin', name: '市编办管理员' }, payload: { documentNumber: '示编〔2026〕20号' }, occurredAt: '2026-08-01T02:00:00Z' },
    { id: randomUUID(), source: 'registry', type: 'registry.organization.updated', aggregateType: 'organization', aggregateId: unit.id, jurisdictionId: cityId, actor: { kind: 'user', id: 'admin', name: '市编办管理员' }, payload: {}, occurredAt: '2025-08-01T02:00:00Z' },
  ]);
  const violation = await openViolation(testDb.db, scope, inspector, { organizationId: unit.id, kind: 'over_quota_hiring', title: '超编进入1人', description: '', deadline: '2026-12-31', evidence: [] });
  await closeViolation(testDb.db, scope, inspector, { id: violation.id, conclusion: '已通过自然减员消化' });
});
afterAll(async () => testDb?.drop());

describe('responsibility audit report', () => {
  it('lays out quota use, movements in the period, registry and roll events, and violations, in Excel', async () => {
    const file = await departmentReport(testDb.db, scope, ledger, inspector, { organizationId: unit.id, from: '2026-01-01', to: '2026-12-31', format: 'xlsx' });
    expect(file.filename).toBe('机构编制责任审计报告-市统计局-2026-01-01至2026-12-31.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['总体情况', '编制使用', '编制变动', '机构和人员事项', '违规问题']);
    const values = (name: string, row: number) => (book.getWorksheet(name)!.getRow(row).values as unknown[]).slice(1);
    expect(String(values('总体情况', 5)[1])).toContain('期末超编：行政编制');
    expect(values('编制使用', 2)).toEqual(['行政编制', 30, 27, 28, 29, 0, 1]);
    // Only the quota movement in the period (the 2025 allocation and the entry are not quota changes of 2026).
    expect(book.getWorksheet('编制变动')!.rowCount).toBe(2);
    expect(values('编制变动', 2)).toEqual(['2026-06-15', '行政编制', '核减收回', '示编〔2026〕12号', '-2', 3]);
    const events = book.getWorksheet('机构和人员事项')!;
    const eventNames = (events.getColumn(2).values as unknown[]).slice(2);
    expect(eventNames).toEqual(['机构信息变更', '登记违规问题', '违规问题复核关闭']);
    expect(values('违规问题', 2)).toEqual(expect.arrayContaining(['超编进人', '超编进入1人', '已关闭', '已通过自然减员消化']));
  });

  it('prints the same report to an A4 PDF with the CJK fonts embedded', async () => {
    const file = await departmentReport(testDb.db, scope, ledger, inspector, { organizationId: unit.id, from: '2026-01-01', to: '2026-12-31', format: 'pdf' });
    const pdf = Buffer.from(file.contentBase64, 'base64');
    expect(file.contentType).toBe('application/pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/FontName\s*\/[A-Z]{6}\+NotoSansCJKsc/);
  }, 30_000);
});
