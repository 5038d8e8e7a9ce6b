import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayInChina } from '@bianzhi/domain/calendar';
import { describeServerError, type ServerError } from '../../api/trpc.js';

/** What 评估考核's two tabs share. */
export const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The year in China now. */
export const thisYear = () => Number(todayInChina().slice(0, 4));

/** One mutation's refusal, shown above the form it came from (the form keeps what was typed). */
export function useRefusal() {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  return { refusal, onError: (error: unknown) => setRefusal(describeServerError(error, t('errors.network'))), reset: () => setRefusal(null) };
}
