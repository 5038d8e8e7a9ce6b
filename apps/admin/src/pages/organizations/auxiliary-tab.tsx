import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { auxiliaryKinds, fundingSources, type AuxiliaryStaffDto } from '@bianzhi/contracts/workforce';
import { todayInChina } from '@bianzhi/domain/calendar';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { describeServerError, trpcClient, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { useExcelDownload } from '../download.js';
import { ExcelImportModal } from '../excel-import-modal.js';
import { emptyOrFailed } from '../load-state.js';
import { RefusalAlert } from './policy-refusal.js';

/**
 * 编外人员: a unit's contract, auxiliary and temporary staff, with ID numbers masked as on the roll;
 * the bureau adds, ends and imports them (within the jurisdiction's AUX-RATIO share of the quota).
 */
function useWorkforceRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (q) => /"(auxiliary|purchase|workforce)"/.test(JSON.stringify(q.queryKey)) });
}

type AddValues = { kind: AuxiliaryStaffDto['kind']; name: string; idNumber: string; post: string; funding: AuxiliaryStaffDto['funding']; startedOn: string; endsOn?: string };

function AddAuxiliaryModal({ organizationId, open, onClose }: { organizationId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useWorkforceRefresh();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const add = useMutation(
    trpc.ledger.auxiliary.add.mutationOptions({
      onSuccess: async (staff) => {
        message.success(t('workforce.auxiliary.added', { name: staff.name }));
        await refresh();
        form.resetFields();
        setRefusal(null);
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const required = { required: true, whitespace: true, message: t('organizations.form.required') };
  return (
    <Modal title={t('workforce.auxiliary.add')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={add.isPending} width={640} destroyOnHidden>
      <RefusalAlert error={refusal} />
      <Form<AddValues> form={form} layout="vertical" initialValues={{ kind: 'contract', funding: 'fiscal_full' }} onFinish={(v) => add.mutate({ ...v, id: crypto.randomUUID(), organizationId, endsOn: v.endsOn || undefined })}>
        <Space wrap>
          <Form.Item label={t('workforce.auxiliary.kind')} name="kind">
            <Select style={{ width: 140 }} aria-label={t('workforce.auxiliary.kind')} options={auxiliaryKinds.map((value) => ({ value, label: t(`workforce.kinds.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('workforce.auxiliary.name')} name="name" rules={[required]}>
            <Input maxLength={50} aria-label={t('workforce.auxiliary.name')} />
          </Form.Item>
          <Form.Item
            label={t('workforce.auxiliary.idNumber')}
            name="idNumber"
            rules={[required, { validator: async (_, value: string | undefined) => (!value || parseIdNumber(value) ? undefined : Promise.reject(new Error(t('workforce.auxiliary.idNumberInvalid')))) }]}
          >
            <Input maxLength={18} style={{ width: 220 }} aria-label={t('workforce.auxiliary.idNumber')} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item label={t('workforce.auxiliary.post')} name="post" rules={[required]}>
            <Input maxLength={100} aria-label={t('workforce.auxiliary.post')} />
          </Form.Item>
          <Form.Item label={t('workforce.auxiliary.funding')} name="funding">
            <Select style={{ width: 140 }} aria-label={t('workforce.auxiliary.funding')} options={fundingSources.map((value) => ({ value, label: t(`workforce.funding.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('workforce.auxiliary.startedOn')} name="startedOn" rules={[required]}>
            <Input type="date" aria-label={t('workforce.auxiliary.startedOn')} />
          </Form.Item>
          <Form.Item label={t('workforce.auxiliary.endsOn')} name="endsOn">
            <Input type="date" aria-label={t('workforce.auxiliary.endsOn')} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function EndAuxiliaryModal({ staff, onClose }: { staff: AuxiliaryStaffDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useWorkforceRefresh();
  const [form] = Form.useForm<{ endedOn?: string; reason?: string }>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const end = useMutation(
    trpc.ledger.auxiliary.end.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setRefusal(null);
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  return (
    <Modal title={t('workforce.auxiliary.endTitle', { name: staff?.name ?? '' })} open={staff !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} cancelText={t('common.cancel')} confirmLoading={end.isPending} destroyOnHidden>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" onFinish={(v) => staff && end.mutate({ id: crypto.randomUUID(), staffId: staff.id, endedOn: v.endedOn || undefined, reason: v.reason?.trim() || undefined })}>
        <Form.Item label={t('workforce.auxiliary.endedOn')} name="endedOn" extra={t('workforce.auxiliary.endedOnHelp')}>
          {/* Recorded on or after the day: the service refuses an end after today (China's day). */}
          <Input type="date" min={staff?.startedOn} max={todayInChina()} aria-label={t('workforce.auxiliary.endedOn')} />
        </Form.Item>
        <Form.Item label={t('workforce.auxiliary.endReason')} name="reason">
          <Input maxLength={200} aria-label={t('workforce.auxiliary.endReason')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportAuxiliaryModal({ organizationId, open, onClose }: { organizationId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useWorkforceRefresh();
  const auxiliary = trpcClient.ledger.auxiliary;
  return (
    <ExcelImportModal
      open={open}
      onClose={onClose}
      title={t('workforce.auxiliary.import.title')}
      help={t('workforce.auxiliary.import.help')}
      limit={t('workforce.auxiliary.import.limit')}
      done={(count) => t('workforce.auxiliary.import.done', { count })}
      template={() => auxiliary.importTemplate.query()}
      start={(file) => auxiliary.importStart.mutate({ ...file, organizationId })}
      poll={async (id) => {
        const job = await auxiliary.importStatus.query({ id });
        return { ...job, state: job.state === 'done' ? 'succeeded' : job.state };
      }}
      onSucceeded={refresh}
    />
  );
}

export function AuxiliaryTab({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = useCan('ledger.workforce.manage');
  const [includeEnded, setIncludeEnded] = useState(false);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [ending, setEnding] = useState<AuxiliaryStaffDto | null>(null);
  const excel = useExcelDownload();
  const staff = useQuery(trpc.ledger.auxiliary.list.queryOptions({ organizationId, includeEnded }));
  const totals = useQuery(trpc.ledger.workforce.totals.queryOptions({ organizationId }));
  const unit = totals.data?.units[0];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('workforce.auxiliary.help')}</Typography.Paragraph>
      {unit && <Typography.Text data-testid="workforce-unit-totals">{t('workforce.unitTotals', { onQuota: unit.onQuota, outside: unit.outsideQuota, total: unit.publiclyFunded, quota: unit.quota })}</Typography.Text>}
      <Space wrap>
        {canManage && <Button type="primary" onClick={() => setAdding(true)}>{t('workforce.auxiliary.add')}</Button>}
        {canManage && <Button onClick={() => setImporting(true)}>{t('workforce.auxiliary.import.open')}</Button>}
        <Button loading={excel.pending} onClick={() => void excel.download(() => queryClient.fetchQuery(trpc.ledger.auxiliary.exportXlsx.queryOptions({ organizationId, includeEnded })))}>{t('common.exportExcel')}</Button>
        <Checkbox checked={includeEnded} onChange={(e) => setIncludeEnded(e.target.checked)}>{t('workforce.auxiliary.includeEnded')}</Checkbox>
      </Space>
      <Table<AuxiliaryStaffDto>
        size="small"
        rowKey="id"
        loading={staff.isPending}
        dataSource={staff.data ?? []}
        locale={emptyOrFailed(staff)}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('workforce.auxiliary.kind'), dataIndex: 'kind', width: 110, render: (v: AuxiliaryStaffDto['kind']) => t(`workforce.kinds.${v}`) },
          { title: t('workforce.auxiliary.name'), dataIndex: 'name', width: 100 },
          { title: t('workforce.auxiliary.idNumber'), dataIndex: 'idNumberMasked', width: 190 },
          { title: t('workforce.auxiliary.post'), dataIndex: 'post' },
          { title: t('workforce.auxiliary.funding'), dataIndex: 'funding', width: 100, render: (v: AuxiliaryStaffDto['funding']) => t(`workforce.funding.${v}`) },
          { title: t('workforce.auxiliary.startedOn'), dataIndex: 'startedOn', width: 110 },
          { title: t('workforce.auxiliary.endsOn'), dataIndex: 'endsOn', width: 120, render: (v: string | null) => v ?? '—' },
          { title: t('workforce.auxiliary.endedOn'), dataIndex: 'endedOn', width: 110, render: (v: string | null) => v ?? '—' },
          ...(canManage ? [{ title: t('plans.actions'), key: 'actions', width: 90, render: (_: unknown, row: AuxiliaryStaffDto) => (row.endedOn ? null : <Button size="small" onClick={() => setEnding(row)}>{t('workforce.auxiliary.end')}</Button>) }] : []),
        ]}
      />
      <AddAuxiliaryModal organizationId={organizationId} open={adding} onClose={() => setAdding(false)} />
      <EndAuxiliaryModal staff={ending} onClose={() => setEnding(null)} />
      <ImportAuxiliaryModal organizationId={organizationId} open={importing} onClose={() => setImporting(false)} />
    </Space>
  );
}
