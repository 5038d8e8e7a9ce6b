import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { WorkforceCard } from '../analysis/workforce-card.js';

/** The month's publicly funded people (财政供养人员) at its end, beside the quota figures, with its own workbook. */
export function MonthlyWorkforce({ month, jurisdictionId }: { month: string; jurisdictionId: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canRead = useCan('analysis.read');
  const figures = useQuery({ ...trpc.ledger.workforce.monthly.queryOptions({ month, jurisdictionId }), enabled: Boolean(canRead && jurisdictionId) });
  if (!canRead || figures.isError) return null;
  return <WorkforceCard title={t('workforce.totals.monthly', { month })} figures={figures.data?.total} loading={figures.isPending} exportFile={() => queryClient.fetchQuery(trpc.ledger.workforce.monthlyXlsx.queryOptions({ month, jurisdictionId }))} />;
}
