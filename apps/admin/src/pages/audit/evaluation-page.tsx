import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { App, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { EvaluationDto } from '@bianzhi/contracts/evaluation';
import type { ImpactPreview, ReformPlan } from '@bianzhi/contracts/reform';
import { quotaTypes } from '@bianzhi/contracts/ledger';
import { conclusionKinds, cutRate, type EvaluationState, type WorkloadFigure } from '@bianzhi/domain/evaluation';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { ImportRefusalAlert, RefusalAlert } from '../organizations/policy-refusal.js';
import { downloadBase64, fileToBase64 } from '../download.js';
import { emptyOrFailed } from '../load-state.js';
import { ImpactPreviewView } from '../reform/impact-preview.js';
import { shortProjectId } from '../reform/project-ids.js';
import { AssessmentTab } from './assessment-tab.js';
import { thisYear, useRefusal, xlsx } from './evaluation-shared.js';

const stateColors: Record<EvaluationState, string> = { draft: 'default', scored: 'blue', approved: 'green' };


function conclusionText(t: TFunction, c: EvaluationDto['conclusion']) {
  if (!c) return '—';
  return c.kind === 'cut' && c.ledger ? t('evaluation.cutBy', { type: t(`evaluation.quotaTypes.${c.ledger}`), amount: c.amount }) : t(`evaluation.conclusions.${c.kind}`);
}

function CreateEvaluationModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ organizationId: string; year: number; title: string }>();
  const status = useRefusal();
  const create = useMutation(
    trpc.audit.evaluation.create.mutationOptions({
      onSuccess: async (e) => {
        await queryClient.invalidateQueries({ queryKey: trpc.audit.evaluation.list.queryKey() });
        form.resetFields();
        status.reset();
        onClose();
        onCreated(e.id);
      },
      onError: status.onError,
    }),
  );
  const required = [{ required: true, message: t('evaluation.required') }];
  return (
    <Modal title={t('evaluation.create')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
      <RefusalAlert error={status.refusal} />
      <Form form={form} layout="vertical" initialValues={{ year: thisYear() }} onFinish={(v) => create.mutate({ id: crypto.randomUUID(), organizationId: v.organizationId, year: v.year, title: v.title })}>
        <Form.Item label={t('evaluation.columns.unit')} name="organizationId" rules={required}>
          <OrganizationPicker ariaLabel={t('evaluation.columns.unit')} />
        </Form.Item>
        <Form.Item label={t('evaluation.columns.year')} name="year" rules={required}>
          <InputNumber min={2000} max={2200} aria-label={t('evaluation.columns.year')} />
        </Form.Item>
        <Form.Item label={t('evaluation.columns.title')} name="title" rules={[{ required: true, whitespace: true, message: t('evaluation.required') }]}>
          <Input maxLength={200} aria-label={t('evaluation.columns.title')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 工作量指标: typed in, or imported from a sheet (all or nothing). */
function WorkloadSection({ evaluation, editable }: { evaluation: EvaluationDto; editable: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ workload: WorkloadFigure[] }>();
  const status = useRefusal();
  const done = async () => {
    message.success(t('common.saved'));
    status.reset();
    await queryClient.invalidateQueries({ queryKey: trpc.audit.evaluation.get.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.audit.evaluation.list.queryKey() });
  };
  const save = useMutation(trpc.audit.evaluation.setWorkload.mutationOptions({ onSuccess: done, onError: status.onError }));
  const upload = useMutation(trpc.audit.evaluation.importWorkload.mutationOptions({ onSuccess: async (e) => (form.setFieldsValue({ workload: e.workload }), done()), onError: status.onError }));
  return (
    <Card size="small" title={t('evaluation.workload')} extra={editable && (
      <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(file) => (void fileToBase64(file).then((contentBase64) => upload.mutate({ id: evaluation.id, fileName: file.name, contentBase64 })), false)}>
        <Button size="small" icon={<UploadOutlined />} loading={upload.isPending}>{t('evaluation.importWorkload')}</Button>
      </Upload>
    )}>
      <Typography.Paragraph type="secondary">{t('evaluation.workloadHelp')}</Typography.Paragraph>
      <ImportRefusalAlert error={status.refusal} />
      <Form form={form} initialValues={{ workload: evaluation.workload.length ? evaluation.workload : [{}] }} onFinish={(v) => save.mutate({ id: evaluation.id, workload: v.workload })} disabled={!editable}>
        <Form.List name="workload">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('evaluation.required') }]}>
                    <Input placeholder={t('evaluation.figure.name')} aria-label={t('evaluation.figure.name')} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} rules={[{ required: true, whitespace: true, message: t('evaluation.required') }]}>
                    <Input placeholder={t('evaluation.figure.unit')} aria-label={t('evaluation.figure.unit')} style={{ width: 80 }} maxLength={20} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'previous']} rules={[{ required: true, message: t('evaluation.required') }]}>
                    <InputNumber min={0} placeholder={t('evaluation.figure.previous')} aria-label={t('evaluation.figure.previous')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'current']} rules={[{ required: true, message: t('evaluation.required') }]}>
                    <InputNumber min={0} placeholder={t('evaluation.figure.current')} aria-label={t('evaluation.figure.current')} />
                  </Form.Item>
                  {editable && <MinusCircleOutlined aria-label={t('evaluation.removeFigure')} onClick={() => remove(field.name)} />}
                </Space>
              ))}
              {editable && (
                <Space>
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({})}>{t('evaluation.addFigure')}</Button>
                  <Button size="small" type="primary" htmlType="submit" loading={save.isPending}>{t('evaluation.saveWorkload')}</Button>
                </Space>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}

