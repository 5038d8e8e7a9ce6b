import { useEffect } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { assignableRoles, canGrantRole, type Role } from '@bianzhi/domain/access';
import type { UserDto } from '@bianzhi/contracts/identity';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { useMe } from '../../api/me.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';

interface Values {
  username: string;
  name: string;
  role: Role;
  jurisdictionId: string;
  password?: string;
  idNumber?: string;
}

/** New user, or (with `editing`) a change of role and jurisdiction. Server field errors land on the fields. */
export function UserFormModal({ open, editing, onClose }: { open: boolean; editing: UserDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const { treeData } = useJurisdictionOptions();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) form.setFieldsValue({ username: editing.username, name: editing.name, role: editing.role, jurisdictionId: editing.jurisdictionId ?? undefined });
  }, [open, editing, form]);

  const onError = (error: unknown) => {
    const described = describeServerError(error, t('errors.network'));
    const fields = Object.entries(described.fieldErrors).filter(([name]) => ['username', 'name', 'role', 'jurisdictionId', 'password', 'idNumber'].includes(name));
    if (fields.length) form.setFields(fields.map(([name, text]) => ({ name: name as keyof Values, errors: [text] })));
    else if (described.domainCode === 'PASSWORD_TOO_WEAK') form.setFields([{ name: 'password', errors: [described.message] }]);
    else if (described.domainCode === 'USERNAME_TAKEN') form.setFields([{ name: 'username', errors: [described.message] }]);
    else if (described.domainCode === 'ID_NUMBER_INVALID') form.setFields([{ name: 'idNumber', errors: [described.message] }]);
    else message.error(described.message);
  };
  const onSuccess = async (user: UserDto) => {
    message.success(editing ? t('users.updated') : t('users.created', { name: user.name }));
    await queryClient.invalidateQueries({ queryKey: trpc.identity.user.list.queryKey() });
    onClose();
  };
  const create = useMutation(trpc.identity.user.create.mutationOptions({ onSuccess, onError }));
  const assign = useMutation(trpc.identity.user.assignRole.mutationOptions({ onSuccess, onError }));

  const grantable = assignableRoles.filter((r) => me.data && canGrantRole(me.data, r));
  const submit = (values: Values) => {
    if (editing) assign.mutate({ id: editing.id, role: values.role, jurisdictionId: values.jurisdictionId });
    else create.mutate({ ...values, password: values.role === 'service' ? undefined : values.password, idNumber: values.role === 'service' || !values.idNumber?.trim() ? undefined : values.idNumber.trim() });
  };

  return (
    <Modal
      title={editing ? t('users.actions.assignRole') : t('users.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || assign.isPending}
    >
      <Form<Values> form={form} layout="vertical" preserve onFinish={submit}>
        <Form.Item label={t('users.form.username')} name="username" extra={editing ? undefined : t('users.form.usernameHelp')} rules={[{ required: true, message: t('users.form.required') }]}>
          <Input disabled={Boolean(editing)} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('users.form.name')} name="name" rules={[{ required: true, whitespace: true, message: t('users.form.required') }]}>
          <Input disabled={Boolean(editing)} maxLength={100} />
        </Form.Item>
        <Form.Item label={t('users.form.role')} name="role" rules={[{ required: true, message: t('users.form.required') }]}>
          <Select aria-label={t('users.form.role')} options={grantable.map((value) => ({ value, label: t(`user.roles.${value}`) }))} />
        </Form.Item>
        <Form.Item label={t('users.form.jurisdiction')} name="jurisdictionId" rules={[{ required: true, message: t('users.form.required') }]}>
          <TreeSelect aria-label={t('users.form.jurisdiction')} treeData={treeData} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
        </Form.Item>
        {!editing && role !== 'service' && (
          <Form.Item label={t('users.form.password')} name="password" extra={t('users.form.passwordHelp')} rules={[{ required: true, message: t('users.form.required') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {!editing && role !== 'service' && (
          <Form.Item label={t('users.form.idNumber')} name="idNumber" extra={t('users.form.idNumberHelp')}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
