import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, screenshotOnFailure, signIn } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let visitor: Page;
let bureau: Page;
// The demo seed (infra/src/seed/demo-named-roll.ts): the city's named roll on through an approved matter,
// 市机关事务管理局 classified, the first person (by name) on 市审计局's roll in a classified post.
const publishedUnit = '市审计局';
const classifiedUnit = '市机关事务管理局';

beforeAll(async () => {
  browser = await launchBrowser();
  visitor = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 }, acceptDownloads: true })).newPage();
  bureau = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 } })).newPage();
});
afterEach(async ({ task }) => {
  await screenshotOnFailure(visitor, task);
  await screenshotOnFailure(bureau, task);
});
afterAll(async () => browser?.close());

/**
 * What must not appear, read as the city admin: every birth date (both spellings), masked ID number,
 * retirement month and education of the people of the published unit and the classified unit; the
 * classified unit's name; and, within the published unit, the classified-post holders (the demo's
 * names repeat across units, so a holder's namesake elsewhere may well be published).
 */
async function forbiddenValues() {
  const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
  const unitOf = async (name: string) => (await admin.registry.organization.list.query({ search: name })).items.find((u) => u.name === name)!;
  const published = await unitOf(publishedUnit);
  const secret = await unitOf(classifiedUnit);
  const roll = await admin.ledger.person.roll.query({ organizationId: published.id });
  const secretRoll = await admin.ledger.person.roll.query({ organizationId: secret.id });
  const people = await Promise.all([...roll, ...secretRoll].slice(0, 40).map((s) => admin.ledger.person.get.query({ id: s.personId })));
  const shown = roll.filter((s) => !s.classifiedPost).map((s) => s.name);
  return {
    published,
    shown,
    classifiedPosts: roll.filter((s) => s.classifiedPost && !shown.includes(s.name)).map((s) => s.name),
    secretPeople: secretRoll.map((s) => s.name),
    values: [...new Set([...roll, ...secretRoll].flatMap((s) => [s.birthDate, s.birthDate.replaceAll('-', ''), s.idNumberMasked, s.retirementMonth]).concat(people.map((p) => p.education)))],
  };
}

