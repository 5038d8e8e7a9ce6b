import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, choose, launchBrowser, screenshotOnFailure, signedInPage } from './browser.js';

// Issue 9, polish: what each screen shows when the service behind it cannot be reached (the failure
// and a retry, never an empty table that looks like no data), that it recovers when the service is
// back, what an empty result looks like, and that a form keeps what was typed when saving fails.
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser, 'admin');
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

/** Every request calling a procedure under `prefix` (alone or in a batch) fails as if the service were down. */
const unreachable = (prefix: string) => new RegExp(`/trpc/([^?]*,)?${prefix.replace('.', '\\.')}\\.`);

const screens: [path: string, service: string][] = [
  ['/workbench', 'approval'],
  ['/approval-settings', 'approval'],
  ['/organizations', 'registry'],
  ['/jurisdictions', 'registry'],
  ['/overview', 'ledger'],
  ['/plans', 'ledger'],
  ['/monthly', 'ledger.stats'],
  ['/annual-report', 'analysis.annual'],
  ['/analysis', 'analysis'],
  ['/reforms', 'reform'],
  ['/violations', 'audit'],
  ['/audit-log', 'audit'],
  ['/policy', 'registry'],
  ['/standards', 'analysis'],
  ['/notices', 'audit'],
  ['/registration', 'registry.registration'],
  ['/linkage', 'audit.subscription'],
];

describe('page states', () => {
  for (const [path, service] of screens) {
    it(`${path}: shows the failure with a retry while ${service} is down, and its content once it is back`, async () => {
      const blocked = unreachable(service);
      await page.route(blocked, (route) => route.abort('connectionfailed'));
      await page.goto(`${baseUrl()}${path}`);
      await page.getByText('加载失败').first().waitFor({ timeout: 15_000 });
      expect(await page.getByText('无法连接服务器，请检查网络后重试').first().isVisible()).toBe(true);
      await page.unroute(blocked);
      // One retry may reload several tables at once (their other retry buttons then go away): a short wait each.
      for (const retry of await page.getByRole('button', { name: /重\s*试/ }).all()) await retry.click({ timeout: 2000 }).catch(() => undefined);
      await expect.poll(() => page.getByText('加载失败').count(), { timeout: 15_000 }).toBe(0);
    });
  }

  it('says so when a search finds nothing', async () => {
    await page.goto(`${baseUrl()}/organizations`);
    await page.getByRole('searchbox', { name: '搜索' }).fill('不存在的机构名称');
    await page.getByRole('searchbox', { name: '搜索' }).press('Enter');
    await page.locator('.ant-table .ant-empty-description', { hasText: '暂无数据' }).waitFor();
  });

  it('keeps what was typed in 新设机构 when the request fails, and says why', async () => {
    await page.getByRole('button', { name: '新设机构' }).click();
    const dialog = page.getByRole('dialog', { name: '新设机构' });
    await choose(dialog, '所属区划', '示范市（330200）');
    await dialog.getByLabel('机构名称').fill('市网络中断测试中心');
    await choose(dialog, '事业单位类别', '公益一类');
    await dialog.getByLabel('拟核定编制数').fill('12');
    await dialog.getByLabel('核定事业编制').fill('');
    await dialog.getByLabel('请示文号').fill('示网〔2026〕1号');
    await dialog.getByLabel('申报理由').fill('网络中断测试');
    // Establishing is filed as a matter (approval.*): that is the call that fails here.
    const blocked = unreachable('approval');
    await page.route(blocked, (route) => route.abort('connectionfailed'));
    await dialog.getByRole('button', { name: '申报设立' }).click();
    await dialog.getByRole('alert').getByText('无法连接服务器，请检查网络后重试').waitFor();
    expect(await dialog.getByLabel('机构名称').inputValue()).toBe('市网络中断测试中心');
    expect(await dialog.getByLabel('拟核定编制数').inputValue()).toBe('12');
    expect(await dialog.getByLabel('请示文号').inputValue()).toBe('示网〔2026〕1号');
    await page.unroute(blocked);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
  });
});
