/**
 * Today's date in China as YYYY-MM-DD: documents take effect on Beijing calendar days. China keeps
 * UTC+8 all year (no daylight saving since 1991), so this is arithmetic, not a time-zone lookup: the
 * ledger asks it for every write, and building an Intl formatter each time cost more than the SQL.
 */
export function todayInChina(now: Date = new Date()): string {
  return chinaClock(now).slice(0, 10);
}

/** A calendar day (YYYY-MM-DD) plus `days` days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The instant a calendar day begins in China (00:00 at UTC+8). */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** An instant on China's wall clock: YYYY-MM-DD HH:mm:ss (slice for the day or the minute). */
export function chinaClock(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** A calendar day plus `months` months, the day clamped to the target month's length (31 March − 1 month = 28 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
