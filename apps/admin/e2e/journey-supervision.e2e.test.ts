import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { approvePlanInQueue, launchBrowser, screenshotOnFailure, signedInPage } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

// Journey 4 (issue 9): an inspector imports a payroll and turns a ghost-employee finding into a
// violation; the department's next staffing-use plan is refused at approval; the inspector closes
// the violation; the plan goes through. Three people, three browsers, one stack.
let browser: Browser;
const pages: Page[] = [];
const stamp = Date.now() % 1_000_000;
const password = `Jiandu-${stamp}-ok!`;
const reason = `市水利局防汛岗位补充${stamp}`;
const body = `33020319${String(70 + (stamp % 20))}0606${String((stamp % 900) + 100)}`;
const ghost = body + idNumberCheckCharacter(body);

async function open(username: string, pass: string): Promise<Page> {
  const page = await signedInPage(browser, username, pass);
  pages.push(page);
  return page;
}

let inspector: Page;
let department: Page;
let bureau: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  // The city bureau gives the inspector and the unit's user their accounts.
  const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
  const [city] = await admin.registry.jurisdiction.list.query({ level: 'city' });
  const [unit] = (await admin.registry.organization.list.query({ search: '市水利局' })).items;
  await admin.identity.user.create.mutate({ username: `inspector-${stamp}`, name: '督查室 林涛', role: 'inspector', jurisdictionId: city!.id, password });
  await admin.identity.user.create.mutate({ username: `water-${stamp}`, name: '市水利局 人事处', role: 'department_user', jurisdictionId: city!.id, organizationId: unit!.id, password });
  inspector = await open(`inspector-${stamp}`, password);
  department = await open(`water-${stamp}`, password);
  bureau = await open('admin', 'bianzhi-dev');
});
afterEach(async ({ task }) => {
  for (const page of pages) await screenshotOnFailure(page, { ...task, name: `${pages.indexOf(page)}-${task.name}` });
});
afterAll(async () => browser?.close());

describe('journey: supervision blocks a unit’s staffing until its violation is closed', () => {
  it('the inspector imports the payroll, finds a ghost employee and records it as a violation', async () => {
    await inspector.getByRole('menuitem', { name: '交叉比对' }).click();
    await inspector.getByText('点击或拖入工资统发文件（.xlsx 或 .csv）').waitFor();
    const payroll = ['公民身份号码,姓名,发放单位,应发金额', `${ghost},孙某,市水利局,8600`].join('\n');
    await inspector.locator('input[type=file]').first().setInputFiles({ name: '水利局统发工资.csv', mimeType: 'text/csv', buffer: Buffer.from(payroll) });
    await inspector.getByText('已导入“水利局统发工资.csv”：1 行，涉及 1 个单位').waitFor();
    await inspector.getByRole('button', { name: '开始比对' }).click();
    const finding = inspector.getByRole('row', { name: new RegExp(ghost) });
    await finding.getByText('应发 8600 元（文件第 2 行）').waitFor({ timeout: 60_000 });
    await finding.getByRole('button', { name: '转为问题' }).click();
    await inspector.getByRole('dialog', { name: '转为问题' }).getByRole('button', { name: /保\s*存/ }).click();
    await inspector.getByText('已登记问题：财政统发工资人员孙某不在实名制名册').waitFor();
  });

  it('the unit files its next plan; taking it to approval is refused, naming the open violation', async () => {
    await department.getByRole('menuitem', { name: '用编计划' }).click();
    await department.getByRole('button', { name: '申报用编计划' }).click();
    const dialog = department.getByRole('dialog', { name: '申报用编计划' });
    // A unit's own user files for their unit: the form has no unit to pick.
    expect(await dialog.getByLabel('用编单位', { exact: true }).count()).toBe(0);
    await dialog.getByLabel('名额').fill('1');
    await dialog.getByLabel('计划截止日期').fill(`${new Date().getFullYear() + 1}-06-30`);
    await dialog.getByLabel('用编事由').fill(reason);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await department.getByRole('row', { name: new RegExp(reason) }).getByText('待审批').waitFor();

    await bureau.getByRole('menuitem', { name: '用编计划' }).click();
    const row = bureau.getByRole('row', { name: new RegExp(reason) });
    // Taking it to approval is refused when filed: the plan is checked as its approval would be.
    await row.getByRole('button', { name: /^报\s*批$/ }).click();
    const filing = bureau.getByRole('dialog', { name: /用编计划报批/ });
    await filing.getByLabel('请示文号').fill('海人〔2026〕5号');
    await filing.getByLabel('申报理由').fill('补充财政专管员');
    await filing.getByRole('button', { name: /申\s*报/ }).click();
    await filing.getByRole('alert').getByText(/RECTIFICATION-LINK/).waitFor();
    await filing.getByRole('alert').getByText(/孙某不在实名制名册/).waitFor();
    await filing.getByRole('button', { name: /取\s*消/ }).click();
    await row.getByText('待审批').waitFor();
  });

  it('the inspector closes the violation; the same plan is then approved', async () => {
    await inspector.getByRole('menuitem', { name: '问题整改' }).click();
    const violation = inspector.getByRole('row', { name: /财政统发工资人员孙某不在实名制名册/ });
    await violation.getByRole('button', { name: '复核关闭' }).click();
    const close = inspector.getByRole('dialog', { name: /复核关闭/ });
    await close.getByLabel('复核结论').fill('经核实系借调人员，已办理调入手续');
    await close.getByRole('button', { name: /保\s*存/ }).click();
    await inspector.getByText('问题已关闭，审批冻结已解除').waitFor();

    await approvePlanInQueue(bureau, reason, '已入编 0，剩余 1');
  });
});
