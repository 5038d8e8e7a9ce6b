import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, choose, launchBrowser, screenshotOnFailure, signIn } from './browser.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  page = await context.newPage();
});

afterEach(async ({ task }) => screenshotOnFailure(page, task));

afterAll(async () => {
  await browser?.close();
});

/** Opens 新建区划, picks the parent in the tree select, fills code and name, and saves. */
async function submitNewJurisdiction(parentTitle: string, code: string, name: string) {
  await page.getByRole('button', { name: '新建区划' }).click();
  const dialog = page.getByRole('dialog');
  await choose(dialog, '上级区划', parentTitle);
  await dialog.getByLabel('区划代码').fill(code);
  await dialog.getByLabel('名称', { exact: true }).fill(name);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  return dialog;
}

describe('admin UI: sign in, create a jurisdiction, switch language', () => {
  it('sends an anonymous visitor to the login page', async () => {
    await page.goto(`${baseUrl()}/jurisdictions`);
    await page.waitForURL('**/login');
    await expect(page.getByRole('heading', { name: '编制管理平台' }).isVisible()).resolves.toBe(true);
  });

  it('refuses a wrong password with a message that does not say whether the user exists', async () => {
    await signIn(page, 'admin', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('用户名或密码错误');
    await signIn(page, 'nobody-here', 'not-the-password');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('用户名或密码错误');
  });

  it('signs in and shows the demo city tree', async () => {
    await signIn(page, 'admin', 'bianzhi-dev');
    await page.waitForURL('**/workbench');
    await page.getByRole('menuitem', { name: '区划管理' }).click();
    await page.getByRole('row', { name: /示范市\s*330200/ }).waitFor();
    expect(await page.getByRole('row', { name: /海曙区\s*330203\s/ }).isVisible()).toBe(true);
  });

  it('creates a township under a district and sees it listed', async () => {
    await submitNewJurisdiction('海曙区（330203）', '330203099', '月湖街道');
    await page.getByText('已创建区划：月湖街道').waitFor();
    await page.getByRole('row', { name: /月湖街道\s*330203099/ }).waitFor();
  });

  it('renames a jurisdiction, keeping its code', async () => {
    await page.getByRole('row', { name: /月湖街道\s*330203099/ }).getByRole('button', { name: /^更\s*名$/ }).click();
    const dialog = page.getByRole('dialog', { name: '更名' });
    await dialog.getByLabel('名称', { exact: true }).fill('月湖新街道');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已更名为：月湖新街道').waitFor();
    await page.getByRole('row', { name: /月湖新街道\s*330203099/ }).waitFor();
  });

  it('shows the server’s refusal on the field and keeps the input when the code is taken', async () => {
    const dialog = await submitNewJurisdiction('海曙区（330203）', '330203099', '重复街道');
    await dialog.getByText('该行政区划代码已被使用').waitFor();
    expect(await dialog.getByLabel('名称', { exact: true }).inputValue()).toBe('重复街道');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
  });

  it('switches the whole UI to English and back', async () => {
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('button', { name: 'New jurisdiction' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Division code' }).isVisible()).toBe(true);
    await page.reload();
    await page.getByRole('button', { name: 'New jurisdiction' }).waitFor();
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('button', { name: '新建区划' }).waitFor();
  });

  it('signs out', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.waitForURL('**/login');
    await page.goto(`${baseUrl()}/jurisdictions`);
    await page.waitForURL('**/login');
  });
});

describe('admin UI: organization directory', () => {
  it('finds units by pinyin initials and by Chinese name, within the scope', async () => {
    await signIn(page, 'admin', 'bianzhi-dev');
    await page.waitForURL('**/workbench');
    await page.getByRole('menuitem', { name: '机构名录' }).click();
    // Other test files add units to the same database, so the directory is only known to be non-empty.
    await page.getByTestId('organization-total').filter({ hasText: /共 \d{3} 个机构/ }).waitFor();
    const search = page.getByRole('searchbox', { name: '搜索' });
    await search.fill('sjyj');
    await search.press('Enter');
    await page.getByTestId('organization-total').filter({ hasText: '共 1 个机构' }).waitFor();
    expect(await page.getByRole('row', { name: /市教育局/ }).isVisible()).toBe(true);
    await search.fill('人民医院');
    await search.press('Enter');
    await page.getByTestId('organization-total').filter({ hasText: '共 6 个机构' }).waitFor();
  });

  it('exports the filtered list to Excel', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 Excel' }).click();
    expect((await download).suggestedFilename()).toMatch(/^机构名录-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await page.getByText('已导出 6 个机构').waitFor();
  });
});
