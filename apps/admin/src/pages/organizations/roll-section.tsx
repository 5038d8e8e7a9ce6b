import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { entryKinds, exitKinds, postCategories, type SlotDto } from '@bianzhi/contracts/ledger';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { describeServerError, trpcClient, useTRPC, type ServerError } from '../../api/trpc.js';
import { ExcelImportModal } from '../excel-import-modal.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';
import { OrganizationPicker } from './organization-picker.js';
import { useCan } from '../../api/me.js';
import { RefusalAlert } from './policy-refusal.js';
import { emptyOrFailed } from '../load-state.js';
import { ClassifiedPostCell } from './classified-post.js';

function useRollRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ predicate: (q) => JSON.stringify(q.queryKey).includes('"ledger"') });
}

type EnterValues = { planId: string; name: string; idNumber: string; education?: string; postCategory: SlotDto['postCategory']; entryKind: SlotDto['entryKind']; enteredOn?: string };

function EnterModal({ organizationId, open, onClose }: { organizationId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useRollRefresh();
  const { message } = App.useApp();
  const [form] = Form.useForm<EnterValues>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const plans = useQuery(trpc.ledger.plan.list.queryOptions({ organizationId, status: 'approved' }));
  const enter = useMutation(
    trpc.ledger.person.enter.mutationOptions({
      onSuccess: async (slot) => {
        message.success(t('roll.entered', { name: slot.name }));
        await refresh();
        form.resetFields();
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  return (
    <Modal title={t('roll.enter')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={enter.isPending} width={640} destroyOnHidden>
      <RefusalAlert error={refusal} />
      <Form<EnterValues>
        form={form}
        layout="vertical"
        initialValues={{ postCategory: 'management', entryKind: 'exam' }}
        onFinish={(v) => enter.mutate({ id: crypto.randomUUID(), planId: v.planId, entryKind: v.entryKind, enteredOn: v.enteredOn || undefined, person: { name: v.name, idNumber: v.idNumber, education: v.education ?? '', postCategory: v.postCategory } })}
      >
        <Form.Item label={t('roll.plan')} name="planId" rules={[{ required: true, message: t('roll.noPlan') }]}>
          <Select
            aria-label={t('roll.plan')}
            notFoundContent={t('roll.noPlan')}
            options={(plans.data ?? []).filter((p) => p.open > 0).map((p) => ({ value: p.id, label: t('roll.planOption', { reason: p.reason, open: p.open, endsOn: p.endsOn }) }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item label={t('roll.name')} name="name" rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            label={t('roll.idNumber')}
            name="idNumber"
            validateTrigger="onChange"
            normalize={(v: string) => v.toUpperCase().trim()}
            rules={[{ required: true, message: t('organizations.form.required') }, { validator: async (_, v: string | undefined) => { if (v && (v.length < 18 || !parseIdNumber(v))) throw new Error(t('roll.idNumberInvalid')); } }]}
          >
            <Input maxLength={18} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item label={t('roll.education')} name="education">
            <Input maxLength={50} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item label={t('roll.postCategory')} name="postCategory">
            <Select style={{ width: 140 }} options={postCategories.map((value) => ({ value, label: t(`roll.postCategories.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('roll.entryKind')} name="entryKind">
            <Select style={{ width: 140 }} options={entryKinds.map((value) => ({ value, label: t(`roll.entryKinds.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('roll.enteredOn')} name="enteredOn">
            <Input type="date" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function ExitModal({ slot, onClose }: { slot: SlotDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useRollRefresh();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ exitKind: (typeof exitKinds)[number]; exitedOn?: string }>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const exit = useMutation(
    trpc.ledger.person.exit.mutationOptions({
      onSuccess: async () => {
        message.success(t('roll.exited', { name: slot?.name ?? '' }));
        await refresh();
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  return (
    <Modal title={t('roll.exit')} open={slot !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('common.confirm')} cancelText={t('common.cancel')} confirmLoading={exit.isPending} destroyOnHidden>
      <Typography.Paragraph>{t('roll.exitConfirm', { name: slot?.name ?? '' })}</Typography.Paragraph>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ exitKind: 'retirement' }} onFinish={(v) => slot && exit.mutate({ id: crypto.randomUUID(), slotId: slot.id, exitKind: v.exitKind, exitedOn: v.exitedOn || undefined })}>
        <Space>
          <Form.Item label={t('roll.exitKind')} name="exitKind">
            <Select style={{ width: 140 }} aria-label={t('roll.exitKind')} options={exitKinds.map((value) => ({ value, label: t(`roll.exitKinds.${value}`) }))} />
          </Form.Item>
          <Form.Item label={t('roll.exitedOn')} name="exitedOn">
            <Input type="date" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** An existing roll from Excel: every row checked first, one transaction, under the bureau's document number. */
function RollImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRollRefresh();
  const [documentNumber, setDocumentNumber] = useState('');
  const person = trpcClient.ledger.person;
  return (
    <ExcelImportModal
      open={open}
      onClose={onClose}
      title={t('roll.import.title')}
      help={t('roll.import.help')}
      limit={t('roll.import.limit')}
      done={(count) => t('roll.import.done', { count })}
      template={() => person.importTemplate.query()}
      start={(file) => person.importStart.mutate({ ...file, documentNumber })}
      poll={async (id) => {
        const job = await person.importStatus.query({ id });
        return { ...job, state: job.state === 'done' ? 'succeeded' : job.state };
      }}
      onSucceeded={refresh}
      ready={documentNumber.trim().length > 0}
      fields={<Input addonBefore={t('roll.import.documentNumber')} aria-label={t('roll.import.documentNumber')} placeholder={t('roll.import.documentNumberHint')} value={documentNumber} onChange={(e) => setDocumentNumber(e.target.value)} maxLength={100} />}
    />
  );
}

/**
 * 申报带编调任: the person moves to another unit with their quota. Filed as a matter (the quota's move
 * is routed by the authority table); approved, the platform moves person and quota at once.
 */
function TransferModal({ slot, organizationId, onClose }: { slot: SlotDto | null; organizationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MatterFields & { toOrganizationId: string }>();
  const matter = useFileMatter(onClose, t('roll.transfer.hint'));
  return (
    <Modal title={t('roll.transfer.title', { name: slot?.name ?? '' })} open={slot !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('quota.allocate.file')} cancelText={t('common.cancel')} confirmLoading={matter.pending} destroyOnHidden>
      <RefusalAlert error={matter.refusal} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => slot && void matter.submit(t('roll.transfer.matterTitle', { name: slot.name }), v, { transfer: { slotId: slot.id, fromOrganizationId: organizationId, toOrganizationId: v.toOrganizationId } })}
      >
        <Form.Item label={t('roll.transfer.to')} name="toOrganizationId" rules={[{ required: true, message: t('organizations.form.required') }]}>
          <OrganizationPicker ariaLabel={t('roll.transfer.to')} />
        </Form.Item>
        {matter.fields}
      </Form>
    </Modal>
  );
}

/** The unit's named people (实名制), with entry against an approved plan and exit. */
export function RollSection({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canManage = useCan('ledger.person.manage');
  const canRead = useCan('ledger.person.read');
  const canImport = useCan('ledger.person.import');
  const [entering, setEntering] = useState(false);
  const [importing, setImporting] = useState(false);
  const [leaving, setLeaving] = useState<SlotDto | null>(null);
  const [transferring, setTransferring] = useState<SlotDto | null>(null);
  const canFile = useCan('approval.matter.file');
  const [filter, setFilter] = useState('');
  const roll = useQuery({ ...trpc.ledger.person.roll.queryOptions({ organizationId }), enabled: Boolean(canRead) });
  // Newest entries first; the filter matches a name or the visible digits of an ID number.
  const people = useMemo(() => {
    const wanted = filter.trim().toUpperCase();
    const rows = (roll.data ?? []).filter((slot) => !wanted || slot.name.includes(wanted) || slot.idNumberMasked.includes(wanted));
    return rows.sort((a, b) => b.enteredOn.localeCompare(a.enteredOn));
  }, [roll.data, filter]);
  if (!canRead) return null;
  return (
    <>
      <Space style={{ margin: '24px 0 12px' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('roll.title', { count: roll.data?.length ?? 0 })}
        </Typography.Title>
        {canManage && (
          <Button size="small" type="primary" onClick={() => setEntering(true)}>
            {t('roll.enter')}
          </Button>
        )}
        {canImport && <Button size="small" onClick={() => setImporting(true)}>{t('roll.import.open')}</Button>}
        <Input.Search size="small" allowClear placeholder={t('roll.filter')} aria-label={t('roll.filter')} onChange={(e) => setFilter(e.target.value)} style={{ width: 240 }} />
      </Space>
      <Table<SlotDto>
        size="small"
        rowKey="id"
        loading={roll.isPending}
        locale={emptyOrFailed(roll)}
        dataSource={people}
        columns={[
          { title: t('roll.name'), dataIndex: 'name' },
          { title: t('roll.idNumber'), dataIndex: 'idNumberMasked', width: 190 },
          { title: t('roll.sex'), dataIndex: 'sex', width: 60, render: (v: SlotDto['sex']) => t(`roll.sexes.${v}`) },
          { title: t('roll.birthDate'), dataIndex: 'birthDate', width: 110 },
          { title: t('roll.retirementMonth'), dataIndex: 'retirementMonth', width: 100 },
          { title: t('quota.type'), dataIndex: 'ledger', width: 110, render: (v: string) => t(`organizations.quotaTypes.${v}`) },
          { title: t('roll.postCategory'), dataIndex: 'postCategory', width: 100, render: (v: SlotDto['postCategory']) => t(`roll.postCategories.${v}`) },
          { title: t('roll.entryKind'), dataIndex: 'entryKind', width: 100, render: (v: SlotDto['entryKind']) => t(`roll.entryKinds.${v}`) },
          { title: t('roll.enteredOn'), dataIndex: 'enteredOn', width: 110 },
          { title: t('roll.classifiedPost'), dataIndex: 'classifiedPost', width: 90, render: (_: boolean, slot: SlotDto) => <ClassifiedPostCell slot={slot} canManage={canManage} /> },
          ...(canManage || canFile
            ? [
                {
                  title: t('plans.actions'),
                  width: 160,
                  render: (_: unknown, slot: SlotDto) => (
                    <Space size="small">
                      {canManage && <Button size="small" onClick={() => setLeaving(slot)}>{t('roll.exit')}</Button>}
                      {canFile && <Button size="small" onClick={() => setTransferring(slot)}>{t('roll.transfer.open')}</Button>}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <EnterModal organizationId={organizationId} open={entering} onClose={() => setEntering(false)} />
      <ExitModal slot={leaving} onClose={() => setLeaving(null)} />
      <TransferModal slot={transferring} organizationId={organizationId} onClose={() => setTransferring(null)} />
      <RollImportModal open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
