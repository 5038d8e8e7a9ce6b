import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates in the UI language: 2026年11月23日 21:10 / Nov 23, 2026, 9:10 PM. */
export function useDateFormat(): (value: Date) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
    return (value: Date) => format.format(value);
  }, [i18n.language]);
}
