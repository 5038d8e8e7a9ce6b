import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { baseUrl, choose, cityAdminPage, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

/** The publicly funded workforce in the admin UI: 编外人员 and 购买服务 on a unit's page, totals on the dashboard. */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

const stamp = Date.now().toString().slice(-6);
/** A valid ID number nobody in the demo city holds (a Beijing division code, this run's stamp). */
const idNumber = (n: number) => {
  const body = `11010219850101${String((Number(stamp) + n) % 1000).padStart(3, '0')}`;
  return body + idNumberCheckCharacter(body)!;
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('编外人员');
  sheet.addRow(['类别', '姓名', '身份证号', '岗位', '经费来源', '到岗日期']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function openUnitTab(unitName: string, tab: string) {
  await page.goto(`${baseUrl()}/organizations`);
  await page.getByLabel('按名称筛选机构树').fill(unitName);
  await page.getByRole('tree', { name: '机构树' }).getByText(unitName, { exact: true }).click();
  await page.getByRole('tab', { name: tab }).click();
}

describe('admin UI: the publicly funded workforce', () => {
  it('lists a unit’s staff outside quota masked, adds one, imports a file after its bad rows are shown, ends one and exports the list', async () => {
    await openUnitTab('市博物馆', '编外人员');
    await page.getByText('财政供养人员').first().waitFor();
    await page.getByRole('button', { name: '登记编外人员' }).click();
    const add = page.getByRole('dialog', { name: '登记编外人员' });
    await add.getByLabel('姓名', { exact: true }).fill(`编外甲${stamp}`);
    await add.getByLabel('身份证号', { exact: true }).fill(idNumber(1));
    await add.getByLabel('岗位', { exact: true }).fill('讲解服务');
    await choose(add, '经费来源', '财政差额');
    await add.getByLabel('到岗日期', { exact: true }).fill('2026-03-01');
    await add.getByRole('button', { name: /保\s*存/ }).click();
    const row = page.getByRole('row', { name: new RegExp(`编外甲${stamp}`) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(`${idNumber(1).slice(0, 6)}********${idNumber(1).slice(14)}`);
    await expect(row.textContent()).resolves.not.toContain(idNumber(1));

    await page.getByRole('button', { name: '导入编外人员' }).click();
    const dialog = page.getByRole('dialog', { name: '从 Excel 导入编外人员' });
    const bad = `${idNumber(2).slice(0, 17)}${idNumber(2).endsWith('0') ? '1' : '0'}`;
    await dialog.locator('input[type=file]').setInputFiles({ name: '编外.xlsx', mimeType: XLSX, buffer: await workbook([['临时人员', `编外乙${stamp}`, bad, '资料整理', '自筹', '2026-04-01']]) });
    await dialog.getByText('发现 1 处错误，未导入任何数据，请修改后重新上传').waitFor();
    await dialog.getByRole('row', { name: /身份证号/ }).waitFor();
    await dialog.locator('input[type=file]').setInputFiles({ name: '编外.xlsx', mimeType: XLSX, buffer: await workbook([['临时人员', `编外乙${stamp}`, idNumber(2), '资料整理', '自筹', '2026-04-01']]) });
    await dialog.getByText('已导入 1 名编外人员').waitFor();
    await dialog.getByRole('button', { name: /^关\s+闭$/ }).click();
    await page.getByRole('row', { name: new RegExp(`编外乙${stamp}`) }).waitFor();

    await row.getByRole('button', { name: /离\s*岗/ }).click();
    const leave = page.getByRole('dialog', { name: `编外甲${stamp}离岗` });
    await leave.getByLabel('离岗原因', { exact: true }).fill('合同到期');
    await leave.getByRole('button', { name: /确\s*定/ }).click();
    await row.waitFor({ state: 'detached' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toBe('编外人员名单.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const names = book.getWorksheet('编外人员')!.getColumn(2).values.map(String);
    expect(names).toContain(`编外乙${stamp}`);
    expect(names).not.toContain(`编外甲${stamp}`);
  });

  it('records a purchase contract, after which a staffing-use plan for the same function is refused naming both', async () => {
    await openUnitTab('市博物馆', '购买服务');
    await page.getByRole('button', { name: '登记购买服务合同' }).click();
    const add = page.getByRole('dialog', { name: '登记购买服务合同' });
    await choose(add, '职能', '驾驶');
    await add.getByLabel('服务提供方', { exact: true }).fill(`示范市畅行汽车服务公司${stamp}`);
    await add.getByLabel('折合人数', { exact: true }).fill('2');
    await add.getByLabel('金额（元）', { exact: true }).fill('180000');
    const year = new Date().getFullYear();
    await add.getByLabel('开始日期', { exact: true }).fill(`${year}-01-01`);
    await add.getByLabel('结束日期', { exact: true }).fill(`${year + 1}-12-31`);
    await add.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('row', { name: new RegExp(`畅行汽车服务公司${stamp}`) }).waitFor();

    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const unit = (await api.registry.organization.list.query({ search: '市博物馆' })).items.find((o) => o.name === '市博物馆')!;
    const refused = await api.ledger.plan.file
      .mutate({ id: crypto.randomUUID(), organizationId: unit.id, ledger: 'institution', places: 1, endsOn: `${year + 1}-06-30`, reason: '驾驶员', function: 'driving' })
      .then(() => null, (e: { data?: { domainCode?: string }; message: string }) => e);
    expect(refused?.message).toContain('驾驶');
    expect(refused?.message).toContain(`畅行汽车服务公司${stamp}`);
  });

  it('shows the publicly funded people on the dashboard, the same as the API', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const summary = await api.analysis.dashboard.summary.query({});
    expect(summary.workforce.outsideQuota).toBeGreaterThan(0);
    expect(summary.workforce.publiclyFunded).toBe(summary.workforce.onQuota + summary.workforce.outsideQuota);
    await page.getByRole('menuitem', { name: '编制分析' }).click();
    const card = page.getByTestId('workforce-totals');
    await card.locator('.ant-statistic').filter({ hasText: '财政供养人员合计' }).getByText(summary.workforce.publiclyFunded.toLocaleString('en-US')).waitFor();
    await card.locator('.ant-statistic').filter({ hasText: '编外人员' }).getByText(summary.workforce.outsideQuota.toLocaleString('en-US')).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: '导出财政供养人员表' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^财政供养人员-\d{4}-\d{2}-\d{2}\.xlsx$/);

    // The monthly figures carry the month's end beside the quota figures.
    const month = new Date().toISOString().slice(0, 7);
    const monthly = await api.ledger.workforce.monthly.query({ month });
    await page.getByRole('menuitem', { name: '月度统计' }).click();
    const monthCard = page.getByTestId('workforce-totals');
    await monthCard.getByText(`财政供养人员（${month}月末）`).waitFor();
    await monthCard.locator('.ant-statistic').filter({ hasText: '财政供养人员合计' }).getByText(monthly.total.publiclyFunded.toLocaleString('en-US')).waitFor();
  });
});
