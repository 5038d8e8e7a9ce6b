import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { approvePlanInQueue, baseUrl, choose, launchBrowser, screenshotOnFailure, signIn } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;
const reason = `海曙区教育局2026年招聘${Date.now() % 100000}`;
const body = `33020319${String(80 + (Date.now() % 20)).padStart(2, '0')}0101${String(Date.now() % 900 + 100)}`;
const idNumber = body + idNumberCheckCharacter(body);

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 } });
  page = await context.newPage();
  // The district bureau files the plan through the API; the city bureau approves it in the browser.
  const district = clientWith({ cookie: await signInCookie('haishu', 'bianzhi-dev') });
  const [unit] = (await district.registry.organization.list.query({ search: '海曙区教育局' })).items;
  await district.ledger.plan.file.mutate({ id: crypto.randomUUID(), organizationId: unit!.id, ledger: 'administrative', places: 2, endsOn: `${new Date().getFullYear() + 1}-06-30`, reason });
  await signIn(page, 'admin', 'bianzhi-dev');
  await page.waitForURL('**/workbench');
});

afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

describe('admin UI: staffing-use plans and the real-name roll', () => {
  it('approves a filed plan from the queue', async () => {
    await page.getByRole('menuitem', { name: '用编计划' }).click();
    const row = page.getByRole('row', { name: new RegExp(reason) });
    await row.getByText('待审批').waitFor();
    await approvePlanInQueue(page, reason, '已入编 0，剩余 2');
  });

  it('enters a person against the plan with a checked ID number, then records the exit', async () => {
    await page.goto(`${baseUrl()}/organizations`);
    await page.getByLabel('按名称筛选机构树').fill('海曙区教育局');
    await page.getByRole('tree', { name: '机构树' }).getByText('海曙区教育局', { exact: true }).click();
    await page.getByRole('tab', { name: '编制' }).click();
    await page.getByRole('button', { name: /入\s*编/ }).click();
    const dialog = page.getByRole('dialog', { name: '入编' });
    await choose(dialog, '用编计划', (dropdown) => dropdown.locator('.ant-select-item-option', { hasText: reason }));
    await dialog.getByLabel('姓名').fill('陈静');
    await dialog.getByLabel('公民身份号码').fill(idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0'));
    await dialog.getByText('身份号码应为18位，且校验位、出生日期正确').waitFor();
    await dialog.getByLabel('公民身份号码').fill(idNumber);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('陈静 已入编').waitFor();
    const person = page.getByRole('row', { name: /陈静/ });
    await person.waitFor();
    expect(await person.textContent()).toContain(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    await person.getByRole('button', { name: /出\s*编/ }).click();
    const exit = page.getByRole('dialog', { name: '出编' });
    await exit.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('陈静 已出编').waitFor();
    await person.waitFor({ state: 'detached' });
  });
});
