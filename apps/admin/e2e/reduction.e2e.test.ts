import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, choose, cityAdminPage, screenshotOnFailure, excelCells } from './browser.js';
import { approveAtCity } from './matter-chain.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

const admin = async () => clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
const quarterOfToday = () => `${today().slice(0, 4)}Q${Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1}`;

/**
 * 减编任务 and 季度监控 as the city bureau uses them: the demo city's targets, one on pace and one
 * flagged behind at the last quarter end by its workflow; a new target filed from the page (refused
 * above what the unit holds, the form keeping the input), approved along the chain and then listed;
 * the watch list with last quarter frozen, a unit added and taken off by hand, the report as PDF.
 */
describe('admin UI: reduction targets and quarterly monitoring', () => {
  it('lists the targets with their progress from the ledger, the pace and the flag, and exports them', async () => {
    await page.getByRole('menuitem', { name: '减编任务' }).click();
    const onPace = page.getByRole('row', { name: /市交通运输局控编减编任务/ });
    await onPace.getByText('按进度').waitFor();
    await onPace.getByText('1/2').waitFor();
    const behind = page.getByRole('row', { name: /市自然资源和规划局控编减编任务/ });
    await behind.getByText('进度滞后').waitFor();
    await behind.getByText(/季末滞后/).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toBe('减编任务.xlsx');
    expect(await excelCells(download)).toEqual(expect.arrayContaining(['市交通运输局', '市自然资源和规划局', '核减编制（精简、收回）', '进度滞后']));

    // The unit behind carries the flag on its own page too.
    const [unit] = (await (await admin()).registry.organization.list.query({ search: '市自然资源和规划局' })).items;
    await page.goto(`${baseUrl()}/organizations/${unit!.id}`);
    await page.getByText(/减编进度滞后（\d{4}-\d{2}-\d{2}季末）/).waitFor();
    await page.goto(`${baseUrl()}/reduction`);
  });

  it('files a target as a matter: refused above what the unit holds with the input kept, then approved and listed', async () => {
    await page.getByRole('button', { name: '下达减编任务' }).click();
    const dialog = page.getByRole('dialog', { name: '下达减编任务' });
    const title = '市应急管理局控编减编任务（浏览器测试）';
    await dialog.getByLabel('任务名称').fill(title);
    await choose(dialog, '单位', '市应急管理局（示范市）', { search: '市应急管理局' });
    await dialog.getByLabel('任务数').fill('99999');
    await dialog.getByLabel('完成期限').fill(`${Number(today().slice(0, 4)) + 1}-06-30`);
    await dialog.getByLabel('依据文件').fill('示编发〔2026〕9号');
    await dialog.getByLabel('请示文号').fill('示编〔2026〕90号');
    await dialog.getByLabel('申报理由').fill('职能划转后核减编制');
    await dialog.getByRole('button', { name: '提交审批' }).click();
    await dialog.getByRole('alert').getByText(/超过现有编制数/).waitFor();
    await expect(dialog.getByLabel('任务名称').inputValue()).resolves.toBe(title);
    await dialog.getByLabel('任务数').fill('1');
    await dialog.getByRole('button', { name: '提交审批' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const api = await admin();
    const matter = (await api.approval.matter.list.query({ limit: 500 })).items.find((m) => m.title === title)!;
    expect(matter).toMatchObject({ kind: 'reduction_target', state: 'in_review' });
    // The matter page shows the target as filed.
    await page.goto(`${baseUrl()}/matters/${matter.id}`);
    await page.getByText('示编发〔2026〕9号').waitFor();
    await page.getByText('核减编制（精简、收回）').waitFor();
    await approveAtCity(matter.id, '示编〔2026〕91号');
    await page.goto(`${baseUrl()}/reduction`);
    await page.getByRole('row', { name: new RegExp(title.replace(/[（）]/g, '.')) }).getByText('0/1').waitFor();
    expect((await api.ledger.target.get.query({ id: matter.id })).documentNumber).toBe('示编〔2026〕91号');
  });

  it('keeps the watch list: last quarter frozen, a unit added and taken off with a reason, the report as PDF', async () => {
    await page.getByRole('menuitem', { name: '季度监控' }).click();
    await page.getByRole('row', { name: /市住房和城乡建设局/ }).getByText('比对发现', { exact: true }).waitFor();
    await page.getByRole('row', { name: /市自然资源和规划局/ }).getByText('减编进度滞后').waitFor();
    // 市住房和城乡建设局 was on last quarter's frozen list: the same; the target behind is new.
    await page.getByRole('row', { name: /市住房和城乡建设局/ }).getByText('持平').waitFor();
    await page.getByRole('row', { name: /市自然资源和规划局/ }).getByText('新列入').waitFor();

    await page.getByRole('button', { name: '列入监控' }).click();
    const dialog = page.getByRole('dialog', { name: '列入监控' });
    await choose(dialog, '单位', '市住房和城乡建设局（示范市）', { search: '市住房和城乡建设局' });
    await dialog.getByLabel('理由').fill('重复列入');
    await dialog.getByRole('button', { name: '列入监控' }).click();
    await dialog.getByRole('alert').getByText('该单位已在监控名单中').waitFor();
    await expect(dialog.getByLabel('理由').inputValue()).resolves.toBe('重复列入');
    await choose(dialog, '单位', '市医疗保障局（示范市）', { search: '市医疗保障局' });
    await dialog.getByLabel('理由').fill('医保基金监管力量不足，借调人员较多');
    await dialog.getByRole('button', { name: '列入监控' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row', { name: /市医疗保障局/ });
    await row.getByText('人工列入', { exact: true }).waitFor();
    await row.getByRole('button', { name: '移出监控' }).click();
    const removing = page.getByRole('dialog', { name: /移出监控/ });
    await removing.getByLabel('理由').fill('核实后无需监控');
    await removing.getByRole('button', { name: '移出监控' }).click();
    await row.waitFor({ state: 'detached' });

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /季度报告（PDF）/ }).click()]);
    expect(pdf.suggestedFilename()).toBe(`季度监控-${quarterOfToday()}.pdf`);
    const [excel] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(await excelCells(excel)).toEqual(expect.arrayContaining(['市住房和城乡建设局', '市自然资源和规划局']));

    // Last quarter, as frozen at its end.
    await choose(page, '季度', (dropdown) => dropdown.locator('.ant-select-item-option').nth(1));
    await page.getByText(/季末冻结数据/).waitFor();
    await page.getByRole('row', { name: /市住房和城乡建设局/ }).waitFor();
  });
});
