import { describe, expect, it } from 'vitest';
import { encodeArray } from './pg-array.js';

const header = (buffer: Buffer) => [0, 4, 8, 12, 16].map((at) => buffer.readInt32BE(at));

describe('encodeArray (PostgreSQL binary array format)', () => {
  it('writes one dimension from 1, the element type, and each element with its length', () => {
    const buffer = encodeArray('int', [7, -1]);
    expect(header(buffer)).toEqual([1, 0, 23, 2, 1]);
    expect([buffer.readInt32BE(20), buffer.readInt32BE(24), buffer.readInt32BE(28), buffer.readInt32BE(32)]).toEqual([4, 7, 4, -1]);
    expect(buffer.length).toBe(36);
  });

  it('marks an array holding NULL and writes NULL as length −1', () => {
    const buffer = encodeArray('uuid', [null, undefined]);
    expect(header(buffer)).toEqual([1, 1, 2950, 2, 1]);
    expect([buffer.readInt32BE(20), buffer.readInt32BE(24)]).toEqual([-1, -1]);
  });

  it('writes uuids as their 16 bytes, in either case', () => {
    const buffer = encodeArray('uuid', ['0B8F5C1E-2d3a-4b5c-8d9e-0f1a2b3c4d5e']);
    expect(buffer.subarray(24).toString('hex')).toBe('0b8f5c1e2d3a4b5c8d9e0f1a2b3c4d5e');
  });

  it('writes bigints as signed 64-bit, dates as days and timestamps as microseconds from 2000-01-01', () => {
    const big = encodeArray('bigint', [-2, 2 ** 40 + 5]);
    expect([big.readBigInt64BE(24), big.readBigInt64BE(36)]).toEqual([-2n, 2n ** 40n + 5n]);
    const dates = encodeArray('date', ['2000-01-02', '1999-12-31']);
    expect([dates.readInt32BE(24), dates.readInt32BE(32)]).toEqual([1, -1]);
    const at = encodeArray('timestamptz', [new Date('2000-01-01T00:00:01.5Z')]);
    expect(at.readBigInt64BE(24)).toBe(1_500_000n);
  });

  it('writes text as UTF-8 with its byte length', () => {
    const buffer = encodeArray('text', ['市编〔2026〕1号']);
    expect(buffer.readInt32BE(20)).toBe(Buffer.byteLength('市编〔2026〕1号'));
    expect(buffer.subarray(24).toString('utf8')).toBe('市编〔2026〕1号');
  });

  it('refuses a value that does not fit its type instead of sending it wrong', () => {
    expect(() => encodeArray('uuid', ['0b8f5c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5g'])).toThrow(/not a uuid/);
    expect(() => encodeArray('uuid', ['0b8f5c1e2d3a4b5c8d9e0f1a2b3c4d5e'])).toThrow(/not a uuid/);
    expect(() => encodeArray('uuid', ['0b8f5c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5é'])).toThrow(/not a uuid/);
    expect(() => encodeArray('uuid', ['0b8f5c1e-2d3a-4b5c-8d9e-0f1a2b3c4d\u0135'])).toThrow(/not a uuid/);
    expect(() => encodeArray('bigint', [2 ** 53])).toThrow(/safe integer/);
    expect(() => encodeArray('bigint', [1.5])).toThrow(/safe integer/);
    expect(() => encodeArray('int', [2 ** 31])).toThrow(/32-bit/);
    expect(() => encodeArray('date', ['2026-02-30'])).toThrow(/not a date/);
    expect(() => encodeArray('date', ['2026-2-3'])).toThrow(/not a date/);
    expect(() => encodeArray('date', [''])).toThrow(/not a date/);
    expect(() => encodeArray('date', ['2026-12-03', '2026-12-03', '2026-13-03'])).toThrow(/not a date/);
    expect(() => encodeArray('timestamptz', ['yesterday'])).toThrow(/not a timestamp/);
  });
});
