import { describe, expect, it } from 'vitest';
import superjson from 'superjson';
import { isPlainJson, transformer } from './transformer.js';

class Point {
  constructor(public x: number) {}
}

const sparse = [1, , 3];
const nullPrototype = Object.assign(Object.create(null) as object, { a: 1 });
const values: [string, unknown][] = [
  ['a batch result', Array.from({ length: 3 }, (_, i) => ({ id: `t${i}`, status: 'created', error: null }))],
  ['nested plain data', { a: [1, 'x', true, null, { b: [] }], c: {} }],
  ['a date', { at: new Date('2026-12-03T04:00:00Z') }],
  ['an undefined member', { a: undefined, b: 1 }],
  ['undefined in an array', [1, undefined]],
  ['a sparse array', sparse],
  ['NaN', { n: Number.NaN }],
  ['infinity', [Number.POSITIVE_INFINITY]],
  ['minus zero', { z: -0 }],
  ['a bigint', { n: 1n }],
  ['a map and a set', { m: new Map([['k', 1]]), s: new Set([1]) }],
  ['a class instance', { p: new Point(1) }],
  ['an object without prototype', { o: nullPrototype }],
  ['a regular expression', { r: /x/g }],
  ['an error', new Error('boom')],
  ['a string', 'text'],
  ['null', null],
  ['undefined', undefined],
];

describe('the tRPC transformer', () => {
  it.each(values)('serializes %s exactly as superjson does, and reads it back the same', (_, value) => {
    expect(transformer.serialize(value)).toEqual(superjson.serialize(value));
    expect(transformer.deserialize(transformer.serialize(value))).toEqual(superjson.deserialize(superjson.serialize(value)));
  });

  it('takes the fast path only for plain JSON', () => {
    expect(values.filter(([, value]) => isPlainJson(value)).map(([name]) => name)).toEqual(['a batch result', 'nested plain data', 'a string', 'null']);
  });

  it('leaves a cycle to superjson, which records it', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(isPlainJson(cyclic)).toBe(false);
    expect(transformer.serialize(cyclic)).toEqual(superjson.serialize(cyclic));
  });
});
