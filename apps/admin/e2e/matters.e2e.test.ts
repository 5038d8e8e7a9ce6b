import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, choose, launchBrowser, screenshotOnFailure, signedInPage } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

/**
 * Matters in the browser (issue 19): the workbench as the landing page, and a matter's whole life
 * across two levels — 海曙区 files an allocation, its bureau accepts and reviews it, the city (which
 * took district quota matters up to itself in the demo seed) returns it, the filer corrects and
 * resubmits, the district accepts and reviews it again, the city approves, and the platform applies the transfer.
 */
let browser: Browser;
const contexts: BrowserContext[] = [];
let current: Page | null = null;

async function pageAs(username: string): Promise<Page> {
  const page = await signedInPage(browser, username);
  contexts.push(page.context());
  current = page;
  await page.waitForURL('**/workbench');
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async ({ task }) => {
  if (current) await screenshotOnFailure(current, task);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function openMatter(page: Page, title: string) {
  await page.goto(`${baseUrl()}/workbench`);
  await page.getByRole('tab', { name: /待办事项/ }).click();
  await page.getByRole('link', { name: title, exact: true }).click();
  await page.getByText('审批流程').waitFor();
}

describe('admin UI: workbench and matters', () => {
  it('lands a bureau on its workbench with its to-do list, deadlines and the matters it filed', async () => {
    const page = await pageAs('admin');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    // The demo city holds a 海曙区 matter reviewed in the district and waiting on the city's approval.
    const row = page.getByRole('row', { name: /新设执法岗位|核定编制 1 名/ }).first();
    await row.getByText('审批', { exact: true }).waitFor();
    await row.locator('.ant-tag').first().waitFor();
    await page.getByRole('tab', { name: '我申报的' }).click();
    const filed = page.getByRole('tabpanel', { name: '我申报的' });
    await filed.getByRole('row', { name: /已批准并执行/ }).first().waitFor();
    // The demo city files more than a page of matters as the city admin: the failed one may be on a later page.
    const failed = filed.getByRole('row', { name: /执行未成功/ }).first();
    for (let next = 0; next < 5 && !(await failed.isVisible()); next++) await filed.locator('.ant-pagination-next').click();
    await failed.waitFor();
  });

  it('runs a matter from filing through return and resubmission to approval across two levels, and applies it once', async () => {
    const unitName = '海曙区人力资源和社会保障局';
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const [unit] = (await api.registry.organization.list.query({ search: unitName })).items;
    const quotaOf = async () => (await api.ledger.balance.get.query({ organizationId: unit!.id })).find((f) => f.ledger === 'administrative')!.quota;
    const before = await quotaOf();

    // 海曙区 files in the browser; a missing request number is caught before anything is filed.
    const district = await pageAs('haishu');
    await district.goto(`${baseUrl()}/organizations/${unit!.id}`);
    await district.getByRole('tab', { name: '编制' }).click();
    await district.getByRole('button', { name: '核定编制' }).click();
    const dialog = district.getByRole('dialog', { name: '核定编制' });
    await dialog.getByText(/本地区未分配编制：\d+ 名/).waitFor();
    await dialog.getByLabel('核定数量').fill('3');
    await dialog.getByLabel('申报理由').fill('新增社保经办职能');
    await dialog.getByRole('button', { name: /申\s*报/ }).click();
    await dialog.getByText('必填').first().waitFor();
    await dialog.getByLabel('请示文号').fill('海编〔2026〕77号');
    await dialog.getByRole('button', { name: /申\s*报/ }).click();
    await district.getByText('已申报，等待审批').waitFor();
    const title = `为${unitName}核定行政编制 3 名`;
    expect(await quotaOf()).toBe(before);

    // The district bureau accepts and reviews: two other people.
    const accepter = await pageAs('haishu-shouli');
    await openMatter(accepter, title);
    await accepter.getByRole('button', { name: /提\s*交/ }).click();
    await accepter.getByText('已办理', { exact: true }).waitFor();
    const reviewer = await pageAs('haishu-shenhe');
    await openMatter(reviewer, title);
    await reviewer.getByText('办理：审核').waitFor();
    await reviewer.getByRole('button', { name: /提\s*交/ }).click();
    await reviewer.getByText('已办理', { exact: true }).waitFor();

    // The city returns it; a return needs a comment.
    const city = await pageAs('zhuren');
    await openMatter(city, title);
    await city.getByText('办理：审批').waitFor();
    await city.getByText('退回修改', { exact: true }).click();
    await city.getByRole('button', { name: /提\s*交/ }).click();
    await city.getByText('退回或不予批准须写明意见').waitFor();
    await city.getByLabel('意见', { exact: true }).fill('请按两名申报');
    await city.getByRole('button', { name: /提\s*交/ }).click();
    await city.getByText('退回修改', { exact: true }).first().waitFor();

    // The filer finds it in the to-do list, corrects the amount and resubmits.
    await openMatter(district, title);
    await district.getByText('请按两名申报').waitFor();
    await district.getByLabel('数量 1').fill('2');
    await district.getByLabel('意见', { exact: true }).fill('已按要求修改');
    await district.getByRole('button', { name: '修改后重新提交' }).click();
    await district.getByText('已重新提交').waitFor();

    // Corrected moves are a new request: the district accepts and reviews it again.
    for (const [page, step] of [[accepter, '受理'], [reviewer, '审核']] as const) {
      await openMatter(page, title);
      await page.getByText(`办理：${step}`).waitFor();
      await page.getByRole('button', { name: /提\s*交/ }).click();
      await page.getByText('已办理', { exact: true }).waitFor();
    }

    // The city approves with its document number; the platform applies the transfer.
    await openMatter(city, title);
    await city.getByLabel('批复文号').fill('示编〔2026〕88号');
    await city.getByRole('button', { name: /提\s*交/ }).click();
    await city.getByText('已执行：编制已按批复调整').waitFor({ timeout: 30_000 });
    expect(await quotaOf()).toBe(before + 2);
    const history = await city.getByRole('listitem').allTextContents();
    expect(history.join('|')).toMatch(/申报.*同意（受理）.*同意（审核）.*退回修改（审批）.*重新提交.*同意（受理）.*同意（审核）.*同意（审批）.*已执行/);
  });

  it('lets the city bureau set who decides and the steps, per jurisdiction and kind, and shows the demo city’s take-up', async () => {
    const page = await pageAs('admin');
    await page.getByRole('menuitem', { name: '审批设置' }).click();
    await page.getByRole('row', { name: /海曙区\s*编制核定与调整/ }).getByText('收归市编办审批').waitFor();
    const row = page.getByRole('row', { name: /江北区\s*领导职数核定/ });
    await choose(row, '办理环节 江北区 领导职数核定', '审核 → 审批');
    await row.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').waitFor();
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const jiangbei = (await api.registry.jurisdiction.list.query({ search: '330205' }))[0]!;
    expect((await api.approval.routing.list.query({})).find((r) => r.jurisdictionId === jiangbei.id && r.kind === 'leadership_posts')!.steps).toEqual(['review', 'approve']);

    // Next year's holiday notice, entered on the same page: time limits count with it from then on.
    const calendar = page.locator('.ant-card', { hasText: '工作日历' });
    await calendar.getByLabel('日期').fill('2027-10-08');
    await choose(calendar, '类别', '放假');
    await calendar.getByLabel('名称').fill('国庆节');
    await calendar.getByRole('button', { name: /保\s*存/ }).click();
    await calendar.getByRole('row', { name: /2027-10-08\s*放假\s*国庆节/ }).waitFor();
    expect((await api.approval.calendar.list.query()).find((d) => d.day === '2027-10-08')).toEqual({ day: '2027-10-08', kind: 'holiday', name: '国庆节' });
  });

  it('keeps another district’s matter out of a district admin’s reach', async () => {
    const city = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const { items } = await city.approval.matter.list.query({ limit: 100, offset: 0 });
    const cityMatter = items.find((m) => m.jurisdictionName === '示范市')!;
    const district = clientWith({ cookie: await signInCookie('haishu', 'bianzhi-dev') });
    await expect(district.approval.matter.get.query({ id: cityMatter.id })).rejects.toThrow();
    expect((await district.approval.matter.list.query({ limit: 100, offset: 0 })).items.map((m) => m.id)).not.toContain(cityMatter.id);
  });
});
