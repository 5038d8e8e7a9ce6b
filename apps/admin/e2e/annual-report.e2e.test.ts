import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { cityAdminPage, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

const thisYear = () => Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
/** The totals row of one table of the return (each table is a small card titled with its name). */
const totalRow = (table: string) => page.locator('.ant-card-small').filter({ has: page.locator('.ant-card-head-title', { hasText: table }) }).locator('tbody tr').last();

/**
 * 统计年报 as the city bureau hands it in: last year's return for the demo city with the API's figures,
 * the checks between tables with any failure named on the page, the Excel file a statistician hands
 * in and the PDF; this year's return marked as provisional.
 */
describe('admin UI: annual statistical report', () => {
  it('shows last year’s return with the API’s figures and names each failed check', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const year = thisYear() - 1;
    const report = await api.analysis.annual.report.query({ year });
    expect(report.organizations.total).toBeGreaterThan(0);
    expect(report.quota.total.quota).toBeGreaterThan(0);
    expect(report.people.total.total).toBeGreaterThan(0);

    await page.getByRole('menuitem', { name: '统计年报' }).click();
    await page.getByText(`统计时点 ${year}-12-31`).waitFor();
    const organizations = totalRow('表1 机构数');
    await organizations.getByText(String(report.organizations.total), { exact: true }).first().waitFor();
    const quota = totalRow('表4 编制及实有人员（按编制类型）');
    expect((await quota.locator('td').allInnerTexts()).map((s) => s.trim())).toEqual(['合计', ...[report.quota.total.quota, report.quota.total.occupied, report.quota.total.vacant, report.quota.total.over].map(String)]);
    const people = totalRow('表6 在编人员');
    expect((await people.locator('td').nth(1).innerText()).trim()).toBe(String(report.people.total.total));

    const failed = report.checks.filter((c) => !c.passed);
    if (failed.length === 0) await page.getByText(`表间校验全部通过（共${report.checks.length}项）`).waitFor();
    else {
      const alert = page.getByTestId('annual-checks-failed');
      await alert.getByText(`${failed.length}项表间校验未通过`).waitFor();
      // The demo roll was imported with past entry dates, its places posted on the day of the import:
      // at last year's end the roll holds people whose places the ledger did not yet count.
      for (const c of failed) await alert.getByText(new RegExp(`应为 ${c.expected}，实为 ${c.actual}`)).first().waitFor();
    }
  });

  it('exports the return as Excel, one titled sheet per table, and as PDF', async () => {
    const year = thisYear() - 1;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toBe(`机构编制统计年报-示范市-${year}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    expect(book.worksheets.map((s) => s.name)).toEqual(['表1 机构', '表2 机构规格', '表3 事业单位分类', '表4 编制', '表5 分区划编制', '表6 在编人员', '表7 人员增减', '表8 编制增减', '表9 编外人员', '表间校验']);
    const sheet = book.getWorksheet('表4 编制')!;
    expect(String(sheet.getRow(2).getCell(1).value)).toBe(`填报单位：示范市　统计时点：${year}-12-31　计量单位：名`);
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('合计');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 PDF/ }).click()]);
    expect(pdf.suggestedFilename()).toBe(`机构编制统计年报-示范市-${year}.pdf`);
  });

  it('switches to this year’s return, marked as provisional, with a district’s own figures', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const year = thisYear();
    const [haishu] = (await api.registry.jurisdiction.list.query({})).filter((j) => j.name === '海曙区');
    const report = await api.analysis.annual.report.query({ year, jurisdictionId: haishu!.id });
    expect(report).toMatchObject({ provisional: true, jurisdiction: { name: '海曙区' } });
    expect(report.people.total.total).toBeGreaterThan(0);

    await page.locator('.ant-card-extra .ant-picker').click();
    await page.locator('.ant-picker-dropdown').getByText(String(year), { exact: true }).click();
    await page.locator('.ant-card-extra .ant-select').click();
    // Tree nodes are titled with the division code, as in every jurisdiction picker.
    await page.locator('.ant-select-dropdown:visible').getByTitle(`海曙区（${haishu!.code}）`, { exact: true }).click();
    await page.getByText(`${year}年尚未结束`).waitFor();
    await page.getByText(`海曙区　统计时点 ${year}-12-31`).waitFor();
    const people = totalRow('表6 在编人员');
    await people.getByText(String(report.people.total.total), { exact: true }).first().waitFor();
  });
});
