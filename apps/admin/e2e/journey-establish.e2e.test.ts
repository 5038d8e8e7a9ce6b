import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { choose, launchBrowser, screenshotOnFailure, signedInPage } from './browser.js';
import { approveAtCity } from './matter-chain.js';

// Journey 1 (issue 9): a city admin files the establishment of a new public institution with its first
// quota allocation and its three-determinations as a matter; once the city's bureau approves it, the
// establish-organization workflow runs it, and the unit is in the tree, its quota on the dashboard
// and its changes in the audit log.
let browser: Browser;
let page: Page;
const stamp = Date.now() % 100000;
const name = `市城市运行监测中心${stamp}`;
const documentNumber = `示编〔2026〕${stamp}号`;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await signedInPage(browser, 'admin');
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

/** The 事业编制 figures of the whole city on 编制总览. */
async function institutionFigures(): Promise<{ quota: number; pools: number }> {
  await page.getByRole('menuitem', { name: '编制总览' }).click();
  await page.getByText('事业编制', { exact: true }).click();
  const value = async (title: string) => Number((await page.locator('.ant-statistic', { hasText: title }).locator('.ant-statistic-content-value').textContent())?.replace(/,/g, ''));
  await page.locator('.ant-statistic', { hasText: '单位编制' }).waitFor();
  return { quota: await value('单位编制'), pools: await value('待分配') };
}

let before: { quota: number; pools: number };

