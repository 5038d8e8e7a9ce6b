import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, cityAdminPage, screenshotOnFailure, signedInPage } from './browser.js';
import { approveAtCity } from './matter-chain.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

/**
 * 编制标准 as the bureau uses it: the demo city's hospitals and schools measured against their
 * standards, indicators in from Excel (a bad file changes nothing), a standard issued with a
 * mistake and then right, and a filing-system hospital whose new beds call for more filed
 * headcount — filed as a matter from its page, approved along the chain, and then matched.
 */
describe('admin UI: staffing standards', () => {
  it('shows every measured unit against its standard and exports the report', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const report = await api.analysis.standards.gap.query({});
    expect(report.summary.measured).toBeGreaterThanOrEqual(6);
    const first = report.units.find((u) => u.name === '市第一医院')!;
    expect(first).toMatchObject({ filingSystem: true, standard: { code: 'HOSP', variant: 'grade_3' } });

    await page.getByRole('menuitem', { name: '编制标准' }).click();
    await page.getByRole('row', { name: /市第一医院/ }).getByText('市属公立医院人员编制标准 · 三级医院').waitFor();
    await page.locator('.ant-statistic').filter({ hasText: '测算单位' }).getByText(String(report.summary.measured)).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^核编标准测算-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['市第一医院', '核定床位数', String(first.computation!.total)]));
  });

  it('imports indicators: a bad file is refused naming each bad cell and changes nothing; a good one is written', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const [school] = (await api.registry.organization.list.query({ search: '市第二中学' })).items;
    const before = await api.ledger.indicator.get.query({ organizationId: school!.id });
    const upload = (rows: string[]) => page.locator('input[type=file]').setInputFiles({ name: '指标.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await upload(['单位名称,初中在校生数,高中在校生数', '市第二中学,一千,800', '不存在的学校,10,10']);
    await page.getByRole('alert').getByText('第2行“初中在校生数”：应为不小于0的整数').waitFor();
    await page.getByRole('alert').getByText('第3行“单位名称”：找不到单位“不存在的学校”，或不在您的管辖范围内').waitFor();
    expect((await api.ledger.indicator.get.query({ organizationId: school!.id })).history).toEqual(before.history);
    await upload(['单位名称,初中在校生数,高中在校生数', '市第二中学,1350,1250']);
    await page.getByText('已导入 1 个单位的 2 项指标').waitFor();
    // 1350/13.5 + 1250/12.5 = 100 + 100.
    expect((await api.ledger.standard.unit.query({ organizationId: school!.id })).computation!.total).toBe(200);
  });

  it('issues a standard: the server names what is inconsistent, the form keeps the input, then it saves', async () => {
    await page.getByRole('tab', { name: '标准', exact: true }).click();
    await page.getByRole('row', { name: /SCHOOL/ }).getByText('第2版（2015-01-01）').waitFor();
    await page.getByRole('button', { name: '新建标准' }).click();
    const dialog = page.getByRole('dialog', { name: '新建标准' });
    await dialog.getByLabel('编码').fill('LIB');
    await dialog.getByLabel('标准名称').fill('公共图书馆人员编制标准');
    await dialog.getByLabel('最低编制数').fill('30');
    await dialog.getByLabel('最高编制数').fill('10');
    await dialog.getByLabel('文号').fill('示编〔2026〕30号');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText(/最低编制数不能大于最高编制数/).waitFor();
    await dialog.getByLabel('最高编制数').fill('300');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /LIB/ }).getByText('公共图书馆人员编制标准').waitFor();
  });

  it('proposes a filing-system hospital’s filed headcount on its page, again when its beds change; filed as a matter and approved, it matches', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const [hospital] = (await api.registry.organization.list.query({ search: '市第一医院' })).items;
    const measured = await api.ledger.standard.unit.query({ organizationId: hospital!.id });
    expect(measured.filedChange).toBeGreaterThan(0);
    await page.goto(`${baseUrl()}/organizations/${hospital!.id}`);
    await page.getByRole('tab', { name: '标准测算' }).click();
    await page.getByTestId('standard-total').getByText(String(measured.computation!.total)).waitFor();
    const proposal = page.getByTestId('filed-proposal');
    await proposal.getByText(`按标准，报备员额应为 ${measured.proposedFiled} 名`).waitFor();
    // New beds recorded: the change they call for opens by itself, ready to file.
    const beds = measured.indicators.beds! + 20;
    await page.getByRole('button', { name: '登记指标' }).click();
    const record = page.getByRole('dialog', { name: '登记指标' });
    await record.getByLabel('核定床位数').fill(String(beds));
    await record.getByRole('button', { name: /保\s*存/ }).click();
    const dialog = page.getByRole('dialog', { name: '申报报备员额调整' });
    await dialog.waitFor();
    const after = await api.ledger.standard.unit.query({ organizationId: hospital!.id });
    expect(after.proposedFiled).toBeGreaterThan(measured.proposedFiled!);
    await dialog.getByText(`按标准，报备员额应为 ${after.proposedFiled} 名`).waitFor();
    await dialog.getByLabel('请示文号').fill('示一院〔2026〕12号');
    await dialog.getByLabel('申报理由').fill('核定床位增加，按标准调整报备员额');
    await dialog.getByRole('button', { name: /申\s*报/ }).click();
    await page.getByRole('button', { name: '查看事项' }).click();
    await page.waitForURL('**/matters/*');
    const matterId = page.url().split('/').at(-1)!;
    // The browser's day may not be China's (this page runs in UTC): the movement filed is the server's own.
    expect((await api.approval.matter.get.query({ id: matterId })).moves).toEqual([expect.objectContaining(after.filedMove)]);
    await approveAtCity(matterId, '示编〔2026〕120号');
    expect(await api.ledger.standard.unit.query({ organizationId: hospital!.id })).toMatchObject({ filed: after.proposedFiled, filedChange: 0 });
    // Approved by others in their own sessions: the hospital's page, opened again, shows it matched.
    await page.goto(`${baseUrl()}/organizations/${hospital!.id}`);
    await page.getByRole('tab', { name: '标准测算' }).click();
    await page.getByTestId('standard-total').waitFor();
    expect(await page.getByTestId('filed-proposal').count()).toBe(0);
  });

  it('records a unit’s indicators from its page, and the standard total follows', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const [hospital] = (await api.registry.organization.list.query({ search: '市中医院' })).items;
    await page.goto(`${baseUrl()}/organizations/${hospital!.id}`);
    await page.getByRole('tab', { name: '标准测算' }).click();
    await page.getByRole('button', { name: '登记指标' }).click();
    const dialog = page.getByRole('dialog', { name: '登记指标' });
    await dialog.getByLabel('核定床位数').fill('400');
    await dialog.getByLabel('文号').fill('示卫〔2026〕40号');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // 二级医院, 300–499 beds at 1.4: 560.
    await page.getByTestId('standard-total').getByText('560').waitFor();
    await page.getByRole('row', { name: /示卫〔2026〕40号/ }).getByText('400').waitFor();
  });

  it('shows a district only its own units, and keeps the city’s units out of its reach', async () => {
    const district = await signedInPage(browser, 'haishu');
    try {
      await district.getByRole('menuitem', { name: '编制标准' }).click();
      await district.getByRole('row', { name: /海曙区人民医院/ }).waitFor();
      expect(await district.getByRole('row', { name: /市第一医院/ }).count()).toBe(0);
      // The city's standards reach the district (it may read them, never issue one).
      await district.getByRole('tab', { name: '标准', exact: true }).click();
      await district.getByRole('row', { name: /HOSP/ }).waitFor();
      expect(await district.getByRole('button', { name: '新建标准' }).count()).toBe(0);
      const api = clientWith({ cookie: await signInCookie('haishu', 'bianzhi-dev') });
      const city = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
      const [hospital] = (await city.registry.organization.list.query({ search: '市第一医院' })).items;
      await expect(api.ledger.standard.unit.query({ organizationId: hospital!.id })).rejects.toThrow(/不在您的管辖范围内/);
    } finally {
      await district.context().close();
    }
  });
});
