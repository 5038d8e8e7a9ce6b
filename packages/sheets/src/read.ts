import ExcelJS from 'exceljs';

/**
 * Reading the bureau's Excel sheets: cells as trimmed text (rich text, formulas and dates
 * included), columns found by their header text whatever their order, blank rows skipped.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return String(value.result ?? '').trim();
  }
  return String(value).trim();
}

export interface SheetRows<K extends string> {
  /** Which sheet column each known header was found in. */
  columnOf: Map<K, number>;
  rows: { row: number; values: Partial<Record<K, string>> }[];
}

/** The rows of the named sheet (or the first one), keyed by the columns whose headers match; null when the file has no sheet. */
export async function readSheet<K extends string>(content: Buffer, sheetName: string, columns: readonly { key: K; header: string }[]): Promise<SheetRows<K> | null> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet(sheetName) ?? workbook.worksheets[0];
  if (!sheet) return null;
  const columnOf = new Map<K, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const column = columns.find((c) => c.header === cellText(cell.value).replace(/\s/g, ''));
    if (column) columnOf.set(column.key, col);
  });
  const rows: SheetRows<K>['rows'] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Partial<Record<K, string>> = {};
    for (const [key, col] of columnOf) values[key] = cellText(row.getCell(col).value);
    if (Object.values(values).some((v) => v)) rows.push({ row: rowNumber, values });
  });
  return { columnOf, rows };
}

export interface SheetSpec {
  name: string;
  columns: readonly { header: string; width?: number }[];
  rows: readonly (string | number | null)[][];
  title?: string;
  /** A line under the title (who reports, as of when, in which unit of measure). */
  subtitle?: string;
}

/** A workbook with one sheet per spec: a bold header row, the given rows, column widths, frozen header. */
export async function workbookOf(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianzhi';
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 + (spec.title ? 1 : 0) + (spec.subtitle ? 1 : 0) }] });
    for (const [text, font] of [
      [spec.title, { bold: true, size: 14 }],
      [spec.subtitle, { size: 10 }],
    ] as const) {
      if (!text) continue;
      sheet.addRow([text]).font = font;
      sheet.mergeCells(sheet.rowCount, 1, sheet.rowCount, Math.max(1, spec.columns.length));
    }
    const header = sheet.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    spec.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width ?? 14));
    for (const row of spec.rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook with one sheet. */
export async function simpleWorkbook(sheetName: string, columns: readonly { header: string; width?: number }[], rows: readonly (string | number | null)[][], options: { title?: string } = {}): Promise<Buffer> {
  return workbookOf([{ name: sheetName, columns, rows, ...(options.title ? { title: options.title } : {}) }]);
}
