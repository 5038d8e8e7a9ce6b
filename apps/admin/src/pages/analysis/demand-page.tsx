import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DemandRequestDto } from '@bianzhi/contracts/analysis';
import { quotaTypes, type QuotaType } from '@bianzhi/contracts/ledger';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan, useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { ExportButton } from '../table-export.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { emptyOrFailed } from '../load-state.js';

const statusColors: Record<DemandRequestDto['status'], string> = { submitted: 'blue', approved: 'green', rejected: 'red' };
const nextYear = new Date().getFullYear() + 1;

function SubmitModal({ open, year, onClose }: { open: boolean; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ organizationId: string; ledger: QuotaType; places: number; reason: string }>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const ownUnit = me.data?.organizationId ?? null;
  const submit = useMutation(
    trpc.analysis.demand.submit.mutationOptions({
      onSuccess: async () => {
        message.success(t('demand.submitted'));
        await queryClient.invalidateQueries({ queryKey: trpc.analysis.demand.list.queryKey() });
        form.resetFields();
        setRefusal(null);
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  return (
    <Modal title={t('demand.submit')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={submit.isPending} destroyOnHidden>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ ledger: 'institution', places: 1 }} onFinish={(v) => submit.mutate({ ...v, id: crypto.randomUUID(), year, organizationId: ownUnit ?? v.organizationId })}>
        {!ownUnit && (
          <Form.Item label={t('demand.unit')} name="organizationId" rules={[{ required: true, message: t('organizations.form.required') }]}>
            <OrganizationPicker ariaLabel={t('demand.unit')} />
          </Form.Item>
        )}
        <Space>
          <Form.Item label={t('quota.type')} name="ledger">
            <Select style={{ width: 160 }} aria-label={t('quota.type')} options={quotaTypes.map((value) => ({ value, label: t(`organizations.quotaTypes.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('demand.places')} name="places" rules={[{ required: true, message: t('organizations.form.required') }]}>
            <InputNumber min={1} max={10000} precision={0} aria-label={t('demand.places')} />
          </Form.Item>
        </Space>
        <Form.Item label={t('demand.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DecideModal({ request, onClose }: { request: DemandRequestDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ granted: number; note?: string }>();
  const decide = useMutation(
    trpc.analysis.demand.decide.mutationOptions({
      onSuccess: async () => {
        message.success(t('common.saved'));
        await queryClient.invalidateQueries({ queryKey: trpc.analysis.demand.list.queryKey() });
        onClose();
      },
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  return (
    <Modal title={t('demand.decide')} open={request !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={decide.isPending} destroyOnHidden>
      {request && (
        <Form form={form} layout="vertical" initialValues={{ granted: request.places }} onFinish={(v) => decide.mutate({ id: request.id, granted: v.granted, note: v.note ?? '' })}>
          <Typography.Paragraph>{t('demand.context', { unit: request.organizationName, places: request.places, vacant: request.vacant, retiring: request.retiringInYear })}</Typography.Paragraph>
          <Form.Item label={t('demand.granted')} name="granted" extra={t('demand.grantedHelp')}>
            <InputNumber min={0} max={request.places} precision={0} aria-label={t('demand.granted')} />
          </Form.Item>
          <Form.Item label={t('demand.note')} name="note">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** 需求预报: units file their yearly requests; the bureau sees them beside vacancies and retirements and decides. */
function Demand() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canSubmit = useCan('analysis.demand.submit');
  const canDecide = useCan('analysis.demand.decide');
  const [year, setYear] = useState(nextYear);
  const [submitting, setSubmitting] = useState(false);
  const [deciding, setDeciding] = useState<DemandRequestDto | null>(null);
  const requests = useQuery(trpc.analysis.demand.list.queryOptions({ year }));
  const totals = (requests.data ?? []).reduce((sum, r) => ({ places: sum.places + r.places, granted: sum.granted + (r.granted ?? 0) }), { places: 0, granted: 0 });
  return (
    <Card
      title={t('demand.title')}
      extra={
        <Space>
          <ExportButton
            filename={`${t('demand.title')}-${year}.xlsx`}
            sheetName={t('demand.title')}
            columns={[{ header: t('demand.unit'), width: 30 }, { header: t('quota.type') }, { header: t('demand.places') }, { header: t('demand.vacant') }, { header: t('demand.retiring') }, { header: t('demand.reason'), width: 40 }, { header: t('demand.status') }, { header: t('demand.granted') }]}
            rows={() => (requests.data ?? []).map((r) => [r.organizationName, t(`organizations.quotaTypes.${r.ledger}`), r.places, r.vacant, r.retiringInYear, r.reason, t(`demand.statuses.${r.status}`), r.granted])}
          />
          <Select value={year} onChange={setYear} style={{ width: 110 }} aria-label={t('demand.year')} options={[nextYear - 1, nextYear, nextYear + 1].map((y) => ({ value: y, label: t('demand.yearLabel', { year: y }) }))} />
          {canSubmit && (
            <Button type="primary" onClick={() => setSubmitting(true)}>
              {t('demand.submit')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('demand.help')}</Typography.Paragraph>
      <Typography.Paragraph>{t('demand.totals', { count: requests.data?.length ?? 0, places: totals.places, granted: totals.granted })}</Typography.Paragraph>
      <Table<DemandRequestDto>
        rowKey="id"
        loading={requests.isPending}
        locale={emptyOrFailed(requests)}
        dataSource={requests.data ?? []}
        columns={[
          { title: t('demand.unit'), dataIndex: 'organizationName' },
          { title: t('quota.type'), dataIndex: 'ledger', width: 120, render: (v: QuotaType) => t(`organizations.quotaTypes.${v}`) },
          { title: t('demand.places'), dataIndex: 'places', width: 80 },
          { title: t('demand.vacant'), dataIndex: 'vacant', width: 80 },
          { title: t('demand.retiring'), dataIndex: 'retiringInYear', width: 100 },
          { title: t('demand.reason'), dataIndex: 'reason' },
          { title: t('demand.status'), dataIndex: 'status', width: 120, render: (s: DemandRequestDto['status'], r) => <Tag color={statusColors[s]}>{t(`demand.statuses.${s}`)}{r.granted !== null && s === 'approved' ? ` ${r.granted}` : ''}</Tag> },
          {
            title: t('demand.actions'),
            width: 100,
            render: (_, r) =>
              canDecide && r.status === 'submitted' && (
                <Button size="small" type="primary" onClick={() => setDeciding(r)}>
                  {t('demand.decide')}
                </Button>
              ),
          },
        ]}
      />
      <SubmitModal open={submitting} year={year} onClose={() => setSubmitting(false)} />
      <DecideModal request={deciding} onClose={() => setDeciding(null)} />
    </Card>
  );
}

export function DemandPage() {
  return (
    <RequirePermission permission="analysis.demand.read">
      <Demand />
    </RequirePermission>
  );
}
