import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Collapse, Descriptions, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { LoadFailed } from '../load-state.js';

/**
 * 事业单位章程 on the public site: the latest approved charter of each live, non-classified institution
 * and the published annual reports (年度报告公示), searchable by name.
 */
export function PublicCharters() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const charters = useQuery({ ...trpc.registry.charter.published.queryOptions({ q, limit: 200 }), placeholderData: keepPreviousData });
  const reports = useQuery({ ...trpc.registry.registration.publishedReports.queryOptions({ q, limit: 200 }), placeholderData: keepPreviousData });
  const failed = charters.isError ? charters : reports.isError ? reports : null;
  if (failed) return <LoadFailed error={failed.error} onRetry={() => void Promise.all([charters.refetch(), reports.refetch()])} />;
  const empty = <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search allowClear style={{ maxWidth: 320 }} placeholder={t('registration.public.search')} aria-label={t('registration.public.search')} onSearch={setQ} />
      <Typography.Title level={5}>{t('registration.public.chartersTitle')}</Typography.Title>
      {charters.isSuccess && charters.data.length === 0 && empty}
      <Collapse
        items={(charters.data ?? []).map((c) => ({
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
      <Typography.Title level={5}>{t('registration.public.reportsTitle')}</Typography.Title>
      {reports.isSuccess && reports.data.length === 0 && empty}
      <Collapse
        items={(reports.data ?? []).map((r) => ({
          key: `${r.organizationId}/${r.year}`,
          label: `${r.organizationName}（${r.jurisdictionName}）${t('registration.public.report', { year: r.year })}`,
          children: (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('registration.columns.summary')}>{r.summary}</Descriptions.Item>
              <Descriptions.Item label={t('registration.columns.netAssetsWan')}>{r.netAssetsWan ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registration.columns.headcount')}>{r.headcount ?? '—'}</Descriptions.Item>
            </Descriptions>
          ),
        }))}
      />
    </Space>
  );
}
