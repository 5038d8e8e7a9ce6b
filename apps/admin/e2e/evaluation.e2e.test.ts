import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, choose, cityAdminPage, screenshotOnFailure, signedInPage } from './browser.js';
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
const year = Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

/**
 * 评估考核 as the city bureau uses it: the demo city's approved evaluation; a new evaluation with its
 * workload imported (a bad file changes nothing), scored on the ledger's figures, concluded and filed
 * as a matter, approved along the chain and recorded; last year's published assessment and its
 * ranking in Excel; this year's sheet refused with weights not summing to 100 (the form keeps the
 * input), a department scored with evidence, the editor refused as reviewer; and a district's bureau
 * seeing only its own published scores.
 */
describe('admin UI: evaluation and assessment', () => {
  it('evaluates a unit: workload imported all or nothing, scored, concluded, filed as a matter and recorded once approved', async () => {
    await page.getByRole('menuitem', { name: '评估考核' }).click();
    await page.getByRole('row', { name: /结论已批准/ }).first().waitFor();

    await page.getByRole('button', { name: '新建评估' }).click();
    const dialog = page.getByRole('dialog', { name: '新建评估' });
    await choose(dialog, '被评估单位', '市审计局（示范市）', { search: '市审计局' });
    await dialog.getByLabel('评估名称').fill(`市审计局机构编制评估（浏览器测试）`);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const drawer = page.locator('.ant-drawer', { hasText: '工作量指标' });
    await drawer.getByRole('button', { name: '计算评分' }).waitFor();
    const api = await admin();
    const evaluation = (await api.audit.evaluation.list.query({})).find((e) => e.title === '市审计局机构编制评估（浏览器测试）')!;

    const upload = (rows: string[]) => drawer.locator('input[type=file]').setInputFiles({ name: '工作量.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await upload(['指标名称,计量单位,上年数,本年数', '审计项目数,个,四十,30', ',个,10,10']);
    await drawer.getByRole('alert').getByText('第2行“上年数”：应为不小于0的数字').waitFor();
    await drawer.getByRole('alert').getByText(/第3行“指标名称”/).waitFor();
    expect((await api.audit.evaluation.get.query({ id: evaluation.id })).workload).toEqual([]);
    await upload(['指标名称,计量单位,上年数,本年数', '审计项目数,个,40,30', '专项审计调查,次,10,5']);
    await drawer.getByRole('alert').waitFor({ state: 'detached' });
    expect((await api.audit.evaluation.get.query({ id: evaluation.id })).workload).toHaveLength(2);

    await drawer.getByRole('button', { name: '计算评分' }).click();
    const scored = await (async () => {
      for (let i = 0; i < 50; i++) {
        const e = await api.audit.evaluation.get.query({ id: evaluation.id });
        if (e.score) return e;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('not scored');
    })();
    // 35 of last year's 50: 0.7 × 40 = 28 for the workload.
    expect(scored.score!.parts.workload).toBe(28);
    await drawer.getByText(String(scored.score!.total), { exact: true }).first().waitFor();

    await choose(drawer, '结论', '维持');
    await drawer.getByLabel('理由').fill('工作量虽有下降，仍在合理范围，维持现有编制');
    await drawer.getByRole('button', { name: '保存结论' }).click();
    await drawer.getByLabel('请示文号').fill('示编评〔2026〕9号');
    await drawer.getByRole('button', { name: '报批结论' }).click();
    await drawer.getByText('已报批。').waitFor();
    const matter = (await api.approval.matter.list.query({ limit: 500 })).items.find((m) => m.title.startsWith('评估结论：市审计局'))!;
    expect(matter.kind).toBe('evaluation_conclusion');
    await approveAtCity(matter.id, '示编〔2026〕90号');
    expect(await api.audit.evaluation.get.query({ id: evaluation.id })).toMatchObject({ state: 'approved', matterId: matter.id, approvalDocumentNumber: '示编〔2026〕90号', conclusion: { kind: 'keep' } });
    await page.reload();
    await page.getByRole('row', { name: /市审计局机构编制评估（浏览器测试）/ }).getByText('结论已批准').waitFor();
  });

  it('shows last year’s published assessment ranked per level and exports it', async () => {
    await page.goto(`${baseUrl()}/evaluation`);
    await page.getByRole('tab', { name: '年度考核' }).click();
    await choose(page, '考核年度', `${year - 1}年度`);
    await page.getByText('已发布', { exact: true }).waitFor();
    await page.getByRole('row', { name: /区县\s*1\s/ }).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toBe(`${year - 1}年度机构编制工作考核.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const ranking = book.getWorksheet('考核排名')!;
    expect((ranking.getRow(3).values as unknown[]).slice(1, 3)).toEqual(['区县', 1]);
    expect(ranking.getSheetValues().flat().map(String)).toEqual(expect.arrayContaining(['海曙区', '部门单位']));
  });

  it('keeps this year’s sheet: a refusal keeps the input; scores with evidence; the editor cannot review; a district sees only its own', async () => {
    await choose(page, '考核年度', `${year}年度`);
    await page.getByRole('button', { name: '编辑评分表' }).click();
    const sheet = page.getByRole('dialog', { name: `${year}年度考核评分表` });
    await sheet.getByLabel('权重').first().fill('10');
    await sheet.getByRole('button', { name: /保\s*存/ }).click();
    await sheet.getByRole('alert').getByText('各考核项目的权重合计须为100（现为90）').waitFor();
    await expect(sheet.getByLabel('考核项目').first().inputValue()).resolves.toBe('月报按时报送');
    await sheet.getByLabel('权重').first().fill('20');
    await sheet.getByRole('button', { name: /保\s*存/ }).click();
    await sheet.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: /^审\s*核$/ }).waitFor();

    await page.getByRole('button', { name: /^评\s*分$/ }).click();
    const scoring = page.getByRole('dialog', { name: '评分' });
    await scoring.getByText('部门单位', { exact: true }).click();
    await choose(scoring, '考核对象', '市审计局（示范市）', { search: '市审计局' });
    await scoring.getByLabel('月报按时报送得分').fill('90');
    await scoring.getByLabel('月报按时报送佐证').fill('11月逾期3天报送（月报报送登记表）');
    await scoring.getByRole('button', { name: /保\s*存/ }).click();
    await scoring.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /市审计局/ }).getByText('11月逾期3天报送（月报报送登记表）').waitFor();

    await page.getByRole('button', { name: /^审\s*核$/ }).click();
    await page.getByRole('alert').getByText('编辑考核评分的人不能审核本次考核').waitFor();
    const shenhe = clientWith({ cookie: await signInCookie('shenhe', 'bianzhi-dev') });
    const zhuren = clientWith({ cookie: await signInCookie('zhuren', 'bianzhi-dev') });
    await shenhe.audit.assessment.review.mutate({ year });
    await zhuren.audit.assessment.publish.mutate({ year });

    const api = await admin();
    const haishu = (await api.registry.jurisdiction.list.query({})).find((j) => j.code === '330203')!;
    // Published, last year's scores change no more.
    await expect(api.audit.assessment.score.mutate({ year: year - 1, subject: { kind: 'jurisdiction', id: haishu.id }, entered: {} })).rejects.toMatchObject({ data: { domainCode: 'ASSESSMENT_STATE' } });
    const district = await signedInPage(browser, 'haishu');
    try {
      await district.getByRole('menuitem', { name: '评估考核' }).click();
      await district.getByRole('tab', { name: '年度考核' }).click();
      await choose(district, '考核年度', `${year - 1}年度`);
      await district.getByRole('row', { name: /海曙区/ }).first().waitFor();
      const subjects = await district.locator('.ant-table-tbody').last().locator('tr').allInnerTexts();
      expect(subjects.length).toBeGreaterThan(0);
      expect(subjects.every((row) => row.includes('海曙区'))).toBe(true);
      expect(await district.getByRole('button', { name: '编辑评分表' }).count()).toBe(0);
    } finally {
      await district.context().close();
    }
  });
});
