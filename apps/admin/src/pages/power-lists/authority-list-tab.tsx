import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { todayInChina } from '@bianzhi/domain/calendar';
import { authorityHolders, type AuthorityEntry, type AuthorityListVersionDto } from '@bianzhi/contracts/service-guides';
import { useTRPC } from '../../api/trpc.js';
import { useRefusal } from '../audit/evaluation-shared.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';

/** An institution's 政事权限清单: the version in force, earlier versions, and (for its bureau) a new version. */
export function AuthorityListTab({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const list = useQuery(trpc.registry.authorityList.get.queryOptions({ organizationId }));
  const [shown, setShown] = useState<number | null>(null);
  const [publishing, setPublishing] = useState(false);
  const versions = list.data?.versions ?? [];
  const version = versions.find((v) => v.version === (shown ?? versions[0]?.version));
  const holder = (h: AuthorityEntry['holder']) => <Tag color={h === 'organ' ? 'volcano' : 'blue'}>{t(`serviceGuides.authority.holders.${h}`)}</Tag>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Text>{t('serviceGuides.authority.version')}</Typography.Text>
          <Select
            style={{ width: 360 }}
            value={version?.version}
            onChange={setShown}
            aria-label={t('serviceGuides.authority.version')}
            notFoundContent={t('common.empty')}
            options={versions.map((v, i) => ({ value: v.version, label: `v${v.version} · ${v.documentNumber} · ${v.effectiveDate}${i === 0 ? ` · ${t('serviceGuides.authority.inForce')}` : ''}` }))}
          />
        </Space>
        <Space>
          {version && (
            <ExportButton
              filename={`${organizationName}-${t('serviceGuides.authority.sheet')}-v${version.version}.xlsx`}
              sheetName={t('serviceGuides.authority.sheet')}
              columns={[{ header: t('serviceGuides.authority.matter'), width: 36 }, { header: t('serviceGuides.authority.holder'), width: 16 }, { header: t('serviceGuides.authority.note'), width: 36 }]}
              rows={() => version.entries.map((e) => [e.matter, t(`serviceGuides.authority.holders.${e.holder}`), e.note])}
            />
          )}
          {list.data?.editable && (
            <Button type="primary" onClick={() => setPublishing(true)}>
              {t('serviceGuides.authority.publish')}
            </Button>
          )}
        </Space>
      </Space>
      {list.data && !list.data.editable && <Typography.Text type="secondary">{t('serviceGuides.authority.setBySupervisor')}</Typography.Text>}
      {version ? (
        <>
          <Typography.Text type="secondary">{t('serviceGuides.authority.issued', { documentNumber: version.documentNumber, date: version.effectiveDate, by: version.publishedBy.name ?? version.publishedBy.id })}</Typography.Text>
          <Table<AuthorityEntry>
            size="small"
            rowKey="matter"
            pagination={false}
            dataSource={version.entries}
            columns={[
              { title: t('serviceGuides.authority.matter'), dataIndex: 'matter' },
              { title: t('serviceGuides.authority.holder'), dataIndex: 'holder', width: 180, render: holder },
              { title: t('serviceGuides.authority.note'), dataIndex: 'note' },
            ]}
          />
        </>
      ) : (
        <Table size="small" loading={list.isPending} dataSource={[]} locale={list.isError ? emptyOrFailed(list) : { emptyText: <Empty description={t('serviceGuides.authority.none')} /> }} columns={[]} />
      )}
      {/* Mounted per opening, so the form starts from the version in force every time. */}
      {publishing && <PublishAuthorityModal organizationId={organizationId} current={versions[0] ?? null} onClose={() => setPublishing(false)} onPublished={() => setShown(null)} />}
    </Space>
  );
}

interface PublishForm {
  documentNumber: string;
  effectiveDate: string;
  entries: AuthorityEntry[];
}

function PublishAuthorityModal({ organizationId, current, onClose, onPublished }: { organizationId: string; current: AuthorityListVersionDto | null; onClose: () => void; onPublished: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PublishForm>();
  const { refusal, onError, reset } = useRefusal();
  const publish = useMutation(
    trpc.registry.authorityList.publish.mutationOptions({
      onSuccess: async (v) => {
        message.success(t('serviceGuides.authority.published', { version: v.version }));
        reset();
        await queryClient.invalidateQueries({ queryKey: trpc.registry.authorityList.get.queryKey({ organizationId }) });
        onPublished();
        onClose();
      },
      onError,
    }),
  );
  return (
    <Modal
      title={t('serviceGuides.authority.publish')}
      open
      width={860}
      onCancel={onClose}
      okText={t('serviceGuides.authority.publishOk')}
      confirmLoading={publish.isPending}
      onOk={async () => {
        const values = await form.validateFields();
        publish.mutate({ organizationId, basedOnVersion: current?.version ?? 0, ...values, entries: values.entries.map((e) => ({ ...e, note: e.note ?? '' })) });
      }}
    >
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ documentNumber: '', effectiveDate: todayInChina(), entries: current?.entries ?? [{ matter: '', holder: 'institution', note: '' }] }}>
        <Space wrap>
          <Form.Item name="documentNumber" label={t('serviceGuides.authority.documentNumber')} rules={[{ required: true, whitespace: true }]}>
            <Input style={{ width: 260 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="effectiveDate" label={t('serviceGuides.authority.effectiveDate')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.List name="entries">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'matter']} rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 300 }} placeholder={t('serviceGuides.authority.matter')} aria-label={t('serviceGuides.authority.matterN', { n: i + 1 })} maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'holder']} rules={[{ required: true }]}>
                    <Select style={{ width: 170 }} aria-label={t('serviceGuides.authority.holderN', { n: i + 1 })} options={authorityHolders.map((h) => ({ value: h, label: t(`serviceGuides.authority.holders.${h}`) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']}>
                    <Input style={{ width: 220 }} placeholder={t('serviceGuides.authority.note')} maxLength={500} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('serviceGuides.remove')} />}
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ matter: '', holder: 'institution', note: '' })}>
                {t('serviceGuides.authority.addEntry')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
