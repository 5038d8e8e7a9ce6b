import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from './working-days.js';

const calendar = new WorkingCalendar();

describe('working days', () => {
  it('skips weekends and holidays and counts adjusted weekend working days', () => {
    expect(calendar.isWorkingDay('2026-12-04')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // 国庆节, a Thursday
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday worked for 国庆节
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday worked for 春节
  });

  it('counts a limit from the next day: Friday plus one working day is Monday', () => {
    expect(calendar.addWorkingDays('2026-12-04', 1)).toBe('2026-12-07');
    expect(calendar.addWorkingDays('2026-12-07', 5)).toBe('2026-12-14');
  });

  it('runs a limit across the National Day week and its adjusted Saturday', () => {
    // 30 September (Wed) + 3 working days: 1–7 October are holidays, 8 (Thu), 9 (Fri), 10 (Sat, worked).
    expect(calendar.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
  });

  it('runs a twenty-day limit across the Spring Festival', () => {
    // From 10 February: 11, 12, 13, 14 (Sat, worked); 15–23 holidays; 24–27, 28 (Sat, worked), then 2–6, 9–13 and 16 March.
    expect(calendar.addWorkingDays('2026-02-10', 5)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-02-10', 20)).toBe('2026-03-16');
  });

  it('takes corrections as data', () => {
    const corrected = new WorkingCalendar([{ day: '2027-02-20', kind: 'workday' }]);
    expect(corrected.isWorkingDay('2027-02-20')).toBe(true);
    expect(new WorkingCalendar([]).isWorkingDay('2026-10-01')).toBe(true);
  });
});
