import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeServerError, useTRPC, type ServerError } from '../api/trpc.js';
import { RefusalAlert } from '../pages/organizations/policy-refusal.js';
import { LanguageSwitch } from './language-switch.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const fieldOf: Partial<Record<string, keyof Values>> = { CURRENT_PASSWORD_WRONG: 'currentPassword', PASSWORD_UNCHANGED: 'newPassword', PASSWORD_TOO_WEAK: 'newPassword' };

/** One's own password; a refusal lands on its field (or above the form) and the input is kept. */
function ChangePasswordForm({ onChanged, footer }: { onChanged: () => void; footer?: React.ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const change = useMutation(
    trpc.identity.session.changePassword.mutationOptions({
      onSuccess: async () => {
        message.success(t('password.changed'));
        form.resetFields();
        // The session may do everything again: reload what was refused meanwhile.
        await queryClient.invalidateQueries();
        onChanged();
      },
      onError: (error) => {
        const described = describeServerError(error, t('errors.network'));
        const field = described.domainCode ? fieldOf[described.domainCode] : undefined;
        if (field) {
          setRefusal(null);
          form.setFields([{ name: field, errors: [described.message] }]);
        } else setRefusal(described);
      },
    }),
  );
  const required = [{ required: true, message: t('password.required') }];
  return (
    <Form<Values> form={form} layout="vertical" onFinish={({ currentPassword, newPassword }) => change.mutate({ currentPassword, newPassword })}>
      <RefusalAlert error={refusal} />
      <Form.Item label={t('password.current')} name="currentPassword" rules={required}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item label={t('password.new')} name="newPassword" extra={t('password.newHelp')} rules={required}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('password.confirm')}
        name="confirm"
        dependencies={['newPassword']}
        rules={[...required, ({ getFieldValue }) => ({ validator: async (_rule, value) => (!value || value === getFieldValue('newPassword') ? undefined : Promise.reject(new Error(t('password.mismatch')))) })]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('password.submit')}
        </Button>
        {footer}
      </Space>
    </Form>
  );
}

/** From the user menu: anyone may change their own password. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('password.title')} open={open} onCancel={onClose} footer={null} destroyOnHidden>
      <ChangePasswordForm onChanged={onClose} footer={<Button onClick={onClose}>{t('common.cancel')}</Button>} />
    </Modal>
  );
}

/** After an administrator's reset: nothing else is shown (the gateway refuses everything else) until the holder sets their own. */
export function ForcedPasswordChange({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 440 }} title={t('password.title')} extra={<LanguageSwitch />}>
        <Alert type="warning" showIcon role="alert" message={t('password.mustChange')} style={{ marginBottom: 16 }} />
        <ChangePasswordForm
          onChanged={() => undefined}
          footer={
            <Button type="link" onClick={onSignOut}>
              {t('user.logout')}
            </Button>
          }
        />
      </Card>
    </div>
  );
}
