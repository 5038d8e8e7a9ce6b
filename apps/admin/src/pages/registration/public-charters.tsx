import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Collapse, Descriptions, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { LoadFailed } from '../load-state.js';

/** 事业单位章程 on the public site: the latest approved charter of each live, non-classified institution, searchable by name. */
export function PublicCharters() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const query = useQuery({ ...trpc.registry.charter.published.queryOptions({ q, limit: 200 }), placeholderData: keepPreviousData });
  if (query.isError) return <LoadFailed error={query.error} onRetry={() => void query.refetch()} />;
  const charters = query.data ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search allowClear style={{ maxWidth: 320 }} placeholder={t('registration.public.search')} aria-label={t('registration.public.search')} onSearch={setQ} />
      {query.isSuccess && charters.length === 0 && <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>}
      <Collapse
        items={charters.map((c) => ({
          key: c.organizationId,
          label: `${c.organizationName}（${c.jurisdictionName}）${t('registration.public.version', { version: c.version })}`,
          children: (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('registration.columns.purpose')}>{c.purpose}</Descriptions.Item>
              <Descriptions.Item label={t('registration.fields.businessScope')}>{c.businessScope}</Descriptions.Item>
              <Descriptions.Item label={t('registration.columns.governance')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{c.governance}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('registration.columns.approvalDocumentNumber')}>{c.approvalDocumentNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registration.columns.approvedOn')}>{c.approvedOn}</Descriptions.Item>
            </Descriptions>
          ),
        }))}
      />
    </Space>
  );
}
