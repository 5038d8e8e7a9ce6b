import { describe, expect, it } from 'vitest';
import { flowchartSvg, jpegPdf, layoutFlowchart, wrap } from './guide-flowchart.js';

const labels = { title: '食品经营许可办事流程图', start: '申请', end: '办结', days: (n: number) => `${n}个工作日` };
const steps = [
  { name: '受理', actor: '政务服务窗口', days: 1 },
  { name: '审查', actor: '食品经营监管科', days: 10 },
  { name: '决定', actor: '分管局领导', days: null },
];

describe('guide flowchart', () => {
  it('draws 申请, every step in order and 办结, joined by one arrow less than boxes', () => {
    const layout = layoutFlowchart(steps, labels);
    expect(layout.boxes.map((b) => b.lines[0])).toEqual(['申请', '1. 受理', '2. 审查', '3. 决定', '办结']);
    expect(layout.boxes[2]!.lines[1]).toBe('食品经营监管科 · 10个工作日');
    expect(layout.boxes[3]!.lines[1]).toBe('分管局领导');
    expect(layout.arrows).toHaveLength(4);
    // Each arrow runs from the bottom of one box to the top of the next.
    layout.arrows.forEach((a, i) => {
      expect(a.y1).toBe(layout.boxes[i]!.y + layout.boxes[i]!.h);
      expect(a.y2).toBe(layout.boxes[i + 1]!.y);
    });
    expect(layout.height).toBeGreaterThan(layout.boxes.at(-1)!.y + layout.boxes.at(-1)!.h);
  });

  it('escapes what people typed and wraps long names', () => {
    const svg = flowchartSvg([{ name: '<script>审查</script>', actor: 'A & B', days: 2 }], labels);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('A &amp; B');
    expect(wrap('一二三四五六七八九十', 4, 2)).toEqual(['一二三四', '五六七…']);
  });

  it('writes a PDF whose cross-reference offsets point at its objects', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const pdf = jpegPdf(jpeg, 4, 2, 2, 1);
    const text = new TextDecoder('latin1').decode(pdf);
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => expect(text.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`));
    expect(Number(/startxref\n(\d+)/.exec(text)![1])).toBe(text.indexOf('xref\n0 6'));
  });
});
