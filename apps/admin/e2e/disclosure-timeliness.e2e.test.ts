import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import { baseUrl, cityAdminPage, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

const admin = async () => clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });

/**
 * 及时公开 as the city bureau uses it on the demo city (infra/src/seed/demo-timeliness.ts): a unit
 * published late whose correction order closed, one with an open order, one published in time; a
 * refused order keeps its input; a new late unit is ordered corrected from its row; the public site
 * lists the year's late units to an anonymous visitor.
 */
describe('admin UI: timely disclosure (及时公开)', () => {
  it('shows the changes with their deadlines and the orders with their status, and exports both', async () => {
    const api = await admin();
    const orders = await api.audit.timeliness.orders.query({});
    const open = orders.find((o) => o.status === 'open')!;
    const closed = orders.find((o) => o.status === 'closed')!;
    expect(open.number).toMatch(/^编公补〔\d{4}〕\d+号$/);
    expect(closed.publishedOn).toBe(todayInChina());
    const inTime = (await api.audit.timeliness.changes.query({})).find((c) => c.status === 'published')!;
    expect(inTime).toBeDefined();

    await page.getByRole('menuitem', { name: '及时公开' }).click();
    await page.getByRole('row', { name: new RegExp(open.organizationName) }).first().getByText(open.number).waitFor();
    await page.getByRole('row', { name: new RegExp(closed.organizationName) }).first().getByText('逾期公开').waitFor();
    await page.getByRole('row', { name: new RegExp(inTime.organizationName) }).first().getByText('按时公开').waitFor();
    const ordersCard = page.locator('.ant-card').filter({ hasText: '责令限期补正通知' });
    await ordersCard.getByRole('row', { name: new RegExp(open.number.replace(/[〔〕]/g, '.')) }).getByText('待补正').waitFor();
    await ordersCard.getByRole('row', { name: new RegExp(closed.number.replace(/[〔〕]/g, '.')) }).getByText('已补正').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), ordersCard.getByRole('button', { name: /导出 Excel/ }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining([open.number, open.organizationName, '待补正', closed.number, '已补正']));
  });

  it('refuses an order for a unit with nothing left to correct, keeping the input, and orders a newly late unit from its row', async () => {
    const api = await admin();
    const closed = (await api.audit.timeliness.orders.query({ status: 'closed' }))[0]!;
    const before = (await api.audit.timeliness.orders.query({})).length;
    // The unit's late change was cited by its closed order: nothing left to order.
    await page.reload();
    await page.getByRole('row', { name: new RegExp(closed.organizationName) }).first().getByRole('button', { name: '责令限期补正' }).click();
    const modal = page.getByRole('dialog', { name: '责令限期补正' });
    await modal.getByLabel('补正要求').fill('请补正公开加挂牌子信息（测试）');
    await modal.getByRole('button', { name: '下发通知' }).click();
    await modal.getByRole('alert').getByText('该单位没有逾期未公开的变更，无需责令限期补正').waitFor();
    expect(await modal.getByLabel('补正要求').inputValue()).toBe('请补正公开加挂牌子信息（测试）');
    expect((await api.audit.timeliness.orders.query({})).length).toBe(before);
    await modal.getByRole('button', { name: /^取\s*消$/ }).click();

    // A city institution gets a nameplate effective 30 days ago: late as soon as it is logged.
    const { items } = await api.audit.disclosure.units.query({ q: '中心', limit: 200, offset: 0 });
    const cited = new Set((await api.audit.timeliness.orders.query({})).map((o) => o.organizationId));
    const candidates = items.filter((u) => u.kind === '事业单位' && !cited.has(u.id) && u.nameplates.length === 0);
    // One whose last change took effect before the new nameplate's day (the registry keeps effective dates in order).
    let unit = candidates[0]!;
    for (const candidate of candidates) {
      if ((await api.registry.organization.get.query({ id: candidate.id })).effectiveDate <= addDays(todayInChina(), -30)) {
        unit = candidate;
        break;
      }
    }
    await api.registry.organization.addNameplate.mutate({ id: unit.id, nameplate: { name: `${unit.name.slice(0, 2)}测试加挂牌子`, kind: 'nameplate' }, effectiveDate: addDays(todayInChina(), -30) });
    await expect.poll(async () => (await api.audit.timeliness.changes.query({ organizationId: unit.id, lateOnly: true })).length, { timeout: 30_000 }).toBe(1);
    await page.reload();
    await page.getByRole('row', { name: new RegExp(unit.name) }).first().getByRole('button', { name: '责令限期补正' }).click();
    await modal.getByText(unit.name).waitFor();
    await modal.getByRole('button', { name: '下发通知' }).click();
    await page.getByText(/已下发 编公补〔\d{4}〕\d+号/).waitFor();
    const issued = (await api.audit.timeliness.orders.query({ organizationId: unit.id }))[0]!;
    expect(issued).toMatchObject({ status: 'open', changes: [{ kind: 'name' }] });
    await page.getByRole('row', { name: new RegExp(unit.name) }).first().getByText(issued.number).waitFor();
  });

  it('lists the year’s late units on the public site, without login', async () => {
    const api = await admin();
    const orders = await api.audit.timeliness.orders.query({});
    const open = orders.find((o) => o.status === 'open')!;
    const closed = orders.find((o) => o.status === 'closed')!;
    const visitor = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 }, acceptDownloads: true })).newPage();
    await visitor.goto(`${baseUrl()}/public`);
    await visitor.getByRole('tab', { name: '公开不及时单位' }).click();
    await visitor.getByRole('row', { name: new RegExp(closed.organizationName) }).first().getByText(todayInChina()).waitFor();
    await visitor.getByRole('row', { name: new RegExp(open.organizationName) }).first().getByText('尚未公开').waitFor();
    // The anonymous answer names units and changes only.
    const anonymous = clientWith({});
    const listed = await anonymous.audit.timeliness.lateUnits.query({ year: Number(todayInChina().slice(0, 4)) });
    expect(listed.map((l) => l.organizationName)).toEqual(expect.arrayContaining([open.organizationName, closed.organizationName]));
    expect(Object.keys(listed[0]!).sort()).toEqual(['deadline', 'effectiveDate', 'jurisdictionName', 'kind', 'organizationId', 'organizationName', 'publishedOn']);
    await expect(anonymous.audit.timeliness.orders.query({})).rejects.toThrow();
    await visitor.close();
  });
});
