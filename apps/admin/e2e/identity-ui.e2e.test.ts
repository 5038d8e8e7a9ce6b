import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, choose, launchBrowser, signIn } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

const password = 'Moon-Lake-Park-2026';
let browser: Browser;
const suffix = Math.random().toString(36).slice(2, 7);

async function freshPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  return context.newPage();
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('admin UI: roles and scope', () => {
  it('shows a district admin their own district and nothing of the others', async () => {
    const page = await freshPage();
    await signIn(page, 'haishu', 'bianzhi-dev');
    // A bureau lands on its workbench (工作台); the jurisdictions are one click away.
    await page.waitForURL('**/workbench');
    await page.getByRole('menuitem', { name: '区划管理' }).click();
    await page.getByRole('row', { name: /海曙区\s*330203\s/ }).waitFor();
    expect(await page.getByRole('row', { name: /南门街道/ }).isVisible()).toBe(true);
    expect(await page.getByRole('row', { name: /江北区/ }).count()).toBe(0);
    expect(await page.getByRole('row', { name: /示范市/ }).count()).toBe(0);
  });

  it('keeps a department user out of user management: no menu entry, and a 403 page on direct navigation', async () => {
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const haishu = (await admin.registry.jurisdiction.list.query({ search: '330203' }))[0]!;
    const username = `dept-${suffix}`;
    await admin.identity.user.create.mutate({ username, name: '海曙区卫健局用户', role: 'department_user', jurisdictionId: haishu.id, password });

    const page = await freshPage();
    await signIn(page, username, password);
    await page.waitForURL('**/jurisdictions');
    expect(await page.getByRole('menuitem', { name: '用户管理' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '新建区划' }).count()).toBe(0);
    await page.goto(`${baseUrl()}/users`);
    await page.getByText('无权访问').waitFor();
  });

  it('lets the city admin create a user in the form and see it listed', async () => {
    const page = await freshPage();
    await signIn(page, 'admin', 'bianzhi-dev');
    await page.waitForURL('**/workbench');
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(`inspector-${suffix}`);
    await dialog.getByLabel('姓名或系统名称').fill('市督查室张三');
    await choose(dialog, '角色', '督查');
    await choose(dialog, '所属区划', '示范市（330200）');
    await dialog.getByLabel('初始密码').fill('123456');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText(/密码不符合要求/).waitFor();
    await dialog.getByLabel('初始密码').fill(password);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已创建用户 市督查室张三').waitFor();
    await page.getByRole('row', { name: new RegExp(`inspector-${suffix}`) }).waitFor();
  });

  it('issues an API token once for a service account', async () => {
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const city = (await admin.registry.jurisdiction.list.query({ level: 'city' }))[0]!;
    await admin.identity.user.create.mutate({ username: `svc-ui-${suffix}`, name: `组织部干部系统-${suffix}`, role: 'service', jurisdictionId: city.id });

    const page = await freshPage();
    await signIn(page, 'admin', 'bianzhi-dev');
    await page.waitForURL('**/workbench');
    await page.getByRole('menuitem', { name: 'API 令牌' }).click();
    await page.getByRole('button', { name: '新建令牌' }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, '服务账号', `组织部干部系统-${suffix}（svc-ui-${suffix}）`);
    await dialog.getByLabel('令牌名称').fill('干部任免同步');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const issued = page.getByTestId('issued-token');
    await issued.waitFor();
    expect(await issued.textContent()).toMatch(/bzt_[0-9a-f]{8}_/);
  });
});
