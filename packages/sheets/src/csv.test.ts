import { describe, expect, it } from 'vitest';
import { csvOf } from './csv.js';

describe('CSV for open data', () => {
  it('quotes what needs quoting, keeps numbers, and neutralises cells a spreadsheet would run as formulas', () => {
    const csv = csvOf(['单位', '人数', '备注'], [
      ['市统计局', 12, '含"派出"机构，两处'],
      ['=HYPERLINK("http://evil.example","点击")', -3, '+1'],
      ['@SUM(A1)', 0, '-2+3'],
      ['\tTAB', null, 'line\r\nbreak'],
    ]);
    expect(csv.startsWith('\uFEFF单位,人数,备注\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('市统计局,12,"含""派出""机构，两处"');
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://evil.example"",""点击"")",-3,'+1`);
    expect(lines[3]).toBe("'@SUM(A1),0,'-2+3");
    expect(lines[4]).toBe(`'\tTAB,,"line`);
    expect(csv.endsWith('break"\r\n')).toBe(true);
  });
});
