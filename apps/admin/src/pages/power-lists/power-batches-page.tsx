import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PowerBatchDto } from '@bianzhi/contracts/registry';
import { powerCategories, type PowerCategory } from '@bianzhi/domain/organization';
import { useTRPC } from '../../api/trpc.js';
import { useRefusal } from '../audit/evaluation-shared.js';
import { useCan, useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';

/** 权责清单调整批次: twice a year a batch is opened, units' lists are adjusted in it, and it is published with its document number. */
function PowerBatches() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const manages = useCan('registry.powerList.manage') ?? false;
  const { treeData, nameOf } = useJurisdictionOptions();
  const [picked, setPicked] = useState<string | undefined>();
  const jurisdictionId = picked ?? me.data?.jurisdictionId ?? undefined;
  const batches = useQuery({ ...trpc.registry.powerList.batches.queryOptions({ jurisdictionId }), enabled: Boolean(jurisdictionId) });
  const [selected, setSelected] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const rows = batches.data ?? [];
  const batch = rows.find((b) => b.id === selected) ?? rows[0] ?? null;
  const halfLabel = (b: PowerBatchDto) => t('serviceGuides.batches.period', { year: b.year, half: b.half });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('serviceGuides.batches.title')}
        extra={
          <Space>
            <TreeSelect treeData={treeData} value={jurisdictionId} onChange={(v: string) => { setPicked(v); setSelected(null); }} treeDefaultExpandAll showSearch treeNodeFilterProp="title" style={{ width: 240 }} aria-label={t('serviceGuides.batches.jurisdiction')} />
            <ExportButton
              filename={`${nameOf.get(jurisdictionId ?? '') ?? ''}-${t('serviceGuides.batches.sheet')}.xlsx`}
              sheetName={t('serviceGuides.batches.sheet')}
              columns={[{ header: t('serviceGuides.batches.periodColumn'), width: 16 }, { header: t('serviceGuides.batches.status') }, { header: t('serviceGuides.batches.documentNumber'), width: 24 }, { header: t('serviceGuides.batches.openedAt'), width: 20 }, { header: t('serviceGuides.batches.publishedAt'), width: 20 }]}
              rows={() => rows.map((b) => [halfLabel(b), t(`serviceGuides.batches.statuses.${b.status}`), b.documentNumber, new Date(b.openedAt).toLocaleString(), b.publishedAt ? new Date(b.publishedAt).toLocaleString() : null])}
            />
            {manages && (
              <Button type="primary" onClick={() => setOpening(true)} disabled={!jurisdictionId}>
                {t('serviceGuides.batches.open')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('serviceGuides.batches.help')}</Typography.Paragraph>
        <Table<PowerBatchDto>
          size="small"
          rowKey="id"
          loading={batches.isPending && Boolean(jurisdictionId)}
          locale={emptyOrFailed(batches)}
          dataSource={rows}
          pagination={false}
          rowSelection={{ type: 'radio', selectedRowKeys: batch ? [batch.id] : [], onChange: (keys) => setSelected(String(keys[0])) }}
          onRow={(b) => ({ onClick: () => setSelected(b.id) })}
          columns={[
            { title: t('serviceGuides.batches.periodColumn'), key: 'period', render: (_, b) => halfLabel(b) },
            { title: t('serviceGuides.batches.status'), dataIndex: 'status', width: 100, render: (s: PowerBatchDto['status']) => <Tag color={s === 'open' ? 'blue' : 'green'}>{t(`serviceGuides.batches.statuses.${s}`)}</Tag> },
            { title: t('serviceGuides.batches.documentNumber'), dataIndex: 'documentNumber', render: (d: string | null) => d ?? '—' },
            { title: t('serviceGuides.batches.openedAt'), dataIndex: 'openedAt', render: (d: Date) => new Date(d).toLocaleDateString() },
            { title: t('serviceGuides.batches.publishedAt'), dataIndex: 'publishedAt', render: (d: Date | null) => (d ? new Date(d).toLocaleDateString() : '—') },
          ]}
        />
      </Card>
      {batch && <BatchChanges batch={batch} manages={manages} title={halfLabel(batch)} />}
      {jurisdictionId && <OpenBatchModal jurisdictionId={jurisdictionId} open={opening} onClose={() => setOpening(false)} onOpened={setSelected} />}
    </Space>
  );
}

function BatchChanges({ batch, manages, title }: { batch: PowerBatchDto; manages: boolean; title: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const changes = useQuery(trpc.registry.powerList.batchChanges.queryOptions({ batchId: batch.id }));
  const [adjusting, setAdjusting] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const rows = changes.data ?? [];
  return (
    <Card
      title={t('serviceGuides.batches.changesOf', { period: title })}
      extra={
        <Space>
          <ExportButton
            filename={`${title}-${t('serviceGuides.batches.changesSheet')}.xlsx`}
            sheetName={t('serviceGuides.batches.changesSheet')}
            columns={[{ header: t('serviceGuides.batches.unit'), width: 30 }, { header: t('organizations.power.code') }, { header: t('organizations.power.name'), width: 30 }, { header: t('organizations.power.category') }, { header: t('serviceGuides.batches.change') }]}
            rows={() => rows.map((c) => [c.organizationName, c.code, c.name, t(`organizations.power.categories.${c.category}`), t(`serviceGuides.batches.changes.${c.change}`)])}
          />
          {manages && batch.status === 'open' && (
            <>
              <Button onClick={() => setAdjusting(true)}>{t('serviceGuides.batches.adjust')}</Button>
              <Button type="primary" onClick={() => setPublishing(true)}>
                {t('serviceGuides.batches.publish')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Table
        size="small"
        rowKey={(c) => `${c.itemId}-${c.change}`}
        loading={changes.isPending}
        locale={emptyOrFailed(changes)}
        dataSource={rows}
        columns={[
          { title: t('serviceGuides.batches.unit'), dataIndex: 'organizationName' },
          { title: t('organizations.power.code'), dataIndex: 'code', width: 110 },
          { title: t('organizations.power.name'), dataIndex: 'name' },
          { title: t('organizations.power.category'), dataIndex: 'category', width: 100, render: (v: PowerCategory) => t(`organizations.power.categories.${v}`) },
          { title: t('serviceGuides.batches.change'), dataIndex: 'change', width: 90, render: (v: 'added' | 'removed') => <Tag color={v === 'added' ? 'blue' : 'orange'}>{t(`serviceGuides.batches.changes.${v}`)}</Tag> },
        ]}
      />
      <AdjustModal batch={batch} open={adjusting} onClose={() => setAdjusting(false)} />
      <PublishBatchModal batch={batch} title={title} open={publishing} onClose={() => setPublishing(false)} />
    </Card>
  );
}

function useBatchRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.registry.powerList.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.registry.serviceGuide.pathKey() });
  };
}

function OpenBatchModal({ jurisdictionId, open, onClose, onOpened }: { jurisdictionId: string; open: boolean; onClose: () => void; onOpened: (id: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useBatchRefresh();
  const [form] = Form.useForm<{ year: number; half: 1 | 2 }>();
  const { refusal, onError, reset } = useRefusal();
  const openBatch = useMutation(
    trpc.registry.powerList.openBatch.mutationOptions({
      onSuccess: async (b) => {
        message.success(t('serviceGuides.batches.opened'));
        reset();
        await refresh();
        onOpened(b.id);
        onClose();
      },
      onError,
    }),
  );
  const year = new Date().getFullYear();
  return (
    <Modal title={t('serviceGuides.batches.open')} open={open} onCancel={onClose} confirmLoading={openBatch.isPending} onOk={async () => openBatch.mutate({ jurisdictionId, ...(await form.validateFields()) })}>
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ year, half: new Date().getMonth() < 6 ? 1 : 2 }}>
        <Form.Item name="year" label={t('serviceGuides.batches.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item name="half" label={t('serviceGuides.batches.half')} rules={[{ required: true }]}>
          <Select options={[1, 2].map((h) => ({ value: h, label: t(`serviceGuides.batches.halves.${h}`) }))} aria-label={t('serviceGuides.batches.half')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AdjustForm {
  organizationId: string | null;
  add: { code: string; name: string; category: PowerCategory; legalBasis: string; responsibleBody: string }[];
  remove: string[];
}

function AdjustModal({ batch, open, onClose }: { batch: PowerBatchDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useBatchRefresh();
  const [form] = Form.useForm<AdjustForm>();
  const organizationId = Form.useWatch('organizationId', form);
  const items = useQuery({ ...trpc.registry.powerList.items.queryOptions({ organizationId: organizationId ?? '' }), enabled: Boolean(organizationId) });
  const { refusal, onError, reset } = useRefusal();
  const adjust = useMutation(
    trpc.registry.powerList.adjust.mutationOptions({
      onSuccess: async () => {
        message.success(t('common.saved'));
        reset();
        form.resetFields();
        await refresh();
        onClose();
      },
      onError,
    }),
  );
  return (
    <Modal
      title={t('serviceGuides.batches.adjust')}
      open={open}
      width={980}
      onCancel={onClose}
      confirmLoading={adjust.isPending}
      onOk={async () => {
        const values = await form.validateFields();
        adjust.mutate({ batchId: batch.id, organizationId: values.organizationId!, add: values.add ?? [], remove: values.remove ?? [] });
      }}
    >
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ add: [], remove: [] }}>
        <Form.Item name="organizationId" label={t('serviceGuides.batches.unit')} rules={[{ required: true }]}>
          <OrganizationPicker ariaLabel={t('serviceGuides.batches.unit')} />
        </Form.Item>
        <Typography.Text strong>{t('serviceGuides.batches.addItems')}</Typography.Text>
        <Form.List name="add">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'code']} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 110 }} placeholder={t('organizations.power.code')} aria-label={t('serviceGuides.batches.codeN', { n: i + 1 })} maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 200 }} placeholder={t('organizations.power.name')} aria-label={t('serviceGuides.batches.nameN', { n: i + 1 })} maxLength={300} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'category']} rules={[{ required: true }]}>
                    <Select style={{ width: 120 }} placeholder={t('organizations.power.category')} aria-label={t('serviceGuides.batches.categoryN', { n: i + 1 })} options={powerCategories.map((c) => ({ value: c, label: t(`organizations.power.categories.${c}`) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'legalBasis']} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 220 }} placeholder={t('organizations.power.legalBasis')} aria-label={t('serviceGuides.batches.legalBasisN', { n: i + 1 })} maxLength={4000} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'responsibleBody']} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 150 }} placeholder={t('organizations.power.responsibleBody')} aria-label={t('serviceGuides.batches.responsibleBodyN', { n: i + 1 })} maxLength={200} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('serviceGuides.remove')} />
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
                {t('serviceGuides.batches.addItem')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="remove" label={t('serviceGuides.batches.removeItems')}>
          <Select
            mode="multiple"
            disabled={!organizationId}
            aria-label={t('serviceGuides.batches.removeItems')}
            options={(items.data ?? []).filter((i) => i.state !== 'pending_removal').map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PublishBatchModal({ batch, title, open, onClose }: { batch: PowerBatchDto; title: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const refresh = useBatchRefresh();
  const [form] = Form.useForm<{ documentNumber: string }>();
  const { refusal, onError, reset } = useRefusal();
  const publish = useMutation(
    trpc.registry.powerList.publishBatch.mutationOptions({
      onSuccess: async () => {
        message.success(t('serviceGuides.batches.publishedMessage'));
        reset();
        await refresh();
        onClose();
      },
      onError,
    }),
  );
  return (
    <Modal title={t('serviceGuides.batches.publishTitle', { period: title })} open={open} onCancel={onClose} confirmLoading={publish.isPending} onOk={async () => publish.mutate({ batchId: batch.id, ...(await form.validateFields()) })}>
      <RefusalAlert error={refusal} />
      <Typography.Paragraph type="secondary">{t('serviceGuides.batches.publishHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="documentNumber" label={t('serviceGuides.batches.documentNumber')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function PowerBatchesPage() {
  return (
    <RequirePermission permission="registry.powerList.manage">
      <PowerBatches />
    </RequirePermission>
  );
}
