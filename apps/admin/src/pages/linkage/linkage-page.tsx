import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { linkageEventTypes, type DeliveryDto, type LinkageEventType, type SubscriptionDto } from '@bianzhi/contracts/linkage';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useCan } from '../../api/me.js';
import { useDateFormat } from '../use-date-format.js';
import { emptyOrFailed } from '../load-state.js';
import { useExcelDownload } from '../download.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';

interface Values {
  name: string;
  url: string;
  eventTypes: LinkageEventType[];
  jurisdictionIds: string[];
}

const statusColor: Record<DeliveryDto['status'], string> = { pending: 'processing', delivered: 'success', dead: 'error' };

/** The secret of a new or rotated subscription: shown here once, never again. */
function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('linkage.secretTitle')} open={Boolean(secret)} onCancel={onClose} footer={<Button type="primary" onClick={onClose}>{t('common.confirm')}</Button>}>
      <Typography.Paragraph>{t('linkage.secretShownOnce')}</Typography.Paragraph>
      <Typography.Paragraph code copyable={{ text: secret ?? '' }} data-testid="subscription-secret">
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
}

function CreateModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (secret: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<Values>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const { treeData } = useJurisdictionOptions();
  const create = useMutation(
    trpc.audit.subscription.create.mutationOptions({
      onSuccess: (created) => {
        setRefusal(null);
        form.resetFields();
        onCreated(created.secret);
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  return (
    <Modal title={t('linkage.create')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} width={640}>
      <RefusalAlert error={refusal} />
      <Form<Values> form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item label={t('linkage.form.name')} name="name" rules={[{ required: true, whitespace: true, message: t('users.form.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('linkage.form.url')} name="url" extra={t('linkage.form.urlHelp')} rules={[{ required: true, whitespace: true, message: t('users.form.required') }]}>
          <Input maxLength={2000} placeholder="https://" />
        </Form.Item>
        <Form.Item label={t('linkage.form.eventTypes')} name="eventTypes" rules={[{ required: true, message: t('users.form.required') }]}>
          <Select mode="multiple" aria-label={t('linkage.form.eventTypes')} options={linkageEventTypes.map((type) => ({ value: type, label: t(`linkage.types.${type.replaceAll('.', '_')}`) }))} />
        </Form.Item>
        <Form.Item label={t('linkage.form.jurisdictions')} name="jurisdictionIds" rules={[{ required: true, message: t('users.form.required') }]}>
          <TreeSelect multiple treeDefaultExpandAll aria-label={t('linkage.form.jurisdictions')} treeData={treeData} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Deliveries({ subscription }: { subscription: SubscriptionDto }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useDateFormat();
  const mayManage = useCan('audit.subscription.manage') === true;
  const [status, setStatus] = useState<DeliveryDto['status'] | undefined>(undefined);
  const deliveries = useQuery(trpc.audit.subscription.deliveries.queryOptions({ subscriptionId: subscription.id, status, limit: 200 }, { refetchInterval: 5_000 }));
  const { download, pending } = useExcelDownload();
  const redeliver = useMutation(
    trpc.audit.subscription.redeliver.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.audit.subscription.pathKey() }),
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  return (
    <Card
      title={t('linkage.deliveries.title', { name: subscription.name })}
      style={{ marginTop: 16 }}
      extra={
        <Space>
          <Select allowClear style={{ width: 160 }} aria-label={t('linkage.deliveries.status')} placeholder={t('linkage.deliveries.status')} value={status} onChange={setStatus} options={(['pending', 'delivered', 'dead'] as const).map((s) => ({ value: s, label: t(`linkage.deliveries.statuses.${s}`) }))} />
          <Button loading={pending} onClick={() => void download(() => queryClient.fetchQuery(trpc.audit.subscription.exportDeliveries.queryOptions({ subscriptionId: subscription.id, status })))}>
            {t('common.exportExcel')}
          </Button>
        </Space>
      }
    >
      <Table<DeliveryDto>
        rowKey="id"
        size="small"
        loading={deliveries.isPending}
        locale={emptyOrFailed(deliveries)}
        dataSource={deliveries.data ?? []}
        pagination={{ pageSize: 20 }}
        expandable={{
          rowExpandable: (d) => d.history.length > 0,
          expandedRowRender: (d) => (
            <Table
              rowKey={(a) => String(a.attemptedAt)}
              size="small"
              pagination={false}
              dataSource={d.history}
              columns={[
                { title: t('linkage.deliveries.attemptedAt'), dataIndex: 'attemptedAt', render: (v: Date) => format(v) },
                { title: t('linkage.deliveries.statusCode'), dataIndex: 'statusCode', render: (v: number | null) => v ?? '—' },
                { title: t('linkage.deliveries.error'), dataIndex: 'error', render: (v: string | null) => v ?? '' },
                { title: t('linkage.deliveries.duration'), dataIndex: 'durationMs', render: (v: number) => `${v} ms` },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('linkage.deliveries.eventType'), dataIndex: 'eventType', render: (v: string) => t(`linkage.types.${v.replaceAll('.', '_')}`) },
          { title: t('linkage.deliveries.subject'), dataIndex: 'subject', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('linkage.deliveries.status'), dataIndex: 'status', render: (v: DeliveryDto['status']) => <Tag color={statusColor[v]}>{t(`linkage.deliveries.statuses.${v}`)}</Tag> },
          { title: t('linkage.deliveries.attempts'), dataIndex: 'attempts' },
          { title: t('linkage.deliveries.statusCode'), dataIndex: 'lastStatusCode', render: (v: number | null) => v ?? '—' },
          { title: t('linkage.deliveries.nextAttempt'), dataIndex: 'nextAttemptAt', render: (v: Date | null) => (v ? format(v) : '—') },
          { title: t('linkage.deliveries.createdAt'), dataIndex: 'createdAt', render: (v: Date) => format(v) },
          {
            title: t('linkage.actions'),
            render: (_, d) =>
              mayManage && d.status !== 'pending' ? (
                <Button size="small" onClick={() => redeliver.mutate({ subscriptionId: subscription.id, deliveryId: d.id })}>
                  {t('linkage.deliveries.redeliver')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function Subscriptions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useDateFormat();
  const mayManage = useCan('audit.subscription.manage') === true;
  const { nameOf } = useJurisdictionOptions();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const subscriptions = useQuery(trpc.audit.subscription.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.audit.subscription.pathKey() });
  const onError = (error: unknown) => void message.error(describeServerError(error, t('errors.network')).message);
  const setStatus = useMutation(trpc.audit.subscription.setStatus.mutationOptions({ onSuccess: refresh, onError }));
  const rotate = useMutation(trpc.audit.subscription.rotate.mutationOptions({ onSuccess: async (s) => (setSecret(s.secret), await refresh()), onError }));
  const remove = useMutation(trpc.audit.subscription.remove.mutationOptions({ onSuccess: async ({ id }) => (setSelected((current) => (current === id ? null : current)), await refresh()), onError }));
  const shown = (subscriptions.data ?? []).find((s) => s.id === selected) ?? null;

  return (
    <>
      <Card
        title={t('linkage.title')}
        extra={
          mayManage ? (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('linkage.create')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph type="secondary">{t('linkage.intro')}</Typography.Paragraph>
        <Table<SubscriptionDto>
          rowKey="id"
          loading={subscriptions.isPending}
          locale={emptyOrFailed(subscriptions)}
          dataSource={subscriptions.data ?? []}
          pagination={false}
          rowClassName={(s) => (s.id === selected ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('linkage.columns.name'), dataIndex: 'name' },
            { title: t('linkage.columns.url'), dataIndex: 'url', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('linkage.columns.eventTypes'), dataIndex: 'eventTypes', render: (types: string[]) => types.map((type) => <Tag key={type}>{t(`linkage.types.${type.replaceAll('.', '_')}`)}</Tag>) },
            { title: t('linkage.columns.jurisdictions'), dataIndex: 'jurisdictionIds', render: (ids: string[]) => ids.map((id) => nameOf.get(id) ?? id).join('、') },
            { title: t('linkage.columns.status'), dataIndex: 'status', render: (v: SubscriptionDto['status']) => <Tag color={v === 'active' ? 'green' : 'default'}>{t(`linkage.statuses.${v}`)}</Tag> },
            { title: t('linkage.columns.backlog'), render: (_, s) => t('linkage.backlog', { pending: s.pending, dead: s.dead }) },
            { title: t('linkage.columns.createdAt'), dataIndex: 'createdAt', render: (v: Date) => format(v) },
            {
              title: t('linkage.actions'),
              render: (_, s) => (
                <Space wrap>
                  <Button size="small" onClick={() => setSelected(s.id)}>
                    {t('linkage.showDeliveries')}
                  </Button>
                  {mayManage && (
                    <>
                      <Button size="small" onClick={() => setStatus.mutate({ id: s.id, status: s.status === 'active' ? 'paused' : 'active' })}>
                        {s.status === 'active' ? t('linkage.pause') : t('linkage.resume')}
                      </Button>
                      <Popconfirm title={t('linkage.confirmRotate')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => rotate.mutate({ id: s.id })}>
                        <Button size="small">{t('linkage.rotate')}</Button>
                      </Popconfirm>
                      <Popconfirm title={t('linkage.confirmDelete')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate({ id: s.id })}>
                        <Button size="small" danger>
                          {t('linkage.delete')}
                        </Button>
                      </Popconfirm>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {shown && <Deliveries subscription={shown} />}
      <CreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          setSecret(created);
          void refresh();
        }}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}

export function LinkagePage() {
  return (
    <RequirePermission permission="audit.subscription.read">
      <Subscriptions />
    </RequirePermission>
  );
}
