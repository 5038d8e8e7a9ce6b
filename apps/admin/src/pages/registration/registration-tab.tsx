import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RegistrationParticularsDto, UnitRegistrationDto } from '@bianzhi/contracts/legal-registration';
import { particularFields, type RegistrationKind } from '@bianzhi/domain/legal-registration';
import { todayInChina } from '@bianzhi/domain/calendar';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { emptyOrFailed, LoadFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';
import { RegistrationFlags } from './registration-flags.js';

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');

type ParticularsForm = Omit<RegistrationParticularsDto, 'validFrom' | 'validUntil'> & { validFrom: Dayjs; validUntil: Dayjs; effectiveDate: Dayjs; documentNumber?: string; reason?: string };

/** A registration form's refusal and its mutations' options: on success the message, fresh reads, an empty form and the modal closed; on a refusal the message in the form, the input kept. */
function useRegistrationForm<T extends object>(done: string, onClose: () => void) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const options = {
    onSuccess: async () => {
      void message.success(done);
      await queryClient.invalidateQueries({ queryKey: trpc.registry.registration.pathKey() });
      setRefusal(null);
      form.resetFields();
      onClose();
    },
    onError: (error: unknown) => setRefusal(describeServerError(error, t('errors.network'))),
  };
  return { form, refusal, options };
}

