import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { serviceFunctions, type PurchaseContractDto } from '@bianzhi/contracts/workforce';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { useExcelDownload } from '../download.js';
import { emptyOrFailed } from '../load-state.js';
import { RefusalAlert } from './policy-refusal.js';

/**
 * 政府购买服务: a unit's contracts for a function, with the headcount they stand for, the amount and
 * the period. A function bought here cannot also be given quota through a staffing-use plan (两头占).
 */
type AddValues = { function: PurchaseContractDto['function']; provider: string; contractNumber?: string; headcount: number; amount: number; startsOn: string; endsOn: string };

function AddPurchaseModal({ organizationId, open, onClose, onAdded }: { organizationId: string; open: boolean; onClose: () => void; onAdded: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const add = useMutation(
    trpc.ledger.purchase.add.mutationOptions({
      onSuccess: async () => {
        message.success(t('workforce.purchase.added'));
        await onAdded();
        form.resetFields();
        setRefusal(null);
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const required = { required: true, message: t('organizations.form.required') };
  return (
    <Modal title={t('workforce.purchase.add')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={add.isPending} width={640} destroyOnHidden>
      <RefusalAlert error={refusal} />
      <Form<AddValues> form={form} layout="vertical" initialValues={{ function: 'cleaning', headcount: 1 }} onFinish={(v) => add.mutate({ ...v, id: crypto.randomUUID(), organizationId, contractNumber: v.contractNumber?.trim() || undefined })}>
        <Space wrap>
          <Form.Item label={t('workforce.purchase.function')} name="function">
            <Select style={{ width: 160 }} aria-label={t('workforce.purchase.function')} options={serviceFunctions.map((value) => ({ value, label: t(`workforce.functions.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('workforce.purchase.provider')} name="provider" rules={[{ ...required, whitespace: true }]}>
            <Input maxLength={200} style={{ width: 260 }} aria-label={t('workforce.purchase.provider')} />
          </Form.Item>
          <Form.Item label={t('workforce.purchase.contractNumber')} name="contractNumber">
            <Input maxLength={100} aria-label={t('workforce.purchase.contractNumber')} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item label={t('workforce.purchase.headcount')} name="headcount" rules={[required]}>
            <InputNumber min={0.1} max={100000} step={0.5} precision={1} aria-label={t('workforce.purchase.headcount')} />
          </Form.Item>
          <Form.Item label={t('workforce.purchase.amount')} name="amount" rules={[required]}>
            <InputNumber min={0} precision={2} style={{ width: 160 }} aria-label={t('workforce.purchase.amount')} />
          </Form.Item>
          <Form.Item label={t('workforce.purchase.startsOn')} name="startsOn" rules={[required]}>
            <Input type="date" aria-label={t('workforce.purchase.startsOn')} />
          </Form.Item>
          <Form.Item label={t('workforce.purchase.endsOn')} name="endsOn" rules={[required]}>
            <Input type="date" aria-label={t('workforce.purchase.endsOn')} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export function PurchaseTab({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const canManage = useCan('ledger.workforce.manage');
  const [includeEnded, setIncludeEnded] = useState(false);
  const [adding, setAdding] = useState(false);
  const excel = useExcelDownload();
  const contracts = useQuery(trpc.ledger.purchase.list.queryOptions({ organizationId, includeEnded }));
  const refresh = () => queryClient.invalidateQueries({ predicate: (q) => /"(purchase|workforce)"/.test(JSON.stringify(q.queryKey)) });
  const end = useMutation(
    trpc.ledger.purchase.end.mutationOptions({
      onSuccess: () => refresh(),
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('workforce.purchase.help')}</Typography.Paragraph>
      <Space wrap>
        {canManage && <Button type="primary" onClick={() => setAdding(true)}>{t('workforce.purchase.add')}</Button>}
        <Button loading={excel.pending} onClick={() => void excel.download(() => queryClient.fetchQuery(trpc.ledger.purchase.exportXlsx.queryOptions({ organizationId, includeEnded })))}>{t('common.exportExcel')}</Button>
        <Checkbox checked={includeEnded} onChange={(e) => setIncludeEnded(e.target.checked)}>{t('workforce.purchase.includeEnded')}</Checkbox>
      </Space>
      <Table<PurchaseContractDto>
        size="small"
        rowKey="id"
        loading={contracts.isPending}
        dataSource={contracts.data ?? []}
        locale={emptyOrFailed(contracts)}
        pagination={false}
        columns={[
          { title: t('workforce.purchase.function'), dataIndex: 'function', width: 120, render: (v: PurchaseContractDto['function']) => t(`workforce.functions.${v}`) },
          { title: t('workforce.purchase.provider'), dataIndex: 'provider' },
          { title: t('workforce.purchase.contractNumber'), dataIndex: 'contractNumber', width: 150, render: (v: string | null) => v ?? '—' },
          { title: t('workforce.purchase.headcount'), dataIndex: 'headcount', width: 90 },
          { title: t('workforce.purchase.amount'), dataIndex: 'amount', width: 130, render: (v: number) => v.toLocaleString('zh-CN', { minimumFractionDigits: 2 }) },
          { title: t('workforce.purchase.period'), key: 'period', width: 200, render: (_: unknown, row) => `${row.startsOn} ~ ${row.endsOn}` },
          {
            title: t('plans.status'),
            key: 'status',
            width: 150,
            render: (_: unknown, row) => (row.terminatedOn ? <Tag>{t('workforce.purchase.terminatedOn', { date: row.terminatedOn })}</Tag> : row.active ? <Tag color="green">{t('workforce.purchase.active')}</Tag> : <Tag color="blue">{t('workforce.purchase.notActive')}</Tag>),
          },
          ...(canManage
            ? [
                {
                  title: t('plans.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, row: PurchaseContractDto) =>
                    row.terminatedOn ? null : (
                      <Popconfirm title={t('workforce.purchase.endConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => end.mutate({ id: crypto.randomUUID(), contractId: row.id })}>
                        <Button size="small">{t('workforce.purchase.end')}</Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <AddPurchaseModal organizationId={organizationId} open={adding} onClose={() => setAdding(false)} onAdded={refresh} />
    </Space>
  );
}
