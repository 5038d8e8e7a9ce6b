import { readSheet, type SheetRows } from './read.js';

/**
 * Tables from other systems arrive as .xlsx or as CSV; CSV from government finance systems is
 * often GB18030 (GBK) rather than UTF-8. Either way the rows come back keyed by header, with
 * the same shape as readSheet's.
 */

/** UTF-8 unless the bytes are not valid UTF-8, then GB18030. A UTF-8 byte-order mark is dropped. */
export function decodeText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

/** RFC 4180 fields: commas, quoted fields with doubled quotes and line breaks inside, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Columns may be listed more than once under different headers (aliases such as 身份证号 / 公民身份号码). */
export function rowsFromCsv<K extends string>(content: Buffer, columns: readonly { key: K; header: string }[]): SheetRows<K> {
  const [header = [], ...body] = parseCsv(decodeText(content));
  const columnOf = new Map<K, number>();
  header.forEach((text, index) => {
    const column = columns.find((c) => c.header === text.replace(/\s/g, ''));
    if (column && !columnOf.has(column.key)) columnOf.set(column.key, index);
  });
  const rows: SheetRows<K>['rows'] = [];
  body.forEach((cells, i) => {
    const values: Partial<Record<K, string>> = {};
    for (const [key, index] of columnOf) values[key] = (cells[index] ?? '').trim();
    if (Object.values(values).some((v) => v)) rows.push({ row: i + 2, values });
  });
  return { columnOf, rows };
}

const isZip = (content: Buffer) => content.length > 3 && content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04;

/** An .xlsx workbook (first sheet, or the named one) or a CSV file; null when it is neither. */
export async function readTable<K extends string>(content: Buffer, sheetName: string, columns: readonly { key: K; header: string }[]): Promise<SheetRows<K> | null> {
  if (isZip(content)) return readSheet(content, sheetName, columns).catch(() => null);
  if (content.includes(0)) return null;
  return rowsFromCsv(content, columns);
}
