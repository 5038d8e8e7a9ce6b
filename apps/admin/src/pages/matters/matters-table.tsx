import { Link } from '@tanstack/react-router';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MatterSummaryDto } from '@bianzhi/contracts/approval';
import { emptyOrFailed, type QueryLike } from '../load-state.js';
import { useDateFormat } from '../use-date-format.js';
import { DeadlineTag, MatterStateTag } from './matter-tags.js';

/** Matters as a list: each links to its page, where it is decided. */
export function MattersTable({ items, query, action }: { items: MatterSummaryDto[]; query: QueryLike & { isLoading: boolean }; action: string }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  return (
    <Table<MatterSummaryDto>
      rowKey="id"
      size="small"
      dataSource={items}
      loading={query.isLoading}
      locale={emptyOrFailed(query)}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('matters.columns.title'), dataIndex: 'title', render: (title: string, m) => <Link to="/matters/$matterId" params={{ matterId: m.id }}>{title}</Link> },
        { title: t('matters.columns.kind'), dataIndex: 'kind', render: (k: MatterSummaryDto['kind']) => t(`matters.kinds.${k}`) },
        { title: t('matters.columns.jurisdiction'), dataIndex: 'jurisdictionName' },
        { title: t('matters.columns.filedBy'), render: (_, m) => m.filedBy.name },
        { title: t('matters.columns.step'), render: (_, m) => (m.state === 'in_review' && m.currentStepKind ? t(`matters.steps.${m.currentStepKind}`) : m.state === 'returned' ? t('workbench.returnedToMe') : '—') },
        { title: t('matters.columns.deadline'), render: (_, m) => <DeadlineTag deadline={m.deadline} /> },
        { title: t('matters.columns.state'), dataIndex: 'state', render: (s: MatterSummaryDto['state']) => <MatterStateTag state={s} /> },
        { title: t('matters.columns.filedAt'), dataIndex: 'filedAt', render: (v: string) => format(new Date(v)) },
        { title: '', key: 'action', render: (_, m) => <Link to="/matters/$matterId" params={{ matterId: m.id }} aria-label={`${action} ${m.title}`}>{action}</Link> },
      ]}
    />
  );
}
