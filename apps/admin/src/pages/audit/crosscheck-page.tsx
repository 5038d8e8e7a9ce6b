import { useEffect, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Progress, Segmented, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { ImportRefusalAlert } from '../organizations/policy-refusal.js';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { findingKinds, type CrosscheckBatchDto, type FindingDto, type FindingKind } from '@bianzhi/contracts/audit';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { fileToBase64 } from '../download.js';
import { emptyOrFailed } from '../load-state.js';

const lastMonth = () => {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return date.toISOString().slice(0, 7);
};
const inThreeMonths = () => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);

/** One file dropped, imported at once: the batch, or every bad cell the server named. */
function BatchUpload({ kind, month, batch, onImported }: { kind: 'payroll' | 'cadre'; month: string; batch: CrosscheckBatchDto | null; onImported: (batch: CrosscheckBatchDto) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const importing = useMutation(trpc.audit.crosscheck.import.mutationOptions({ onSuccess: onImported, onError: (error) => setRefusal(describeServerError(error, t('errors.network'))) }));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Upload.Dragger
        accept=".xlsx,.csv"
        showUploadList={false}
        disabled={importing.isPending}
        beforeUpload={async (file) => {
          setRefusal(null);
          importing.mutate({ kind, month, fileName: file.name, contentBase64: await fileToBase64(file) });
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t(`crosscheck.${kind}.drop`)}</p>
        <Typography.Text type="secondary">{t(`crosscheck.${kind}.columns`)}</Typography.Text>
      </Upload.Dragger>
      {importing.isPending && <Progress percent={100} status="active" showInfo={false} aria-label={t('crosscheck.reading')} />}
      {batch && <Alert type="success" showIcon message={t('crosscheck.imported', { fileName: batch.fileName, rows: batch.rows, units: batch.units })} />}
      <ImportRefusalAlert error={refusal} />
    </Space>
  );
}

function ToViolationModal({ finding, onClose }: { finding: FindingDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ deadline: string }>();
  const convert = useMutation(
    trpc.audit.crosscheck.toViolation.mutationOptions({
      onSuccess: async (violation) => {
        message.success(t('violations.opened', { title: violation.title }));
        await queryClient.invalidateQueries({ queryKey: trpc.audit.crosscheck.findings.queryKey() });
        onClose();
      },
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  return (
    <Modal title={t('crosscheck.toViolation')} open={finding !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={convert.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ deadline: inThreeMonths() }} onFinish={(v) => finding && convert.mutate({ findingId: finding.id, deadline: v.deadline })}>
        <Typography.Paragraph>{finding && `${finding.organizationName} · ${t(`crosscheck.kinds.${finding.kind}`)} · ${finding.name ?? ''}`}</Typography.Paragraph>
        <Form.Item label={t('violations.form.deadline')} name="deadline" rules={[{ required: true, message: t('violations.form.required') }]}>
          <Input type="date" aria-label={t('violations.form.deadline')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function detailText(t: TFunction, finding: FindingDto): string {
  const d = finding.detail;
  switch (finding.kind) {
    case 'paid_elsewhere':
      return t('crosscheck.detail.paidElsewhere', { unit: d['rollOrganizationName'], amount: d['amount'] ?? '—' });
    case 'paid_not_on_roll':
      return t('crosscheck.detail.paid', { amount: d['amount'] ?? '—', row: d['row'] });
    case 'beyond_posts':
      return t('crosscheck.detail.beyondPosts', { rank: t(`leadership.ranks.${String(d['rank'])}`), posts: d['posts'], appointed: d['appointed'] });
    default:
      return '';
  }
}

function Findings({ runId, counts }: { runId: string; counts: Partial<Record<FindingKind, number>> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canConvert = useCan('audit.violation.record');
  const [kind, setKind] = useState<FindingKind>(findingKinds.find((k) => (counts[k] ?? 0) > 0) ?? 'paid_not_on_roll');
  const [page, setPage] = useState(1);
  const [converting, setConverting] = useState<FindingDto | null>(null);
  const pageSize = 50;
  const findings = useQuery({ ...trpc.audit.crosscheck.findings.queryOptions({ runId, kind, limit: pageSize, offset: (page - 1) * pageSize }), placeholderData: keepPreviousData });
  return (
    <>
      <Segmented<FindingKind>
        value={kind}
        onChange={(value) => {
          setKind(value);
          setPage(1);
        }}
        options={findingKinds.map((value) => ({ value, label: `${t(`crosscheck.kinds.${value}`)}（${counts[value] ?? 0}）` }))}
        style={{ marginBottom: 12 }}
      />
      <Table<FindingDto>
        rowKey="id"
        size="small"
        loading={findings.isFetching}
        locale={emptyOrFailed(findings)}
        dataSource={findings.data?.items ?? []}
        pagination={{ current: page, pageSize, total: findings.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('crosscheck.total', { total }) }}
        columns={[
          { title: t('crosscheck.columns.unit'), dataIndex: 'organizationName' },
          { title: t('crosscheck.columns.name'), dataIndex: 'name', width: 100, render: (v: string | null) => v ?? '—' },
          { title: t('crosscheck.columns.idNumber'), dataIndex: 'idNumber', width: 190, render: (v: string | null) => v ?? '—' },
          { title: t('crosscheck.columns.detail'), render: (_, f) => detailText(t, f) },
          {
            title: t('crosscheck.columns.actions'),
            width: 130,
            render: (_, f) =>
              f.violationId ? (
                <Tag color="blue">{t('crosscheck.converted')}</Tag>
              ) : (
                canConvert && (
                  <Button size="small" onClick={() => setConverting(f)}>
                    {t('crosscheck.toViolation')}
                  </Button>
                )
              ),
          },
        ]}
      />
      <ToViolationModal finding={converting} onClose={() => setConverting(null)} />
    </>
  );
}

function RunResult({ runId, counts }: { runId: string; counts: Partial<Record<FindingKind, number>> }) {
  const { t } = useTranslation();
  return (
    <>
      <Space size="large" wrap>
        {findingKinds.map((kind) => (
          <Statistic key={kind} title={t(`crosscheck.kinds.${kind}`)} value={counts[kind] ?? 0} />
        ))}
      </Space>
      <Findings runId={runId} counts={counts} />
    </>
  );
}

/** 交叉比对: payroll (and optionally cadre records) against the roll, step by step, with progress and findings. */
const LAST_RUN = 'bianzhi.crosscheck.lastRun';

function CrosscheckWizard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [month, setMonth] = useState(lastMonth());
  const [payroll, setPayroll] = useState<CrosscheckBatchDto | null>(null);
  const [cadres, setCadres] = useState<CrosscheckBatchDto | null>(null);
  // The run goes on in the audit service whether this page is open or not: the last one started in
  // this browser is shown again on return, running or with its findings.
  const [runId, setRunId] = useState<string | null>(() => localStorage.getItem(LAST_RUN));
  const [failure, setFailure] = useState<string | null>(null);
  const start = useMutation(
    trpc.audit.crosscheck.run.mutationOptions({
      onSuccess: (run) => {
        localStorage.setItem(LAST_RUN, run.id);
        setRunId(run.id);
      },
      onError: (error) => setFailure(describeServerError(error, t('errors.network')).message),
    }),
  );
  const run = useQuery({ ...trpc.audit.crosscheck.status.queryOptions({ id: runId ?? '' }), enabled: runId !== null, refetchInterval: (query) => (query.state.data?.state === 'running' ? 500 : false) });
  useEffect(() => {
    // A remembered run this user can no longer read (another user's browser, a purged run) is forgotten.
    if (run.isError && [403, 404].includes(describeServerError(run.error, '').status ?? 0)) {
      localStorage.removeItem(LAST_RUN);
      setRunId(null);
    }
  }, [run.isError, run.error]);
  const step = run.data ? 3 : payroll ? 1 : 0;
  return (
    <Card title={t('crosscheck.title')}>
      <Typography.Paragraph type="secondary">{t('crosscheck.help')}</Typography.Paragraph>
      <Steps current={step} style={{ marginBottom: 24 }} items={[{ title: t('crosscheck.steps.payroll') }, { title: t('crosscheck.steps.cadre') }, { title: t('crosscheck.steps.run') }, { title: t('crosscheck.steps.findings') }]} />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Space>
          <Typography.Text>{t('crosscheck.month')}</Typography.Text>
          <Input type="month" value={month} onChange={(e) => setMonth(e.target.value)} disabled={payroll !== null} aria-label={t('crosscheck.month')} style={{ width: 160 }} />
        </Space>
        <Card size="small" title={t('crosscheck.steps.payroll')}>
          <BatchUpload kind="payroll" month={month} batch={payroll} onImported={setPayroll} />
        </Card>
        <Card size="small" title={t('crosscheck.steps.cadre')}>
          <BatchUpload kind="cadre" month={month} batch={cadres} onImported={setCadres} />
        </Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button type="primary" disabled={!payroll || run.data?.state === 'running'} loading={start.isPending} onClick={() => payroll && start.mutate({ payrollBatchId: payroll.id, cadreBatchId: cadres?.id })}>
            {t('crosscheck.start')}
          </Button>
          {failure && <Alert type="error" showIcon role="alert" message={failure} />}
          {run.data && (
            <Progress
              percent={run.data.percent}
              status={run.data.state === 'failed' ? 'exception' : run.data.state === 'succeeded' ? 'success' : 'active'}
              aria-label={t('crosscheck.progress')}
            />
          )}
          {run.data?.state === 'failed' && <Alert type="error" showIcon role="alert" message={t('crosscheck.failed')} description={run.data.error} />}
        </Space>
        {run.data?.state === 'succeeded' && <RunResult runId={run.data.id} counts={run.data.counts} />}
      </Space>
    </Card>
  );
}

export function CrosscheckPage() {
  return (
    <RequirePermission permission="audit.crosscheck.run">
      <CrosscheckWizard />
    </RequirePermission>
  );
}
