import { useQuery } from '@tanstack/react-query';
import { Form, InputNumber, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { unallocatedPoolOf, type QuotaType } from '@bianzhi/contracts/ledger';
import { useTRPC } from '../../api/trpc.js';
import { RefusalAlert } from './policy-refusal.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';

interface Values extends MatterFields {
  ledger: QuotaType;
  amount: number;
}

/**
 * 申报核定编制: quota from the jurisdiction's unallocated pool to the unit's vacancies is a matter
 * (docs/authority.md): filed here on the request's number, decided by others along its chain, and
 * applied by the platform once approved.
 */
export function AllocateQuotaModal({ open, onClose, jurisdictionId, unitName, units }: { open: boolean; onClose: () => void; jurisdictionId: string; unitName: string; units: { ledger: QuotaType; vacantAccountId: string }[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<Values>();
  const ledger = Form.useWatch('ledger', form);
  const pools = useQuery({ ...trpc.ledger.account.list.queryOptions({ holderId: jurisdictionId }), enabled: open });
  const pool = ledger ? unallocatedPoolOf(pools.data ?? [], ledger) : undefined;
  const matter = useFileMatter(() => {
    form.resetFields();
    onClose();
  });
  const submit = (values: Values) => {
    const unit = units.find((u) => u.ledger === values.ledger);
    if (!pool || !unit) return;
    void matter.submit(t('quota.allocate.matterTitle', { unit: unitName, amount: values.amount, type: t(`organizations.quotaTypes.${values.ledger}`) }), values, { moves: [{ ledger: values.ledger, code: 'allocate', debitAccountId: pool.id, creditAccountId: unit.vacantAccountId, amount: values.amount }] });
  };
  const required = [{ required: true, message: t('organizations.form.required') }];
  return (
    <Modal title={t('quota.allocate.title')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('quota.allocate.file')} cancelText={t('common.cancel')} confirmLoading={matter.pending} destroyOnHidden>
      <RefusalAlert error={matter.refusal} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ ledger: units[0]?.ledger }}>
        <Form.Item label={t('quota.type')} name="ledger" rules={required}>
          <Select aria-label={t('quota.type')} options={units.map((u) => ({ value: u.ledger, label: t(`organizations.quotaTypes.${u.ledger}`) }))} />
        </Form.Item>
        <Typography.Paragraph type="secondary">{pool ? t('quota.allocate.available', { available: pool.balance }) : t('quota.allocate.noPool')}</Typography.Paragraph>
        <Form.Item label={t('quota.allocate.amount')} name="amount" rules={required}>
          <InputNumber min={1} max={1_000_000} precision={0} aria-label={t('quota.allocate.amount')} />
        </Form.Item>
        {matter.fields}
      </Form>
    </Modal>
  );
}
