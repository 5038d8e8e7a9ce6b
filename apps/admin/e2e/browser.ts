import { approveAlongChain } from './matter-chain.js';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Download, type Locator, type Page } from 'playwright-core';

export const baseUrl = (): string => {
  const url = process.env.BIANZHI_E2E_URL;
  if (!url) throw new Error('BIANZHI_E2E_URL is not set: browser tests run through `npm test`, which starts the full stack');
  return url;
};

/** The system Chromium (CHROMIUM_PATH), launched headless with the flags this environment needs. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set; install chromium (Debian: apt-get install -y chromium)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
}

/** Where failing browser tests leave a screenshot (printed in the failure), for a person to look at. */
export async function screenshotOnFailure(page: Page, task: { name: string; result?: { state?: string } }): Promise<void> {
  if (task.result?.state !== 'fail') return;
  const file = `${process.env.BIANZHI_E2E_ARTIFACTS ?? '/tmp'}/e2e-${task.name.replace(/\W+/g, '-').slice(0, 60)}.png`;
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  console.error(`screenshot of the failure: ${file}`);
}

/**
 * Chooses an option in an antd Select or TreeSelect labelled `label` inside `scope`, and waits until the
 * field shows it. The option list can be replaced or closed under the click (a search answering, the
 * opening animation, the options refetched after a save), so every step is bounded: a click that does
 * not land within a few seconds is tried again with the list reopened, up to three times.
 * `option` is the option's title, or a function that finds the option in the open list; `search` is typed first.
 */
export async function choose(scope: Locator | Page, label: string, option: string | ((dropdown: Locator) => Locator), options: { search?: string } = {}): Promise<void> {
  const page = 'page' in scope ? scope.page() : scope;
  const field = scope.getByLabel(label, { exact: true });
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const bounded = { timeout: 5000 };
  let title: string | undefined = typeof option === 'string' ? option : undefined;
  for (let attempt = 1; ; attempt++) {
    // Clicking the field of an open list closes it, so open it only when no list is showing.
    if ((await dropdown.count()) === 0) await field.click();
    // A searching select (units by name) lists options only once something is typed.
    if (options.search) await field.fill(options.search);
    const target = typeof option === 'string' ? dropdown.getByTitle(option, { exact: true }) : option(dropdown);
    title ??= await target.textContent(bounded).then((text) => text?.trim(), () => undefined);
    const clicked = title !== undefined && (await target.click(bounded).then(() => true, () => false));
    // The chosen value is shown inside the field (.ant-select); the option list is rendered elsewhere.
    if (clicked && (await scope.locator('.ant-select').getByTitle(title!, { exact: true }).first().waitFor({ timeout: 3000 }).then(() => true, () => false))) return;
    if (attempt === 3) throw new Error(`could not choose ${title ?? 'the option'} in ${label}`);
  }
}

/**
 * A page of its own browser context signed in as `username`, in China time (as the bureau's users
 * work: documents dated today must not precede today's changes, which are dated in China days).
 */
export async function signedInPage(browser: Browser, username: string, password = 'bianzhi-dev'): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 960 } })).newPage();
  await signIn(page, username, password);
  await page.getByRole('menu').first().waitFor();
  return page;
}

/**
 * Takes a filed staffing-use plan to approval from the plan queue (报批, a matter), follows the link
 * to the matter, has the demo bureau approve it along its chain, and waits on the queue until the
 * plan shows approved. The queue refetches when a window regains focus (several signed-in pages in
 * one test), and a click landing while its row re-renders is lost: click again, up to three times.
 */
export async function approvePlanInQueue(page: Page, reason: string, approvedText: string): Promise<void> {
  const row = page.getByRole('row', { name: new RegExp(reason) });
  const dialog = page.getByRole('dialog', { name: /用编计划报批/ });
  for (let attempt = 1; !(await dialog.isVisible()); attempt++) {
    await row.getByRole('button', { name: /^报\s*批$/ }).click();
    await dialog.waitFor({ timeout: 5000 }).catch(() => undefined);
    if (attempt === 3 && !(await dialog.isVisible())) throw new Error(`the plan “${reason}” did not open for filing`);
  }
  await dialog.getByLabel('请示文号').fill('示人〔2026〕91号');
  await dialog.getByLabel('申报理由').fill(`用编计划报批：${reason}`);
  await dialog.getByRole('button', { name: /申\s*报/ }).click();
  await page.getByRole('button', { name: '查看事项' }).click();
  await page.waitForURL('**/matters/*');
  await approveAlongChain(page.url().split('/').at(-1)!, '示编〔2026〕98号');
  await page.goBack();
  await row.getByText(approvedText).waitFor({ timeout: 30_000 });
}

/** A browser with one page signed in as the city admin (zh-CN, downloads accepted), for a test file's beforeAll. */
export async function cityAdminPage(): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 960 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, 'admin', 'bianzhi-dev');
  await page.waitForURL('**/workbench');
  return { browser, page };
}

/** Every cell of a downloaded workbook's first sheet, as text: what an export put in it. */
export async function excelCells(download: Download): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  return book.worksheets[0]!.getSheetValues().flat().map(String);
}
