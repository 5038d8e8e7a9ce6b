/**
 * Statutory retirement under the NPC Standing Committee decision of 2024-09-13, in force from
 * 2025-01-01. Counting from the first person whose original retirement month is January 2025, the
 * age rises by one month for every four months of birth (every two months for women whose original
 * age was 50), up to 63 for men, 58 for women whose original age was 55, and 55 for women whose
 * original age was 50. Example: a man born in December 1965 retires at 60 years 3 months, March 2026.
 */
export type OriginalRetirementAge = 60 | 55 | 50;

export interface YearMonth {
  year: number;
  month: number; // 1–12
}

interface Schedule {
  /** The first birth month whose original retirement falls in January 2025. */
  firstBirth: YearMonth;
  monthsPerStep: number;
  maxDelayMonths: number;
}

const schedules: Record<OriginalRetirementAge, Schedule> = {
  60: { firstBirth: { year: 1965, month: 1 }, monthsPerStep: 4, maxDelayMonths: 36 },
  55: { firstBirth: { year: 1970, month: 1 }, monthsPerStep: 4, maxDelayMonths: 36 },
  50: { firstBirth: { year: 1975, month: 1 }, monthsPerStep: 2, maxDelayMonths: 60 },
};

const index = (ym: YearMonth) => ym.year * 12 + (ym.month - 1);
const fromIndex = (i: number): YearMonth => ({ year: Math.floor(i / 12), month: (i % 12) + 1 });

/** Months added to the original retirement age for someone born in `birth`. */
export function retirementDelayMonths(birth: YearMonth, originalAge: OriginalRetirementAge): number {
  const schedule = schedules[originalAge];
  const offset = index(birth) - index(schedule.firstBirth);
  if (offset < 0) return 0;
  return Math.min(Math.floor(offset / schedule.monthsPerStep) + 1, schedule.maxDelayMonths);
}

export interface RetirementDate {
  /** The month in which the person reaches retirement age. */
  month: YearMonth;
  age: { years: number; months: number };
}

export function retirementDate(birth: YearMonth, originalAge: OriginalRetirementAge): RetirementDate {
  const delay = retirementDelayMonths(birth, originalAge);
  const totalMonths = originalAge * 12 + delay;
  return { month: fromIndex(index(birth) + totalMonths), age: { years: Math.floor(totalMonths / 12), months: totalMonths % 12 } };
}

/** Original retirement age by sex and post: men 60; women 55 on management and professional posts, 50 on worker posts. */
export function originalRetirementAge(sex: 'male' | 'female', post: 'management' | 'professional' | 'worker'): OriginalRetirementAge {
  if (sex === 'male') return 60;
  return post === 'worker' ? 50 : 55;
}

/** The first day of a person's statutory retirement month (YYYY-MM-01), from birth date, sex and post. */
export function retirementMonthStart(person: { birthDate: string; sex: 'male' | 'female'; postCategory: 'management' | 'professional' | 'worker' }): string {
  const [year, month] = person.birthDate.split('-').map(Number);
  const at = retirementDate({ year: year!, month: month! }, originalRetirementAge(person.sex, person.postCategory)).month;
  return `${at.year}-${String(at.month).padStart(2, '0')}-01`;
}
