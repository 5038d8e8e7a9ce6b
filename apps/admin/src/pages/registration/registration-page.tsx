import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { Card, InputNumber, Space, Table, Tabs, Tag, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MissingReportDto, RegistrationSummaryDto } from '@bianzhi/contracts/legal-registration';
import { CERTIFICATE_WARNING_DAYS } from '@bianzhi/domain/legal-registration';
import { todayInChina } from '@bianzhi/domain/calendar';
import { useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { RegistrationFlags } from './registration-flags.js';

type ListKey = 'registrations' | 'expiring' | 'missingCancellations' | 'missingChanges';

/** 法人登记: registrations in scope by state, certificates expiring, the year's missing annual reports, abolished units not cancelled, renamed units not changed. */
export function RegistrationPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const jurisdictions = useJurisdictionOptions();
  const [jurisdictionId, setJurisdictionId] = useState<string | undefined>(undefined);
  const [reportYear, setReportYear] = useState(Number(todayInChina().slice(0, 4)) - 1);
  const [withinDays, setWithinDays] = useState(CERTIFICATE_WARNING_DAYS);
  const query = useQuery(trpc.registry.registration.overview.queryOptions({ jurisdictionId, reportYear, expiringWithinDays: withinDays }));
  const status = (r: RegistrationSummaryDto) => (r.status === 'active' && r.changes > 0 ? 'changed' : r.status);
  const unitLink = (id: string, name: string) => (
    <Link to="/organizations/$organizationId" params={{ organizationId: id }}>
      {name}
    </Link>
  );
  const registrationColumns = [
    { title: t('registration.columns.unit'), render: (_: unknown, r: RegistrationSummaryDto) => unitLink(r.organizationId, r.organizationName) },
    { title: t('registration.columns.jurisdiction'), dataIndex: 'jurisdictionName' },
    { title: t('registration.columns.status'), render: (_: unknown, r: RegistrationSummaryDto) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`registration.statuses.${status(r)}`)}</Tag> },
    { title: t('registration.fields.certificateNumber'), dataIndex: 'certificateNumber' },
    { title: t('registration.fields.representative'), dataIndex: 'representative' },
    { title: t('registration.fields.validUntil'), dataIndex: 'validUntil' },
    { title: t('registration.columns.flags'), render: (_: unknown, r: RegistrationSummaryDto) => <RegistrationFlags flags={r.flags} /> },
  ];
  const registrationHeaders = [t('registration.columns.unit'), t('registration.columns.jurisdiction'), t('registration.columns.status'), t('registration.fields.certificateNumber'), t('registration.fields.representative'), t('registration.fields.domicile'), t('registration.fields.fundsWan'), t('registration.fields.validUntil'), t('registration.columns.flags')];
  const registrationRow = (r: RegistrationSummaryDto) => [r.organizationName, r.jurisdictionName, t(`registration.statuses.${status(r)}`), r.certificateNumber, r.representative, r.domicile, r.fundsWan, r.validUntil, r.flags.map((f) => t(`registration.flags.${f}`)).join('；')];
  const registrationList = (key: ListKey) => (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ExportButton
        filename={`${t(`registration.tabs.${key}`)}.xlsx`}
        sheetName={t(`registration.tabs.${key}`)}
        columns={registrationHeaders.map((header) => ({ header, width: 20 }))}
        rows={() => (query.data?.[key] ?? []).map(registrationRow)}
      />
      <Table size="small" rowKey="organizationId" locale={emptyOrFailed(query)} loading={query.isLoading} dataSource={query.data?.[key] ?? []} columns={registrationColumns} pagination={{ pageSize: 20 }} />
    </Space>
  );
  const reportHeaders = [t('registration.columns.unit'), t('registration.columns.jurisdiction'), t('registration.fields.certificateNumber'), t('registration.columns.year')];
  const count = (key: ListKey | 'missingReports') => (query.data ? ` (${query.data[key].length})` : '');
  return (
    <RequirePermission permission="registry.organization.read">
      <Card
        title={t('registration.title')}
        extra={
          <Space wrap>
            <TreeSelect allowClear style={{ width: 200 }} placeholder={t('registration.columns.jurisdiction')} treeData={jurisdictions.treeData} treeDefaultExpandAll value={jurisdictionId} onChange={setJurisdictionId} aria-label={t('registration.columns.jurisdiction')} />
            <span>{t('registration.reportYear')}</span>
            <InputNumber min={2000} max={2100} value={reportYear} onChange={(v) => v && setReportYear(v)} aria-label={t('registration.reportYear')} />
            <span>{t('registration.withinDays')}</span>
            <InputNumber min={1} max={3650} value={withinDays} onChange={(v) => v && setWithinDays(v)} aria-label={t('registration.withinDays')} />
          </Space>
        }
      >
        <Tabs
          items={[
            ...(['registrations', 'expiring', 'missingCancellations', 'missingChanges'] as const).map((key) => ({ key, label: `${t(`registration.tabs.${key}`)}${count(key)}`, children: registrationList(key) })),
            {
              key: 'missingReports',
              label: `${t('registration.tabs.missingReports')}${count('missingReports')}`,
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <ExportButton
                    filename={`${t('registration.tabs.missingReports')}-${reportYear}.xlsx`}
                    sheetName={t('registration.tabs.missingReports')}
                    columns={reportHeaders.map((header) => ({ header, width: 24 }))}
                    rows={() => (query.data?.missingReports ?? []).map((r) => [r.organizationName, r.jurisdictionName, r.certificateNumber, r.year])}
                  />
                  <Table
                    size="small"
                    rowKey="organizationId"
                    locale={emptyOrFailed(query)}
                    loading={query.isLoading}
                    dataSource={query.data?.missingReports ?? []}
                    pagination={{ pageSize: 20 }}
                    columns={[
                      { title: t('registration.columns.unit'), render: (_: unknown, r: MissingReportDto) => unitLink(r.organizationId, r.organizationName) },
                      { title: t('registration.columns.jurisdiction'), dataIndex: 'jurisdictionName' },
                      { title: t('registration.fields.certificateNumber'), dataIndex: 'certificateNumber' },
                      { title: t('registration.columns.year'), dataIndex: 'year' },
                    ]}
                  />
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </RequirePermission>
  );
}
