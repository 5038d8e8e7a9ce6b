import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserDto } from '@bianzhi/contracts/identity';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { UserFormModal } from './user-form-modal.js';
import { ResetPasswordModal } from './reset-password-modal.js';
import { emptyOrFailed } from '../load-state.js';

function UsersTable() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = useCan('identity.user.manage');
  const [search, setSearch] = useState('');
  const [form, setForm] = useState<{ open: boolean; editing: UserDto | null }>({ open: false, editing: null });
  const [resetting, setResetting] = useState<UserDto | null>(null);
  const users = useQuery(trpc.identity.user.list.queryOptions({ search: search || undefined }));
  const { nameOf } = useJurisdictionOptions();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.identity.user.list.queryKey() });
  const onError = (error: unknown) => message.error(describeServerError(error, t('errors.network')).message);
  const disable = useMutation(trpc.identity.user.disable.mutationOptions({ onSuccess: refresh, onError }));
  const enable = useMutation(trpc.identity.user.enable.mutationOptions({ onSuccess: refresh, onError }));

  return (
    <Card
      title={t('users.title')}
      extra={canManage && (
        <Button type="primary" onClick={() => setForm({ open: true, editing: null })}>
          {t('users.create')}
        </Button>
      )}
    >
      <Input.Search allowClear placeholder={t('users.searchPlaceholder')} onSearch={setSearch} style={{ width: 280, marginBottom: 16 }} aria-label={t('common.search')} />
      <Table<UserDto>
        rowKey="id"
        loading={users.isPending}
        locale={emptyOrFailed(users)}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('users.columns.username'), dataIndex: 'username' },
          { title: t('users.columns.name'), dataIndex: 'name' },
          { title: t('users.columns.role'), dataIndex: 'role', render: (role: UserDto['role']) => t(`user.roles.${role}`) },
          { title: t('users.columns.jurisdiction'), dataIndex: 'jurisdictionId', render: (id: string | null) => (id ? (nameOf.get(id) ?? id) : '—') },
          {
            title: t('users.columns.status'),
            render: (_, user) => (user.disabled ? <Tag color="default">{t('users.status.disabled')}</Tag> : user.locked ? <Tag color="orange">{t('users.status.locked')}</Tag> : user.mustChangePassword ? <Tag color="gold">{t('users.status.mustChangePassword')}</Tag> : <Tag color="green">{t('users.status.active')}</Tag>),
          },
          ...(canManage
            ? [
                {
                  title: t('users.columns.actions'),
                  render: (_: unknown, user: UserDto) => (
                    <Space size="small" wrap>
                      <Button size="small" onClick={() => setForm({ open: true, editing: user })}>
                        {t('users.actions.assignRole')}
                      </Button>
                      {user.role !== 'service' && (
                        <Button size="small" onClick={() => setResetting(user)}>
                          {t('users.actions.resetPassword')}
                        </Button>
                      )}
                      {user.disabled ? (
                        <Button size="small" onClick={() => enable.mutate({ id: user.id })}>
                          {t('users.actions.enable')}
                        </Button>
                      ) : (
                        <Popconfirm title={t('users.confirmDisable', { name: user.name })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => disable.mutate({ id: user.id })}>
                          <Button size="small" danger>
                            {t('users.actions.disable')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <UserFormModal open={form.open} editing={form.editing} onClose={() => setForm({ open: false, editing: null })} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}

export function UsersPage() {
  return (
    <RequirePermission permission="identity.user.read">
      <UsersTable />
    </RequirePermission>
  );
}
