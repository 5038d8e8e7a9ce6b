import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberOf, ledgerHarness, refusal } from '../test/ledger-harness.js';
import type { RollImportStatus } from '@bianzhi/contracts/ledger';

/** Importing an existing roll from Excel: every row checked first, then all written or none. */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
const api = () => h.callerAs(h.bureau());
const header = ['单位名称', '编制类型', '姓名', '身份证号', '学历', '岗位类别', '进入方式', '入编日期'];

async function workbook(rows: string[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('实名制名册');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

async function finished(id: string): Promise<RollImportStatus> {
  for (let i = 0; i < 100; i++) {
    const status = await api().ledger.person.importStatus({ id });
    if (status.state === 'done' || status.state === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}

const good = [
  ['测试单位1', '行政编制', '冯涛', idNumberOf('33020319800101101'), '本科', '管理岗', '考录', '2015-07-01'],
  ['测试单位1', '行政编制', '蒋丽', idNumberOf('33020319850202202'), '硕士研究生', '专技岗', '调入', '2018-03-01'],
  ['测试单位2', '行政编制', '韩梅', idNumberOf('33020319900303302'), '本科', '工勤岗', '', ''],
];

beforeAll(async () => {
  h = await ledgerHarness('ledger-roll-import', { units: 2 });
  await h.allocate(0, 2);
  await h.allocate(1, 1);
});
afterAll(async () => h?.drop());

describe('roll import', () => {
  it('reports every bad row with its column and imports nothing', async () => {
    const before = await h.balances();
    const bad = [
      ...good,
      ['测试单位1', '行政编制', '多一人', idNumberOf('33020319870404101'), '本科', '管理岗', '考录', '2019-01-01'],
      ['不存在的单位', '事业编制', '褚明', '330203199001011235', '本科', '管理岗', '考录', '2020-01-01'],
      ['测试单位2', '行政', '卫东', good[0]![3]!, '本科', '技术岗', '招聘', '2099-01-01'],
    ];
    const started = await api().ledger.person.importStart({ fileName: 'roll.xlsx', contentBase64: await workbook(bad), documentNumber: '示编〔2026〕50号' });
    const status = await finished(started.id);
    expect(status.state).toBe('failed');
    const byRow = (row: number) => status.errors.filter((e) => e.row === row).map((e) => e.column);
    expect(byRow(5)).toEqual(['编制类型']); // the third place of a unit with two
    expect(byRow(6)).toEqual(['单位名称', '身份证号']);
    expect(byRow(7)).toEqual(['编制类型', '身份证号', '岗位类别', '进入方式', '入编日期']);
    expect(status.errors.find((e) => e.row === 5)!.message).toContain('可用空编2名');
    expect(await h.balances()).toEqual(before);
  });

  it('imports a clean file in one step: people, slots and one inventory transfer per unit and type', async () => {
    const started = await api().ledger.person.importStart({ fileName: 'roll.xlsx', contentBase64: await workbook(good), documentNumber: '示编〔2026〕50号' });
    const status = await finished(started.id);
    expect(status).toMatchObject({ state: 'done', imported: 3, errors: [] });
    const roll = await api().ledger.person.roll({ organizationId: h.units[0]!.organizationId });
    expect(roll.map((s) => [s.name, s.entryKind, s.enteredOn])).toEqual([
      ['冯涛', 'exam', '2015-07-01'],
      ['蒋丽', 'transfer_in', '2018-03-01'],
    ]);
    expect(await api().ledger.balance.get({ organizationId: h.units[0]!.organizationId })).toMatchObject([{ quota: 2, occupied: 2, vacant: 0 }]);
    const transfers = await api().ledger.transfer.list({ documentNumber: '示编〔2026〕50号' });
    expect(transfers.map((t) => t.amount).sort()).toEqual([1, 2]);
    // The same people again: each already holds a slot.
    const again = await finished((await api().ledger.person.importStart({ fileName: 'roll.xlsx', contentBase64: await workbook(good.slice(0, 1)), documentNumber: '示编〔2026〕51号' })).id);
    expect(again.errors[0]!.message).toContain('已在编');
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('refuses a file that is not a workbook or lacks required columns', async () => {
    expect((await refusal(api().ledger.person.importStart({ fileName: 'x.xlsx', contentBase64: Buffer.from('not excel').toString('base64'), documentNumber: '示编〔2026〕52号' }))).zh).toContain('无法读取');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('实名制名册').addRow(['姓名']);
    const missing = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    expect((await refusal(api().ledger.person.importStart({ fileName: 'x.xlsx', contentBase64: missing, documentNumber: '示编〔2026〕52号' }))).zh).toContain('缺少列');
  });
});