/** 评估结论: written by the evaluator, then filed as a matter of kind evaluation_conclusion. */
function ConclusionSection({ evaluation }: { evaluation: EvaluationDto }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: (typeof conclusionKinds)[number]; ledger?: (typeof quotaTypes)[number] | null; amount?: number | null; reason: string }>();
  const [filing] = Form.useForm<{ documentNumber: string }>();
  const [filed, setFiled] = useState<string | null>(null);
  const status = useRefusal();
  const fileStatus = useRefusal();
  const kind = Form.useWatch('kind', form);
  const conclude = useMutation(
    trpc.audit.evaluation.conclude.mutationOptions({
      onSuccess: async () => {
        message.success(t('common.saved'));
        status.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.audit.evaluation.get.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.audit.evaluation.list.queryKey() });
      },
      onError: status.onError,
    }),
  );
  const file = useMutation(trpc.approval.matter.file.mutationOptions({ onSuccess: (m) => (fileStatus.reset(), setFiled(m.id)), onError: fileStatus.onError }));
  const c = evaluation.conclusion;
  return (
    <Card size="small" title={t('evaluation.conclusion')}>
      <RefusalAlert error={status.refusal} />
      <Form
        form={form}
        layout="inline"
        initialValues={{ kind: c?.kind ?? evaluation.score?.suggestion ?? 'keep', ledger: c?.ledger ?? null, amount: c?.amount ?? evaluation.score?.suggestedCut ?? null, reason: c?.reason ?? '' }}
        onFinish={(v) => conclude.mutate({ id: evaluation.id, conclusion: { kind: v.kind, ledger: v.kind === 'cut' ? (v.ledger ?? null) : null, amount: v.kind === 'cut' ? (v.amount ?? null) : null, reason: v.reason } })}
      >
        <Form.Item name="kind" label={t('evaluation.conclusionKind')}>
          <Select style={{ width: 110 }} aria-label={t('evaluation.conclusionKind')} options={conclusionKinds.map((k) => ({ value: k, label: t(`evaluation.conclusions.${k}`) }))} />
        </Form.Item>
        {kind === 'cut' && (
          <>
            <Form.Item name="ledger" label={t('evaluation.quotaType')} rules={[{ required: true, message: t('evaluation.required') }]}>
              <Select style={{ width: 130 }} aria-label={t('evaluation.quotaType')} options={quotaTypes.map((q) => ({ value: q, label: t(`evaluation.quotaTypes.${q}`) }))} />
            </Form.Item>
            <Form.Item name="amount" label={t('evaluation.amount')} rules={[{ required: true, message: t('evaluation.required') }]}>
              <InputNumber min={1} aria-label={t('evaluation.amount')} />
            </Form.Item>
          </>
        )}
        <Form.Item name="reason" label={t('evaluation.reason')} rules={[{ required: true, whitespace: true, message: t('evaluation.required') }]} style={{ minWidth: 260 }}>
          <Input maxLength={2000} aria-label={t('evaluation.reason')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={conclude.isPending}>{t('evaluation.saveConclusion')}</Button>
      </Form>
      {c && (
        <div style={{ marginTop: 16 }}>
          <Typography.Paragraph>{t('evaluation.fileHelp')}</Typography.Paragraph>
          <RefusalAlert error={fileStatus.refusal} />
          {filed ? (
            <Typography.Text>
              {t('evaluation.filed')} <Link to="/matters/$matterId" params={{ matterId: filed }}>{t('evaluation.openMatter')}</Link>
            </Typography.Text>
          ) : (
            <Form
              form={filing}
              layout="inline"
              onFinish={(v) =>
                file.mutate({
                  id: crypto.randomUUID(),
                  kind: 'evaluation_conclusion',
                  title: t('evaluation.matterTitle', { unit: evaluation.organizationName, conclusion: conclusionText(t, c) }),
                  reason: c.reason,
                  evaluation: { evaluationId: evaluation.id, conclusion: c },
                  documents: [{ title: t('evaluation.requestDocument'), documentNumber: v.documentNumber }],
                })
              }
            >
              <Form.Item name="documentNumber" label={t('evaluation.documentNumber')} rules={[{ required: true, whitespace: true, message: t('evaluation.required') }]}>
                <Input maxLength={100} aria-label={t('evaluation.documentNumber')} />
              </Form.Item>
              <Button htmlType="submit" loading={file.isPending}>{t('evaluation.file')}</Button>
            </Form>
          )}
        </div>
      )}
    </Card>
  );
}

