import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportionByLargestRemainder, combineIndicators } from './apportionment.js';

describe('largest-remainder apportionment', () => {
  it('gives the leftover units to the largest remainders', () => {
    // Exact shares 4.29, 2.86, 2.86 of 10: floors 4+2+2 = 8, the two .86 remainders get the rest.
    expect(apportionByLargestRemainder(10, [3, 2, 2])).toEqual([4, 3, 3]);
    expect(apportionByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('always adds up to the total and never strays a whole unit from the exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const shares = apportionByLargestRemainder(total, weights);
        const sum = weights.reduce((s, w) => s + w, 0);
        expect(shares.reduce((s, x) => s + x, 0)).toBe(total);
        shares.forEach((share, i) => expect(Math.abs(share - (total * weights[i]!) / sum)).toBeLessThan(1));
      }),
    );
  });

  it('refuses a positive total with no weight, and negative inputs', () => {
    expect(() => apportionByLargestRemainder(5, [0, 0])).toThrow();
    expect(() => apportionByLargestRemainder(-1, [1])).toThrow();
    expect(() => apportionByLargestRemainder(5, [1, -1])).toThrow();
    expect(apportionByLargestRemainder(0, [0, 0])).toEqual([0, 0]);
  });

  it('combines population, area and GDP by weight', () => {
    const weights = combineIndicators([
      { values: [100, 300], weight: 0.5 },
      { values: [50, 50], weight: 0.5 },
    ]);
    expect(weights[0]).toBeCloseTo(0.375);
    expect(weights[1]).toBeCloseTo(0.625);
    expect(apportionByLargestRemainder(80, weights)).toEqual([30, 50]);
  });
});
