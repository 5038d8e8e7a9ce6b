import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import { Link } from '@tanstack/react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, DatePicker, Row, Space, Statistic, Switch, Table, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { UnitStandardDto } from '@bianzhi/contracts/standards';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { fileToBase64, useExcelDownload } from '../download.js';
import { emptyOrFailed } from '../load-state.js';
import { ImportRefusalAlert } from '../organizations/policy-refusal.js';
import { GapTag } from '../organizations/standard-tab.js';
import { chinaToday } from './labels.js';

const DAY = 'YYYY-MM-DD';

/** 标准测算: every measured unit of the caller's subtree against its standard, as of a day; indicators in from Excel, the report out. */
export function GapReport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const canImport = useCan('ledger.indicator.manage');
  const download = useExcelDownload();
  const template = useExcelDownload();
  const [asOf, setAsOf] = useState<Dayjs>(chinaToday());
  const [differencesOnly, setDifferencesOnly] = useState(false);
  const [importDate, setImportDate] = useState<Dayjs>(chinaToday());
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const input = { asOf: asOf.format(DAY), differencesOnly };
  const report = useQuery(trpc.analysis.standards.gap.queryOptions(input));
  const importing = useMutation(
    trpc.ledger.indicator.import.mutationOptions({
      onSuccess: async (result) => {
        setRefusal(null);
        void message.success(t('standards.import.done', result));
        await queryClient.invalidateQueries({ queryKey: trpc.analysis.standards.gap.queryKey() });
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const s = report.data?.summary;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('standards.asOf')}</span>
        <DatePicker value={asOf} onChange={(d) => d && setAsOf(d)} allowClear={false} aria-label={t('standards.asOf')} />
        <Switch checked={differencesOnly} onChange={setDifferencesOnly} aria-label={t('standards.gap.differencesOnly')} />
        {t('standards.gap.differencesOnly')}
        <Button size="small" onClick={() => void download.download(() => queryClient.fetchQuery(trpc.analysis.standards.exportXlsx.queryOptions(input)))} loading={download.pending}>
          {t('common.exportExcel')}
        </Button>
      </Space>
      {canImport && (
        <Space wrap>
          <span>{t('standards.import.effectiveDate')}</span>
          <DatePicker value={importDate} onChange={(d) => d && setImportDate(d)} allowClear={false} aria-label={t('standards.import.effectiveDate')} />
          <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={async (file) => (importing.mutate({ fileName: file.name, contentBase64: await fileToBase64(file), effectiveDate: importDate.format(DAY) }), false)}>
            <Button icon={<UploadOutlined />} loading={importing.isPending}>
              {t('standards.import.button')}
            </Button>
          </Upload>
          <Button onClick={() => void template.download(() => queryClient.fetchQuery(trpc.ledger.indicator.template.queryOptions()))} loading={template.pending}>
            {t('standards.import.template')}
          </Button>
        </Space>
      )}
      <ImportRefusalAlert error={refusal} />
      <Row gutter={16}>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.measured')} value={s?.measured ?? 0} loading={report.isPending} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.standard')} value={s?.standard ?? 0} loading={report.isPending} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.held')} value={(s?.approved ?? 0) + (s?.filed ?? 0)} loading={report.isPending} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.shortfallTotal')} value={s?.shortfall ?? 0} loading={report.isPending} valueStyle={{ color: '#d46b08' }} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.excessTotal')} value={s?.excess ?? 0} loading={report.isPending} valueStyle={{ color: '#cf1322' }} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('standards.gap.incomplete')} value={s?.incomplete ?? 0} loading={report.isPending} />
        </Col>
      </Row>
      <Table
        size="small"
        rowKey="jurisdictionId"
        title={() => t('standards.gap.byJurisdiction')}
        dataSource={report.data?.byJurisdiction ?? []}
        pagination={false}
        columns={[
          { title: t('standards.gap.jurisdiction'), dataIndex: 'name' },
          { title: t('standards.gap.measured'), dataIndex: 'measured' },
          { title: t('standards.gap.standard'), dataIndex: 'standard' },
          { title: t('standards.gap.held'), dataIndex: 'held' },
          { title: t('standards.gap.shortfallTotal'), dataIndex: 'shortfall' },
          { title: t('standards.gap.excessTotal'), dataIndex: 'excess' },
        ]}
      />
      {report.data?.truncated && <Alert type="info" showIcon message={t('standards.gap.truncated', { n: report.data.units.length })} />}
      <Table<UnitStandardDto>
        size="small"
        rowKey="organizationId"
        loading={report.isFetching}
        locale={emptyOrFailed(report)}
        dataSource={report.data?.units ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('analysis.unit'), render: (_, u) => <Link to="/organizations/$organizationId" params={{ organizationId: u.organizationId }}>{u.name}</Link> },
          { title: t('standards.unit.standard'), render: (_, u) => (u.standard ? `${u.standard.name} · ${u.standard.variantLabel}` : '—') },
          { title: t('standards.unit.total'), render: (_, u) => u.computation?.total ?? '—' },
          { title: t('standards.unit.approved'), dataIndex: 'approved' },
          { title: t('standards.unit.filed'), render: (_, u) => (u.filingSystem ? u.filed : '—') },
          { title: t('standards.unit.gap'), render: (_, u) => <GapTag gap={u.gap} /> },
          { title: t('standards.unit.proposedFiled'), render: (_, u) => (u.proposedFiled === null ? '—' : `${u.proposedFiled}${u.filedChange ? `（${u.filedChange > 0 ? '+' : ''}${u.filedChange}）` : ''}`) },
          { title: t('standards.unit.incomplete'), render: (_, u) => (u.computation?.missing.length ? <Tag color="gold">{t('standards.unit.missingShort', { n: u.computation.missing.length })}</Tag> : null) },
        ]}
      />
    </Space>
  );
}
