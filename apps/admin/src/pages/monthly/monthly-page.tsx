import { useMemo, useState } from 'react';
import { chinaToday } from '../use-date-format.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, TreeSelect, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { quotaTypes, type MonthlyFigures, type MonthlyUnitRow, type QuotaType } from '@bianzhi/contracts/ledger';
import { useTRPC } from '../../api/trpc.js';
import { useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { useExcelDownload } from '../download.js';
import { LoadFailed } from '../load-state.js';
import { MonthlyWorkforce } from './monthly-workforce.js';

const figureKeys = ['quota', 'occupied', 'reserved', 'vacant', 'over', 'entries', 'exits', 'retirementsNextMonth'] as const satisfies readonly (keyof MonthlyFigures)[];

/** 编制月度统计: the standard monthly figures per unit and type, as of the month's end, with Excel export. */
function MonthlyReport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const queryClient = useQueryClient();
  const { treeData } = useJurisdictionOptions();
  const [month, setMonth] = useState<Dayjs>(() => chinaToday());
  const [ledger, setLedger] = useState<QuotaType | undefined>();
  const [picked, setPicked] = useState<string | undefined>();
  const jurisdictionId = picked ?? me.data?.jurisdictionId ?? undefined;
  const input = { month: month.format('YYYY-MM'), jurisdictionId, ledger };
  const stats = useQuery({ ...trpc.ledger.stats.monthly.queryOptions(input), enabled: Boolean(jurisdictionId) });
  const jurisdictionNames = useMemo(() => new Map((stats.data?.byJurisdiction ?? []).map((j) => [j.jurisdictionId, j.name])), [stats.data]);

  const excel = useExcelDownload();
  const pdf = useExcelDownload();

  const columns = [
    { title: t('monthly.jurisdiction'), dataIndex: 'jurisdictionId', width: 120, render: (id: string) => jurisdictionNames.get(id) ?? '' },
    { title: t('monthly.unit'), dataIndex: 'name', ellipsis: true },
    { title: t('monthly.ledger'), dataIndex: 'ledger', width: 120, render: (value: QuotaType) => t(`organizations.quotaTypes.${value}`) },
    ...figureKeys.map((key) => ({
      title: t(`monthly.figures.${key}`),
      dataIndex: key,
      width: 92,
      align: 'right' as const,
      sorter: (a: MonthlyUnitRow, b: MonthlyUnitRow) => a[key] - b[key],
      render: (value: number) => (key === 'over' && value > 0 ? <Typography.Text type="danger">{value}</Typography.Text> : value.toLocaleString()),
    })),
  ];

  return (
    <Card
      title={t('monthly.title')}
      extra={
        <Space wrap>
          <DatePicker picker="month" value={month} onChange={(value) => value && setMonth(value)} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'month')} aria-label={t('monthly.month')} />
          <Select<QuotaType> allowClear placeholder={t('monthly.allTypes')} value={ledger} onChange={setLedger} style={{ width: 160 }} options={quotaTypes.map((value) => ({ value, label: t(`organizations.quotaTypes.${value}`) }))} aria-label={t('monthly.ledger')} />
          <TreeSelect treeData={treeData} value={jurisdictionId} onChange={setPicked} treeDefaultExpandAll showSearch treeNodeFilterProp="title" style={{ width: 200 }} aria-label={t('monthly.jurisdiction')} />
          <Button icon={<DownloadOutlined />} onClick={() => void excel.download(() => queryClient.fetchQuery(trpc.ledger.stats.monthlyXlsx.queryOptions(input)))} loading={excel.pending} disabled={!stats.data}>
            {t('monthly.export')}
          </Button>
          <Button icon={<FilePdfOutlined />} onClick={() => void pdf.download(() => queryClient.fetchQuery({ ...trpc.analysis.report.monthly.queryOptions({ month: input.month, jurisdictionId: input.jurisdictionId, format: 'pdf' }), staleTime: 0 }))} loading={pdf.pending} disabled={!stats.data}>
            {t('monthly.exportPdf')}
          </Button>
        </Space>
      }
    >
      {stats.isError ? (
        <LoadFailed error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{stats.data ? t('monthly.asOf', { date: stats.data.asOf }) : t('monthly.loading')}</Typography.Text>
          <Row gutter={[12, 12]}>
            {figureKeys.map((key) => (
              <Col xs={12} md={6} xl={3} key={key}>
                <Card size="small" loading={stats.isPending}>
                  <Statistic title={t(`monthly.figures.${key}`)} value={stats.data?.total[key] ?? 0} valueStyle={key === 'over' && (stats.data?.total.over ?? 0) > 0 ? { color: '#cf1322' } : undefined} />
                </Card>
              </Col>
            ))}
          </Row>
          <MonthlyWorkforce month={input.month} jurisdictionId={jurisdictionId} />
          <Table<MonthlyUnitRow>
            rowKey={(row) => `${row.organizationId}|${row.ledger}`}
            size="small"
            loading={stats.isPending}
            dataSource={stats.data?.units ?? []}
            columns={columns}
            pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (total) => t('monthly.rows', { total }) }}
            locale={{ emptyText: <Empty description={t('monthly.empty')} /> }}
            scroll={{ x: 1100 }}
          />
        </Space>
      )}
    </Card>
  );
}

export function MonthlyPage() {
  return (
    <RequirePermission permission="ledger.account.read">
      <MonthlyReport />
    </RequirePermission>
  );
}
