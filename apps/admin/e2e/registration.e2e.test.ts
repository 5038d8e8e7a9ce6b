import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, cityAdminPage, screenshotOnFailure, excelCells } from './browser.js';
import { clientWith, signInCookie } from './session-client.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await cityAdminPage());
});
afterEach(async ({ task }) => screenshotOnFailure(page, task));
afterAll(async () => browser?.close());

const admin = async () => clientWith({ cookie: await signInCookie('admin', 'bianzhi-dev') });
const unitId = async (name: string) => (await (await admin()).registry.organization.list.query({ search: name })).items.find((o) => o.name === name)!.id;

/**
 * 法人登记 and 章程 as the city bureau uses them, on the demo city's registrations (infra/src/seed/demo-registration.ts):
 * the lists by state and what is missing, exported; an abolished unit's missing cancellation registered
 * from its page after a refusal that keeps the input; a charter approved as a matter on the unit's page,
 * a second one refused while another is decided; the approved charter on the public site, anonymously.
 */
describe('admin UI: legal-person registration and charters', () => {
  it('lists registrations by state, expiring certificates, missing reports and cancellations, and exports them', async () => {
    await page.getByRole('menuitem', { name: '法人登记' }).click();
    await page.getByRole('row', { name: /市博物馆.*有效（已变更）/ }).waitFor();
    await page.getByRole('row', { name: /市机关招待所.*已注销/ }).waitFor();

    await page.getByRole('tab', { name: /证书到期/ }).click();
    await page.getByRole('row', { name: /市档案馆.*证书即将到期/ }).waitFor();
    await page.getByRole('row', { name: /市职业技术学院.*证书已过期/ }).waitFor();

    await page.getByRole('tab', { name: /未办注销登记/ }).click();
    const panel = page.getByRole('tabpanel', { name: /未办注销登记/ });
    await panel.getByRole('row', { name: /市会展服务中心/ }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toBe('未办注销登记.xlsx');
    expect(await excelCells(download)).toEqual(expect.arrayContaining(['市会展服务中心', '机构已撤销、合并、转企或下放，尚未办理注销登记']));

    await page.getByRole('tab', { name: /未报年度报告/ }).click();
    await page.getByRole('tabpanel', { name: /未报年度报告/ }).getByRole('row', { name: /市博物馆/ }).waitFor();
    expect(await page.getByRole('tabpanel', { name: /未报年度报告/ }).getByRole('row', { name: /市图书馆/ }).count()).toBe(0);
  });

  it('registers the missing cancellation from the unit’s page: a refusal keeps the input, then the flag is gone', async () => {
    await page.goto(`${baseUrl()}/organizations/${await unitId('市会展服务中心')}`);
    await page.getByRole('tab', { name: '法人登记与章程' }).click();
    await page.getByText('机构已撤销、合并、转企或下放，尚未办理注销登记').first().waitFor();
    await page.getByRole('button', { name: '注销登记' }).click();
    const dialog = page.getByRole('dialog', { name: /注销登记：市会展服务中心/ });
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.getByText('请填写此项').waitFor();
    await dialog.getByLabel('说明').fill('机构已撤销，办理注销登记');
    await dialog.getByLabel('登记日期').fill('2020-01-01');
    await dialog.getByLabel('登记日期').press('Enter');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.getByRole('alert').getByText('注销日期不能早于设立登记日期').waitFor();
    await expect(dialog.getByLabel('说明').inputValue()).resolves.toBe('机构已撤销，办理注销登记');
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
    await dialog.getByLabel('登记日期').fill(today);
    await dialog.getByLabel('登记日期').press('Enter');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /注销登记.*机构已撤销，办理注销登记/ }).waitFor();
    expect(await page.getByText('尚未办理注销登记').count()).toBe(0);
    const registered = await (await admin()).registry.registration.unit.query({ organizationId: await unitId('市会展服务中心') });
    expect(registered.registration).toMatchObject({ status: 'cancelled', cancelledOn: today });
  });

  it('shows the approved charter, files a revision as a matter, and refuses a second charter while one is decided', async () => {
    await page.goto(`${baseUrl()}/organizations/${await unitId('市图书馆')}`);
    await page.getByRole('tab', { name: '法人登记与章程' }).click();
    await page.getByRole('row', { name: /示编〔2026〕95号/ }).waitFor();

    await page.goto(`${baseUrl()}/organizations/${await unitId('市博物馆')}`);
    await page.getByRole('tab', { name: '法人登记与章程' }).click();
    await page.getByText(/未报送年度报告：[\d、]+年度/).waitFor();
    await page.getByRole('button', { name: '章程报批' }).click();
    const dialog = page.getByRole('dialog', { name: /章程报批：市博物馆/ });
    await dialog.getByLabel('宗旨', { exact: true }).fill('保护和展示本地历史文化遗产（浏览器测试）');
    await dialog.getByLabel('宗旨和业务范围').fill('藏品保护、陈列展览、社会教育');
    await dialog.getByLabel('治理结构').fill('馆务会议决策，职工代表大会民主管理');
    await dialog.getByLabel('请示文号').fill('示文旅〔2026〕99号');
    await dialog.getByLabel('申报理由').fill('修订章程');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.getByRole('alert').getByText('市博物馆已有章程在报批中').waitFor();
    await expect(dialog.getByLabel('治理结构').inputValue()).resolves.toBe('馆务会议决策，职工代表大会民主管理');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();

    // The museum's charter waiting on review is a matter of the city bureau's chain.
    const matters = await (await admin()).approval.matter.list.query({ kind: 'charter_approval' });
    expect(matters.items.map((m) => [m.title, m.state])).toEqual(expect.arrayContaining([['市博物馆章程核准', 'in_review'], ['市图书馆章程核准', 'applied']]));
  });

  it('publishes the approved charter and the published annual report on the public site for anyone', async () => {
    const anonymous = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 } })).newPage();
    await anonymous.goto(`${baseUrl()}/public`);
    await anonymous.getByRole('tab', { name: '事业单位章程' }).click();
    await anonymous.getByText(/市图书馆（示范市）第1版/).waitFor();
    await anonymous.getByText(/市图书馆（示范市）\d{4}年度报告/).waitFor();
    expect(await anonymous.getByText(/市博物馆（示范市）/).count()).toBe(0);
    await anonymous.close();
  });
});
