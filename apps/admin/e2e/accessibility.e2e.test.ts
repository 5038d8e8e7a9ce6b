import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { baseUrl, launchBrowser } from './browser.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 } })).newPage();
});
afterAll(async () => browser?.close());

/** WCAG 2 A and AA rules (names, labels, contrast, keyboard focus order) on the page as it stands. */
async function seriousViolations(): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('accessibility of the main screens (axe-core, WCAG 2 A/AA, serious and critical)', () => {
  it('the login page', async () => {
    await page.goto(`${baseUrl()}/login`);
    await page.getByRole('button', { name: /登\s*录/ }).first().waitFor();
    expect(await seriousViolations()).toEqual([]);
  });

  it('can be signed into with the keyboard alone', async () => {
    await page.getByLabel('用户名').focus();
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('bianzhi-dev');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/workbench');
  });

  for (const [path, ready] of [
    ['/organizations', '机构树'],
    ['/overview', '编制总览'],
    ['/reforms', '改革项目'],
    ['/violations', '问题整改'],
    ['/notices', '督查通知'],
  ] as const) {
    it(`${path}`, async () => {
      await page.goto(`${baseUrl()}${path}`);
      await page.getByText(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations()).toEqual([]);
    });
  }

  it('the 新设机构 dialog, with a department row added', async () => {
    await page.goto(`${baseUrl()}/organizations`);
    await page.getByRole('button', { name: '新设机构' }).click();
    const dialog = page.getByRole('dialog', { name: '新设机构' });
    await dialog.getByRole('button', { name: '添加内设机构' }).click();
    await dialog.getByLabel('内设机构名称 1').waitFor();
    expect(await seriousViolations()).toEqual([]);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
  });

  it('the public disclosure site', async () => {
    const visitor = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await visitor.goto(`${baseUrl()}/public`);
    await visitor.waitForLoadState('networkidle');
    const result = await new AxeBuilder({ page: visitor }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
  });
});
