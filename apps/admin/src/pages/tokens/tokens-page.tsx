import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TokenDto } from '@bianzhi/contracts/identity';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useDateFormat } from '../use-date-format.js';
import { emptyOrFailed } from '../load-state.js';

interface Values {
  userId: string;
  name: string;
  expiresInDays: number;
}

function TokensTable() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useDateFormat();
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const tokens = useQuery(trpc.identity.token.list.queryOptions());
  const users = useQuery(trpc.identity.user.list.queryOptions({}));
  const serviceAccounts = useMemo(() => (users.data ?? []).filter((u) => u.role === 'service' && !u.disabled), [users.data]);
  const accountName = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.identity.token.list.queryKey() });
  const onError = (error: unknown) => message.error(describeServerError(error, t('errors.network')).message);
  const create = useMutation(
    trpc.identity.token.create.mutationOptions({
      onSuccess: async ({ token }) => {
        setCreating(false);
        setIssued(token);
        await refresh();
      },
      onError,
    }),
  );
  const revoke = useMutation(trpc.identity.token.revoke.mutationOptions({ onSuccess: refresh, onError }));

  return (
    <Card
      title={t('tokens.title')}
      extra={
        <Button type="primary" onClick={() => (form.resetFields(), setCreating(true))}>
          {t('tokens.create')}
        </Button>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('tokens.apiHint')}
        action={
          <Typography.Link href="/api/docs/" target="_blank" rel="noopener">
            {t('tokens.apiReference')}
          </Typography.Link>
        }
      />
      <Table<TokenDto>
        rowKey="id"
        loading={tokens.isPending}
        locale={emptyOrFailed(tokens)}
        dataSource={tokens.data ?? []}
        pagination={false}
        columns={[
          { title: t('tokens.columns.name'), dataIndex: 'name' },
          { title: t('tokens.columns.account'), dataIndex: 'userId', render: (id: string) => accountName.get(id) ?? id },
          { title: t('tokens.columns.prefix'), dataIndex: 'prefix', render: (prefix: string) => <Typography.Text code>bzt_{prefix}_…</Typography.Text> },
          { title: t('tokens.columns.createdAt'), dataIndex: 'createdAt', render: (value: Date) => format(value) },
          { title: t('tokens.columns.expiresAt'), dataIndex: 'expiresAt', render: (value: Date) => format(value) },
          { title: t('tokens.columns.lastUsedAt'), dataIndex: 'lastUsedAt', render: (value: Date | null) => (value ? format(value) : t('tokens.never')) },
          {
            title: t('tokens.columns.status'),
            render: (_, token) =>
              token.revokedAt ? (
                <Tag>{t('tokens.revoked')}</Tag>
              ) : (
                <Popconfirm title={t('tokens.confirmRevoke')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => revoke.mutate({ id: token.id })}>
                  <Button size="small" danger>
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title={t('tokens.create')} open={creating} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending}>
        {serviceAccounts.length === 0 && <Alert type="info" showIcon title={t('tokens.noServiceAccounts')} style={{ marginBottom: 16 }} />}
        <Form<Values> form={form} layout="vertical" initialValues={{ expiresInDays: 365 }} onFinish={(values) => create.mutate(values)}>
          <Form.Item label={t('tokens.form.account')} name="userId" rules={[{ required: true, message: t('users.form.required') }]}>
            <Select aria-label={t('tokens.form.account')} options={serviceAccounts.map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }))} />
          </Form.Item>
          <Form.Item label={t('tokens.form.name')} name="name" rules={[{ required: true, whitespace: true, message: t('users.form.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t('tokens.form.expiresInDays')} name="expiresInDays" extra={t('tokens.form.expiresHint')} rules={[{ required: true, message: t('users.form.required') }]}>
            <InputNumber min={1} max={730} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title={t('tokens.title')} open={Boolean(issued)} onCancel={() => setIssued(null)} footer={<Button type="primary" onClick={() => setIssued(null)}>{t('common.confirm')}</Button>}>
        <Typography.Paragraph>{t('tokens.shownOnce')}</Typography.Paragraph>
        <Typography.Paragraph code copyable={{ text: issued ?? '', tooltips: [t('tokens.copied'), t('tokens.copied')] }} data-testid="issued-token">
          {issued}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}

export function TokensPage() {
  return (
    <RequirePermission permission="identity.token.manage">
      <TokensTable />
    </RequirePermission>
  );
}
