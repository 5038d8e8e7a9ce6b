import { addDays } from './calendar.js';

/**
 * Statutory time limits count working days (工作日): Monday to Friday, except public holidays, plus
 * the weekend days the State Council's yearly notice turns into working days (调休上班). The days
 * are data: the defaults below, which the city bureau corrects or extends (`approval.calendar.set`)
 * when the next year's notice is published.
 */
export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

const range = (from: string, to: string, name: string): CalendarDay[] => {
  const days: CalendarDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push({ day: d, kind: 'holiday', name });
  return days;
};
const workday = (day: string, name: string): CalendarDay => ({ day, kind: 'workday', name });

/**
 * 2026: the State Council's notice for 2026 (holidays and the adjusted working days).
 * 2027: only the statutory holidays of the 2024 holiday rules (元旦 1, 春节 4 from New Year's Eve,
 * 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 days); the bridging days and adjusted working days of the
 * 2027 notice are to be entered once it is published.
 */
export const defaultCalendarDays: readonly CalendarDay[] = [
  ...range('2026-01-01', '2026-01-03', '元旦'),
  workday('2026-01-04', '元旦调休'),
  ...range('2026-02-15', '2026-02-23', '春节'),
  workday('2026-02-14', '春节调休'),
  workday('2026-02-28', '春节调休'),
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  workday('2026-05-09', '劳动节调休'),
  ...range('2026-06-19', '2026-06-21', '端午节'),
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  workday('2026-09-20', '国庆节调休'),
  workday('2026-10-10', '国庆节调休'),
  ...range('2027-01-01', '2027-01-01', '元旦'),
  ...range('2027-02-05', '2027-02-08', '春节'),
  ...range('2027-04-05', '2027-04-05', '清明节'),
  ...range('2027-05-01', '2027-05-02', '劳动节'),
  ...range('2027-06-09', '2027-06-09', '端午节'),
  ...range('2027-09-15', '2027-09-15', '中秋节'),
  ...range('2027-10-01', '2027-10-03', '国庆节'),
];

export class WorkingCalendar {
  private readonly kinds: Map<string, 'holiday' | 'workday'>;

  constructor(days: Iterable<Pick<CalendarDay, 'day' | 'kind'>> = defaultCalendarDays) {
    this.kinds = new Map([...days].map((d) => [d.day, d.kind]));
  }

  isWorkingDay(day: string): boolean {
    const kind = this.kinds.get(day);
    if (kind) return kind === 'workday';
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The last day of a limit of `n` working days counted from the day after `from` (a matter received
   * on a Friday with a limit of 1 is due on Monday), so the limit ends at the close of that day.
   */
  addWorkingDays(from: string, n: number): string {
    let day = from;
    for (let counted = 0; counted < n; ) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) counted++;
    }
    return day;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not later). */
  workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (this.isWorkingDay(day)) n++;
    return n;
  }
}
