import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { choose, launchBrowser, screenshotOnFailure, signedInPage } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let district: Page;
let city: Page;
const title = `海曙区两办机构整合${Date.now() % 100000}`;

beforeAll(async () => {
  browser = await launchBrowser();
  district = await signedInPage(browser, 'haishu');
  city = await signedInPage(browser, 'admin');
});

afterEach(async ({ task }) => {
  await screenshotOnFailure(district, task);
});
afterAll(async () => browser?.close());

/** The stage tag on the project page, refreshed by the page itself as the workflow moves on. */
const stage = (page: Page, name: string) => page.locator('.ant-card-head-title .ant-tag', { hasText: name }).waitFor({ timeout: 45_000 });

describe('admin UI: a reform project from plan to follow-up', () => {
  it('files a merger after previewing its impact; the filer cannot decide on it', async () => {
    await district.getByRole('menuitem', { name: '改革项目' }).click();
    await district.getByRole('button', { name: '新建改革项目' }).click();
    const dialog = district.getByRole('dialog', { name: '新建改革项目' });
    await dialog.getByLabel('项目名称').fill(title);
    await choose(dialog, '所属区划', '海曙区（330203）');
    await dialog.getByLabel('文号').fill('海编〔2026〕30号');
    await choose(dialog, '单位 1', '海曙区政府办公室（海曙区）', { search: '海曙区政府办公室' });
    await choose(dialog, '整合到（现有单位）', '海曙区委办公室（海曙区）', { search: '海曙区委办公室' });
    // Nothing is filed before the preview has been read.
    await dialog.getByRole('button', { name: '影响预览' }).click();
    const preview = dialog.getByTestId('impact-preview');
    await preview.getByText('方案符合各项规则').waitFor();
    // The per-unit table and the movements both name the units; the merged one ends with nothing.
    const sourceRow = preview.getByRole('row', { name: /海曙区政府办公室/ }).first();
    await sourceRow.waitFor();
    expect((await sourceRow.locator('td').allTextContents()).slice(3, 4)).toEqual(['0']);
    await preview.getByRole('row', { name: /海曙区政府办公室.*海曙区委办公室/ }).first().waitFor();
    await dialog.getByRole('button', { name: '提交编委会' }).click();
    await district.waitForURL('**/reforms/*');
    await stage(district, '编委会审议');
    await district.getByText('您是本方案的提出人，不能审批本方案').waitFor();
    expect(await district.getByRole('button', { name: /^批\s*准$/ }).isDisabled()).toBe(true);
    // Nor does another member of the district's bureau approve it: the city took 海曙区's quota matters up (审批权上收), so the city decides the project.
    const colleague = clientWith({ cookie: await signInCookie('haishu-shouli', 'bianzhi-dev') });
    const refused = await colleague.reform.project.approve.mutate({ id: district.url().split('/').at(-1)!, decisionId: crypto.randomUUID(), note: '' }).then(() => null, (e: Error) => e.message);
    expect(refused).toBe('本改革项目涉及的机构编制事项由示范市审批');
  });

  it('is approved by the city bureau, executed by the worker, and its people are placed on the board', async () => {
    await city.goto(district.url());
    await stage(city, '编委会审议');
    await city.getByLabel('意见（可选）').fill('编委会同意');
    await city.getByRole('button', { name: /^批\s*准$/ }).click();
    await stage(district, '人员安置');
    const board = district.getByTestId('placement-column-pool');
    await board.waitFor();
    const name = (await district.locator('[data-testid^="person-"]').first().getAttribute('data-testid'))!.replace('person-', '');
    await choose(district.getByTestId(`person-${name}`), `将${name}安置到`, '安置池');
    await board.getByTestId(`person-${name}`).waitFor();
    await district.getByRole('button', { name: '安置完毕，提交' }).click();
    await stage(district, '三定规定');
    // The unit changes are in the registry now: the project can no longer be cancelled.
    expect(await district.getByRole('button', { name: '撤销项目' }).count()).toBe(0);
  });

  it('publishes the three-determinations and the legal registration, runs three follow-ups and closes', async () => {
    await district.getByLabel('文号').fill('海编〔2026〕31号');
    await district.getByLabel('主要职责').fill('负责区委、区政府日常运转\n统筹督查督办');
    await district.getByRole('button', { name: /^提\s*交$/ }).click();
    await stage(district, '法人登记');
    await district.getByLabel('文号').fill('海事登〔2026〕8号');
    await district.getByLabel('法定代表人').fill('周敏');
    await district.getByRole('button', { name: /^提\s*交$/ }).click();
    await district.getByText('海编〔2026〕31号').first().waitFor();
    // This stack runs the three follow-ups 2, 4 and 6 seconds after execution instead of 3, 6 and 12 months.
    await stage(district, '已结束');
    const followUps = district.locator('.ant-table', { hasText: '跟踪督查' }).locator('tbody tr');
    expect(await followUps.count()).toBe(3);
    // The list finds it through Temporal's visibility, by stage.
    await district.getByRole('menuitem', { name: '改革项目' }).click();
    await choose(district, '所处阶段', '已结束');
    await district.getByRole('link', { name: title }).waitFor({ timeout: 20_000 });
  });
});
