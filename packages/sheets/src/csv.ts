import { stringify } from 'csv-stringify/sync';

/** What a spreadsheet would run as a formula when a cell starts with it (CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * A text cell that a spreadsheet would read as a formula gets a leading apostrophe, so it shows as
 * text and runs nothing; numbers stay numbers.
 */
export function neutralised(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return formulaStart.test(value) ? `'${value}` : value;
}

/**
 * A CSV file for download or open data: UTF-8 with a byte-order mark (Excel reads it as such), CRLF
 * lines, quoting by the CSV library, and every text cell neutralised against formula injection.
 */
export function csvOf(header: string[], rows: (string | number | null | undefined)[][]): string {
  return stringify([header, ...rows].map((row) => row.map(neutralised)), { bom: true, record_delimiter: 'windows' });
}
