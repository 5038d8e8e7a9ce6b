import ExcelJS from 'exceljs';
import type { OrganizationListItem } from '@bianzhi/contracts/registry';
import { branchLabels, classLabels, fundingLabels, kindLabels, rankLabels, statusLabels } from '@bianzhi/domain/organization-labels';

/**
 * One column layout for the registry in Excel, shared by the export, the import template and the
 * import reader, so that an exported file can be edited and imported back.
 */
export const sheetColumns = [
  { key: 'name', header: '机构名称', width: 36, required: true },
  { key: 'jurisdictionCode', header: '所属区划代码', width: 14, required: true },
  { key: 'jurisdictionName', header: '所属区划', width: 14, required: false, exportOnly: true },
  { key: 'kind', header: '机构类型', width: 12, required: true, options: Object.values(kindLabels) },
  { key: 'institutionClass', header: '事业单位类别', width: 14, required: false, options: Object.values(classLabels) },
  { key: 'funding', header: '经费形式', width: 12, required: false, options: Object.values(fundingLabels) },
  { key: 'rank', header: '机构规格', width: 10, required: false, options: Object.values(rankLabels) },
  { key: 'parentName', header: '主管部门', width: 30, required: false },
  { key: 'creditCode', header: '统一社会信用代码', width: 22, required: false },
  { key: 'nameplates', header: '加挂牌子', width: 30, required: false },
  { key: 'classified', header: '是否涉密', width: 10, required: false, options: ['是', '否'] },
  { key: 'organBranch', header: '机关类别', width: 14, required: false, options: Object.values(branchLabels) },
  { key: 'status', header: '状态', width: 10, required: false, exportOnly: true },
  { key: 'effectiveDate', header: '设立（变更）日期', width: 16, required: false, exportOnly: true },
] as const;

export type SheetKey = (typeof sheetColumns)[number]['key'];
export const importColumns = sheetColumns.filter((c) => !('exportOnly' in c));
export const SHEET_NAME = '机构名录';

function newWorkbook(generatedAt: Date) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianzhi 编制管理平台';
  workbook.created = generatedAt;
  return workbook;
}

function headerRow(sheet: ExcelJS.Worksheet, columns: readonly (typeof sheetColumns)[number][]) {
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
}

/** The organization list as an .xlsx workbook in the bureau's language, header frozen and filterable. */
export async function organizationsWorkbook(items: OrganizationListItem[], generatedAt: Date): Promise<Buffer> {
  const workbook = newWorkbook(generatedAt);
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  headerRow(sheet, sheetColumns);
  for (const item of items) {
    sheet.addRow({
      name: item.name,
      jurisdictionCode: item.jurisdictionCode,
      jurisdictionName: item.jurisdictionName,
      kind: kindLabels[item.kind],
      institutionClass: item.institutionClass ? classLabels[item.institutionClass] : '',
      funding: item.funding ? fundingLabels[item.funding] : '',
      rank: rankLabels[item.rank],
      parentName: item.parentName ?? '',
      creditCode: item.creditCode ?? '',
      nameplates: item.nameplates.map((n) => n.name).join('、'),
      classified: item.classified ? '是' : '否',
      organBranch: item.organBranch ? branchLabels[item.organBranch] : '',
      status: statusLabels[item.status],
      effectiveDate: item.effectiveDate,
    });
  }
  sheet.autoFilter = { from: 'A1', to: { row: items.length + 1, column: sheetColumns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An empty import template: the import columns, drop-down lists where the values are fixed, one example row. */
export async function importTemplate(generatedAt: Date): Promise<Buffer> {
  const workbook = newWorkbook(generatedAt);
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  headerRow(sheet, importColumns);
  importColumns.forEach((column, index) => {
    const cell = sheet.getRow(1).getCell(index + 1);
    if (column.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    if ('options' in column) {
      for (let row = 2; row <= 2000; row++) {
        sheet.getRow(row).getCell(index + 1).dataValidation = { type: 'list', allowBlank: !column.required, formulae: [`"${column.options.join(',')}"`] };
      }
    }
  });
  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [{ width: 100 }];
  for (const line of [
    '1. 红色列为必填项；机构类型、事业单位类别、经费形式、机构规格、是否涉密请从下拉列表选择。',
    '2. 所属区划代码填写6位（市、区县）或9位（乡镇街道）行政区划代码。',
    '3. 主管部门填写同一文件中或系统中已有的机构全称。',
    '4. 统一社会信用代码为18位，系统校验第18位校验码。',
    '5. 加挂牌子可填多个，用顿号“、”分隔。',
    '6. 任一行有错误时整个文件不导入，请按错误列表修改后重新上传。',
  ]) notes.addRow([line]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
