import { describe, expect, it } from 'vitest';
import { addDays, addMonths, chinaClock, chinaDayStart, todayInChina } from './calendar.js';

describe('China calendar days', () => {
  it('starts a day at midnight UTC+8 and reads instants on the Beijing clock', () => {
    expect(chinaDayStart('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(chinaClock(new Date('2026-11-30T16:30:05Z'))).toBe('2026-12-01 00:30:05');
    expect(todayInChina(new Date('2026-11-30T16:30:05Z'))).toBe('2026-12-01');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('adds months, clamping the day to the month’s length', () => {
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28');
    expect(addMonths('2028-03-31', -1)).toBe('2028-02-29');
    expect(addMonths('2026-11-23', -12)).toBe('2025-11-23');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('gives the same day as the Asia/Shanghai time zone at every hour of two years', () => {
    const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let at = Date.UTC(2025, 0, 1); at < Date.UTC(2027, 0, 1); at += 3600_000 + 7 * 60_000) {
      expect(todayInChina(new Date(at))).toBe(shanghai.format(new Date(at)));
    }
  });
});
