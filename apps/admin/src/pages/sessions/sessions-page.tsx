import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { App, Button, Card, Popconfirm, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionDto } from '@bianzhi/contracts/identity';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useDateFormat } from '../use-date-format.js';
import { emptyOrFailed } from '../load-state.js';

function SessionsTable() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const format = useDateFormat();
  const sessions = useQuery(trpc.identity.session.list.queryOptions());
  const onError = (error: unknown) => message.error(describeServerError(error, t('errors.network')).message);
  const revoke = useMutation(trpc.identity.session.revoke.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.identity.session.list.queryKey() }), onError }));
  const revokeAll = useMutation(
    trpc.identity.session.revokeAll.mutationOptions({
      onSuccess: async () => {
        queryClient.clear();
        await navigate({ to: '/login' });
      },
      onError,
    }),
  );

  return (
    <Card
      title={t('sessions.title')}
      extra={
        <Popconfirm title={t('sessions.confirmRevokeAll')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => revokeAll.mutate()}>
          <Button danger>{t('sessions.revokeAll')}</Button>
        </Popconfirm>
      }
    >
      <Table<SessionDto>
        rowKey="id"
        loading={sessions.isPending}
        locale={emptyOrFailed(sessions)}
        dataSource={sessions.data ?? []}
        pagination={false}
        columns={[
          { title: t('sessions.columns.createdAt'), dataIndex: 'createdAt', render: (value: Date, s) => <>{format(value)} {s.current && <Tag color="green">{t('sessions.current')}</Tag>}</> },
          { title: t('sessions.columns.expiresAt'), dataIndex: 'expiresAt', render: (value: Date) => format(value) },
          { title: t('sessions.columns.ipAddress'), dataIndex: 'ipAddress', render: (value: string | null) => value ?? '—' },
          { title: t('sessions.columns.userAgent'), dataIndex: 'userAgent', ellipsis: true, render: (value: string | null) => value ?? '—' },
          {
            render: (_, s) =>
              !s.current && (
                <Button size="small" onClick={() => revoke.mutate({ id: s.id })}>
                  {t('sessions.revoke')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}

export function SessionsPage() {
  return (
    <RequirePermission permission="identity.session.own">
      <SessionsTable />
    </RequirePermission>
  );
}
