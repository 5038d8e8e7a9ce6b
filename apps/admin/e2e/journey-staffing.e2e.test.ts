import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { approvePlanInQueue, choose, launchBrowser, screenshotOnFailure, signedInPage } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

// Journey 2 (issue 9): a unit files a staffing-use plan; the district bureau approves it and enters
// two people on it (the roll's key facts change only through the bureau, DOMAIN.md); the monthly
// figures and the roll show them; one leaves and the place returns to the unit's vacancies.
let browser: Browser;
const pages: Page[] = [];
const stamp = Date.now() % 1_000_000;
const password = `Bianzhi-${stamp}-ok!`;
const unitName = '海曙区市场监督管理局';
const reason = `市场监管执法岗位补充${stamp}`;
const person = (n: number) => {
  const body = `33020319${String(85 + n)}0${(stamp % 9) + 1}1${n}${String(stamp % 1000).padStart(3, '0')}`.slice(0, 17);
  return body + idNumberCheckCharacter(body);
};
const people = [
  { name: '周晓', idNumber: person(1) },
  { name: '吴敏', idNumber: person(2) },
];

async function open(username: string, pass: string): Promise<Page> {
  const page = await signedInPage(browser, username, pass);
  pages.push(page);
  return page;
}

let unit: Page;
let district: Page;
const api = () => signInCookie('haishu', 'bianzhi-dev').then((cookie) => clientWith({ cookie }));
let organizationId: string;
let jurisdictionId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const haishu = await api();
  const [found] = (await haishu.registry.organization.list.query({ search: unitName })).items;
  organizationId = found!.id;
  jurisdictionId = found!.jurisdictionId;
  await haishu.identity.user.create.mutate({ username: `scjg-${stamp}`, name: '区市场监管局 人事科', role: 'department_user', jurisdictionId, organizationId, password });
  unit = await open(`scjg-${stamp}`, password);
  district = await open('haishu', 'bianzhi-dev');
});
afterEach(async ({ task }) => {
  for (const page of pages) await screenshotOnFailure(page, { ...task, name: `${pages.indexOf(page)}-${task.name}` });
});
afterAll(async () => browser?.close());

const month = () => new Date().toISOString().slice(0, 7);
const vacancies = async () => (await (await api()).ledger.balance.get.query({ organizationId })).find((f) => f.ledger === 'administrative')!.vacant;

describe('journey: a staffing-use plan from filing to entries and an exit', () => {
  let entriesBefore: number;

  it('the unit files a plan and the district bureau approves it', async () => {
    entriesBefore = (await (await api()).ledger.stats.monthly.query({ month: month(), jurisdictionId })).total.entries;
    await unit.getByRole('menuitem', { name: '用编计划' }).click();
    await unit.getByRole('button', { name: '申报用编计划' }).click();
    const dialog = unit.getByRole('dialog', { name: '申报用编计划' });
    await dialog.getByLabel('名额').fill('2');
    await dialog.getByLabel('计划截止日期').fill(`${new Date().getFullYear() + 1}-06-30`);
    await dialog.getByLabel('用编事由').fill(reason);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await unit.getByRole('row', { name: new RegExp(reason) }).getByText('待审批').waitFor();

    await district.getByRole('menuitem', { name: '用编计划' }).click();
    await approvePlanInQueue(district, reason, '已入编 0，剩余 2');
  });

  it('the bureau enters two people on the plan; the roll and the month’s figures show them', async () => {
    await district.getByRole('menuitem', { name: '机构名录' }).click();
    await district.getByLabel('按名称筛选机构树').fill(unitName);
    await district.getByRole('tree', { name: '机构树' }).getByText(unitName, { exact: true }).click();
    await district.getByRole('tab', { name: '编制' }).click();
    for (const p of people) {
      await district.getByRole('button', { name: /入\s*编/ }).click();
      const dialog = district.getByRole('dialog', { name: '入编' });
      await choose(dialog, '用编计划', (dropdown) => dropdown.locator('.ant-select-item-option', { hasText: reason }));
      await dialog.getByLabel('姓名').fill(p.name);
      await dialog.getByLabel('公民身份号码').fill(p.idNumber);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await district.getByText(`${p.name} 已入编`).waitFor();
      await district.getByRole('row', { name: new RegExp(p.name) }).waitFor();
      // The next entry opens a fresh dialog only once this one (and its option list) has gone.
      await dialog.waitFor({ state: 'hidden' });
      await district.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    }
    const expected = await (await api()).ledger.stats.monthly.query({ month: month(), jurisdictionId });
    expect(expected.total.entries).toBe(entriesBefore + 2);
    await district.getByRole('menuitem', { name: '月度统计' }).click();
    await district.locator('.ant-statistic').filter({ hasText: '本月进人' }).getByText(String(expected.total.entries)).waitFor();
  });

  it('one leaves: the roll no longer lists them and the place is a vacancy again', async () => {
    const before = await vacancies();
    await district.getByRole('menuitem', { name: '机构名录' }).click();
    await district.getByLabel('按名称筛选机构树').fill(unitName);
    await district.getByRole('tree', { name: '机构树' }).getByText(unitName, { exact: true }).click();
    await district.getByRole('tab', { name: '编制' }).click();
    const leaving = district.getByRole('row', { name: new RegExp(people[0]!.name) });
    await leaving.getByRole('button', { name: /出\s*编/ }).click();
    await district.getByRole('dialog', { name: '出编' }).getByRole('button', { name: /确\s*定/ }).click();
    await district.getByText(`${people[0]!.name} 已出编`).waitFor();
    await leaving.waitFor({ state: 'detached' });
    await district.getByRole('row', { name: new RegExp(people[1]!.name) }).waitFor();
    expect(await vacancies()).toBe(before + 1);
  });
});
