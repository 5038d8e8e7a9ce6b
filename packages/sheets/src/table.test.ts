import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv, readTable } from './table.js';
import { simpleWorkbook } from './read.js';

const columns = [
  { key: 'id', header: '公民身份号码' },
  { key: 'id', header: '身份证号' },
  { key: 'name', header: '姓名' },
] as const;

describe('reading tables from other systems', () => {
  it('parses quoted fields with commas, doubled quotes and line breaks, and CRLF rows', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n"x\ny",,z\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['x\ny', '', 'z'],
    ]);
  });

  it('decodes UTF-8 with a byte-order mark, and GB18030 when the bytes are not UTF-8', () => {
    expect(decodeText(Buffer.from('\uFEFF姓名', 'utf8'))).toBe('姓名');
    // 姓名 in GBK
    expect(decodeText(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名');
  });

  it('finds columns by any of their headers, in a CSV or a workbook, skipping blank rows', async () => {
    const csv = await readTable(Buffer.from('姓名,身份证号\n张三,330203199001011234\n,\n李四,33020319900101123X\n'), 'x', columns);
    expect(csv?.rows).toEqual([
      { row: 2, values: { id: '330203199001011234', name: '张三' } },
      { row: 4, values: { id: '33020319900101123X', name: '李四' } },
    ]);
    const book = await simpleWorkbook('名单', [{ header: '公民身份号码' }, { header: '姓名' }], [['330203199001011234', '张三']]);
    expect((await readTable(book, '名单', columns))?.rows).toEqual([{ row: 2, values: { id: '330203199001011234', name: '张三' } }]);
    expect(await readTable(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1]), 'x', columns)).toBeNull();
  });
});
