import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { unallocatedPoolOf, type QuotaType } from '@bianzhi/contracts/ledger';
import { todayInChina } from '@bianzhi/domain/calendar';
import { describeServerError, useTRPC } from '../../api/trpc.js';

interface Values {
  ledger: QuotaType;
  amount: number;
  documentNumber: string;
  effectiveDate: string;
}

/**
 * 核定编制: quota from the jurisdiction's unallocated pool to the unit's vacancies, on a document
 * number. One transfer with a client-chosen id, so a double click allocates once.
 */
export function AllocateQuotaModal({ open, onClose, jurisdictionId, units }: { open: boolean; onClose: () => void; jurisdictionId: string; units: { ledger: QuotaType; vacantAccountId: string }[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const ledger = Form.useWatch('ledger', form);
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [refusal, setRefusal] = useState<string | null>(null);
  const pools = useQuery({ ...trpc.ledger.account.list.queryOptions({ holderId: jurisdictionId }), enabled: open });
  const pool = ledger ? unallocatedPoolOf(pools.data ?? [], ledger) : undefined;
  const allocate = useMutation(
    trpc.ledger.transfer.create.mutationOptions({
      onSuccess: async ([result], variables) => {
        if (result?.status === 'failed') {
          setRefusal(result.error === 'EXCEEDS_CREDITS' ? t('quota.allocate.notEnough', { available: pool?.balance ?? 0 }) : t('quota.allocate.refused', { reason: result.error }));
          return;
        }
        message.success(t('quota.allocate.done', { amount: variables.transfers[0]!.kind === 'single' ? variables.transfers[0]!.amount : 0 }));
        await queryClient.invalidateQueries({ queryKey: trpc.ledger.account.list.queryKey() });
        setRequestId(crypto.randomUUID());
        form.resetFields();
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network')).message),
    }),
  );
  const submit = (values: Values) => {
    setRefusal(null);
    const unit = units.find((u) => u.ledger === values.ledger);
    if (!pool || !unit) return setRefusal(t('quota.allocate.noPool'));
    allocate.mutate({ linked: true, transfers: [{ kind: 'single', id: requestId, debitAccountId: pool.id, creditAccountId: unit.vacantAccountId, amount: values.amount, code: 'allocate', documentNumber: values.documentNumber, effectiveDate: values.effectiveDate }] });
  };
  const required = [{ required: true, message: t('organizations.form.required') }];
  return (
    <Modal title={t('quota.allocate.title')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={allocate.isPending} destroyOnHidden>
      {refusal && <Alert type="error" showIcon role="alert" message={refusal} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ ledger: units[0]?.ledger, effectiveDate: todayInChina() }}>
        <Form.Item label={t('quota.type')} name="ledger" rules={required}>
          <Select aria-label={t('quota.type')} options={units.map((u) => ({ value: u.ledger, label: t(`organizations.quotaTypes.${u.ledger}`) }))} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{pool ? t('quota.allocate.available', { available: pool.balance }) : t('quota.allocate.noPool')}</Typography.Paragraph>
        <Form.Item label={t('quota.allocate.amount')} name="amount" rules={required}>
          <InputNumber min={1} max={1_000_000} precision={0} aria-label={t('quota.allocate.amount')} />
        </Form.Item>
        <Form.Item label={t('quota.allocate.documentNumber')} name="documentNumber" rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
          <Input aria-label={t('quota.allocate.documentNumber')} />
        </Form.Item>
        <Form.Item label={t('quota.allocate.effectiveDate')} name="effectiveDate" rules={required}>
          <Input type="date" aria-label={t('quota.allocate.effectiveDate')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
