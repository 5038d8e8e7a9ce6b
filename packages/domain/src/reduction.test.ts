import { describe, expect, it } from 'vitest';
import { achievedOf, previousQuarter, quarterEnd, quarterEndsBetween, quarterOf, quarterStart, reductionProgress, trendOf } from './reduction.js';

describe('quarters', () => {
  it('names the quarter of a day and its first and last days', () => {
    expect(quarterOf('2026-01-01')).toBe('2026Q1');
    expect(quarterOf('2026-03-31')).toBe('2026Q1');
    expect(quarterOf('2026-04-01')).toBe('2026Q2');
    expect(quarterOf('2026-12-31')).toBe('2026Q4');
    expect(quarterEnd('2026Q1')).toBe('2026-03-31');
    expect(quarterEnd('2026Q2')).toBe('2026-06-30');
    expect(quarterEnd('2026Q4')).toBe('2026-12-31');
    expect(quarterStart('2026Q3')).toBe('2026-07-01');
    expect(previousQuarter('2027Q1')).toBe('2026Q4');
    expect(previousQuarter('2026Q3')).toBe('2026Q2');
  });

  it('lists the quarter ends from the start to the deadline, both included', () => {
    expect(quarterEndsBetween('2026-11-15', '2027-06-30')).toEqual(['2026-12-31', '2027-03-31', '2027-06-30']);
    expect(quarterEndsBetween('2026-11-15', '2027-06-29')).toEqual(['2026-12-31', '2027-03-31']);
    expect(quarterEndsBetween('2026-12-31', '2026-12-31')).toEqual(['2026-12-31']);
    expect(quarterEndsBetween('2026-11-15', '2026-12-01')).toEqual([]);
  });
});

describe('reduction progress', () => {
  const terms = { amount: 10, startDate: '2026-01-01', deadline: '2026-12-31' };

  it('counts only the fall of the figure since before the start, never a rise', () => {
    expect(achievedOf({ before: 50, now: 46 })).toBe(4);
    expect(achievedOf({ before: 50, now: 53 })).toBe(0);
  });

  it('is on pace when the achieved amount keeps up with an even spread over the days', () => {
    // 2026-06-30 is day 181 of 365: a steady pace reaches floor(10 × 181 / 365) = 4.
    const p = reductionProgress(terms, { before: 50, now: 46 }, '2026-06-30');
    expect(p).toEqual({ achieved: 4, remaining: 6, expected: 4, quartersLeft: 3, pacePerQuarter: 2, status: 'on_pace' });
  });

  it('is behind below the pace, and says what each quarter left must bring', () => {
    const p = reductionProgress(terms, { before: 50, now: 47 }, '2026-06-30');
    expect(p.status).toBe('behind');
    expect(p.remaining).toBe(7);
    expect(p.pacePerQuarter).toBe(3);
  });

  it('is met once the amount is reached, also after the deadline', () => {
    expect(reductionProgress(terms, { before: 50, now: 40 }, '2026-03-31').status).toBe('met');
    expect(reductionProgress(terms, { before: 50, now: 38 }, '2027-01-01')).toMatchObject({ status: 'met', remaining: 0, pacePerQuarter: 0 });
  });

  it('is missed after the deadline when short, and on the deadline itself still only behind', () => {
    expect(reductionProgress(terms, { before: 50, now: 41 }, '2026-12-31').status).toBe('behind');
    expect(reductionProgress(terms, { before: 50, now: 41 }, '2027-01-01')).toMatchObject({ status: 'missed', remaining: 1, quartersLeft: 0, pacePerQuarter: 1 });
  });

  it('expects nothing before the start', () => {
    expect(reductionProgress(terms, { before: 50, now: 50 }, '2025-12-31')).toMatchObject({ expected: 0, status: 'on_pace' });
  });
});

describe('trend', () => {
  it('compares a figure with the last quarter', () => {
    expect(trendOf(null, 3)).toBe('new');
    expect(trendOf(3, 2)).toBe('better');
    expect(trendOf(3, 3)).toBe('same');
    expect(trendOf(3, 4)).toBe('worse');
  });
});
