import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NamedRollSettingDto } from '@bianzhi/contracts/named-roll';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { useRefusal } from './evaluation-shared.js';

type Setting = NamedRollSettingDto & { name: string; level: string };

/** Files the matter that turns a jurisdiction's named-roll publication on or off; a refusal is shown and the form kept. */
function FileSwitchModal({ setting, onClose }: { setting: Setting | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<{ title: string; reason: string; documentNumber: string }>();
  const status = useRefusal();
  const [filed, setFiled] = useState<string | null>(null);
  const file = useMutation(trpc.approval.matter.file.mutationOptions({ onSuccess: (m) => (status.reset(), setFiled(m.id)), onError: status.onError }));
  const enable = setting ? !setting.enabled : true;
  const close = () => {
    setFiled(null);
    status.reset();
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={setting !== null}
      title={setting ? t(enable ? 'namedRoll.admin.fileOn' : 'namedRoll.admin.fileOff', { name: setting.name }) : ''}
      onCancel={close}
      okText={t('namedRoll.admin.file')}
      okButtonProps={{ loading: file.isPending, disabled: filed !== null }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <RefusalAlert error={status.refusal} />
      {filed ? (
        <Typography.Text>
          {t('namedRoll.admin.filed')} <Link to="/matters/$matterId" params={{ matterId: filed }}>{t('namedRoll.admin.openMatter')}</Link>
        </Typography.Text>
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ title: setting ? t(enable ? 'namedRoll.admin.titleOn' : 'namedRoll.admin.titleOff', { name: setting.name }) : '' }}
          onFinish={(v) =>
            setting &&
            file.mutate({
              id: crypto.randomUUID(),
              kind: 'named_roll_publication',
              title: v.title,
              reason: v.reason,
              namedRoll: { jurisdictionId: setting.jurisdictionId, enabled: enable },
              documents: [{ title: t('namedRoll.admin.requestDocument'), documentNumber: v.documentNumber }],
            })
          }
        >
          <Typography.Paragraph type="secondary">{t(enable ? 'namedRoll.admin.onHelp' : 'namedRoll.admin.offHelp')}</Typography.Paragraph>
          <Form.Item name="title" label={t('namedRoll.admin.title')} rules={[{ required: true, whitespace: true, message: t('namedRoll.admin.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="reason" label={t('namedRoll.admin.reason')} rules={[{ required: true, whitespace: true, message: t('namedRoll.admin.required') }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="documentNumber" label={t('namedRoll.admin.documentNumber')} rules={[{ required: true, whitespace: true, message: t('namedRoll.admin.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** 实名制公示 for the bureaus: each of their jurisdictions' switch, and the matter that changes it (never a direct switch). */
export function NamedRollAdmin() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canFile = useCan('approval.matter.file');
  const settings = useQuery(trpc.audit.namedRoll.settings.queryOptions());
  const [filing, setFiling] = useState<Setting | null>(null);
  const state = (s: Setting) => (s.enabled ? t('namedRoll.admin.on') : t('namedRoll.admin.off'));
  return (
    <Card
      title={t('namedRoll.admin.cardTitle')}
      extra={
        <ExportButton
          filename={`${t('namedRoll.admin.cardTitle')}.xlsx`}
          sheetName={t('namedRoll.admin.cardTitle')}
          columns={[{ header: t('namedRoll.admin.jurisdiction'), width: 20 }, { header: t('namedRoll.admin.state'), width: 10 }, { header: t('namedRoll.admin.approval'), width: 24 }, { header: t('namedRoll.admin.changedAt'), width: 20 }]}
          rows={() => (settings.data ?? []).map((s) => [s.name, state(s), s.documentNumber ?? '', s.changedAt ? new Date(s.changedAt).toLocaleString('zh-CN') : ''])}
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('namedRoll.admin.help')}</Typography.Paragraph>
      <Table<Setting>
        size="small"
        rowKey="jurisdictionId"
        loading={settings.isPending}
        locale={emptyOrFailed(settings)}
        dataSource={settings.data ?? []}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        columns={[
          { title: t('namedRoll.admin.jurisdiction'), dataIndex: 'name' },
          { title: t('namedRoll.admin.state'), dataIndex: 'enabled', width: 110, render: (_: boolean, s) => <Tag color={s.enabled ? 'green' : 'default'}>{state(s)}</Tag> },
          { title: t('namedRoll.admin.approval'), dataIndex: 'documentNumber', width: 200, render: (d: string | null, s) => (s.matterId ? <Link to="/matters/$matterId" params={{ matterId: s.matterId }}>{d ?? t('namedRoll.admin.openMatter')}</Link> : '—') },
          { title: t('namedRoll.admin.changedAt'), dataIndex: 'changedAt', width: 180, render: (d: Date | null) => (d ? new Date(d).toLocaleString('zh-CN') : '—') },
          ...(canFile
            ? [
                {
                  title: t('namedRoll.admin.action'),
                  key: 'action',
                  width: 160,
                  render: (_: unknown, s: Setting) => (
                    <Space>
                      <Button size="small" onClick={() => setFiling(s)}>
                        {s.enabled ? t('namedRoll.admin.askOff') : t('namedRoll.admin.askOn')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <FileSwitchModal setting={filing} onClose={() => setFiling(null)} />
    </Card>
  );
}