describe('journey: establishing a public institution', () => {
  it('files the unit, its first allocation and its three-determinations as a matter, and once approved watches the workflow run them', async () => {
    before = await institutionFigures();
    await page.getByRole('menuitem', { name: '机构名录' }).click();
    await page.getByRole('button', { name: '新设机构' }).click();
    const dialog = page.getByRole('dialog', { name: '新设机构' });
    await choose(dialog, '所属区划', '示范市（330200）');
    await dialog.getByLabel('机构名称').fill(name);
    await choose(dialog, '事业单位类别', '公益一类');
    await dialog.getByLabel('拟核定编制数').fill('12');
    // The allocation follows the planned quota, and the pool it comes from is shown.
    await expect.poll(() => dialog.getByLabel('核定事业编制').inputValue()).toBe('12');
    await dialog.getByText(/区划未分配 \d+ 名/).waitFor();
    await choose(dialog, '同时撤销的机构（撤一建一）', '市公共资源交易中心（示范市）', { search: '公共资源' });
    await dialog.getByLabel('主要职责').fill('承担城市运行态势监测和数据汇聚\n承担突发事件应急指挥的技术保障');
    await dialog.getByRole('button', { name: '添加内设机构' }).click();
    await dialog.getByLabel('内设机构名称 1').fill('运行监测科');
    await dialog.getByLabel('编制数 1').fill('10');
    // Establishing is a matter: it needs its request.
    await dialog.getByRole('button', { name: '申报设立' }).click();
    await dialog.getByText('必填').first().waitFor();
    await dialog.getByLabel('请示文号').fill(`示运行〔2026〕${stamp}号`);
    await dialog.getByLabel('申报理由').fill('统筹城市运行监测和应急指挥技术保障');
    await dialog.getByRole('button', { name: '申报设立' }).click();

    // Filed: the city's bureau takes it through 受理 → 审核 → 审批; approved, the platform runs the establishment.
    await page.getByRole('button', { name: '查看事项' }).click();
    await page.waitForURL('**/matters/*');
    await page.getByText('审批后的效果（按当前数据预览）').waitFor();
    await approveAtCity(page.url().split('/').at(-1)!, documentNumber);
    await page.reload();
    const progress = page.locator('.ant-card', { hasText: '审批流程' });
    await progress.getByText(`已设立机构：${name}`).waitFor({ timeout: 30_000 });
    for (const step of ['登记机构（筹建）', '开设编制账户', '核定编制', '发布三定规定', '正式设立']) expect(await progress.getByText(step, { exact: true }).isVisible()).toBe(true);
    await progress.getByRole('button', { name: '查看机构' }).click();
    await page.getByRole('heading', { name }).waitFor();
    expect(await page.locator('.ant-card-head').getByText('正常', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('tab', { name: '三定规定' }).click();
    await page.getByText(`${documentNumber}（第1版）`).waitFor();
    expect(await page.getByText('承担突发事件应急指挥的技术保障').isVisible()).toBe(true);
    expect(await page.getByText('运行监测科（10）').isVisible()).toBe(true);
    expect(await page.getByText('事业编制 12').isVisible()).toBe(true);
  });

  it('finds the unit in the tree and the run among the establishments', async () => {
    await page.getByRole('button', { name: '返回名录' }).click();
    await page.getByLabel('按名称筛选机构树').fill(`城市运行监测中心${stamp}`);
    await page.getByRole('tree', { name: '机构树' }).getByText(name).waitFor();
    await page.getByRole('button', { name: '设立进度' }).click();
    const drawer = page.locator('.ant-drawer', { hasText: name });
    await drawer.locator('.ant-list-item', { hasText: name }).getByText('已完成').waitFor();
    await page.keyboard.press('Escape');
  });

  it('shows the allocation on the dashboard: the units hold 12 more, the pools 12 fewer', async () => {
    const after = await institutionFigures();
    expect(after).toEqual({ quota: before.quota + 12, pools: before.pools - 12 });
  });

  it('shows the unit’s creation, document and activation in the audit log', async () => {
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await choose(page, '单位', `${name}（示范市）`, { search: `城市运行监测中心${stamp}` });
    // The services hand their events to the audit log a moment after they commit.
    for (let attempt = 0; attempt < 20; attempt++) {
      await page.getByRole('button', { name: /搜\s*索/ }).click();
      if (await page.getByText('registry.organization.activated').isVisible()) break;
      await page.waitForTimeout(500);
    }
    for (const type of ['registry.organization.created', 'registry.organization.three_determinations_published', 'registry.organization.activated']) {
      await page.getByText(type, { exact: true }).waitFor();
    }
  });

  it('publishes the next version of its three-determinations from the one in force, refused first by the department rules', async () => {
    await page.getByRole('menuitem', { name: '机构名录' }).click();
    await page.getByLabel('按名称筛选机构树').fill(`城市运行监测中心${stamp}`);
    await page.getByRole('tree', { name: '机构树' }).getByText(name).click();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByRole('tab', { name: '三定规定' }).click();
    await page.getByRole('button', { name: '发布新版三定规定' }).click();
    const dialog = page.getByRole('dialog', { name: '发布新版三定规定' });
    // The draft is the version in force.
    await expect.poll(() => dialog.getByLabel('主要职责').inputValue()).toBe('承担城市运行态势监测和数据汇聚\n承担突发事件应急指挥的技术保障');
    expect(await dialog.getByLabel('内设机构名称 1').inputValue()).toBe('运行监测科');
    expect(await dialog.getByLabel('事业编制').inputValue()).toBe('12');
    await dialog.getByLabel('文号').fill(`示编〔2026〕${stamp + 1}号`);
    await dialog.getByLabel('主要职责').fill('承担城市运行态势监测和数据汇聚\n承担突发事件应急指挥的技术保障\n承担城市生命线工程运行监测');
    await dialog.getByLabel('编制数 1').fill('3');
    await dialog.getByRole('button', { name: /发\s*布/ }).click();
    await dialog.getByRole('alert').getByText(/DEPT-AVERAGE-SIZE/).waitFor();
    // What was typed stays; corrected, it publishes as version 2.
    expect(await dialog.getByLabel('主要职责').inputValue()).toContain('城市生命线工程');
    await dialog.getByLabel('编制数 1').fill('10');
    await dialog.getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('已发布第2版三定规定').waitFor();
    await page.getByText(`示编〔2026〕${stamp + 1}号（第2版）`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.locator('li', { hasText: '承担城市生命线工程运行监测' }).isVisible()).toBe(true);
  });
});
