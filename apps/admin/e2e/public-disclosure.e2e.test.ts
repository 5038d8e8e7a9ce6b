import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TRPCClientError } from '@trpc/client';
import type { BianzhiRouter } from '@bianzhi/client';
import { baseUrl, launchBrowser, screenshotOnFailure } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let page: Page;
const classifiedName = '市机关事务管理局';

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 }, acceptDownloads: true })).newPage();
  // The bureau marks one unit classified, then publishes and scores the disclosure (the service also does both on its own schedule).
  const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
  const [unit] = (await admin.registry.organization.list.query({ search: classifiedName })).items;
  if (!unit!.classified) await admin.registry.organization.update.mutate({ id: unit!.id, changes: { classified: true } });
  await admin.audit.disclosure.publish.mutate();
  await admin.audit.disclosure.evaluate.mutate();
});

afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

describe('public disclosure (信息公开)', () => {
  it('answers anyone without signing in, and never shows a classified unit, a person’s name or an ID number', async () => {
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const anyone = clientWith({});
    const everything: unknown[] = [];
    const first = await anyone.audit.disclosure.units.query({ limit: 200, offset: 0 });
    expect(first.total).toBeGreaterThan(20);
    for (let offset = 0; offset < first.total; offset += 200) everything.push(await anyone.audit.disclosure.units.query({ limit: 200, offset }));
    const sample = first.items.find((u) => u.quotaTotal > 0)!;
    everything.push(await anyone.audit.disclosure.unit.query({ id: sample.id }));
    everything.push(await anyone.audit.disclosure.jurisdictions.query());
    everything.push(await anyone.audit.disclosure.score.query({}));
    const json = await anyone.audit.disclosure.openData.query({ format: 'json' });
    const csv = await anyone.audit.disclosure.openData.query({ format: 'csv' });
    const published = JSON.stringify(everything) + json.content + csv.content;

    expect(published).toContain('市审计局');
    expect(published).not.toContain(classifiedName);
    const [classified] = (await admin.registry.organization.list.query({ search: classifiedName })).items;
    await expect(anyone.audit.disclosure.unit.query({ id: classified!.id })).rejects.toMatchObject({ data: { domainCode: 'NOT_FOUND' } });

    // Everyone on the roll of a few units whose jurisdiction has named-roll publication off (实名制公示, named-roll.e2e.test.ts), by name: none of them is published anywhere.
    const named = new Set((await admin.audit.namedRoll.settings.query()).filter((s) => s.enabled).map((s) => s.jurisdictionId));
    const names = new Set<string>();
    for (const unit of first.items.filter((u) => !named.has(u.jurisdictionId)).slice(0, 15)) for (const slot of await admin.ledger.person.roll.query({ organizationId: unit.id })) names.add(slot.name);
    expect(names.size).toBeGreaterThan(10);
    for (const name of names) expect(published, name).not.toContain(name);
    expect(published).not.toMatch(/\d{17}[\dX]/);

    // Anything else still needs a session.
    const refused = await anyone.audit.log.list.query({ limit: 1 }).then(() => null, (e: unknown) => e as TRPCClientError<BianzhiRouter>);
    expect(refused?.data?.domainCode).toBe('UNAUTHENTICATED');
    const publish = await anyone.audit.disclosure.publish.mutate().then(() => null, (e: unknown) => e as TRPCClientError<BianzhiRouter>);
    expect(publish?.data?.domainCode).toBe('UNAUTHENTICATED');
  });

  it('shows the public site without login: search a unit, open its page, see completeness by jurisdiction, download the open data', async () => {
    await page.goto(`${baseUrl()}/public`);
    await page.getByText('机构编制信息公开').first().waitFor();
    expect(page.url()).toContain('/public');
    await page.getByLabel('按单位名称搜索').fill('市审计局');
    await page.getByLabel('按单位名称搜索').press('Enter');
    await page.getByText('共 1 个单位').waitFor();
    await page.getByRole('row', { name: /市审计局/ }).getByText('市审计局').click();
    const drawer = page.getByRole('dialog', { name: '市审计局' });
    await drawer.getByText('核定编制').waitFor();
    await drawer.getByText('实有人数').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: '公开完整度' }).click();
    await page.getByText(/评估期：\d{4}-H[12]/).waitFor();
    await page.getByRole('columnheader', { name: '平均完整度' }).waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /开放数据（CSV）/ }).click()]);
    expect(csv.suggestedFilename()).toBe('bianzhi-disclosure.csv');
  });
});
