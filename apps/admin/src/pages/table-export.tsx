import { useState } from 'react';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadBlob } from './download.js';

/**
 * Any table on screen as an Excel file, built in the browser. exceljs is loaded only when someone
 * exports (its own chunk), so it never weighs on the first load.
 */
export async function exportTable(filename: string, sheetName: string, columns: { header: string; width?: number }[], rows: (string | number | null)[][]): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width ?? 14));
  for (const row of rows) sheet.addRow(row);
  downloadBlob(filename, new Blob([await workbook.xlsx.writeBuffer()], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
}

/** 导出 Excel for the table beside it: the rows as shown, one sheet. */
export function ExportButton({ filename, sheetName, columns, rows }: { filename: string; sheetName: string; columns: { header: string; width?: number }[]; rows: () => (string | number | null)[][] }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      loading={pending}
      onClick={() => {
        setPending(true);
        void exportTable(filename, sheetName, columns, rows()).finally(() => setPending(false));
      }}
    >
      {t('common.exportExcel')}
    </Button>
  );
}
