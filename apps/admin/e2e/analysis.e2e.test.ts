import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { choose, cityAdminPage, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

describe('admin UI: analysis', () => {
  it('shows the city’s figures as the API sums them, then drills down from the city to a district, a township and its units', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const summary = await api.analysis.dashboard.summary.query({});
    expect(summary.total.occupied).toBeGreaterThan(0);
    const byJurisdiction = await api.analysis.dashboard.drilldown.query({});
    const childSum = byJurisdiction.children.reduce((n, c) => n + c.occupied, 0) + byJurisdiction.units.reduce((n, u) => n + u.occupied, 0);
    expect(childSum).toBe(summary.total.occupied);

    await page.getByRole('menuitem', { name: '编制分析' }).click();
    await page.locator('.ant-statistic').filter({ hasText: '实有人数' }).getByText(summary.total.occupied.toLocaleString('en-US')).waitFor();
    await page.getByRole('row', { name: /海曙区/ }).getByText('海曙区', { exact: true }).click();
    await page.getByText('海曙区本级单位').waitFor();
    await page.getByRole('row', { name: /海曙区教育局/ }).waitFor();
    // Every table exports to Excel; this one: the district's townships, then its own units.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.ant-table-title').getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toBe('海曙区.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const names = (book.worksheets[0]!.getColumn(2).values as unknown[]).map(String);
    expect(names).toContain('海曙区教育局');
    await page.getByRole('row', { name: /南门街道/ }).getByText('南门街道', { exact: true }).click();
    await page.getByText('南门街道本级单位').waitFor();
    // Back up to the city through the breadcrumb.
    await page.locator('.ant-breadcrumb').getByText('海曙区').click();
    await page.getByText('海曙区本级单位').waitFor();
    await page.getByRole('tab', { name: '五年退休预测' }).click();
    await page.getByRole('img', { name: '五年退休预测' }).waitFor();
    await page.getByRole('tab', { name: '长期空编' }).click();
    await page.getByLabel('闲置至少').waitFor();
  });

  it('imports HR’s posts on the 编岗相适 tab and shows where they do not fit', async () => {
    await page.getByRole('tab', { name: '编岗相适' }).click();
    const csv = ['单位名称,管理岗位,专业技术岗位,工勤技能岗位', '海曙区教育局,0,0,0'].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: '岗位设置.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('已导入 1 个单位的岗位设置').waitFor();
    // Everyone on its roll now sits beyond its (zero) posts.
    await page.getByRole('row', { name: /海曙区教育局/ }).getByText('在岗人数超过岗位数').waitFor();
  });

  it('takes a district’s demand request and lets the city bureau decide it beside vacancies and retirements', async () => {
    const year = new Date().getFullYear() + 1;
    const district = clientWith({ cookie: await signInCookie('haishu', 'bianzhi-dev') });
    const [unit] = (await district.registry.organization.list.query({ search: '海曙区卫生健康局' })).items;
    const reason = `新院区开诊${Date.now() % 100000}`;
    await district.analysis.demand.submit.mutate({ id: crypto.randomUUID(), organizationId: unit!.id, year, ledger: 'administrative', places: 3, reason });
    await page.getByRole('menuitem', { name: '需求预报' }).click();
    const row = page.getByRole('row', { name: new RegExp(reason) });
    await row.getByText('待核定').waitFor();
    await row.getByRole('button', { name: /核\s*定/ }).click();
    const dialog = page.getByRole('dialog', { name: '核定' });
    await dialog.getByText(/海曙区卫生健康局申报 3 名/).waitFor();
    await dialog.getByLabel('核准人数').fill('2');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await row.getByText('已核准 2').waitFor();
  });

  it('prints the monthly figures as PDF', async () => {
    await page.getByRole('menuitem', { name: '月度统计' }).click();
    await page.getByText('编制月度统计').first().waitFor();
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 PDF/ }).click()]);
    expect(pdf.suggestedFilename()).toMatch(/^编制月度统计-\d{4}-\d{2}\.pdf$/);
  });

  it('shares a total among a city’s districts on the zero-base calculator, protected minimums first, summing exactly', async () => {
    await page.getByRole('menuitem', { name: '零基测算' }).click();
    await choose(page, '在哪个区划的下级之间分配', '示范市（330200）');
    await page.getByLabel('海曙区 人口（人）').fill('60000');
    await page.getByLabel('可分配编制总数').fill('100');
    await page.getByText('测算合计 100 名').waitFor();
    // Only 海曙区 has an indicator: it takes everything beyond the others' protected minimums.
    const other = page.getByRole('row').filter({ hasNotText: '海曙区' }).filter({ has: page.getByLabel(/保障基数$/) }).first();
    const otherName = (await other.locator('td').first().textContent())!;
    await page.getByLabel(`${otherName} 保障基数`).fill('10');
    await page.getByText('测算合计 100 名').waitFor();
    await page.getByRole('row', { name: new RegExp(`^${otherName}`) }).getByText('10', { exact: true }).last().waitFor();
    await page.getByRole('row', { name: /^海曙区/ }).getByText('90', { exact: true }).waitFor();
    await page.getByText('权重敏感性（±5%）').waitFor();
    await page.getByLabel('可分配编制总数').fill('5');
    await page.getByRole('alert').getByText(/保障基数合计10名，超过可分配总数5名/).waitFor();
  });
});
