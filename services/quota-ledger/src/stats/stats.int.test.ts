import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retirementMonthStart } from '@bianzhi/domain/retirement';
import { idNumberOf, ledgerHarness, refusal, system } from '../test/ledger-harness.js';

/**
 * Balances and monthly figures against sums computed independently, straight from the tables.
 * The clock stands at 2026-11-23; the month asked is November 2026.
 */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
const api = () => h.callerAs(h.bureau());
// Born July 1966, a man: 60 years plus a 5-month delay under the 2025 schedule → December 2026.
const retiring = { name: '吴建国', idNumber: idNumberOf('33020319660715101'), education: '大专', postCategory: 'management' as const };

beforeAll(async () => {
  h = await ledgerHarness('ledger-stats', { units: 3 });
  await h.allocate(0, 10, '2026-10-01');
  await h.allocate(1, 4, '2026-11-05');
  await h.allocate(2, 1, '2026-12-01'); // back-dated the other way: effective next month
  const planId = randomUUID();
  await h.callerAs(h.departmentUser(0)).ledger.plan.file({ id: planId, organizationId: h.units[0]!.organizationId, ledger: 'administrative', places: 3, endsOn: '2026-12-31', reason: '招录' });
  await h.callerAs(system).ledger.plan.approve({ id: planId });
  await api().ledger.person.enter({ id: randomUUID(), planId, entryKind: 'exam', enteredOn: '2026-10-15', person: retiring });
  const leaving = await api().ledger.person.enter({ id: randomUUID(), planId, entryKind: 'exam', enteredOn: '2026-11-02', person: { name: '郑洁', idNumber: idNumberOf('33020319950101202'), education: '本科', postCategory: 'professional' } });
  await api().ledger.person.exit({ id: randomUUID(), slotId: leaving.id, exitKind: 'resignation', exitedOn: '2026-11-20' });
});
afterAll(async () => h?.drop());

describe('figures', () => {
  it('a unit’s balance by type, now and as of a day', async () => {
    expect(retirementMonthStart({ birthDate: '1966-07-15', sex: 'male', postCategory: 'management' })).toBe('2026-12-01');
    const unit = h.units[0]!.organizationId;
    expect(await api().ledger.balance.get({ organizationId: unit })).toMatchObject([{ ledger: 'administrative', quota: 10, occupied: 1, reserved: 1, vacant: 8, over: 0 }]);
    expect(await api().ledger.balance.get({ organizationId: unit, asOf: '2026-10-31' })).toMatchObject([{ quota: 10, occupied: 1 }]);
    expect(await api().ledger.balance.get({ organizationId: unit, asOf: '2026-09-30' })).toMatchObject([{ quota: 0, occupied: 0 }]);
  });

  it('the monthly figures agree with sums taken straight from the entries and the roll', async () => {
    const stats = await api().ledger.stats.monthly({ month: '2026-11' });
    expect(stats.asOf).toBe('2026-11-30');
    const { rows } = await sql<{ quota: string; occupied: string }>`
      select sum(e.d_credits_posted - e.d_debits_posted) filter (where a.holder_kind = 'organization') as quota,
             sum(e.d_credits_posted - e.d_debits_posted) filter (where a.kind = 'occupied') as occupied
      from ledger.entries e join ledger.accounts a on a.id = e.account_id where e.effective_date <= '2026-11-30'`.execute(h.db);
    expect(stats.total).toMatchObject({ quota: Number(rows[0]!.quota), occupied: Number(rows[0]!.occupied), entries: 1, exits: 1, retirementsNextMonth: 1 });
    expect(stats.total.quota).toBe(14);
    const first = stats.units.find((u) => u.organizationId === h.units[0]!.organizationId)!;
    expect(first).toMatchObject({ name: '测试单位1', quota: 10, occupied: 1, entries: 1, exits: 1, retirementsNextMonth: 1 });
    expect(stats.byJurisdiction).toMatchObject([{ jurisdictionId: h.jurisdictionId, quota: 14 }]);
    const october = await api().ledger.stats.monthly({ month: '2026-10' });
    expect(october.total).toMatchObject({ quota: 10, occupied: 1, entries: 1, exits: 0, retirementsNextMonth: 0 });
    expect((await refusal(api().ledger.stats.monthly({ month: '2027-01' }))).domainCode).toBe('VALIDATION_FAILED');
  });

  it('jurisdiction balances sum the subtree; the monthly report and the statement export to Excel', async () => {
    expect(await api().ledger.balance.byJurisdiction({ ledger: 'administrative' })).toMatchObject([{ jurisdictionId: h.jurisdictionId, ledger: 'administrative', approvedTotal: 15, quota: 15, occupied: 1 }]);
    const report = await api().ledger.stats.monthlyXlsx({ month: '2026-11' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(report.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).values).toContain('下月退休');
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('合计');
    expect(sheet.getRow(sheet.rowCount).getCell(4).value).toBe(14);
    const statement = await api().ledger.account.statementXlsx({ id: h.units[0]!.vacant });
    expect(statement.rows).toBeGreaterThanOrEqual(4);
  });
});