describe('named-roll publication (实名制公示) on the public site', () => {
  it('answers anyone with a unit’s names, quota types and post categories — no classified post, no classified unit, nothing else', async () => {
    const { published, shown, classifiedPosts, secretPeople, values } = await forbiddenValues();
    expect(shown.length).toBeGreaterThan(0);
    expect(classifiedPosts.length).toBeGreaterThan(0);
    expect(secretPeople.length).toBeGreaterThan(0);
    const anyone = clientWith({});
    const roll = await anyone.audit.disclosure.namedRoll.query({ organizationId: published.id, limit: 200, offset: 0 });
    expect(roll.published).toBe(true);
    expect(roll.items.map((p) => p.name).sort()).toEqual([...shown].sort());
    for (const p of roll.items) expect(Object.keys(p).sort()).toEqual(['name', 'postCategory', 'quotaType']);
    const files = [await anyone.audit.disclosure.namedRollData.query({ format: 'json' }), await anyone.audit.disclosure.namedRollData.query({ format: 'csv' })];
    const searches = [];
    for (const name of [shown[0]!, ...classifiedPosts, ...secretPeople.slice(0, 5)]) searches.push(await anyone.audit.disclosure.searchPeople.query({ name, limit: 200, offset: 0 }));
    expect(searches[0]!.items.map((h) => h.unitName)).toContain(publishedUnit);
    // A held-back person is found nowhere in their unit; the classified unit is found nowhere at all.
    for (const hit of searches.flatMap((s) => s.items)) expect(classifiedPosts.includes(hit.name) && hit.unitName === publishedUnit, `${hit.name} in ${hit.unitName}`).toBe(false);
    const text = JSON.stringify([roll, searches]) + files.map((f) => f.content).join('\n');
    expect(text).toContain(shown[0]!);
    expect(text).not.toContain(classifiedUnit);
    expect(files[1]!.content.split('\r\n').filter((line) => line.includes(`,${publishedUnit},`) && classifiedPosts.some((n) => line.includes(`,${n},`)))).toEqual([]);
    for (const value of values) expect(text, value).not.toContain(value);
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });

  it('shows a unit’s named roll to an anonymous visitor, and the page holds none of the forbidden values', async () => {
    const { published, classifiedPosts, values } = await forbiddenValues();
    const firstPage = await clientWith({}).audit.disclosure.namedRoll.query({ organizationId: published.id, limit: 20, offset: 0 });
    await visitor.goto(`${baseUrl()}/public`);
    await visitor.getByLabel('按单位名称搜索').fill(publishedUnit);
    await visitor.getByLabel('按单位名称搜索').press('Enter');
    await visitor.getByRole('row', { name: new RegExp(publishedUnit) }).getByText(publishedUnit, { exact: true }).click();
    const drawer = visitor.getByRole('dialog', { name: publishedUnit });
    const card = drawer.locator('.ant-card').filter({ hasText: '实名制公示' });
    await card.getByRole('cell', { name: firstPage.items[0]!.name, exact: true }).waitFor();
    await card.getByText(`共 ${firstPage.total} 人`).waitFor();
    expect(await card.getByRole('columnheader').allInnerTexts()).toEqual(['姓名', '编制类型', '岗位类别']);
    const drawerText = await drawer.innerText();
    for (const name of classifiedPosts) expect(drawerText, name).not.toContain(name);
    await visitor.keyboard.press('Escape');
    await visitor.getByRole('tab', { name: '实名制公示' }).click();
    await visitor.getByLabel('按姓名查询').fill(firstPage.items[0]!.name);
    await visitor.getByLabel('按姓名查询').press('Enter');
    await visitor.getByRole('row', { name: new RegExp(publishedUnit) }).first().waitFor();
    // The classified-post holder, searched within the unit: nobody.
    await visitor.getByLabel('单位名称（可选）').fill(publishedUnit);
    await visitor.getByLabel('按姓名查询').fill(classifiedPosts[0]!);
    await visitor.getByLabel('按姓名查询').press('Enter');
    await visitor.locator('.ant-empty-description:visible', { hasText: '暂无数据' }).waitFor();
    const page = drawerText + (await visitor.locator('body').innerText());
    expect(page).not.toContain(classifiedUnit);
    for (const value of values) expect(page, value).not.toContain(value);
    expect(page).not.toMatch(/\d{17}[\dX]/);
  });

  it('shows the bureau its switch, and files the matter that changes it (never a direct switch)', async () => {
    await signIn(bureau, 'admin', 'bianzhi-dev');
    await bureau.waitForURL('**/workbench');
    await bureau.getByRole('menuitem', { name: '责任审计' }).click();
    const card = bureau.locator('.ant-card').filter({ has: bureau.getByText('实名制公示', { exact: true }) });
    await card.getByRole('row', { name: /示范市/ }).getByText('已开启').waitFor();
    const district = card.getByRole('row', { name: /海曙区/ });
    await district.getByText('未开启').waitFor();
    await district.getByRole('button', { name: '申报开启' }).click();
    const modal = bureau.getByRole('dialog', { name: /申报开启实名制公示：海曙区/ });
    await modal.getByLabel('申报理由').fill('海曙区申请开展实名制公示');
    await modal.getByRole('button', { name: /申\s*报/ }).click();
    // Without the request's number the form is refused where it stands, the reason kept.
    await modal.getByText('请填写此项').waitFor();
    expect(await modal.getByLabel('申报理由').inputValue()).toBe('海曙区申请开展实名制公示');
    await modal.getByLabel('请示文号').fill('示编〔2026〕97号');
    await modal.getByRole('button', { name: /申\s*报/ }).click();
    await modal.getByText('已申报，等待审批。').waitFor();
    const admin = clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
    const filed = (await admin.approval.matter.list.query({ kind: 'named_roll_publication', state: 'in_review', limit: 50 })).items.find((m) => m.title.includes('海曙区'));
    expect(filed).toBeDefined();
    // Filed, not applied: the district's switch is still off until the chain approves it.
    expect((await admin.audit.namedRoll.settings.query()).find((s) => s.name === '海曙区')?.enabled).toBe(false);
    await admin.approval.matter.withdraw.mutate({ id: filed!.id, comment: '浏览器测试撤回', decisionId: crypto.randomUUID() });
  });
});
