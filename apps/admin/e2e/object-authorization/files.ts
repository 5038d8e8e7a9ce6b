import ExcelJS from 'exceljs';
import { todayInChina } from '@bianzhi/domain/calendar';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';

/** One sheet with a header row and data rows, as base64 (the imports take .xlsx). */
export async function workbookBase64(sheetName: string, rows: string[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

export const csvBase64 = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\n'), 'utf8').toString('base64');

/**
 * A valid ID number nobody in the demo city holds: the seed's people carry their unit's division
 * code, these a Beijing one (110101) and a random birth date and sequence.
 */
export function freshIdNumber(): string {
  const day = new Date(Date.UTC(1975, 0, 1) + Math.floor(Math.random() * 25 * 365) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const body = `110101${day}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return body + idNumberCheckCharacter(body)!;
}

export const today = () => todayInChina();
export const thisMonth = () => todayInChina().slice(0, 7);
