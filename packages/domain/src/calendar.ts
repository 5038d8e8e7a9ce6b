/** Today's date in China (UTC+8) as YYYY-MM-DD: documents take effect on Beijing calendar days. */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
