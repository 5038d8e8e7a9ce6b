import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LateUnitDto } from '@bianzhi/contracts/disclosure-timeliness';
import { todayInChina } from '@bianzhi/domain/calendar';
import { useTRPC } from '../../api/trpc.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';

/** 公开不及时单位: each year's units whose changes were not on the public site by their deadline (public, no login). */
export function PublicLateUnits() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const thisYear = Number(todayInChina().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const late = useQuery(trpc.audit.timeliness.lateUnits.queryOptions({ year }));
  const columns = [t('timeliness.columns.unit'), t('timeliness.columns.jurisdiction'), t('timeliness.columns.kind'), t('timeliness.columns.effectiveDate'), t('timeliness.columns.deadline'), t('timeliness.columns.publishedOn')];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('timeliness.public.help')}</Typography.Paragraph>
      <Space>
        <Select aria-label={t('timeliness.year')} value={year} onChange={setYear} style={{ width: 110 }} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: t('timeliness.yearOption', { year: y }) }))} />
        <ExportButton
          filename={`${t('timeliness.public.tab')}-${year}.xlsx`}
          sheetName={t('timeliness.public.tab')}
          columns={columns.map((header, i) => ({ header, width: i === 0 ? 30 : 14 }))}
          rows={() => (late.data ?? []).map((l) => [l.organizationName, l.jurisdictionName, t(`timeliness.kinds.${l.kind}`), l.effectiveDate, l.deadline, l.publishedOn ?? t('timeliness.public.notYet')])}
        />
      </Space>
      <Table<LateUnitDto>
        size="small"
        rowKey={(l) => `${l.organizationId}/${l.kind}/${l.effectiveDate}`}
        loading={late.isPending}
        locale={emptyOrFailed(late)}
        dataSource={late.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('timeliness.columns.unit'), dataIndex: 'organizationName' },
          { title: t('timeliness.columns.jurisdiction'), dataIndex: 'jurisdictionName', width: 120 },
          { title: t('timeliness.columns.kind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`timeliness.kinds.${k}`) },
          { title: t('timeliness.columns.deadline'), dataIndex: 'deadline', width: 120 },
          { title: t('timeliness.columns.publishedOn'), dataIndex: 'publishedOn', width: 120, render: (d: string | null) => d ?? t('timeliness.public.notYet') },
        ]}
      />
    </Space>
  );
}
