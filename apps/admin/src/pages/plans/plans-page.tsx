import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { quotaTypes, type PlanDto } from '@bianzhi/contracts/ledger';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan, useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useDateFormat } from '../use-date-format.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { emptyOrFailed } from '../load-state.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';
import { serviceFunctions, type ServiceFunction } from '@bianzhi/contracts/workforce';

const statusColors: Record<PlanDto['status'], string> = { filed: 'blue', approved: 'green', rejected: 'red', cancelled: 'default' };

function FilePlanModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ organizationId: string; ledger: PlanDto['ledger']; places: number; endsOn: string; reason: string; function?: ServiceFunction }>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const ownUnit = me.data?.organizationId ?? null;
  const file = useMutation(
    trpc.ledger.plan.file.mutationOptions({
      onSuccess: async () => {
        message.success(t('plans.filed'));
        await queryClient.invalidateQueries({ queryKey: trpc.ledger.plan.list.queryKey() });
        form.resetFields();
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  return (
    <Modal title={t('plans.file')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={file.isPending} destroyOnHidden>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ ledger: 'administrative', places: 1 }} onFinish={(v) => file.mutate({ ...v, id: crypto.randomUUID(), organizationId: ownUnit ?? v.organizationId })}>
        {!ownUnit && (
          <Form.Item label={t('plans.unit')} name="organizationId" rules={[{ required: true, message: t('organizations.form.required') }]}>
            <OrganizationPicker ariaLabel={t('plans.unit')} />
          </Form.Item>
        )}
        <Space>
          <Form.Item label={t('quota.type')} name="ledger">
            <Select style={{ width: 160 }} aria-label={t('quota.type')} options={quotaTypes.map((value) => ({ value, label: t(`organizations.quotaTypes.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('plans.places')} name="places" rules={[{ required: true, message: t('organizations.form.required') }]}>
            <InputNumber min={1} max={1000} precision={0} aria-label={t('plans.places')} />
          </Form.Item>
          <Form.Item label={t('plans.endsOn')} name="endsOn" rules={[{ required: true, message: t('organizations.form.required') }]}>
            <Input type="date" aria-label={t('plans.endsOn')} />
          </Form.Item>
        </Space>
        <Form.Item label={t('plans.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item label={t('workforce.planFunction')} name="function" extra={t('workforce.planFunctionHelp')}>
          <Select allowClear style={{ width: 200 }} aria-label={t('workforce.planFunction')} options={serviceFunctions.map((value) => ({ value, label: t(`workforce.functions.${value}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 报批: the bureau takes a filed plan to approval as a matter (用编计划审批). Filing checks the plan
 * as its approval would (the staffing rules, the vacancies); once the chain approves it, the
 * platform approves the plan and its places are reserved.
 */
function PlanMatterModal({ plan, unitName, onClose }: { plan: PlanDto | null; unitName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MatterFields>();
  const matter = useFileMatter(onClose, t('plans.matter.hint'));
  return (
    <Modal title={t('plans.matter.title', { unit: unitName })} open={plan !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('quota.allocate.file')} cancelText={t('common.cancel')} confirmLoading={matter.pending} destroyOnHidden>
      {plan && <Typography.Paragraph>{t('plans.matter.summary', { unit: unitName, places: plan.places, type: t(`organizations.quotaTypes.${plan.ledger}`), reason: plan.reason })}</Typography.Paragraph>}
      <RefusalAlert error={matter.refusal} />
      <Form form={form} layout="vertical" onFinish={(v) => plan && void matter.submit(t('plans.matter.matterTitle', { unit: unitName, places: plan.places }), v, { plan: { planId: plan.id } })}>
        {matter.fields}
      </Form>
    </Modal>
  );
}

/** The plan queue: units file, the bureau takes them to approval as matters or turns them down (never its own), anyone who filed may withdraw. */
function PlanQueue() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const format = useDateFormat();
  const canFile = useCan('ledger.plan.file');
  const canReject = useCan('ledger.plan.reject');
  const canFileMatter = useCan('approval.matter.file');
  const [reporting, setReporting] = useState<PlanDto | null>(null);
  const [status, setStatus] = useState<PlanDto['status'] | undefined>();
  const [filing, setFiling] = useState(false);
  const plans = useQuery(trpc.ledger.plan.list.queryOptions({ status }));
  const organizations = useQuery(trpc.registry.organization.list.queryOptions({ limit: 500 }));
  const nameOf = new Map((organizations.data?.items ?? []).map((o) => [o.id, o.name]));
  const options = {
    onSuccess: async () => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: trpc.ledger.plan.list.queryKey() });
    },
    onError: (error: unknown) => message.error(describeServerError(error, t('errors.network')).message),
  };
  const reject = useMutation(trpc.ledger.plan.reject.mutationOptions(options));
  const cancel = useMutation(trpc.ledger.plan.cancel.mutationOptions(options));
  return (
    <Card
      title={t('plans.title')}
      extra={
        <Space>
          <Select allowClear placeholder={t('plans.allStatuses')} value={status} onChange={setStatus} style={{ width: 140 }} aria-label={t('plans.status')} options={(['filed', 'approved', 'rejected', 'cancelled'] as const).map((value) => ({ value, label: t(`plans.statuses.${value}`) }))} />
          {canFile && (
            <Button type="primary" onClick={() => setFiling(true)}>
              {t('plans.file')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('plans.help')}</Typography.Paragraph>
      <Table<PlanDto>
        rowKey="id"
        loading={plans.isPending}
        locale={emptyOrFailed(plans)}
        dataSource={plans.data ?? []}
        columns={[
          { title: t('plans.unit'), dataIndex: 'organizationId', render: (id: string) => nameOf.get(id) ?? id.slice(0, 8) },
          { title: t('quota.type'), dataIndex: 'ledger', width: 110, render: (v: string) => t(`organizations.quotaTypes.${v}`) },
          { title: t('plans.places'), dataIndex: 'places', width: 70 },
          { title: t('plans.progress'), width: 130, render: (_, plan) => (plan.status === 'approved' ? t('plans.progressText', { entered: plan.entered, open: plan.open }) : '—') },
          { title: t('plans.endsOn'), dataIndex: 'endsOn', width: 110 },
          { title: t('plans.reason'), dataIndex: 'reason', render: (reason: string, plan: PlanDto) => (plan.function ? <Space size={4}>{reason}<Tag>{t(`workforce.functions.${plan.function}`)}</Tag></Space> : reason) },
          { title: t('plans.filedAt'), dataIndex: 'filedAt', width: 170, render: (v: Date, plan) => `${format(v)} ${plan.filedBy.name ?? ''}` },
          { title: t('plans.status'), dataIndex: 'status', width: 90, render: (v: PlanDto['status']) => <Tag color={statusColors[v]}>{t(`plans.statuses.${v}`)}</Tag> },
          {
            title: t('plans.actions'),
            width: 190,
            render: (_, plan) => (
              <Space size="small">
                {canFileMatter && plan.status === 'filed' && (
                  <Button size="small" type="primary" onClick={() => setReporting(plan)}>
                    {t('plans.matter.open')}
                  </Button>
                )}
                {canReject && plan.status === 'filed' && (
                  <Button size="small" danger onClick={() => reject.mutate({ id: plan.id })}>
                    {t('plans.reject')}
                  </Button>
                )}
                {canFile && (plan.status === 'filed' || (plan.status === 'approved' && plan.open > 0)) && (
                  <Button size="small" onClick={() => cancel.mutate({ id: plan.id })}>
                    {t('plans.cancel')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <FilePlanModal open={filing} onClose={() => setFiling(false)} />
      <PlanMatterModal plan={reporting} unitName={reporting ? (nameOf.get(reporting.organizationId) ?? '') : ''} onClose={() => setReporting(null)} />
    </Card>
  );
}

export function PlansPage() {
  return (
    <RequirePermission permission="ledger.plan.read">
      <PlanQueue />
    </RequirePermission>
  );
}