/**
 * 发起改革项目 from an approved cut: a uniform cut (统一精简) of the unit's jurisdiction with every other
 * unit excepted, at the rate that takes exactly N from the unit (`cutRate`), previewed as any project.
 */
function ReformFromCutModal({ evaluation, onClose }: { evaluation: EvaluationDto; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const c = evaluation.conclusion!;
  const [form] = Form.useForm<{ title: string; documentNumber: string }>();
  const status = useRefusal();
  const [preview, setPreview] = useState<ImpactPreview | null>(null);
  const [requestId] = useState(() => crypto.randomUUID());
  const balances = useQuery(trpc.ledger.balance.get.queryOptions({ organizationId: evaluation.organizationId }));
  const units = useQuery(trpc.registry.organization.list.queryOptions({ jurisdictionId: evaluation.jurisdictionId, limit: 500, offset: 0 }));
  const quota = balances.data?.find((b) => b.ledger === c.ledger)?.quota ?? 0;
  const rate = cutRate(quota, c.amount ?? 0);
  // Every other unit must be excepted: a jurisdiction with more units than one page lists is not offered.
  const tooMany = units.data !== undefined && units.data.total > units.data.items.length;
  const plan: ReformPlan | null = rate === null || !units.data || tooMany ? null : { kind: 'uniform_cut', jurisdictionId: evaluation.jurisdictionId, ledger: c.ledger!, rate, exceptedIds: units.data.items.map((u) => u.id).filter((id) => id !== evaluation.organizationId) };
  const previewing = useMutation({ mutationFn: (p: ReformPlan) => queryClient.fetchQuery({ ...trpc.reform.project.preview.queryOptions({ jurisdictionId: evaluation.jurisdictionId, plan: p }), staleTime: 0 }), onSuccess: setPreview, onError: status.onError });
  const create = useMutation(
    trpc.reform.project.create.mutationOptions({
      onSuccess: async ({ id }) => {
        onClose();
        await navigate({ to: '/reforms/$projectId', params: { projectId: shortProjectId(id) } });
      },
      onError: status.onError,
    }),
  );
  return (
    <Modal
      title={t('evaluation.reformTitle')}
      open
      onCancel={onClose}
      width={900}
      destroyOnHidden
      footer={[
        <Button key="preview" disabled={!plan} loading={previewing.isPending} onClick={() => plan && previewing.mutate(plan)}>{t('evaluation.reformPreview')}</Button>,
        <Button key="create" type="primary" disabled={!plan} loading={create.isPending} onClick={() => void form.validateFields().then((v) => plan && create.mutate({ id: requestId, title: v.title, documentNumber: v.documentNumber, jurisdictionId: evaluation.jurisdictionId, plan }))}>{t('evaluation.reformCreate')}</Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('evaluation.reformHelp', { amount: c.amount, type: t(`evaluation.quotaTypes.${c.ledger}`), unit: evaluation.organizationName })}</Typography.Paragraph>
      {balances.data && rate === null && <Typography.Paragraph type="danger">{t('evaluation.reformTooLarge', { quota })}</Typography.Paragraph>}
      {tooMany && <Typography.Paragraph type="danger">{t('evaluation.reformTooMany')}</Typography.Paragraph>}
      <RefusalAlert error={status.refusal} />
      <Form form={form} layout="vertical" initialValues={{ title: t('evaluation.reformDefaultTitle', { unit: evaluation.organizationName, conclusion: conclusionText(t, c) }), documentNumber: evaluation.approvalDocumentNumber ?? '' }}>
        <Form.Item label={t('evaluation.reformName')} name="title" rules={[{ required: true, whitespace: true, message: t('evaluation.required') }]}>
          <Input maxLength={200} aria-label={t('evaluation.reformName')} />
        </Form.Item>
        <Form.Item label={t('evaluation.documentNumber')} name="documentNumber" rules={[{ required: true, whitespace: true, message: t('evaluation.required') }]}>
          <Input maxLength={100} aria-label={t('evaluation.documentNumber')} />
        </Form.Item>
      </Form>
      {preview && <ImpactPreviewView preview={preview} />}
    </Modal>
  );
}

function EvaluationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = useCan('audit.evaluation.manage');
  const canReform = useCan('reform.project.manage');
  const [reforming, setReforming] = useState(false);
  const status = useRefusal();
  const detail = useQuery({ ...trpc.audit.evaluation.get.queryOptions({ id: id ?? '' }), enabled: id !== null });
  const score = useMutation(
    trpc.audit.evaluation.score.mutationOptions({
      onSuccess: async () => {
        status.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.audit.evaluation.get.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.audit.evaluation.list.queryKey() });
      },
      onError: status.onError,
    }),
  );
  const e = detail.data;
  const open = e && e.state !== 'approved' && canManage === true;
  return (
    <Drawer title={e?.title ?? t('evaluation.detail')} open={id !== null} onClose={onClose} width={860} destroyOnHidden>
      {e && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'unit', label: t('evaluation.columns.unit'), children: e.organizationName },
              { key: 'year', label: t('evaluation.columns.year'), children: e.year },
              { key: 'state', label: t('evaluation.columns.state'), children: <Tag color={stateColors[e.state]}>{t(`evaluation.states.${e.state}`)}</Tag> },
              { key: 'conclusion', label: t('evaluation.columns.conclusion'), children: conclusionText(t, e.conclusion) },
              ...(e.approvalDocumentNumber ? [{ key: 'doc', label: t('evaluation.approvalDocument'), children: e.approvalDocumentNumber }] : []),
              ...(e.matterId ? [{ key: 'matter', label: t('evaluation.matter'), children: <Link to="/matters/$matterId" params={{ matterId: e.matterId }}>{t('evaluation.openMatter')}</Link> }] : []),
            ]}
          />
          {e.state === 'approved' && e.conclusion?.kind === 'cut' && canReform && (
            <Button type="primary" onClick={() => setReforming(true)}>{t('evaluation.startReform')}</Button>
          )}
          {reforming && <ReformFromCutModal evaluation={e} onClose={() => setReforming(false)} />}
          <WorkloadSection key={`${e.id}-${e.workload.length}`} evaluation={e} editable={open === true} />
          <Card size="small" title={t('evaluation.score')} extra={open && <Button size="small" type="primary" loading={score.isPending} onClick={() => score.mutate({ id: e.id })}>{t('evaluation.computeScore')}</Button>}>
            <RefusalAlert error={status.refusal} />
            <Typography.Paragraph type="secondary">{t('evaluation.methodHelp')}</Typography.Paragraph>
            {e.score && e.indicators ? (
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'total', label: t('evaluation.total'), children: <Typography.Text strong>{e.score.total}</Typography.Text> },
                  { key: 'suggestion', label: t('evaluation.suggestion'), children: `${t(`evaluation.conclusions.${e.score.suggestion}`)}${e.score.suggestedCut ? ` ${e.score.suggestedCut}` : ''}` },
                  { key: 'workload', label: t('evaluation.parts.workload'), children: `${e.score.parts.workload} / 40（${t('evaluation.ratio')} ${e.score.workloadRatio}）` },
                  { key: 'quotaUse', label: t('evaluation.parts.quotaUse'), children: `${e.score.parts.quotaUse} / 30（${t('evaluation.vacancyRate')} ${Math.round(e.score.vacancyRate * 1000) / 10}%，${t('evaluation.overQuarters')} ${e.score.quartersOverQuota}）` },
                  { key: 'outside', label: t('evaluation.parts.outsideQuota'), children: `${e.score.parts.outsideQuota} / 15（${e.indicators.outsideQuota}）` },
                  { key: 'compliance', label: t('evaluation.parts.compliance'), children: `${e.score.parts.compliance} / 15（${t('evaluation.findings')} ${e.indicators.findings}，${t('evaluation.violations')} ${e.indicators.violations}）` },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{t('evaluation.notScored')}</Typography.Text>
            )}
          </Card>
          {e.state === 'scored' && canManage && <ConclusionSection key={`${e.id}-${JSON.stringify(e.conclusion)}`} evaluation={e} />}
        </Space>
      )}
    </Drawer>
  );
}

function EvaluationsTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = useCan('audit.evaluation.manage');
  const [year, setYear] = useState<number | undefined>();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const list = useQuery(trpc.audit.evaluation.list.queryOptions({ year }));
  const exportFile = async () => {
    const file = await queryClient.fetchQuery({ ...trpc.audit.evaluation.export.queryOptions({ year }), staleTime: 0 });
    downloadBase64(file.filename, file.contentBase64, xlsx);
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <InputNumber placeholder={t('evaluation.columns.year')} aria-label={t('evaluation.filterYear')} min={2000} max={2200} value={year} onChange={(v) => setYear(v ?? undefined)} />
        <Button onClick={() => void exportFile()}>{t('common.exportExcel')}</Button>
        {canManage && <Button type="primary" onClick={() => setCreating(true)}>{t('evaluation.create')}</Button>}
      </Space>
      <Table<EvaluationDto>
        rowKey="id"
        loading={list.isPending}
        locale={emptyOrFailed(list)}
        dataSource={list.data ?? []}
        columns={[
          { title: t('evaluation.columns.unit'), dataIndex: 'organizationName' },
          { title: t('evaluation.columns.year'), dataIndex: 'year', width: 80 },
          { title: t('evaluation.columns.title'), dataIndex: 'title', render: (title: string, e) => <Typography.Link onClick={() => setShown(e.id)}>{title}</Typography.Link> },
          { title: t('evaluation.columns.state'), dataIndex: 'state', width: 120, render: (s: EvaluationState) => <Tag color={stateColors[s]}>{t(`evaluation.states.${s}`)}</Tag> },
          { title: t('evaluation.columns.score'), width: 80, render: (_, e) => e.score?.total ?? '—' },
          { title: t('evaluation.columns.conclusion'), render: (_, e) => conclusionText(t, e.conclusion) },
        ]}
      />
      <CreateEvaluationModal open={creating} onClose={() => setCreating(false)} onCreated={setShown} />
      <EvaluationDrawer id={shown} onClose={() => setShown(null)} />
    </>
  );
}

/** 评估考核: evaluations of units (score, conclusion approved as a matter) and the yearly assessment. */
export function EvaluationPage() {
  const { t } = useTranslation();
  return (
    <RequirePermission permission="audit.evaluation.read">
      <Card title={t('evaluation.title')}>
        <Tabs items={[{ key: 'evaluations', label: t('evaluation.tabs.evaluations'), children: <EvaluationsTab /> }, { key: 'assessment', label: t('evaluation.tabs.assessment'), children: <AssessmentTab /> }]} />
      </Card>
    </RequirePermission>
  );
}
