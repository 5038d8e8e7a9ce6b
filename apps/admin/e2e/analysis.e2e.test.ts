import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
});
