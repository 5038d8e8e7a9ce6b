import { describe, expect, it } from 'vitest';
import { originalRetirementAge, retirementDate, retirementDelayMonths } from './retirement.js';

describe('statutory retirement dates (2025 reform)', () => {
  it('retires a man born in December 1965 at 60 years 3 months, in March 2026', () => {
    expect(retirementDate({ year: 1965, month: 12 }, 60)).toEqual({ month: { year: 2026, month: 3 }, age: { years: 60, months: 3 } });
  });

  it('leaves everyone retiring before 2025 at the original age', () => {
    expect(retirementDate({ year: 1964, month: 12 }, 60)).toEqual({ month: { year: 2024, month: 12 }, age: { years: 60, months: 0 } });
    expect(retirementDelayMonths({ year: 1969, month: 12 }, 55)).toBe(0);
    expect(retirementDelayMonths({ year: 1974, month: 12 }, 50)).toBe(0);
  });

  it('adds one month per four months of birth for men and women of original age 55', () => {
    expect(retirementDelayMonths({ year: 1965, month: 1 }, 60)).toBe(1);
    expect(retirementDelayMonths({ year: 1965, month: 4 }, 60)).toBe(1);
    expect(retirementDelayMonths({ year: 1965, month: 5 }, 60)).toBe(2);
    expect(retirementDelayMonths({ year: 1970, month: 5 }, 55)).toBe(2);
  });

  it('adds one month per two months of birth for women of original age 50', () => {
    expect(retirementDelayMonths({ year: 1975, month: 1 }, 50)).toBe(1);
    expect(retirementDelayMonths({ year: 1975, month: 3 }, 50)).toBe(2);
  });

  it('stops at 63, 58 and 55', () => {
    expect(retirementDelayMonths({ year: 1976, month: 8 }, 60)).toBe(35);
    expect(retirementDate({ year: 1976, month: 9 }, 60).age).toEqual({ years: 63, months: 0 });
    expect(retirementDate({ year: 1990, month: 1 }, 60).age).toEqual({ years: 63, months: 0 });
    expect(retirementDate({ year: 1981, month: 9 }, 55).age).toEqual({ years: 58, months: 0 });
    expect(retirementDelayMonths({ year: 1984, month: 10 }, 50)).toBe(59);
    expect(retirementDate({ year: 1984, month: 11 }, 50).age).toEqual({ years: 55, months: 0 });
  });

  it('derives the original age from sex and post', () => {
    expect(originalRetirementAge('male', 'worker')).toBe(60);
    expect(originalRetirementAge('female', 'management')).toBe(55);
    expect(originalRetirementAge('female', 'worker')).toBe(50);
  });
});
