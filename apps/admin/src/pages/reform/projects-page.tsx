import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { reformKinds, reformStages, type ImpactPreview, type ReformKind, type ReformPlan, type ReformProjectSummary, type ReformStage } from '@bianzhi/contracts/reform';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { useDateFormat } from '../use-date-format.js';
import { ImpactPreviewView } from './impact-preview.js';
import { shortProjectId, stageColors } from './project-ids.js';
import { emptyOrFailed } from '../load-state.js';

const formKinds = ['merger', 'abolition', 'delegation', 'sinking', 'uniform_cut', 'filing_conversion', 'enterprise_conversion'] as const satisfies readonly ReformKind[];

interface PlanForm {
  title: string;
  jurisdictionId: string;
  documentNumber: string;
  kind: (typeof formKinds)[number];
  sourceIds?: (string | null)[];
  targetId?: string | null;
  approvedQuota?: number | null;
  keepNames?: boolean;
  organizationId?: string | null;
  targetJurisdictionId?: string;
  rate?: number;
  sinkFrom?: { organizationId?: string | null; amount?: number }[];
  sinkTo?: { jurisdictionId?: string; amount?: number; frontline?: boolean }[];
  frontlineShare?: number;
}

/** The plan a form describes (the server validates it again, with the live figures). */
function planOf(values: PlanForm): ReformPlan | null {
  const ids = (values.sourceIds ?? []).filter((id): id is string => Boolean(id));
  switch (values.kind) {
    case 'merger':
      return values.targetId ? { kind: 'merger', sourceIds: ids, target: { existingId: values.targetId }, approvedQuota: values.approvedQuota == null ? {} : { administrative: values.approvedQuota }, keepNamesAsNameplates: values.keepNames ?? false } : null;
    case 'abolition':
      return { kind: 'abolition', organizationIds: ids };
    case 'delegation':
      return values.organizationId && values.targetJurisdictionId ? { kind: 'delegation', organizationId: values.organizationId, targetJurisdictionId: values.targetJurisdictionId } : null;
    case 'sinking': {
      const from = (values.sinkFrom ?? []).filter((f) => f.organizationId && f.amount).map((f) => ({ organizationId: f.organizationId!, amount: f.amount! }));
      const to = (values.sinkTo ?? []).filter((t) => t.jurisdictionId && t.amount).map((t) => ({ jurisdictionId: t.jurisdictionId!, amount: t.amount!, frontline: t.frontline ?? true }));
      return from.length && to.length ? { kind: 'sinking', ledger: 'administrative', from, to, minimumFrontlineShare: (values.frontlineShare ?? 85) / 100 } : null;
    }
    case 'uniform_cut':
      return { kind: 'uniform_cut', jurisdictionId: values.jurisdictionId, ledger: 'administrative', rate: (values.rate ?? 5) / 100, exceptedIds: [] };
    case 'filing_conversion':
    case 'enterprise_conversion':
      return values.organizationId ? { kind: values.kind, organizationId: values.organizationId } : null;
  }
}

function CreateProjectModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { treeData } = useJurisdictionOptions();
  const [form] = Form.useForm<PlanForm>();
  const kind = Form.useWatch('kind', form);
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const [preview, setPreview] = useState<ImpactPreview | null>(null);
  const [requestId] = useState(() => crypto.randomUUID());
  const queryClient = useQueryClient();
  const previewing = useMutation({ mutationFn: (input: { jurisdictionId: string; plan: ReformPlan }) => queryClient.fetchQuery({ ...trpc.reform.project.preview.queryOptions(input), staleTime: 0 }) });
  const create = useMutation(
    trpc.reform.project.create.mutationOptions({
      onSuccess: async ({ id }) => {
        onClose();
        await navigate({ to: '/reforms/$projectId', params: { projectId: shortProjectId(id) } });
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const run = async (file: boolean) => {
    const values = await form.validateFields();
    const plan = planOf(values);
    if (!plan) return;
    setRefusal(null);
    if (file) return create.mutate({ id: requestId, title: values.title, jurisdictionId: values.jurisdictionId, documentNumber: values.documentNumber, plan });
    try {
      setPreview(await previewing.mutateAsync({ jurisdictionId: values.jurisdictionId, plan }));
    } catch (error) {
      setRefusal(describeServerError(error, t('errors.network')));
    }
  };
  const required = [{ required: true, message: t('reform.form.required') }];
  return (
    <Modal
      open={open}
      width={960}
      title={t('reform.create')}
      onCancel={onClose}
      footer={[
        <Button key="preview" onClick={() => void run(false)} loading={previewing.isPending}>
          {t('reform.form.preview')}
        </Button>,
        <Button key="file" type="primary" onClick={() => void run(true)} loading={create.isPending}>
          {t('reform.form.file')}
        </Button>,
      ]}
    >
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'merger', sourceIds: [null, null], rate: 5, keepNames: true, sinkFrom: [{}], sinkTo: [{ frontline: true }], frontlineShare: 85 }} onValuesChange={() => setPreview(null)}>
        <Space wrap align="start">
          <Form.Item label={t('reform.form.title')} name="title" rules={required} style={{ width: 320 }}>
            <Input aria-label={t('reform.form.title')} />
          </Form.Item>
          <Form.Item label={t('reform.form.jurisdiction')} name="jurisdictionId" rules={required} style={{ width: 240 }}>
            <TreeSelect treeData={treeData} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label={t('reform.form.jurisdiction')} />
          </Form.Item>
          <Form.Item label={t('reform.form.documentNumber')} name="documentNumber" rules={required} style={{ width: 220 }}>
            <Input placeholder="甬编〔2026〕20号" aria-label={t('reform.form.documentNumber')} />
          </Form.Item>
          <Form.Item label={t('reform.form.kind')} name="kind" style={{ width: 160 }}>
            <Select aria-label={t('reform.form.kind')} options={formKinds.map((k) => ({ value: k, label: t(`reform.kinds.${k}`) }))} />
          </Form.Item>
        </Space>
        {(kind === 'merger' || kind === 'abolition') && (
          <Form.List name="sourceIds">
            {(fields, { add, remove }) => (
              <Form.Item label={kind === 'merger' ? t('reform.form.sources') : t('reform.form.abolished')}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  {fields.map((field, i) => (
                    <Space key={field.key}>
                      <Form.Item name={field.name} noStyle>
                        <OrganizationPicker ariaLabel={`${t('reform.form.unit')} ${i + 1}`} />
                      </Form.Item>
                      <Button size="small" onClick={() => remove(field.name)} aria-label={t('reform.form.removeUnit')}>
                        −
                      </Button>
                    </Space>
                  ))}
                  <Button size="small" onClick={() => add(null)}>
                    {t('reform.form.addUnit')}
                  </Button>
                </Space>
              </Form.Item>
            )}
          </Form.List>
        )}
        {kind === 'merger' && (
          <Space wrap align="start">
            <Form.Item label={t('reform.form.target')} name="targetId" rules={required} style={{ width: 320 }}>
              <OrganizationPicker ariaLabel={t('reform.form.target')} />
            </Form.Item>
            <Form.Item label={t('reform.form.approvedQuota')} name="approvedQuota" extra={t('reform.form.approvedQuotaHelp')}>
              <InputNumber min={0} precision={0} aria-label={t('reform.form.approvedQuota')} />
            </Form.Item>
            <Form.Item label={t('reform.form.keepNames')} name="keepNames" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        )}
        {(kind === 'delegation' || kind === 'filing_conversion' || kind === 'enterprise_conversion') && (
          <Form.Item label={t('reform.form.unit')} name="organizationId" rules={required} style={{ width: 320 }}>
            <OrganizationPicker ariaLabel={t('reform.form.unit')} />
          </Form.Item>
        )}
        {kind === 'delegation' && (
          <Form.Item label={t('reform.form.targetJurisdiction')} name="targetJurisdictionId" rules={required} style={{ width: 320 }}>
            <TreeSelect treeData={treeData} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label={t('reform.form.targetJurisdiction')} />
          </Form.Item>
        )}
        {kind === 'sinking' && (
          <Space align="start" size="large" wrap>
            <Form.List name="sinkFrom">
              {(fields, { add, remove }) => (
                <Form.Item label={t('reform.form.sinkFrom')}>
                  <Space direction="vertical">
                    {fields.map((field, i) => (
                      <Space key={field.key}>
                        <Form.Item name={[field.name, 'organizationId']} noStyle>
                          <OrganizationPicker ariaLabel={`${t('reform.form.sinkFrom')} ${i + 1}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'amount']} noStyle>
                          <InputNumber min={1} precision={0} placeholder={t('reform.form.amount')} aria-label={`${t('reform.form.amount')} ${i + 1}`} />
                        </Form.Item>
                        <Button size="small" onClick={() => remove(field.name)} aria-label={t('reform.form.removeUnit')}>
                          −
                        </Button>
                      </Space>
                    ))}
                    <Button size="small" onClick={() => add({})}>
                      {t('reform.form.addUnit')}
                    </Button>
                  </Space>
                </Form.Item>
              )}
            </Form.List>
            <Form.List name="sinkTo">
              {(fields, { add, remove }) => (
                <Form.Item label={t('reform.form.sinkTo')}>
                  <Space direction="vertical">
                    {fields.map((field, i) => (
                      <Space key={field.key}>
                        <Form.Item name={[field.name, 'jurisdictionId']} noStyle>
                          <TreeSelect treeData={treeData} treeDefaultExpandAll showSearch treeNodeFilterProp="title" style={{ width: 200 }} aria-label={`${t('reform.form.sinkTo')} ${i + 1}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'amount']} noStyle>
                          <InputNumber min={1} precision={0} placeholder={t('reform.form.amount')} aria-label={`${t('reform.form.sinkAmount')} ${i + 1}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'frontline']} valuePropName="checked" noStyle initialValue>
                          <Checkbox>{t('reform.form.frontline')}</Checkbox>
                        </Form.Item>
                        <Button size="small" onClick={() => remove(field.name)} aria-label={t('reform.form.removeUnit')}>
                          −
                        </Button>
                      </Space>
                    ))}
                    <Button size="small" onClick={() => add({ frontline: true })}>
                      {t('reform.form.addJurisdiction')}
                    </Button>
                  </Space>
                </Form.Item>
              )}
            </Form.List>
            <Form.Item label={t('reform.form.frontlineShare')} name="frontlineShare">
              <InputNumber min={0} max={100} addonAfter="%" aria-label={t('reform.form.frontlineShare')} />
            </Form.Item>
          </Space>
        )}
        {kind === 'uniform_cut' && (
          <Form.Item label={t('reform.form.rate')} name="rate" extra={t('reform.form.rateHelp')}>
            <InputNumber min={0.1} max={49} addonAfter="%" aria-label={t('reform.form.rate')} />
          </Form.Item>
        )}
      </Form>
      {preview && <ImpactPreviewView preview={preview} />}
    </Modal>
  );
}

function Projects() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const formatDate = useDateFormat();
  const canManage = useCan('reform.project.manage');
  const { treeData } = useJurisdictionOptions();
  const [filters, setFilters] = useState<{ kind?: ReformKind; stage?: ReformStage; jurisdictionId?: string; overdue?: boolean }>({});
  const [creating, setCreating] = useState(false);
  const list = useQuery({ ...trpc.reform.project.list.queryOptions(filters), refetchInterval: 5_000 });
  return (
    <Card
      title={t('reform.title')}
      extra={
        canManage && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('reform.create')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder={t('reform.filters.kind')} aria-label={t('reform.filters.kind')} style={{ width: 160 }} value={filters.kind} onChange={(kind) => setFilters((f) => ({ ...f, kind }))} options={reformKinds.map((k) => ({ value: k, label: t(`reform.kinds.${k}`) }))} />
        <Select allowClear placeholder={t('reform.filters.stage')} aria-label={t('reform.filters.stage')} style={{ width: 160 }} value={filters.stage} onChange={(stage) => setFilters((f) => ({ ...f, stage }))} options={reformStages.map((s) => ({ value: s, label: t(`reform.stages.${s}`) }))} />
        <TreeSelect allowClear placeholder={t('reform.filters.jurisdiction')} aria-label={t('reform.filters.jurisdiction')} style={{ width: 220 }} treeData={treeData} value={filters.jurisdictionId} onChange={(jurisdictionId) => setFilters((f) => ({ ...f, jurisdictionId }))} treeDefaultExpandAll />
        <Checkbox checked={filters.overdue ?? false} onChange={(e) => setFilters((f) => ({ ...f, overdue: e.target.checked || undefined }))}>
          {t('reform.filters.overdue')}
        </Checkbox>
      </Space>
      <Table<ReformProjectSummary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={emptyOrFailed(list, t('reform.empty'))}
        columns={[
          { title: t('reform.columns.title'), dataIndex: 'title', render: (title: string, row) => <Link to="/reforms/$projectId" params={{ projectId: shortProjectId(row.id) }}>{title}</Link> },
          { title: t('reform.columns.kind'), dataIndex: 'kind', render: (k: ReformKind) => t(`reform.kinds.${k}`) },
          { title: t('reform.columns.stage'), dataIndex: 'stage', render: (s: ReformStage) => <Tag color={stageColors[s]}>{t(`reform.stages.${s}`)}</Tag> },
          {
            title: t('reform.columns.deadline'),
            dataIndex: 'nextDeadline',
            render: (d: string | null) => (d ? <Typography.Text type={Date.parse(d) < Date.now() ? 'danger' : undefined}>{formatDate(new Date(d))}</Typography.Text> : '—'),
          },
          { title: t('reform.columns.started'), dataIndex: 'startedAt', render: (d: string) => formatDate(new Date(d)) },
        ]}
      />
      {creating && <CreateProjectModal open onClose={() => setCreating(false)} />}
    </Card>
  );
}

export function ProjectsPage() {
  return (
    <RequirePermission permission="reform.project.read">
      <Projects />
    </RequirePermission>
  );
}
