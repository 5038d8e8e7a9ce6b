import { Button, Empty, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeServerError } from '../api/trpc.js';

/** What a list needs to know about the query behind it. */
export interface QueryLike {
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** A load that failed: what the server said, and a way to try again (the rest of the page stays usable). */
export function LoadFailed({ error, onRetry, compact = false }: { error: unknown; onRetry: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Result
      status={compact ? undefined : 'error'}
      icon={compact ? null : undefined}
      title={t('common.loadFailed')}
      subTitle={describeServerError(error, t('errors.network')).message}
      extra={<Button onClick={onRetry}>{t('common.retry')}</Button>}
      style={compact ? { padding: 16 } : undefined}
    />
  );
}

function EmptyOrFailed({ query, description }: { query: QueryLike; description: string | undefined }) {
  const { t } = useTranslation();
  if (query.isError) return <LoadFailed compact error={query.error} onRetry={() => void query.refetch()} />;
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t('common.empty')} />;
}

/**
 * A table's or list's `locale` for the query behind it: 暂无数据 (or `description`) when it loaded nothing, the
 * failure with 重试 when it could not load (never an empty table that looks like no data).
 */
export const emptyOrFailed = (query: QueryLike, description?: string) => ({ emptyText: <EmptyOrFailed query={query} description={description} /> });
