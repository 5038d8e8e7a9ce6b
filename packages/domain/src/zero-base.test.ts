import { describe, expect, it } from 'vitest';
import { zeroBaseAllocation, zeroBaseSensitivity, type ZeroBaseUnit } from './zero-base.js';

const unit = (id: string, protectedMinimum: number, population: number, area: number, gdp: number, revenue: [number, number]): ZeroBaseUnit => ({ id, protectedMinimum, population, area, gdp, revenue });
const towns = [unit('南门', 5, 60_000, 12, 80, [9, 11]), unit('西门', 3, 40_000, 8, 50, [5, 7]), unit('石碶', 8, 30_000, 40, 30, [3, 3])];
const weights = { population: 0.4, area: 0.2, gdp: 0.2, revenue: 0.2 };

describe('zero-base reallocation', () => {
  it('serves the protected minimums first, shares the rest by the weighted index, and adds up exactly', () => {
    const shares = zeroBaseAllocation(100, towns, weights);
    expect(shares.map((s) => s.protectedShare)).toEqual([5, 3, 8]);
    expect(shares.reduce((sum, s) => sum + s.total, 0)).toBe(100);
    expect(shares.reduce((sum, s) => sum + s.weightedShare, 0)).toBe(84);
    // Population 6:4:3 (0.4), area 12:8:40 (0.2), GDP 80:50:30 (0.2), revenue averages 10:6:3 (0.2).
    const index = [0.4 * 6 / 13 + 0.2 * 12 / 60 + 0.2 * 80 / 160 + 0.2 * 10 / 19, 0.4 * 4 / 13 + 0.2 * 8 / 60 + 0.2 * 50 / 160 + 0.2 * 6 / 19, 0.4 * 3 / 13 + 0.2 * 40 / 60 + 0.2 * 30 / 160 + 0.2 * 3 / 19];
    shares.forEach((s, i) => expect(Math.abs(s.weightedShare - (84 * index[i]!) / index.reduce((a, b) => a + b, 0))).toBeLessThan(1));
  });

  it('uses the two-year average of fiscal revenue', () => {
    const onlyRevenue = { population: 0, area: 0, gdp: 0, revenue: 1 };
    expect(zeroBaseAllocation(20, [unit('a', 0, 0, 0, 0, [10, 30]), unit('b', 0, 0, 0, 0, [20, 20])], onlyRevenue).map((s) => s.total)).toEqual([10, 10]);
  });

  it('refuses protected minimums beyond the total, negative indicators and all-zero weights', () => {
    expect(() => zeroBaseAllocation(15, towns, weights)).toThrow(/exceed the total/);
    expect(() => zeroBaseAllocation(100, [unit('x', 0, -1, 0, 0, [0, 0])], weights)).toThrow(/≥ 0/);
    expect(() => zeroBaseAllocation(100, towns, { population: 0, area: 0, gdp: 0, revenue: 0 })).toThrow(/not all 0/);
    expect(() => zeroBaseAllocation(100, [], weights)).toThrow();
  });

  it('shares equally when no unit has any indicator', () => {
    expect(zeroBaseAllocation(7, [unit('a', 1, 0, 0, 0, [0, 0]), unit('b', 0, 0, 0, 0, [0, 0])], weights).map((s) => s.total)).toEqual([4, 3]);
  });

  it('reports, per weight moved ±5%, which units change and by how much, always summing to no change overall', () => {
    const { base, cases } = zeroBaseSensitivity(1_000, towns, weights);
    expect(base.reduce((sum, s) => sum + s.total, 0)).toBe(1_000);
    expect(cases.map((c) => `${c.indicator}${c.percent > 0 ? '+' : '-'}`)).toEqual(['population+', 'population-', 'area+', 'area-', 'gdp+', 'gdp-', 'revenue+', 'revenue-']);
    for (const c of cases) expect(c.changes.reduce((sum, ch) => sum + ch.delta, 0)).toBe(0);
    // More weight on area favours 石碶, the largest and least populous.
    const area = cases.find((c) => c.indicator === 'area' && c.percent === 5)!;
    expect(area.changes.find((ch) => ch.id === '石碶')!.delta).toBeGreaterThan(0);
    expect(area.largestChange).toBeGreaterThan(0);
  });
});
