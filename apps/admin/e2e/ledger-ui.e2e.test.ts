import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, choose, cityAdminPage, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';
import { approveAtCity } from './matter-chain.js';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
});

afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

async function openQuotaTab(unitName: string) {
  await page.goto(`${baseUrl()}/organizations`);
  await page.getByLabel('按名称筛选机构树').fill(unitName);
  await page.getByRole('tree', { name: '机构树' }).getByText(unitName, { exact: true }).click();
  await page.getByRole('tab', { name: '编制' }).click();
}

/** Chooses an option of a select in a dialog, again if a click lands while the list is still opening, until the dialog shows it. */
describe('admin UI: monthly figures and leadership posts', () => {
  it('shows the month’s figures for the city, the same as the API, and exports them to Excel with a total row', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const month = new Date().toISOString().slice(0, 7);
    const me = await api.identity.me.query();
    const expected = await api.ledger.stats.monthly.query({ month, jurisdictionId: me!.jurisdictionId! });
    expect(expected.total.occupied).toBeGreaterThan(0);

    await page.getByRole('menuitem', { name: '月度统计' }).click();
    await page.getByText('编制月度统计').waitFor();
    const occupied = page.locator('.ant-statistic').filter({ hasText: '实有人数' });
    await occupied.getByText(expected.total.occupied.toLocaleString('en-US')).waitFor();
    await page.getByText(`共 ${expected.units.length} 行`).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toBe(`编制月度统计-${month}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.getWorksheet('月度统计')!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    const header = values(2);
    const last = values(sheet.rowCount);
    expect(last[0]).toBe('合计');
    expect(last[header.indexOf('实有人数')]).toBe(expected.total.occupied);
    expect(last[header.indexOf('编制数')]).toBe(expected.total.quota);
  });

  it('sets a unit’s posts and appoints within them, each as an approved matter; the pre-review refuses one beyond them; removes an appointment', async () => {
    await openQuotaTab('江北区市场监督管理局');
    const section = page.getByRole('region', { name: '领导职数' });
    // 领导职数核定 is a matter: filed here, approved along the city's chain, then set by the platform.
    await section.getByRole('button', { name: '申报调整正职职数' }).click();
    const filing = page.getByRole('dialog', { name: '申报核定正职职数' });
    await filing.getByLabel('正职核定职数', { exact: true }).fill('1');
    await filing.getByLabel('请示文号').fill('江编〔2026〕8号');
    await filing.getByLabel('申报理由').fill('领导班子调整');
    await filing.getByRole('button', { name: /申\s*报/ }).click();
    await page.getByText('已申报，等待审批').waitFor();
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const filed = (await admin.approval.inbox.list.query({ box: 'filed' })).items.find((m) => m.title === '核定江北区市场监督管理局正职职数 1 名' && m.state === 'in_review')!;
    await approveAtCity(filed.id, '示编〔2026〕92号');
    await openQuotaTab('江北区市场监督管理局');
    await section.getByRole('row', { name: /^正职\s*1/ }).waitFor();

    // 领导职务任职 is a matter too: filing pre-reviews it (事前预审), the city's chain approves it (事中核准).
    const appoint = async (position: string) => {
      await section.getByRole('button', { name: '申报任职' }).click();
      const dialog = page.getByRole('dialog', { name: '申报任职' });
      await choose(dialog, '人员', (dropdown) => dropdown.locator('.ant-select-item-option').nth(position === '局长' ? 0 : 1));
      await choose(dialog, '职级', (dropdown) => dropdown.locator('.ant-select-item-option').filter({ hasText: /^正职$/ }));
      await dialog.getByLabel('职务').fill(position);
      await dialog.getByLabel('请示文号').fill('江组〔2026〕3号');
      await dialog.getByLabel('申报理由').fill('领导班子配备');
      await dialog.getByRole('button', { name: /申\s*报/ }).click();
      return dialog;
    };

    const first = await appoint('局长');
    await first.waitFor({ state: 'detached' });
    const appointment = (await admin.approval.inbox.list.query({ box: 'filed' })).items.find((m) => m.kind === 'leadership_appointment' && m.title.endsWith('任局长') && m.state === 'in_review')!;
    await approveAtCity(appointment.id, '示编〔2026〕93号');
    await openQuotaTab('江北区市场监督管理局');
    const held = section.getByRole('row', { name: /局长/ });
    await held.waitFor();
    expect(await held.textContent()).toContain('示编〔2026〕93号');

    // The one principal post is filled: the pre-review refuses a second, naming the posts.
    const second = await appoint('党组书记');
    await second.getByText('事前预审未通过：“江北区市场监督管理局”正职职数1名，已配备1名，没有空缺职数').waitFor();
    await second.getByRole('button', { name: /取\s*消/ }).click();

    await held.getByRole('button', { name: /免\s*职/ }).click();
    await page.getByRole('tooltip').getByRole('button', { name: /确\s*定/ }).click();
    await held.waitFor({ state: 'detached' });
  });

  it('moves a person to another unit with their quota (带编调任) as an approved matter', async () => {
    await openQuotaTab('市水利局');
    // A person's row on the unit's roll (the rows with the roll's actions).
    const table = page.locator('.ant-table-row', { has: page.getByRole('button', { name: '带编调任' }) }).first();
    await table.waitFor();
    const name = (await table.locator('td').first().textContent())!.trim();
    await table.getByRole('button', { name: '带编调任' }).click();
    const dialog = page.getByRole('dialog', { name: `申报带编调任：${name}` });
    await choose(dialog, '调入单位', '市农业农村局（示范市）', { search: '农业农村' });
    await dialog.getByLabel('请示文号').fill('示水〔2026〕7号');
    await dialog.getByLabel('申报理由').fill('工作需要，带编调任');
    await dialog.getByRole('button', { name: /申\s*报/ }).click();
    await page.getByText('已申报，等待审批').waitFor();
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const filed = (await admin.approval.inbox.list.query({ box: 'filed' })).items.find((m) => m.kind === 'person_transfer' && m.title === `${name}带编调任` && m.state === 'in_review')!;
    await page.goto(`${baseUrl()}/matters/${filed.id}`);
    await page.getByText('市农业农村局', { exact: true }).waitFor();
    await approveAtCity(filed.id, '示编〔2026〕95号');
    await openQuotaTab('市农业农村局');
    await page.locator('.ant-table-row', { hasText: name }).getByText('调入').waitFor();
  });

  it('imports an existing roll from Excel: a file with a bad ID number imports nothing and names the cell, the corrected file imports', async () => {
    await openQuotaTab('镇海区教育局');
    const body = `33021119900101${String(Date.now() % 900 + 100)}`;
    const good = body + idNumberCheckCharacter(body);
    const bad = body + (good.endsWith('0') ? '1' : '0');
    const workbook = async (rows: string[][]) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('实名制名册');
      sheet.addRow(['单位统一社会信用代码', '单位名称', '编制类型', '姓名', '身份证号', '学历', '岗位类别', '进入方式', '入编日期']);
      for (const row of rows) sheet.addRow(row);
      return Buffer.from(await book.xlsx.writeBuffer());
    };
    const row = (name: string, idNumber: string) => ['', '镇海区教育局', '行政编制', name, idNumber, '本科', '管理岗', '考录', '2015-08-01'];

    await page.getByRole('button', { name: '导入名册' }).click();
    const dialog = page.getByRole('dialog', { name: '从 Excel 导入实名制名册' });
    await dialog.getByLabel('依据文号').fill('镇编〔2026〕7号');
    await dialog.locator('input[type=file]').setInputFiles({ name: '名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook([row('郑晓', bad)]) });
    await dialog.getByText('发现 1 处错误，未导入任何数据，请修改后重新上传').waitFor();
    const error = dialog.getByRole('row', { name: /身份证号/ });
    expect(await error.textContent()).toContain('校验码');

    await dialog.locator('input[type=file]').setInputFiles({ name: '名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook([row('郑晓', good)]) });
    await dialog.getByText('已导入 1 名在编人员').waitFor();
    await dialog.getByRole('button', { name: /^关\s+闭$/ }).click();
    await page.getByLabel('按姓名或身份证号筛选').fill('郑晓');
    await page.getByRole('row', { name: new RegExp(`郑晓.*${good.slice(14)}`) }).waitFor();
  });
});
