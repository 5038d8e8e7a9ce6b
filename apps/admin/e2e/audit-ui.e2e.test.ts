import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { choose, cityAdminPage, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';

let browser: Browser;
let page: Page;
const title = `审计局超编进人${Date.now() % 100000}`;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
});

afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

describe('admin UI: violations and the audit log', () => {
  it('records a violation with an evidence file; the unit’s approvals are blocked until it is reported and closed', async () => {
    await page.getByRole('menuitem', { name: '问题整改' }).click();
    await page.getByRole('button', { name: '登记问题' }).click();
    const dialog = page.getByRole('dialog', { name: '登记问题' });
    await choose(dialog, '单位', '市审计局（示范市）', { search: '市审计局' });
    await choose(dialog, '问题类型', '超编进人');
    await dialog.getByLabel('整改期限').fill('2027-03-31');
    await dialog.getByLabel('问题概述').fill(title);
    await dialog.getByLabel('具体情况').fill('2026年专项督查发现超编进人2名');
    await dialog.locator('input[type=file]').setInputFiles({ name: '督查记录.txt', mimeType: 'text/plain', buffer: Buffer.from('现场核查记录：超编2名') });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(`已登记问题：${title}`).waitFor();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await row.getByText('待整改').waitFor();

    // The ledger refuses the unit a staffing-use plan approval while the violation is open.
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const [unit] = (await api.registry.organization.list.query({ search: '市审计局' })).items;
    const blocked = await api.registry.organization.update.mutate({ id: unit!.id, changes: { funding: 'partial' } }).then(() => null, (e: { message: string }) => e.message);
    expect(blocked).toContain(title);

    await row.getByRole('button', { name: '报告整改' }).click();
    const report = page.getByRole('dialog', { name: /报告整改/ });
    await report.getByLabel('整改情况').fill('已按程序清退超编人员2名');
    await report.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已提交整改情况').waitFor();
    await row.getByText('整改中').waitFor();

    await row.getByRole('button', { name: '复核关闭' }).click();
    const close = page.getByRole('dialog', { name: /复核关闭/ });
    await close.getByLabel('复核结论').fill('经复查整改到位');
    await close.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('问题已关闭，审批冻结已解除').waitFor();
    await row.getByText('已关闭').waitFor();
    expect((await api.registry.organization.update.mutate({ id: unit!.id, changes: { funding: 'partial' } })).funding).toBe('partial');
  });

  it('shows the violation’s history and its evidence, checked against the stored checksum', async () => {
    await page.getByRole('row', { name: new RegExp(title) }).getByText(title).click();
    const drawer = page.getByRole('dialog', { name: title });
    await drawer.getByText('经复查整改到位').waitFor();
    await drawer.getByText('督查记录.txt').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: /下\s*载/ }).click()]);
    expect(download.suggestedFilename()).toBe('督查记录.txt');
    await drawer.getByText('校验一致').waitFor();
    await page.keyboard.press('Escape');
  });

  it('lists the violation’s events in the audit log with the chain intact, filters by unit, exports to Excel, and refuses a forged signed head', async () => {
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByTestId('chain-status').getByText(/日志链完整/).waitFor();
    await choose(page.locator('form'), '单位', '市审计局（示范市）', { search: '市审计局' });
    await page.getByRole('button', { name: /搜\s*索/ }).click();
    await page.getByRole('row', { name: /audit\.violation\.closed/ }).first().waitFor();
    await page.getByRole('row', { name: /audit\.violation\.opened/ }).first().waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const types = book.getWorksheet('审计日志')!.getColumn(4).values.map(String);
    expect(types).toContain('audit.violation.opened');
    expect(types).toContain('audit.violation.closed');

    const forged = { day: '2026-12-01', seq: 1, hash: 'a'.repeat(64), keyId: 'forged', signature: 'AAAA' };
    await page.locator('input[type=file]').setInputFiles({ name: 'audit-head-2026-12-01.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(forged)) });
    await page.getByRole('alert').getByText('签名文件无效').waitFor();
  });

  it('cross-checks a payroll against the roll with a progress bar, lists the findings, and turns one into a violation', async () => {
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const [unit] = (await api.registry.organization.list.query({ search: '市审计局' })).items;
    const onRoll = await api.ledger.person.roll.query({ organizationId: unit!.id });
    expect(onRoll.length).toBeGreaterThan(0);
    // Someone the roll does not know, paid by the unit; nobody on its roll is paid.
    const body = `33020319${String(70 + (Date.now() % 20))}0505${String(Date.now() % 900 + 100)}`;
    const ghost = body + idNumberCheckCharacter(body);
    const bad = ['公民身份号码,姓名,发放单位,应发金额', `${ghost.slice(0, 17)}${ghost[17] === '0' ? '1' : '0'},钱某,市审计局,9000`].join('\n');
    const good = ['公民身份号码,姓名,发放单位,应发金额', `${ghost},钱某,市审计局,9000`].join('\n');

    await page.getByRole('menuitem', { name: '交叉比对' }).click();
    await page.getByText('点击或拖入工资统发文件（.xlsx 或 .csv）').waitFor();
    const payrollInput = page.locator('input[type=file]').first();
    await payrollInput.setInputFiles({ name: '统发工资.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('alert').getByText(/第2行“公民身份号码”/).waitFor();
    await payrollInput.setInputFiles({ name: '统发工资.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByText('已导入“统发工资.csv”：1 行，涉及 1 个单位').waitFor();

    await page.getByRole('button', { name: '开始比对' }).click();
    await page.getByRole('progressbar', { name: '比对进度' }).waitFor();
    await page.getByRole('radio', { name: '发薪但不在编（1）' }).waitFor({ state: 'attached' });
    await page.getByText(`在编但未发薪（${onRoll.length}）`).waitFor();
    const row = page.getByRole('row', { name: new RegExp(ghost) });
    await row.getByText('应发 9000 元（文件第 2 行）').waitFor();
    // Leaving and coming back (here, a reload) shows the same run and its findings.
    await page.reload();
    await row.getByText('应发 9000 元（文件第 2 行）').waitFor();

    await row.getByRole('button', { name: '转为问题' }).click();
    const dialog = page.getByRole('dialog', { name: '转为问题' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已登记问题：财政统发工资人员钱某不在实名制名册').waitFor();
    await row.getByText('已转为问题').waitFor();

    // Close it again, so the unit's approvals are not left blocked for the other tests.
    const [violation] = await api.audit.violation.list.query({ organizationId: unit!.id, status: 'open' });
    expect(violation).toMatchObject({ kind: 'ghost_employee', title: '财政统发工资人员钱某不在实名制名册' });
    await api.audit.violation.close.mutate({ id: violation!.id, conclusion: '经核实为新录用人员，手续补办中' });
  });

  it('downloads the unit’s responsibility audit report as PDF and as Excel, with this year’s violations in it', async () => {
    const year = new Date().getFullYear();
    await page.getByRole('menuitem', { name: '责任审计' }).click();
    await choose(page.locator('form'), '单位', '市审计局（示范市）', { search: '市审计局' });
    await page.getByLabel('开始日期').fill(`${year}-01-01`);
    await page.getByLabel('结束日期').fill(`${year}-12-31`);
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载 PDF/ }).click()]);
    expect(pdf.suggestedFilename()).toBe(`机构编制责任审计报告-市审计局-${year}-01-01至${year}-12-31.pdf`);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(await pdf.path())).subarray(0, 5).toString()).toBe('%PDF-');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载 Excel/ }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const titles = (book.getWorksheet('违规问题')!.getColumn(2).values as unknown[]).map(String);
    expect(titles).toContain(title);
  });
});
