import { useMemo } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { todayInChina } from '@bianzhi/domain/calendar';
import { useTranslation } from 'react-i18next';

/** Dates in the UI language: 2026年11月23日 21:10 / Nov 23, 2026, 9:10 PM. */
export function useDateFormat(): (value: Date) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
    return (value: Date) => format.format(value);
  }, [i18n.language]);
}

/**
 * The bureau's today (China time), whatever zone the browser is in: the day the server dates
 * changes by. A browser on UTC would otherwise propose yesterday from midnight to 08:00 in Beijing.
 */
export const chinaToday = (): Dayjs => dayjs(todayInChina());
