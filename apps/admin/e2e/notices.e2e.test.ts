import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import type { Browser, Page } from 'playwright-core';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import { baseUrl, choose, launchBrowser, screenshotOnFailure, signedInPage } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

/**
 * 督查通知 as the bureau and the unit use it: 海曙区's bureau issues 海曙区人民医院 a notice (a past
 * deadline is refused and the form keeps what was typed), the hospital's own user (the demo seed's
 * account) sees it, downloads it and acknowledges it, the bureau closes it; 江北区's bureau neither
 * lists nor reads it. The demo seed's own notices are there: one awaiting acknowledgement, one closed.
 */
let browser: Browser;
let bureau: Page;
let hospital: Page;
const pages: Page[] = [];
const stamp = Date.now().toString(36);
const problem = `超编进人未报告${stamp}`;
const unitName = '海曙区人民医院';

beforeAll(async () => {
  browser = await launchBrowser();
  bureau = await signedInPage(browser, 'haishu');
  hospital = await signedInPage(browser, 'haishu-yiyuan');
  pages.push(bureau, hospital);
});
afterEach(async ({ task }) => {
  for (const page of pages) await screenshotOnFailure(page, task);
});
afterAll(async () => browser?.close());

const row = (page: Page, text: string) => page.getByRole('row', { name: new RegExp(text) });

describe('admin UI: supervision notices (督查通知)', () => {
  it('holds the demo seed’s notices: one awaiting the hospital’s acknowledgement, one closed after its talk’s commitments were confirmed', async () => {
    const api = clientWith({ cookie: await signInCookie('haishu', 'bianzhi-dev') });
    const notices = (await api.audit.notice.list.query({})).filter((n) => n.organizationName === unitName);
    expect(notices.map((n) => n.status).sort()).toEqual(expect.arrayContaining(['closed', 'issued']));
    const commitments = await api.audit.talk.commitments.query({});
    expect(commitments.some((c) => c.overdue)).toBe(true);
    expect(commitments.some((c) => c.status === 'done')).toBe(true);
  });

  it('issues a notice: a past deadline is refused and the form keeps its input; then it is numbered and listed', async () => {
    await bureau.getByRole('menuitem', { name: '督查通知' }).click();
    await bureau.getByRole('button', { name: '下发通知书' }).click();
    const dialog = bureau.getByRole('dialog', { name: '下发通知书' });
    await choose(dialog, '被督查单位', `${unitName}（海曙区）`, { search: unitName });
    await dialog.getByLabel('存在的问题').fill(problem);
    await dialog.getByLabel('整改要求').fill('停止进人，逐步消化超编');
    await dialog.getByLabel('整改期限').fill(addDays(todayInChina(), -1));
    await dialog.getByRole('button', { name: /下\s*发/ }).click();
    await dialog.getByRole('alert').getByText('整改期限不能早于今天').waitFor();
    await expect(dialog.getByLabel('存在的问题').inputValue()).resolves.toBe(problem);
    await dialog.getByLabel('整改期限').fill(addDays(todayInChina(), 60));
    await dialog.getByRole('button', { name: /下\s*发/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(bureau, problem).getByText('待签收').waitFor();
    const number = (await row(bureau, problem).locator('td').first().textContent())!;
    expect(number).toMatch(/^编督〔\d{4}〕\d+号$/);
  });

  it('is acknowledged by the hospital’s own user, who downloads it as a PDF; the bureau then closes it', async () => {
    await hospital.getByRole('menuitem', { name: '督查通知' }).click();
    const mine = row(hospital, problem);
    await mine.getByText('待签收').waitFor();
    const [download] = await Promise.all([hospital.waitForEvent('download'), mine.getByRole('button', { name: /PDF/ }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^机构编制督查通知书-编督〔\\d{4}〕\\d+号-${unitName}\\.pdf$`));
    await mine.getByRole('button', { name: /签\s*收/ }).click();
    await hospital.getByRole('dialog').getByRole('button', { name: /签\s*收/ }).click();
    await mine.getByText('已签收').waitFor();
    // The unit's user neither issues nor closes.
    expect(await hospital.getByRole('button', { name: '下发通知书' }).count()).toBe(0);
    expect(await mine.getByRole('button', { name: /办\s*结/ }).count()).toBe(0);

    await bureau.reload();
    await row(bureau, problem).getByRole('button', { name: /办\s*结/ }).click();
    const dialog = bureau.getByRole('dialog', { name: /办结/ });
    await dialog.getByLabel('办结结论').fill('经复查整改到位');
    await dialog.getByRole('button', { name: /办\s*结/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(bureau, problem).getByText('已办结').waitFor();
  });

  it('is out of sight of another district’s bureau, in the list, by id and on its page', async () => {
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const jiangbei = (await admin.registry.jurisdiction.list.query({})).find((j) => j.code === '330205')!;
    const username = `jb-notice-${stamp}`;
    const password = `Jiangbei-${stamp}-ok!`;
    await admin.identity.user.create.mutate({ username, name: '江北区编办 督查', role: 'district_admin', jurisdictionId: jiangbei.id, password });
    const notice = (await admin.audit.notice.list.query({})).find((n) => n.problem === problem)!;
    const other = clientWith({ cookie: await signInCookie(username, password) });
    expect((await other.audit.notice.list.query({})).map((n) => n.id)).not.toContain(notice.id);
    const refused = await other.audit.notice.get.query({ id: notice.id }).then(() => null, (error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect(['OUT_OF_SCOPE', 'NOT_FOUND']).toContain(((refused as TRPCClientError<never>).data as unknown as { domainCode?: string }).domainCode);
    const page = await signedInPage(browser, username, password);
    pages.push(page);
    const listed = page.waitForResponse((r) => r.url().includes('audit.notice.list') && r.status() === 200);
    await page.goto(`${baseUrl()}/notices`);
    await listed;
    await page.locator('.ant-card-head-title', { hasText: '督查通知' }).waitFor();
    expect(await page.getByText(problem).count()).toBe(0);
  });
});
