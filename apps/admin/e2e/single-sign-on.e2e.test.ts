import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let current: Page | null = null;

async function signInThroughIdentityProvider(loginName: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  current = page;
  await page.goto(`${baseUrl()}/login`);
  await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
  // The identity provider's own pages (the local test provider's development login and consent).
  await page.locator('input[name="login"]').fill(loginName);
  await page.locator('input[name="password"]').fill('checked-by-the-identity-provider');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterEach(async ({ task }) => {
  if (current) await screenshotOnFailure(current, task);
});

afterAll(async () => {
  await browser?.close();
});

describe('single sign-on through the unified identity provider (OpenID Connect)', () => {
  it('signs in a person whose login name is an account on this platform, with that account’s role and scope', async () => {
    const page = await signInThroughIdentityProvider('haishu');
    await page.waitForURL('**/workbench');
    await page.getByRole('menuitem', { name: '区划管理' }).click();
    await page.getByRole('row', { name: /海曙区\s*330203\s/ }).waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toContain('海曙区编办管理员');
    expect(await page.getByRole('row', { name: /江北区/ }).count()).toBe(0);
  });

  it('refuses a person whose account here is disabled, and records the refusal', async () => {
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const city = (await admin.registry.jurisdiction.list.query({ level: 'city' }))[0]!;
    const username = `sso-off-${Math.random().toString(36).slice(2, 7)}`;
    const user = await admin.identity.user.create.mutate({ username, name: '已停用的统一认证用户', role: 'auditor', jurisdictionId: city.id, password: 'Baoguo-Temple-1013' });
    await admin.identity.user.disable.mutate({ id: user.id });
    const page = await signInThroughIdentityProvider(username);
    await page.waitForURL(/\/login\?sso=failed/);
    await page.getByRole('alert').waitFor();
    let events: { eventType: string }[] = [];
    for (let i = 0; i < 30 && events.length === 0; i++) {
      events = await admin.audit.log.list.query({ aggregateId: user.id, eventType: 'identity.login.refused', limit: 5 });
      if (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(events).toHaveLength(1);
  });

  it('refuses a person the platform does not know, with a clear message and no session', async () => {
    const page = await signInThroughIdentityProvider('not-provisioned-here');
    await page.waitForURL(/\/login\?sso=failed/);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('该账户未在本平台开通');
    await page.goto(`${baseUrl()}/jurisdictions`);
    await page.waitForURL('**/login');
  });
});
