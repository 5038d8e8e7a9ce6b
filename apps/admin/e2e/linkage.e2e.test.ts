import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, choose, cityAdminPage, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';
import { freshIdNumber, today } from './object-authorization/files.js';

let browser: Browser;
let page: Page;
let server: Server;
let receiverUrl: string;
let secret = '';
/** What the receiving system got: each event with whether its signature checked out. */
const received: { id: string; type: string; subject: string; signatureOk: boolean }[] = [];
let status = 500;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const timestamp = String(req.headers['webhook-timestamp']);
      const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
      const event = JSON.parse(body) as { id: string; type: string; subject: string };
      received.push({ id: event.id, type: event.type, subject: event.subject, signatureOk: req.headers['webhook-signature'] === expected && req.headers['webhook-id'] === event.id });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bianzhi-events`;
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/**
 * 联动订阅 as the city bureau runs it for the payroll system: registered from the page (a refused
 * address keeps the form), the secret shown once, a matter decided at the city posted signed to a
 * real receiving server that first answers 500 and is retried until it accepts, the delivery log
 * with its attempts, redelivery and Excel export; then paused, rotated and deleted. The roll
 * verification is called with a service account's token.
 */
describe('admin UI: event subscriptions', () => {
  it('registers a receiving system, keeping the form on a refused address and showing the secret once', async () => {
    await page.getByRole('menuitem', { name: '联动订阅' }).click();
    await page.getByRole('button', { name: '新建订阅' }).click();
    const modal = page.getByRole('dialog', { name: '新建订阅' });
    await modal.getByLabel('接收系统名称').fill('社保联动测试系统');
    await modal.getByLabel('接收地址').fill('ftp://payroll.example/hooks');
    // Both lists take several values and stay open after a choice: a click on the title closes each.
    const closeList = () => modal.locator('.ant-modal-title').click();
    await choose(modal, '订阅的事件', '事项办结');
    await closeList();
    await choose(modal, '辖区', '示范市（330200）');
    await closeList();
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await modal.getByRole('alert').getByText('须为 http 或 https 地址').waitFor();
    expect(await modal.getByLabel('接收系统名称').inputValue()).toBe('社保联动测试系统');
    await modal.getByLabel('接收地址').fill(receiverUrl);
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    const shown = page.getByTestId('subscription-secret');
    await shown.waitFor();
    secret = /whsec_[\w-]+/.exec((await shown.textContent()) ?? '')?.[0] ?? '';
    expect(secret).toMatch(/^whsec_[\w-]{40,}$/);
    await page.getByRole('dialog', { name: '签名密钥' }).getByRole('button', { name: /确\s*定/ }).click();
    await page.getByRole('row', { name: /社保联动测试系统/ }).getByText('推送中').waitFor();
    // Listed again, the secret is nowhere.
    const api = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    expect(JSON.stringify(await api.audit.subscription.list.query())).not.toContain(secret);
  });

  it('posts a decided matter signed, retries while the receiver fails, shows the attempts, redelivers and exports', async () => {
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const [unit] = (await admin.registry.organization.list.query({ search: '市审计局' })).items;
    const matterId = crypto.randomUUID();
    await admin.approval.matter.file.mutate({ id: matterId, kind: 'leadership_posts', title: '联动测试：核定领导职数', reason: '联动测试', posts: { organizationId: unit!.id, rank: 'deputy', posts: 9 }, documents: [{ title: '请示', documentNumber: '示编〔2026〕190号' }] });
    const shouli = clientWith({ cookie: await signInCookie('shouli', 'bianzhi-dev') });
    await shouli.approval.matter.decide.mutate({ id: matterId, stepIndex: 0, decision: 'reject', comment: '联动测试退回', decisionId: crypto.randomUUID() });
    const subject = `matter/${matterId}`;
    await expect.poll(() => received.filter((r) => r.subject === subject).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    expect(received.find((r) => r.subject === subject)).toMatchObject({ type: 'cn.gov.bianzhi.matter.decided', signatureOk: true });

    await page.getByRole('row', { name: /社保联动测试系统/ }).getByRole('button', { name: '投递记录' }).click();
    const log = page.locator('.ant-card').filter({ hasText: '投递记录：社保联动测试系统' });
    await log.getByRole('row', { name: new RegExp(matterId) }).getByText('500').first().waitFor({ timeout: 15_000 });
    // The receiver is repaired: the next retry is delivered (the log refreshes itself).
    status = 204;
    await log.getByRole('row', { name: new RegExp(matterId) }).getByText('已送达').waitFor({ timeout: 30_000 });
    const attempts = received.filter((r) => r.subject === subject);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(attempts.map((r) => r.id)).size).toBe(1);

    await log.getByRole('row', { name: new RegExp(matterId) }).getByRole('button', { name: '重新投递' }).click();
    await expect.poll(() => received.filter((r) => r.subject === subject).length, { timeout: 20_000 }).toBeGreaterThan(attempts.length);
    expect(received.filter((r) => r.subject === subject).every((r) => r.signatureOk)).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), log.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^联动投递记录-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['cn.gov.bianzhi.matter.decided', subject, '已送达']));
  });

  it('pauses, rotates the secret (shown once more) and deletes the subscription', async () => {
    const row = page.getByRole('row', { name: /社保联动测试系统/ });
    // antd spaces a two-character label (暂 停, 删 除).
    await row.getByRole('button', { name: /暂\s*停/ }).click();
    await row.getByText('已暂停').waitFor();
    await row.getByRole('button', { name: '更换密钥' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: /确\s*定/ }).click();
    const shown = page.getByTestId('subscription-secret');
    await shown.waitFor();
    const rotated = /whsec_[\w-]+/.exec((await shown.textContent()) ?? '')?.[0] ?? '';
    expect(rotated).toMatch(/^whsec_[\w-]{40,}$/);
    expect(rotated).not.toBe(secret);
    await page.getByRole('dialog', { name: '签名密钥' }).getByRole('button', { name: /确\s*定/ }).click();
    await row.getByRole('button', { name: /删\s*除/ }).click();
    await page.getByRole('tooltip').getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => page.getByRole('row', { name: /社保联动测试系统/ }).count(), { timeout: 10_000 }).toBe(0);
  });

  it('answers a payroll system’s service account whether a person is on a unit’s roll, within its jurisdiction only', async () => {
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const jurisdictions = await admin.registry.jurisdiction.list.query({});
    const haishu = jurisdictions.find((j) => j.code === '330203')!;
    const account = await admin.identity.user.create.mutate({ username: `svc-roll-${Math.random().toString(36).slice(2, 8)}`, name: '海曙区社保联动测试系统', role: 'service', jurisdictionId: haishu.id });
    const { token } = await admin.identity.token.create.mutate({ userId: account.id, name: '在编核验', expiresInDays: 30 });
    const [own] = (await admin.registry.organization.list.query({ search: '海曙区卫生健康局' })).items;
    const [other] = (await admin.registry.organization.list.query({ search: '市审计局' })).items;
    // Over plain HTTP, as a system not written in TypeScript calls it.
    const call = (organizationId: string) =>
      fetch(`${baseUrl()}/trpc/ledger.verification.roll`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ json: { idNumber: freshIdNumber(), organizationId, asOf: today(), purpose: '工资统发' } }),
      });
    const answer = await call(own!.id);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { result: { data: { json: unknown } } }).result.data.json).toEqual({ onRoll: false, organizationId: own!.id, asOf: today(), quotaType: null, since: null });
    const refused = await call(other!.id);
    expect(refused.status).toBe(403);
  });
});
