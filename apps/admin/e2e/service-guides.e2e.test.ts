import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, choose, cityAdminPage, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let page: Page;
const classifiedName = '市机关事务管理局';

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
  // A classified unit gets an item in the open batch: the public site must never show it.
  const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
  const [unit] = (await admin.registry.organization.list.query({ search: classifiedName })).items;
  if (!unit!.classified) await admin.registry.organization.update.mutate({ id: unit!.id, changes: { classified: true } });
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

const unitId = async (name: string) => {
  const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
  return (await admin.registry.organization.list.query({ search: name })).items.find((o) => o.name === name)!.id;
};

/**
 * 办事指南 and 政事权限清单 as the bureau and the public use them (docs/registry.md): a guide edited
 * (a refusal keeps the input), published and exported as PNG and PDF; the half-year's batch adjusted
 * and published from its page; the public site searched as an anonymous visitor, with the guide's
 * flowchart and the list's history, and no classified unit anywhere; an institution's authority list
 * read in its versions and a new version published.
 */
describe('service guides (办事指南) and authority lists (政事权限清单)', () => {
  it('edits a guide: steps over the promised time limit are refused with the input kept; saved and published, its flowchart exports as PNG and PDF', async () => {
    await page.goto(`${baseUrl()}/organizations/${await unitId('市市场监督管理局')}`);
    await page.getByRole('tab', { name: '权责清单' }).click();
    await page.getByRole('row', { name: /XK-0101/ }).getByText('已发布 v2').waitFor();
    await page.getByRole('button', { name: '食品经营许可的办事指南' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '办事指南：XK-0101 食品经营许可' });
    await drawer.getByTestId('guide-flowchart').getByText('2. 审查').waitFor();

    await drawer.getByLabel('承诺时限（工作日）').fill('1');
    await drawer.getByRole('button', { name: '保存草稿' }).click();
    await drawer.getByRole('alert').getByText('各环节时限合计 8 个工作日，超过承诺时限 1 个工作日').waitFor();
    expect(await drawer.getByLabel('承诺时限（工作日）').inputValue()).toBe('1');
    await drawer.getByLabel('承诺时限（工作日）').fill('12');
    await drawer.getByLabel('环节 2 名称').fill('材料审查');
    await drawer.getByRole('button', { name: '保存草稿' }).click();
    await drawer.getByText('有未发布的修改').waitFor();
    await drawer.getByTestId('guide-flowchart').getByText('2. 材料审查').waitFor();
    await drawer.getByRole('button', { name: '发布新版本' }).click();
    await page.getByText('已发布第 3 版').waitFor();
    await drawer.getByRole('tab', { name: '已发布版本（3）' }).waitFor();

    const [png] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: '导出 PNG' }).first().click()]);
    expect(png.suggestedFilename()).toBe('食品经营许可办事流程图.png');
    expect((await readFile(await png.path())).subarray(1, 4).toString()).toBe('PNG');
    const [pdf] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: '导出 PDF' }).first().click()]);
    expect(pdf.suggestedFilename()).toBe('食品经营许可办事流程图.pdf');
    const pdfBytes = await readFile(await pdf.path());
    expect(pdfBytes.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(pdfBytes.includes(Buffer.from('/DCTDecode'))).toBe(true);
    await drawer.locator('.ant-drawer-close').click();
  });

  it('adjusts the open half-year batch from its page, exports its changes, and publishes it', async () => {
    await page.getByRole('menuitem', { name: '权责清单调整' }).click();
    await page.getByRole('row', { name: /2026年第2批/ }).getByText('调整中').waitFor();
    await page.getByRole('row', { name: /2026年第2批/ }).getByText('2026年第2批').click();
    const changes = page.locator('.ant-card').filter({ hasText: '2026年第2批的调整事项' });
    await changes.getByRole('row', { name: /XK-0102/ }).getByText('新增').waitFor();
    await changes.getByRole('row', { name: /CF-0301/ }).getByText('取消').waitFor();

    await changes.getByRole('button', { name: '调整单位清单' }).click();
    const dialog = page.getByRole('dialog', { name: '调整单位清单' });
    await choose(dialog, '单位', `${classifiedName}（示范市）`, { search: classifiedName });
    await dialog.getByRole('button', { name: '添加事项' }).click();
    await dialog.getByLabel('新增事项 1 编码').fill('XK-0901');
    await dialog.getByLabel('新增事项 1 名称').fill('公务用车标识核发');
    await choose(dialog, '新增事项 1 类别', '行政许可');
    await dialog.getByLabel('新增事项 1 设定依据').fill('《党政机关公务用车管理办法》');
    await dialog.getByLabel('新增事项 1 承办机构').fill('公务用车管理处');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await changes.getByRole('row', { name: /XK-0901/ }).getByText(classifiedName).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), changes.getByRole('button', { name: /导出 Excel/ }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    expect(book.worksheets[0]!.getSheetValues().flat().map(String)).toEqual(expect.arrayContaining(['市市场监督管理局', 'XK-0102', '新增', '市交通运输局', 'CF-0301', '取消', 'XK-0901']));

    await changes.getByRole('button', { name: '公布批次' }).click();
    const publish = page.getByRole('dialog', { name: '公布2026年第2批' });
    await publish.getByLabel('公布文号').fill('示政办发〔2026〕77号');
    await publish.getByRole('button', { name: /确\s*定/ }).click();
    await publish.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /2026年第2批/ }).getByText('已公布').waitFor();
    await page.getByRole('row', { name: /2026年第2批/ }).getByText('示政办发〔2026〕77号').waitFor();
  });

  it('shows the published lists, guides and history to an anonymous visitor, searchable, with no classified unit anywhere', async () => {
    const anyone = clientWith({});
    const everything: unknown[] = [];
    const first = await anyone.registry.publicPowerList.search.query({ q: '', page: 1, pageSize: 100 });
    expect(first.total).toBeGreaterThanOrEqual(7);
    for (let p = 1; (p - 1) * 100 < first.total; p++) everything.push(await anyone.registry.publicPowerList.search.query({ q: '', page: p, pageSize: 100 }));
    for (const unit of new Set(first.rows.map((r) => r.organizationId))) everything.push(await anyone.registry.publicPowerList.unit.query({ organizationId: unit }));
    const published = JSON.stringify(everything);
    expect(published).toContain('食品生产许可');
    expect(published).not.toContain(classifiedName);
    expect(published).not.toContain('公务用车标识核发');
    // The transport penalty the batch took off is no longer in force; its unit's history says so.
    const inForce = everything.flatMap((answer) => ('rows' in (answer as object) ? (answer as { rows: { code: string; organizationName: string }[] }).rows : []));
    expect(inForce.map((r) => `${r.organizationName} ${r.code}`)).not.toContain('市交通运输局 CF-0301');
    const transport = everything.find((answer) => (answer as { organizationName?: string }).organizationName === '市交通运输局') as { items: { code: string }[]; history: { documentNumber: string; removed: { code: string }[] }[] };
    expect(transport.items.map((i) => i.code)).toEqual(['XK-0301']);
    expect(transport.history.map((v) => [v.documentNumber, v.removed.map((r) => r.code)])).toEqual([['示政办发〔2026〕77号', ['CF-0301']], ['示政办发〔2026〕18号', []]]);
    await expect(anyone.registry.publicPowerList.unit.query({ organizationId: await unitId(classifiedName) })).rejects.toMatchObject({ data: { domainCode: 'NOT_FOUND' } });
    await expect(anyone.registry.serviceGuide.list.query({ organizationId: await unitId('市市场监督管理局') })).rejects.toMatchObject({ data: { domainCode: 'UNAUTHENTICATED' } });

    const visitor = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 } })).newPage();
    await visitor.goto(`${baseUrl()}/public`);
    await visitor.getByRole('tab', { name: '权责清单和办事指南' }).click();
    await visitor.getByLabel('搜索权责事项').fill('食品经营许可');
    await visitor.getByLabel('搜索权责事项').press('Enter');
    const row = visitor.getByRole('row', { name: /XK-0101/ });
    await row.getByText('有办事指南').waitFor();
    await row.getByText('食品经营许可', { exact: true }).click();
    const guide = visitor.locator('.ant-drawer').filter({ hasText: 'XK-0101 食品经营许可' });
    await guide.getByText('办事指南第 3 版', { exact: false }).waitFor();
    await guide.getByTestId('guide-flowchart').getByText('2. 材料审查').waitFor();
    await guide.locator('.ant-drawer-close').click();

    await row.getByText('市市场监督管理局').click();
    const unit = visitor.locator('.ant-drawer').filter({ hasText: '市市场监督管理局权责清单' });
    await unit.getByText('清单调整记录（2）').click();
    await unit.getByText(/示政办发〔2026〕77号/).waitFor();
    await unit.getByText(/新增：XK-0102 食品生产许可/).waitFor();
    await unit.getByText(/示政办发〔2026〕18号/).waitFor();
    await unit.locator('.ant-drawer-close').click();

    await visitor.getByLabel('搜索权责事项').fill('公务用车');
    await visitor.getByLabel('搜索权责事项').press('Enter');
    await visitor.getByText('共 0 条', { exact: false }).or(visitor.locator('.ant-empty')).first().waitFor();
    expect(await visitor.getByText('公务用车标识核发').count()).toBe(0);
    await visitor.context().close();
  });

  it('shows an institution’s authority list in its versions; a new version with a decision listed twice is refused, the input kept, then published', async () => {
    await page.goto(`${baseUrl()}/organizations/${await unitId('市疾病预防控制中心')}`);
    await page.getByRole('tab', { name: '政事权限清单' }).click();
    const table = page.locator('.ant-table').filter({ hasText: '权限事项' });
    await table.getByRole('row', { name: /内设机构设置调整/ }).getByText('主管部门保留').waitFor();
    await choose(page, '版本', 'v1 · 示编办发〔2025〕21号 · 2025-07-01');
    await table.getByRole('row', { name: /公开招聘方案/ }).getByText('主管部门审核后报人社部门').waitFor();
    expect(await table.getByText('内设机构设置调整').count()).toBe(0);

    await page.getByRole('button', { name: '发布新版政事权限清单' }).click();
    const dialog = page.getByRole('dialog', { name: '发布新版政事权限清单' });
    await dialog.getByLabel('文号').fill('示编办发〔2026〕30号');
    await dialog.getByRole('button', { name: '添加权限事项' }).click();
    await dialog.getByLabel('权限事项 6', { exact: true }).fill('内设机构负责人任免');
    await dialog.getByRole('button', { name: /发\s*布/ }).click();
    await dialog.getByRole('alert').getByText('权限事项“内设机构负责人任免”重复列出').waitFor();
    expect(await dialog.getByLabel('权限事项 6', { exact: true }).inputValue()).toBe('内设机构负责人任免');
    await dialog.getByLabel('权限事项 6', { exact: true }).fill('绩效工资内部分配');
    await dialog.getByRole('button', { name: /发\s*布/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已发布第 3 版政事权限清单').waitFor();
    await table.getByRole('row', { name: /绩效工资内部分配/ }).getByText('事业单位自主').waitFor();

    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const list = await admin.registry.authorityList.get.query({ organizationId: await unitId('市疾病预防控制中心') });
    expect(list.versions.map((v) => [v.version, v.documentNumber])).toEqual([[3, '示编办发〔2026〕30号'], [2, '示编办发〔2026〕8号'], [1, '示编办发〔2025〕21号']]);
  });
});
