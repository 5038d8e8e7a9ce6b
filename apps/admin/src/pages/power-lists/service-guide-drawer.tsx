import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Space, Table, Tabs, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PowerItemDto } from '@bianzhi/contracts/registry';
import type { ServiceGuideContent, ServiceGuideVersionDto } from '@bianzhi/contracts/service-guides';
import { useTRPC } from '../../api/trpc.js';
import { useRefusal } from '../audit/evaluation-shared.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { ExportButton } from '../table-export.js';
import { FlowchartView } from './flowchart-view.js';
import { GuideDetails } from './guide-details.js';

const blank: ServiceGuideContent = { legalBasis: '', conditions: '', materials: [''], steps: [{ name: '', actor: '', days: null }], timeLimitDays: 20, fees: '', contact: '' };

/** A power item's service guide (办事指南): the draft in a form, its flowchart, publish, and the published versions. */
export function ServiceGuideDrawer({ item, editable, onClose }: { item: PowerItemDto | null; editable: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ServiceGuideContent>();
  const { refusal, onError, reset } = useRefusal();
  const guide = useQuery({ ...trpc.registry.serviceGuide.get.queryOptions({ powerItemId: item?.id ?? '' }), enabled: item !== null });
  const steps = Form.useWatch('steps', form) ?? [];

  useEffect(() => {
    if (!item) return;
    reset();
    if (guide.data) form.setFieldsValue(guide.data.draft ?? { ...blank, legalBasis: item.legalBasis });
    // Only when another item or its first answer arrives: a refusal must not wipe what was typed.
  }, [item?.id, guide.data?.powerItemId]);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.registry.serviceGuide.get.queryKey({ powerItemId: item!.id }) });
    await queryClient.invalidateQueries({ queryKey: trpc.registry.serviceGuide.list.queryKey({ organizationId: item!.organizationId }) });
  };
  const save = useMutation(
    trpc.registry.serviceGuide.save.mutationOptions({
      onSuccess: async () => {
        reset();
        message.success(t('common.saved'));
        await refresh();
      },
      onError,
    }),
  );
  const publish = useMutation(
    trpc.registry.serviceGuide.publish.mutationOptions({
      onSuccess: async (g) => {
        reset();
        message.success(t('serviceGuides.published', { version: g.versions[0]?.version ?? 1 }));
        await refresh();
      },
      onError,
    }),
  );
  const submit = async () => {
    const content = await form.validateFields();
    save.mutate({ powerItemId: item!.id, content: { ...content, steps: content.steps.map((s) => ({ ...s, days: s.days ?? null })) } });
  };
  const versions = guide.data?.versions ?? [];
  const drawnSteps = steps.filter((s) => s?.name);

  return (
    <Drawer title={item ? t('serviceGuides.drawerTitle', { code: item.code, name: item.name }) : ''} open={item !== null} onClose={onClose} width={920} destroyOnHidden>
      {item && (
        <Tabs
          items={[
            {
              key: 'draft',
              label: t('serviceGuides.tabs.draft'),
              children: (
                <>
                  <RefusalAlert error={refusal} />
                  {guide.data && (
                    <Space style={{ marginBottom: 12 }}>
                      {guide.data.unpublishedChanges ? <Tag color="orange">{t('serviceGuides.state.unpublished')}</Tag> : guide.data.draft ? <Tag color="green">{t('serviceGuides.state.upToDate')}</Tag> : <Tag>{t('serviceGuides.state.none')}</Tag>}
                      {versions[0] && <Typography.Text type="secondary">{t('serviceGuides.latestVersion', { version: versions[0].version })}</Typography.Text>}
                    </Space>
                  )}
                  <Form form={form} layout="vertical" disabled={!editable} initialValues={blank}>
                    <Form.Item name="legalBasis" label={t('serviceGuides.fields.legalBasis')} rules={[{ required: true, whitespace: true }]}>
                      <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} />
                    </Form.Item>
                    <Form.Item name="conditions" label={t('serviceGuides.fields.conditions')} rules={[{ required: true, whitespace: true }]}>
                      <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} />
                    </Form.Item>
                    <Typography.Text strong>{t('serviceGuides.fields.materials')}</Typography.Text>
                    <Form.List name="materials">
                      {(fields, { add, remove }) => (
                        <>
                          {fields.map((field, i) => (
                            <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                              <Form.Item {...field} rules={[{ required: true, whitespace: true }]}>
                                <Input style={{ width: 560 }} maxLength={300} aria-label={t('serviceGuides.fields.material', { n: i + 1 })} />
                              </Form.Item>
                              {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('serviceGuides.remove')} />}
                            </Space>
                          ))}
                          <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add('')} style={{ marginBottom: 16 }}>
                            {t('serviceGuides.addMaterial')}
                          </Button>
                        </>
                      )}
                    </Form.List>
                    <div>
                      <Typography.Text strong>{t('serviceGuides.fields.steps')}</Typography.Text>
                    </div>
                    <Form.List name="steps">
                      {(fields, { add, remove }) => (
                        <>
                          {fields.map((field, i) => (
                            <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                              <Typography.Text>{i + 1}.</Typography.Text>
                              <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                                <Input placeholder={t('serviceGuides.fields.stepName')} aria-label={t('serviceGuides.fields.stepNameN', { n: i + 1 })} maxLength={100} />
                              </Form.Item>
                              <Form.Item name={[field.name, 'actor']} rules={[{ required: true, whitespace: true }]}>
                                <Input placeholder={t('serviceGuides.fields.stepActor')} aria-label={t('serviceGuides.fields.stepActorN', { n: i + 1 })} maxLength={100} />
                              </Form.Item>
                              <Form.Item name={[field.name, 'days']}>
                                <InputNumber min={0} max={365} placeholder={t('serviceGuides.fields.stepDays')} aria-label={t('serviceGuides.fields.stepDaysN', { n: i + 1 })} />
                              </Form.Item>
                              {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('serviceGuides.remove')} />}
                            </Space>
                          ))}
                          <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', actor: '', days: null })} style={{ marginBottom: 16 }}>
                            {t('serviceGuides.addStep')}
                          </Button>
                        </>
                      )}
                    </Form.List>
                    <Space wrap>
                      <Form.Item name="timeLimitDays" label={t('serviceGuides.fields.timeLimitDays')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={365} />
                      </Form.Item>
                      <Form.Item name="fees" label={t('serviceGuides.fields.fees')} rules={[{ required: true, whitespace: true }]}>
                        <Input style={{ width: 240 }} maxLength={500} />
                      </Form.Item>
                      <Form.Item name="contact" label={t('serviceGuides.fields.contact')} rules={[{ required: true, whitespace: true }]}>
                        <Input style={{ width: 240 }} maxLength={300} />
                      </Form.Item>
                    </Space>
                  </Form>
                  {editable && (
                    <Space style={{ marginBottom: 16 }}>
                      <Button onClick={() => void submit()} loading={save.isPending}>
                        {t('serviceGuides.saveDraft')}
                      </Button>
                      <Button type="primary" disabled={!guide.data?.unpublishedChanges} loading={publish.isPending} onClick={() => publish.mutate({ powerItemId: item.id })}>
                        {t('serviceGuides.publish')}
                      </Button>
                    </Space>
                  )}
                  <Card size="small" title={t('serviceGuides.flowchart.heading')}>
                    {drawnSteps.length ? <FlowchartView steps={drawnSteps.map((s) => ({ name: s.name, actor: s.actor ?? '', days: s.days ?? null }))} itemName={item.name} /> : <Typography.Text type="secondary">{t('serviceGuides.flowchart.noSteps')}</Typography.Text>}
                  </Card>
                </>
              ),
            },
            {
              key: 'versions',
              label: t('serviceGuides.tabs.versions', { count: versions.length }),
              children: <GuideVersions versions={versions} itemName={item.name} />,
            },
          ]}
        />
      )}
    </Drawer>
  );
}