/** 设立登记 / 变更登记 / 注销登记: the particulars (prefilled with the registered ones for a change), the date and the document; a refusal keeps the input. */
function RegistrationModal({ unit, kind, onClose }: { unit: UnitRegistrationDto; kind: RegistrationKind | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { form, refusal, options } = useRegistrationForm<ParticularsForm>(t(`registration.done.${kind}`), onClose);
  const establish = useMutation(trpc.registry.registration.establish.mutationOptions(options));
  const change = useMutation(trpc.registry.registration.change.mutationOptions(options));
  const cancel = useMutation(trpc.registry.registration.cancel.mutationOptions(options));
  const current = unit.registration;
  const initial = current ? { ...current, validFrom: dayjs(current.validFrom), validUntil: dayjs(current.validUntil), effectiveDate: dayjs(todayInChina()) } : { name: unit.organizationName, effectiveDate: dayjs(todayInChina()) };
  const required = [{ required: true, message: t('registration.required') }];
  const submit = (v: ParticularsForm) => {
    const basis = { organizationId: unit.organizationId, effectiveDate: day(v.effectiveDate), expectedVersion: current?.version ?? 0, ...(v.documentNumber?.trim() ? { documentNumber: v.documentNumber.trim() } : {}) };
    if (kind === 'cancel') return cancel.mutate({ ...basis, reason: v.reason ?? '' });
    const particulars = { name: v.name, domicile: v.domicile, representative: v.representative, fundsWan: v.fundsWan, businessScope: v.businessScope, certificateNumber: v.certificateNumber, validFrom: day(v.validFrom), validUntil: day(v.validUntil) };
    (kind === 'establish' ? establish : change).mutate({ ...basis, reason: v.reason ?? '', particulars });
  };
  return (
    <Modal
      title={kind ? `${t(`registration.kinds.${kind}`)}：${unit.organizationName}` : ''}
      open={kind !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={establish.isPending || change.isPending || cancel.isPending}
      destroyOnHidden
      width={640}
    >
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        {kind !== 'cancel' && (
          <>
            <Form.Item label={t('registration.fields.name')} name="name" rules={required}>
              <Input maxLength={200} aria-label={t('registration.fields.name')} />
            </Form.Item>
            <Form.Item label={t('registration.fields.domicile')} name="domicile" rules={required}>
              <Input maxLength={200} aria-label={t('registration.fields.domicile')} />
            </Form.Item>
            <Space wrap>
              <Form.Item label={t('registration.fields.representative')} name="representative" rules={required}>
                <Input maxLength={50} aria-label={t('registration.fields.representative')} />
              </Form.Item>
              <Form.Item label={t('registration.fields.fundsWan')} name="fundsWan" rules={required}>
                <InputNumber min={0} style={{ width: 160 }} aria-label={t('registration.fields.fundsWan')} />
              </Form.Item>
              <Form.Item label={t('registration.fields.certificateNumber')} name="certificateNumber" rules={required}>
                <Input maxLength={60} aria-label={t('registration.fields.certificateNumber')} />
              </Form.Item>
            </Space>
            <Form.Item label={t('registration.fields.businessScope')} name="businessScope" rules={required}>
              <Input.TextArea rows={2} maxLength={4000} aria-label={t('registration.fields.businessScope')} />
            </Form.Item>
            <Space wrap>
              <Form.Item label={t('registration.fields.validFrom')} name="validFrom" rules={required}>
                <DatePicker aria-label={t('registration.fields.validFrom')} />
              </Form.Item>
              <Form.Item label={t('registration.fields.validUntil')} name="validUntil" rules={required}>
                <DatePicker aria-label={t('registration.fields.validUntil')} />
              </Form.Item>
            </Space>
          </>
        )}
        <Space wrap>
          <Form.Item label={t('registration.columns.effectiveDate')} name="effectiveDate" rules={required}>
            <DatePicker aria-label={t('registration.columns.effectiveDate')} />
          </Form.Item>
          <Form.Item label={t('registration.columns.documentNumber')} name="documentNumber">
            <Input maxLength={100} aria-label={t('registration.columns.documentNumber')} />
          </Form.Item>
        </Space>
        <Form.Item label={t('registration.columns.reason')} name="reason" rules={kind === 'cancel' ? required : []}>
          <Input.TextArea rows={2} maxLength={500} aria-label={t('registration.columns.reason')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 报送年度报告 for a past year; the form stays filled when refused. */
function ReportModal({ unit, open, onClose }: { unit: UnitRegistrationDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { form, refusal, options } = useRegistrationForm<{ year: number; summary: string; netAssetsWan?: number; headcount?: number }>(t('registration.done.fileReport'), onClose);
  const file = useMutation(trpc.registry.registration.fileReport.mutationOptions(options));
  return (
    <Modal title={`${t('registration.actions.fileReport')}：${unit.organizationName}`} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} cancelText={t('common.cancel')} confirmLoading={file.isPending} forceRender>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ year: unit.missingReportYears[0] ?? Number(todayInChina().slice(0, 4)) - 1 }} onFinish={(v) => file.mutate({ organizationId: unit.organizationId, year: v.year, summary: v.summary, netAssetsWan: v.netAssetsWan ?? null, headcount: v.headcount ?? null })}>
        <Space wrap>
          <Form.Item label={t('registration.columns.year')} name="year" rules={[{ required: true, message: t('registration.required') }]}>
            <InputNumber min={2000} max={2100} aria-label={t('registration.columns.year')} />
          </Form.Item>
          <Form.Item label={t('registration.columns.netAssetsWan')} name="netAssetsWan">
            <InputNumber style={{ width: 160 }} aria-label={t('registration.columns.netAssetsWan')} />
          </Form.Item>
          <Form.Item label={t('registration.columns.headcount')} name="headcount">
            <InputNumber min={0} aria-label={t('registration.columns.headcount')} />
          </Form.Item>
        </Space>
        <Form.Item label={t('registration.columns.summary')} name="summary" rules={[{ required: true, whitespace: true, message: t('registration.required') }]}>
          <Input.TextArea rows={4} maxLength={4000} aria-label={t('registration.columns.summary')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 章程报批: the charter drafted here is filed as a matter (kind charter_approval) on the latest approved version. */
function CharterModal({ unit, open, onClose }: { unit: UnitRegistrationDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MatterFields & { purpose: string; businessScope: string; governance: string }>();
  const latest = unit.charters[0];
  const matter = useFileMatter(() => {
    form.resetFields();
    onClose();
  });
  const required = [{ required: true, whitespace: true, message: t('registration.required') }];
  return (
    <Modal title={`${t('registration.actions.fileCharter')}：${unit.organizationName}`} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} cancelText={t('common.cancel')} confirmLoading={matter.pending} forceRender width={720}>
      <RefusalAlert error={matter.refusal} />
      {latest && <Typography.Paragraph type="secondary">{t('registration.charterForm.basedOn', { version: latest.version })}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        initialValues={latest ? { purpose: latest.purpose, businessScope: latest.businessScope, governance: latest.governance } : {}}
        onFinish={(v) =>
          void matter.submit(t('registration.charterForm.matterTitle', { name: unit.organizationName }), v, {
            charter: { organizationId: unit.organizationId, basedOnVersion: latest?.version ?? 0, purpose: v.purpose, businessScope: v.businessScope, governance: v.governance },
          })
        }
      >
        <Form.Item label={t('registration.columns.purpose')} name="purpose" rules={required}>
          <Input.TextArea rows={2} maxLength={2000} aria-label={t('registration.columns.purpose')} />
        </Form.Item>
        <Form.Item label={t('registration.fields.businessScope')} name="businessScope" rules={required}>
          <Input.TextArea rows={2} maxLength={4000} aria-label={t('registration.fields.businessScope')} />
        </Form.Item>
        <Form.Item label={t('registration.columns.governance')} name="governance" rules={required}>
          <Input.TextArea rows={4} maxLength={8000} aria-label={t('registration.columns.governance')} />
        </Form.Item>
        {matter.fields}
      </Form>
    </Modal>
  );
}

/** A unit's 法人登记与章程 tab: the registration now and what it lacks, its history, annual reports and charter versions. */
export function RegistrationTab({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const canManage = useCan('registry.registration.manage');
  const canReport = useCan('registry.registration.report');
  const canFile = useCan('approval.matter.file');
  const [kind, setKind] = useState<RegistrationKind | null>(null);
  const [reporting, setReporting] = useState(false);
  const [chartering, setChartering] = useState(false);
  const query = useQuery(trpc.registry.registration.unit.queryOptions({ organizationId }));
  const publish = useMutation(
    trpc.registry.registration.publishReport.mutationOptions({
      onSuccess: async () => {
        void message.success(t('registration.done.publishReport'));
        await queryClient.invalidateQueries({ queryKey: trpc.registry.registration.pathKey() });
      },
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  if (query.isError) return <LoadFailed error={query.error} onRetry={() => void query.refetch()} />;
  const unit = query.data;
  if (!unit) return null;
  if (unit.organizationKind !== 'institution' && !unit.registration) return <Alert type="info" showIcon message={t('registration.notInstitution')} />;
  const r = unit.registration;
  const active = r?.status === 'active';
  const fieldLabel = (f: string) => t(`registration.fields.${f}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        size="small"
        title={t('registration.tab')}
        extra={
          <Space wrap>
            {canManage && !r && unit.organizationStatus !== 'abolished' && <Button onClick={() => setKind('establish')}>{t('registration.kinds.establish')}</Button>}
            {canManage && active && ['planned', 'active', 'merging'].includes(unit.organizationStatus) && <Button onClick={() => setKind('change')}>{t('registration.kinds.change')}</Button>}
            {canManage && active && (
              <Button danger onClick={() => setKind('cancel')}>
                {t('registration.kinds.cancel')}
              </Button>
            )}
            {canReport && r && <Button onClick={() => setReporting(true)}>{t('registration.actions.fileReport')}</Button>}
            {canFile && unit.organizationKind === 'institution' && ['planned', 'active', 'merging'].includes(unit.organizationStatus) && (
              <Button type="primary" onClick={() => setChartering(true)}>
                {t('registration.actions.fileCharter')}
              </Button>
            )}
          </Space>
        }
      >
        {!r && <Alert type="warning" showIcon message={t('registration.notRegistered')} />}
        {r && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`registration.statuses.${r.status === 'active' && r.changes > 0 ? 'changed' : r.status}`)}</Tag>
              <RegistrationFlags flags={r.flags} />
            </Space>
            <Typography.Text>
              {particularFields.map((f) => `${fieldLabel(f)}：${String(r[f])}`).join('；')}
            </Typography.Text>
          </Space>
        )}
        {unit.missingReportYears.length > 0 && <Alert style={{ marginTop: 8 }} type="warning" showIcon message={t('registration.missingReportYears', { years: unit.missingReportYears.join('、') })} />}
        {unit.charterMissing && <Alert style={{ marginTop: 8 }} type="warning" showIcon message={t('registration.charterMissing')} />}
      </Card>
      <Card
        size="small"
        title={t('registration.history')}
        extra={
          <ExportButton
            filename={`${unit.organizationName}-${t('registration.history')}.xlsx`}
            sheetName={t('registration.history')}
            columns={[t('registration.columns.kind'), t('registration.columns.effectiveDate'), t('registration.columns.changed'), ...particularFields.map(fieldLabel), t('registration.columns.documentNumber'), t('registration.columns.reason'), t('registration.columns.actor')].map((header) => ({ header, width: 18 }))}
            rows={() => unit.events.map((e) => [t(`registration.kinds.${e.kind}`), e.effectiveDate, e.changed.map(fieldLabel).join('、'), ...particularFields.map((f) => e.particulars[f]), e.documentNumber, e.reason, e.actorName])}
          />
        }
      >
        <Table
          size="small"
          rowKey="version"
          pagination={false}
          locale={emptyOrFailed(query)}
          dataSource={unit.events}
          columns={[
            { title: t('registration.columns.kind'), dataIndex: 'kind', render: (k: RegistrationKind) => t(`registration.kinds.${k}`) },
            { title: t('registration.columns.effectiveDate'), dataIndex: 'effectiveDate' },
            { title: t('registration.columns.changed'), dataIndex: 'changed', render: (c: string[]) => c.map(fieldLabel).join('、') || '—' },
            { title: t('registration.fields.representative'), render: (_: unknown, e) => e.particulars.representative },
            { title: t('registration.fields.certificateNumber'), render: (_: unknown, e) => e.particulars.certificateNumber },
            { title: t('registration.columns.documentNumber'), dataIndex: 'documentNumber', render: (d: string | null) => d ?? '—' },
            { title: t('registration.columns.reason'), dataIndex: 'reason' },
            { title: t('registration.columns.actor'), dataIndex: 'actorName' },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('registration.reports')}
        extra={
          <ExportButton
            filename={`${unit.organizationName}-${t('registration.reports')}.xlsx`}
            sheetName={t('registration.reports')}
            columns={[t('registration.columns.year'), t('registration.columns.summary'), t('registration.columns.netAssetsWan'), t('registration.columns.headcount'), t('registration.columns.filedOn'), t('registration.columns.publishedAt')].map((header) => ({ header, width: 18 }))}
            rows={() => unit.reports.map((r) => [r.year, r.summary, r.netAssetsWan, r.headcount, r.filedOn, r.publishedAt ? t('registration.published') : t('registration.unpublished')])}
          />
        }
      >
        <Table
          size="small"
          rowKey="year"
          pagination={false}
          locale={emptyOrFailed(query)}
          dataSource={unit.reports}
          columns={[
            { title: t('registration.columns.year'), dataIndex: 'year' },
            { title: t('registration.columns.summary'), dataIndex: 'summary' },
            { title: t('registration.columns.netAssetsWan'), dataIndex: 'netAssetsWan', render: (v: number | null) => v ?? '—' },
            { title: t('registration.columns.headcount'), dataIndex: 'headcount', render: (v: number | null) => v ?? '—' },
            { title: t('registration.columns.filedOn'), dataIndex: 'filedOn' },
            {
              title: t('registration.columns.publishedAt'),
              render: (_: unknown, report) =>
                report.publishedAt ? (
                  <Tag color="green">{t('registration.published')}</Tag>
                ) : canManage ? (
                  <Button size="small" loading={publish.isPending} onClick={() => publish.mutate({ organizationId, year: report.year })}>
                    {t('registration.actions.publishReport')}
                  </Button>
                ) : (
                  <Tag>{t('registration.unpublished')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('registration.charters')}
        extra={
          <ExportButton
            filename={`${unit.organizationName}-${t('registration.charters')}.xlsx`}
            sheetName={t('registration.charters')}
            columns={[t('registration.columns.version'), t('registration.columns.purpose'), t('registration.fields.businessScope'), t('registration.columns.governance'), t('registration.columns.approvalDocumentNumber'), t('registration.columns.approvedOn')].map((header) => ({ header, width: 24 }))}
            rows={() => unit.charters.map((c) => [c.version, c.purpose, c.businessScope, c.governance, c.approvalDocumentNumber, c.approvedOn])}
          />
        }
      >
        <Table
          size="small"
          rowKey="version"
          pagination={false}
          locale={emptyOrFailed(query)}
          dataSource={unit.charters}
          columns={[
            { title: t('registration.columns.version'), dataIndex: 'version' },
            { title: t('registration.columns.purpose'), dataIndex: 'purpose' },
            { title: t('registration.fields.businessScope'), dataIndex: 'businessScope' },
            { title: t('registration.columns.governance'), dataIndex: 'governance' },
            { title: t('registration.columns.approvalDocumentNumber'), dataIndex: 'approvalDocumentNumber', render: (d: string | null) => d ?? '—' },
            { title: t('registration.columns.approvedOn'), dataIndex: 'approvedOn' },
          ]}
        />
      </Card>
      <RegistrationModal unit={unit} kind={kind} onClose={() => setKind(null)} />
      <ReportModal unit={unit} open={reporting} onClose={() => setReporting(false)} />
      <CharterModal unit={unit} open={chartering} onClose={() => setChartering(false)} />
    </Space>
  );
}
