import ExcelJS from 'exceljs';
import type { OrganizationListDto } from '@bianzhi/contracts/registry';

const kindNames: Record<string, string> = { organ: '党政机关', institution: '事业单位', dispatched: '派出机构', internal: '内设机构' };
const statusNames: Record<string, string> = { planned: '筹建中', active: '正常', merging: '整合中', abolished: '已撤销', delegated: '已下放', converted: '已转企' };

/** The organization list as an .xlsx workbook in the bureau's language, header frozen and filterable. */
export async function organizationsWorkbook(items: OrganizationListDto['items'], generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianzhi 编制管理平台';
  workbook.created = generatedAt;
  const sheet = workbook.addWorksheet('机构名录', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '序号', key: 'index', width: 8 },
    { header: '机构名称', key: 'name', width: 36 },
    { header: '机构类型', key: 'kind', width: 14 },
    { header: '所属区划', key: 'jurisdiction', width: 16 },
    { header: '状态', key: 'status', width: 10 },
    { header: '设立时间', key: 'createdAt', width: 20 },
  ];
  sheet.getRow(1).font = { bold: true };
  items.forEach((item, i) =>
    sheet.addRow({
      index: i + 1,
      name: item.name,
      kind: kindNames[item.kind] ?? item.kind,
      jurisdiction: item.jurisdictionName,
      status: statusNames[item.status] ?? item.status,
      createdAt: item.createdAt,
    }),
  );
  sheet.getColumn('createdAt').numFmt = 'yyyy-mm-dd hh:mm';
  sheet.autoFilter = { from: 'A1', to: `F${items.length + 1}` };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
