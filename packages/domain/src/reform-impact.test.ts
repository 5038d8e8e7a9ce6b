import { describe, expect, it } from 'vitest';
import { frontlineShare, mergerImpact } from './reform-impact.js';

describe('merger impact', () => {
  it('keeps the combined quota by default, recovers what the new approval leaves, and counts who ends over quota', () => {
    const parks = [
      { id: 'a', quota: 30, occupied: 28 },
      { id: 'b', quota: 20, occupied: 20 },
      { id: 'c', quota: 10, occupied: 6 },
    ];
    expect(mergerImpact(parks)).toEqual({ combinedQuota: 60, people: 54, quotaAfter: 60, recovered: 0, overQuota: 0 });
    // Approved at 50: ten places recovered, four people absorbed under exit-only.
    expect(mergerImpact(parks, 50)).toEqual({ combinedQuota: 60, people: 54, quotaAfter: 50, recovered: 10, overQuota: 4 });
  });

  it('refuses a merger that would create quota, or of a single unit', () => {
    expect(() => mergerImpact([{ id: 'a', quota: 5, occupied: 5 }, { id: 'b', quota: 5, occupied: 1 }], 11)).toThrow(/creates no quota|between 0/);
    expect(() => mergerImpact([{ id: 'a', quota: 5, occupied: 5 }])).toThrow(/at least two/);
  });
});

describe('frontline share of a quota sinking', () => {
  it('passes at 85% or more to township level and names the shortfall otherwise', () => {
    const plan = (district: number, townships: number) => [
      { targetId: 'd', frontline: false, amount: district },
      { targetId: 't', frontline: true, amount: townships },
    ];
    expect(frontlineShare(plan(45, 255))).toMatchObject({ total: 300, frontline: 255, passes: true, shortfall: 0 });
    expect(frontlineShare(plan(60, 240))).toMatchObject({ passes: false, shortfall: 15 });
    // 85% of 7 is 5.95: six must reach the front line.
    expect(frontlineShare(plan(2, 5))).toMatchObject({ passes: false, shortfall: 1 });
    expect(frontlineShare([])).toMatchObject({ total: 0, passes: true });
    expect(() => frontlineShare([{ targetId: 'x', frontline: true, amount: -1 }])).toThrow();
  });
});