function GuideVersions({ versions, itemName }: { versions: ServiceGuideVersionDto[]; itemName: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<number | null>(null);
  const version = versions.find((v) => v.version === (shown ?? versions[0]?.version));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <ExportButton
          filename={`${itemName}-${t('serviceGuides.versionsSheet')}.xlsx`}
          sheetName={t('serviceGuides.versionsSheet')}
          columns={[{ header: t('serviceGuides.version') }, { header: t('serviceGuides.publishedAt'), width: 22 }, { header: t('serviceGuides.publishedBy'), width: 18 }, { header: t('serviceGuides.fields.timeLimitDays') }, { header: t('serviceGuides.fields.steps'), width: 60 }]}
          rows={() => versions.map((v) => [v.version, new Date(v.publishedAt).toLocaleString(), v.publishedBy.name ?? v.publishedBy.id, v.content.timeLimitDays, v.content.steps.map((s) => s.name).join(' → ')])}
        />
      </Space>
      <Table<ServiceGuideVersionDto>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={versions}
        onRow={(v) => ({ onClick: () => setShown(v.version), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('serviceGuides.version'), dataIndex: 'version', width: 80, render: (v: number) => (v === version?.version ? <Tag color="blue">v{v}</Tag> : `v${v}`) },
          { title: t('serviceGuides.publishedAt'), dataIndex: 'publishedAt', render: (d: Date) => new Date(d).toLocaleString() },
          { title: t('serviceGuides.publishedBy'), dataIndex: 'publishedBy', render: (p: ServiceGuideVersionDto['publishedBy']) => p.name ?? p.id },
        ]}
      />
      {version && (
        <>
          <GuideDetails guide={version.content} />
          <FlowchartView steps={version.content.steps} itemName={itemName} />
        </>
      )}
    </Space>
  );
}
