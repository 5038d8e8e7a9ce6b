import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { creditCodeCheckCharacter } from '@bianzhi/domain/identifiers';
import { createJurisdiction } from '../jurisdiction/jurisdiction.service.js';
import { registryHarness, refusal } from '../test-support.js';

let h: Awaited<ReturnType<typeof registryHarness>>;
let bureau: ReturnType<typeof h.callerAs>;

beforeAll(async () => {
  h = await registryHarness('registry-import');
  bureau = h.callerAs(h.userIn('city_admin', h.cityId));
  await createJurisdiction(h.db, servicePrincipal('seed'), { parentId: h.cityId, level: 'district', code: '330212', name: '鄞州区' });
});
afterAll(async () => h?.drop());

/** Fills the template the way a bureau clerk would: open it, type rows under the header, save. */
async function filledTemplate(rows: (string | undefined)[][]): Promise<string> {
  const template = await bureau.registry.organization.importTemplate();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(template.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet('机构名录')!;
  rows.forEach((values, i) => values.forEach((value, c) => (sheet.getRow(i + 2).getCell(c + 1).value = value ?? null)));
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

async function finished(id: string) {
  for (let i = 0; i < 200; i++) {
    const job = await bureau.registry.organization.importStatus({ id });
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}

const code = (body: string) => body + creditCodeCheckCharacter(body);

describe('Excel import', () => {
  it('has a template whose columns match the export', async () => {
    const template = await bureau.registry.organization.importTemplate();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(template.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    expect((workbook.getWorksheet('机构名录')!.getRow(1).values as unknown[]).slice(1)).toEqual([
      '机构名称', '所属区划代码', '机构类型', '事业单位类别', '经费形式', '机构规格', '主管部门', '统一社会信用代码', '加挂牌子', '是否涉密', '机关类别',
    ]);
    expect(workbook.getWorksheet('填写说明')).toBeDefined();
  });

  it('imports every row in one go, supervising organs before their units', async () => {
    const content = await filledTemplate([
      ['鄞州区实验小学', '330212', '事业单位', '公益一类', '全额拨款', '股级', '鄞州区教育局', code('12330212MB0A0001'.padEnd(17, '0')), '', '否'],
      ['鄞州区教育局', '330212', '党政机关', '', '全额拨款', '正科级', '', '', '鄞州区语言文字工作委员会办公室', '否'],
    ]);
    const started = await bureau.registry.organization.importStart({ filename: '鄞州区.xlsx', contentBase64: content });
    expect(['validating', 'importing', 'succeeded']).toContain(started.status);
    const job = await finished(started.id);
    expect(job).toMatchObject({ status: 'succeeded', totalRows: 2, imported: 2, errors: [] });
    const school = (await bureau.registry.organization.list({ search: '实验小学' })).items[0]!;
    expect(school).toMatchObject({ kind: 'institution', institutionClass: 'welfare_1', rank: 'gu', status: 'active', parentName: '鄞州区教育局', basis: 'inventory' });
    const bureauUnit = (await bureau.registry.organization.list({ search: '语言文字' })).items[0]!;
    expect(bureauUnit.name).toBe('鄞州区教育局');
  });

  it('reports every bad cell by row and column and imports nothing', async () => {
    const before = await h.db.selectFrom('registry.organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const content = await filledTemplate([
      ['鄞州区卫生健康局', '330212', '党政机关', '', '', '', '', '', '', ''],
      ['', '999999', '机关', '', '', '', '', '', '', ''],
      ['鄞州区人民医院', '330212', '事业单位', '公益三类', '', '', '不存在的主管部门', '12330212MB0000000', '', '也许'],
      ['鄞州区教育局', '330212', '党政机关', '', '', '', '', '', '', ''],
    ]);
    const job = await finished((await bureau.registry.organization.importStart({ filename: 'bad.xlsx', contentBase64: content })).id);
    expect(job.status).toBe('failed');
    expect(job.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '机构名称'],
      [3, '所属区划代码'],
      [3, '机构类型'],
      [4, '事业单位类别'],
      [4, '统一社会信用代码'],
      [4, '主管部门'],
      [4, '是否涉密'],
      [5, '机构名称'],
    ]);
    expect(job.errors[2]!.message).toContain('不是有效选项');
    expect(job.errors[7]!.message).toBe('“鄞州区”已有同名机构');
    const after = await h.db.selectFrom('registry.organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a file that is not a workbook, and callers without the import permission', async () => {
    const job = await finished((await bureau.registry.organization.importStart({ filename: 'x.xlsx', contentBase64: Buffer.from('not a workbook').toString('base64') })).id);
    expect(job.errors[0]!.message).toContain('无法读取该文件');
    const township = h.callerAs(h.userIn('township_admin', h.cityId));
    expect((await refusal(township.registry.organization.importStart({ filename: 'x.xlsx', contentBase64: 'AA==' }))).code).toBe('FORBIDDEN');
  });
  it('imports nothing that would take a category over its jurisdiction’s limit: recording existing units counts like establishing them', async () => {
    const yinzhou = (await bureau.registry.jurisdiction.list({ search: '330212' })).find((j) => j.code === '330212')!;
    const institutions = (await bureau.registry.limit.list({ jurisdictionId: yinzhou.id })).categories.find((c) => c.category === 'institution_all')!.used;
    await bureau.registry.limit.set({ jurisdictionId: yinzhou.id, documentNumber: '示编〔2026〕70号', limits: [{ category: 'institution_all', maximum: institutions }] });
    const content = await filledTemplate([['鄞州区第二实验小学', '330212', '事业单位', '公益一类', '全额拨款', '股级', '', '', '', '否']]);
    const job = await finished((await bureau.registry.organization.importStart({ filename: '超限.xlsx', contentBase64: content })).id);
    expect(job.status).toBe('failed');
    expect(job.errors[0]!.message).toContain(`超出机构限额：鄞州区事业单位限额${institutions}个（示编〔2026〕70号）`);
    expect((await bureau.registry.organization.list({ search: '第二实验小学' })).items).toEqual([]);
  });
});
