import { useEffect } from 'react';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserDto } from '@bianzhi/contracts/identity';
import { describeServerError, useTRPC } from '../../api/trpc.js';

export function ResetPasswordModal({ user, onClose }: { user: UserDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ password: string }>();
  useEffect(() => form.resetFields(), [user, form]);
  const reset = useMutation(
    trpc.identity.user.resetPassword.mutationOptions({
      onSuccess: () => {
        message.success(t('users.passwordReset'));
        onClose();
      },
      onError: (error) => form.setFields([{ name: 'password', errors: [describeServerError(error, t('errors.network')).message] }]),
    }),
  );
  return (
    <Modal title={`${t('users.actions.resetPassword')} · ${user?.name ?? ''}`} open={Boolean(user)} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={reset.isPending}>
      <Form form={form} layout="vertical" onFinish={({ password }) => user && reset.mutate({ id: user.id, password })}>
        <Form.Item label={t('users.form.password')} name="password" extra={t('users.form.passwordHelp')} rules={[{ required: true, message: t('users.form.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
