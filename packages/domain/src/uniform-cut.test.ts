import { describe, expect, it } from 'vitest';
import { uniformCut } from './uniform-cut.js';

describe('uniform cut', () => {
  it('recovers 5% of the eligible quota, hospitals and schools excepted, summing exactly', () => {
    const result = uniformCut([
      { id: '财政局', quota: 43, occupied: 40, excepted: false },
      { id: '统计局', quota: 27, occupied: 27, excepted: false },
      { id: '第一医院', quota: 900, occupied: 880, excepted: true },
      { id: '第一中学', quota: 150, occupied: 150, excepted: true },
      { id: '档案馆', quota: 10, occupied: 4, excepted: false },
    ]);
    // 5% of 80 eligible places.
    expect(result.total).toBe(4);
    expect(result.units.reduce((sum, u) => sum + u.cut, 0)).toBe(4);
    expect(result.units.find((u) => u.id === '第一医院')).toEqual({ id: '第一医院', cut: 0, fromVacancies: 0, digestByExit: 0, quotaAfter: 900 });
    expect(result.units.find((u) => u.id === '第一中学')!.cut).toBe(0);
  });

  it('takes vacancies first and leaves the rest to be digested as people leave', () => {
    const [full, roomy] = uniformCut([
      { id: 'full', quota: 100, occupied: 99, excepted: false },
      { id: 'roomy', quota: 100, occupied: 50, excepted: false },
    ]).units;
    expect(full).toEqual({ id: 'full', cut: 5, fromVacancies: 1, digestByExit: 4, quotaAfter: 95 });
    expect(roomy).toEqual({ id: 'roomy', cut: 5, fromVacancies: 5, digestByExit: 0, quotaAfter: 95 });
  });

  it('rounds the total down and refuses a bad rate or negative figures', () => {
    expect(uniformCut([{ id: 'a', quota: 19, occupied: 0, excepted: false }]).total).toBe(0);
    expect(uniformCut([{ id: 'a', quota: 19, occupied: 0, excepted: false }], 0.1).units[0]!.cut).toBe(1);
    expect(uniformCut([{ id: 'h', quota: 50, occupied: 50, excepted: true }])).toEqual({ total: 0, units: [{ id: 'h', cut: 0, fromVacancies: 0, digestByExit: 0, quotaAfter: 50 }] });
    expect(() => uniformCut([], 0)).toThrow(/rate/);
    expect(() => uniformCut([{ id: 'x', quota: -1, occupied: 0, excepted: false }])).toThrow(/whole numbers/);
  });
});
