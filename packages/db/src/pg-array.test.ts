import { describe, expect, it } from 'vitest';
import { unquotedArray } from './pg-array.js';

describe('unquotedArray', () => {
  it('writes uuids, numbers, booleans, dates, timestamps, codes and nulls as one literal', () => {
    expect(unquotedArray(['0b8f5c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', null, undefined])).toBe('{0b8f5c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e,NULL,NULL}');
    expect(unquotedArray([1, -2, 0])).toBe('{1,-2,0}');
    expect(unquotedArray([true, false])).toBe('{t,f}');
    expect(unquotedArray(['2026-12-03', new Date('2026-12-03T01:02:03.004Z')])).toBe('{2026-12-03,2026-12-03T01:02:03.004Z}');
    expect(unquotedArray(['approve_total', 'aB3-_x'])).toBe('{approve_total,aB3-_x}');
    expect(unquotedArray([])).toBe('{}');
  });

  it('refuses anything that would change how the literal splits or reads', () => {
    for (const bad of ['a,b', 'a b', '"a"', '{a}', 'a\\b', '', 'NULL', 'null', '市编〔2026〕1号']) expect(() => unquotedArray([bad])).toThrow(/array element/);
    expect(() => unquotedArray([Number.NaN])).toThrow(/finite/);
    expect(() => unquotedArray([Infinity])).toThrow(/finite/);
  });
});
