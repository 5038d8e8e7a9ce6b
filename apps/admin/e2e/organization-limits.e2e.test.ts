import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, choose, launchBrowser, screenshotOnFailure, signIn } from './browser.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 } });
  page = await context.newPage();
  await signIn(page, 'admin', 'bianzhi-dev');
  await page.waitForURL('**/workbench');
});

afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

const stamp = Date.now() % 100000;
const documentNumber = `示编〔2026〕${stamp}号`;
let governmentDepartments = 0;

/** The 机构限额 drawer of a jurisdiction, opened from its row on the jurisdictions page. */
async function openLimits(name: RegExp) {
  await page.goto(`${baseUrl()}/jurisdictions`);
  await page.getByRole('row', { name }).getByRole('button', { name: '机构限额' }).click();
  return page.getByRole('dialog');
}

describe('admin UI: organization limits (机构限额)', () => {
  it('shows each category’s organizations against its limit, with the document that set it', async () => {
    const drawer = await openLimits(/示范市\s*330200/);
    await drawer.getByText('示范市机构限额').waitFor();
    // The demo city's government departments stand at their limit; its organs have room.
    const government = drawer.getByRole('row', { name: /^政府工作部门/ });
    await government.getByText(/\d+ \/ 26/).waitFor();
    expect(await government.textContent()).toContain('示编〔2025〕8号');
    expect(await drawer.getByRole('row', { name: /^党政机构/ }).textContent()).toMatch(/\d+ \/ 40/);
    expect(await drawer.getByText('5—20名（示编〔2025〕8号）').isVisible()).toBe(true);
  });

  it('lets the city set a district’s limit on a document, and keeps the change', async () => {
    const drawer = await openLimits(/镇海区\s*330211\s/);
    const row = drawer.getByRole('row', { name: /^政府工作部门/ });
    const [, used] = /(\d+) \/ \d+/.exec((await row.getByText(/\d+ \/ \d+/).textContent()) ?? '') ?? [];
    governmentDepartments = Number(used);
    expect(governmentDepartments).toBeGreaterThan(0);
    await drawer.getByRole('button', { name: '调整限额' }).click();
    await drawer.getByLabel('政府工作部门', { exact: true }).fill(String(governmentDepartments));
    await drawer.getByLabel('核定文号').fill(documentNumber);
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存机构限额').waitFor();
    await row.getByText(`${governmentDepartments} / ${governmentDepartments}`).waitFor();
    expect(await row.textContent()).toContain(documentNumber);
    await drawer.getByRole('row', { name: new RegExp(`政府工作部门\\s*9 → ${governmentDepartments}\\s*${documentNumber}`) }).waitFor();
  });

  it('refuses to establish a unit beyond the limit, naming the limit, and keeps the form', async () => {
    await page.goto(`${baseUrl()}/organizations`);
    await page.getByRole('button', { name: '新设机构' }).click();
    const dialog = page.getByRole('dialog', { name: '新设机构' });
    await choose(dialog, '所属区划', '镇海区（330211）', { search: '镇海区' });
    await dialog.getByLabel('机构名称').fill(`镇海区数据资源管理局${stamp}`);
    await choose(dialog, '机构类型', '党政机关');
    await choose(dialog, '机关类别', '政府工作部门');
    // 撤一建一 satisfied by an institution: the organs' count still grows by one.
    await choose(dialog, '同时撤销的机构（撤一建一）', '镇海区人民医院（镇海区）', { search: '镇海区人民医院' });
    await dialog.getByLabel('请示文号').fill(`镇数据〔2026〕${stamp}号`);
    await dialog.getByLabel('申报理由').fill('统筹数据资源管理');
    await dialog.getByRole('button', { name: '申报设立' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`超出机构限额：镇海区政府工作部门限额${governmentDepartments}个（${documentNumber}），已有${governmentDepartments}个，变更后为${governmentDepartments + 1}个`);
    expect(await dialog.getByLabel('机构名称').inputValue()).toBe(`镇海区数据资源管理局${stamp}`);
  });
  it('leaves an organ’s branch to the level above: the district sees it fixed on its own unit, the city can change it', async () => {
    /** The edit form of a unit, opened from its page. */
    const editForm = async (on: Page, name: string) => {
      await on.goto(`${baseUrl()}/organizations`);
      await on.getByLabel('按名称筛选机构树').fill(name);
      await on.getByRole('tree', { name: '机构树' }).getByText(name).click();
      await on.getByRole('heading', { name }).waitFor();
      await on.getByRole('button', { name: /^编\s*辑$/ }).click();
      return on.getByRole('dialog', { name: '编辑' });
    };
    const district = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 } });
    try {
      const haishu = await district.newPage();
      await signIn(haishu, 'haishu', 'bianzhi-dev');
      await haishu.waitForURL('**/workbench');
      const own = await editForm(haishu, '海曙区财政局');
      expect(await own.getByLabel('机关类别').isDisabled()).toBe(true);
      expect(await own.getByLabel('经费形式', { exact: true }).isDisabled()).toBe(false);
    } finally {
      await district.close();
    }
    const city = await editForm(page, '海曙区财政局');
    expect(await city.getByLabel('机关类别').isDisabled()).toBe(false);
  });
});
