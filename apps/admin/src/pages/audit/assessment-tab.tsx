import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AssessmentScoreDto } from '@bianzhi/contracts/evaluation';
import { assessmentSources, type AssessmentItem, type AssessmentState } from '@bianzhi/domain/evaluation';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { downloadBase64 } from '../download.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { thisYear, useRefusal, xlsx } from './evaluation-shared.js';

type SheetForm = { items: AssessmentItem[] };

const sheetColors: Record<AssessmentState, string> = { draft: 'default', reviewed: 'blue', published: 'green' };

/** The year's scoring sheet: items, weights and the evidence each needs (the city bureau's). */
function SheetModal({ year, items, open, onClose }: { year: number; items: AssessmentItem[]; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SheetForm>();
  const status = useRefusal();
  const save = useMutation(
    trpc.audit.assessment.setSheet.mutationOptions({
      onSuccess: async () => {
        status.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.audit.assessment.get.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.audit.assessment.years.queryKey() });
        onClose();
      },
      onError: status.onError,
    }),
  );
  const defaults: AssessmentItem[] = [
    { key: 'monthly', name: t('evaluation.defaults.monthly'), weight: 20, source: 'entered', evidence: t('evaluation.defaults.monthlyEvidence') },
    { key: 'rectified', name: t('evaluation.defaults.rectified'), weight: 30, source: 'violations_rectified', evidence: '' },
    { key: 'targets', name: t('evaluation.defaults.targets'), weight: 30, source: 'targets_met', evidence: '' },
    { key: 'disclosure', name: t('evaluation.defaults.disclosure'), weight: 20, source: 'disclosure', evidence: '' },
  ];
  return (
    <Modal title={t('evaluation.sheetOf', { year })} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} width={900} destroyOnHidden>
      <RefusalAlert error={status.refusal} />
      <Form form={form} initialValues={{ items: items.length ? items : defaults }} onFinish={(v) => save.mutate({ year, items: v.items.map((i) => ({ ...i, evidence: i.evidence ?? '' })) })}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'key']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('evaluation.keyRule') }]}>
                    <Input placeholder={t('evaluation.item.key')} aria-label={t('evaluation.item.key')} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('evaluation.required') }]}>
                    <Input placeholder={t('evaluation.item.name')} aria-label={t('evaluation.item.name')} style={{ width: 170 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'weight']} rules={[{ required: true, message: t('evaluation.required') }]}>
                    <InputNumber min={0.1} max={100} placeholder={t('evaluation.item.weight')} aria-label={t('evaluation.item.weight')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'source']}>
                    <Select style={{ width: 150 }} aria-label={t('evaluation.item.source')} options={assessmentSources.map((s) => ({ value: s, label: t(`evaluation.sources.${s}`) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'evidence']}>
                    <Input placeholder={t('evaluation.item.evidence')} aria-label={t('evaluation.item.evidence')} style={{ width: 200 }} />
                  </Form.Item>
                  <MinusCircleOutlined aria-label={t('evaluation.removeItem')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ source: 'entered', evidence: '' })}>{t('evaluation.addItem')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** A score for one jurisdiction or unit: computed items shown, the others entered with evidence. */
function ScoreModal({ year, items, open, onClose }: { year: number; items: AssessmentItem[]; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { treeData } = useJurisdictionOptions();
  const [form] = Form.useForm<{ kind: 'jurisdiction' | 'organization'; jurisdictionId?: string; organizationId?: string; entered: Record<string, { score?: number; evidence?: string }> }>();
  const kind = Form.useWatch('kind', form);
  const status = useRefusal();
  const save = useMutation(
    trpc.audit.assessment.score.mutationOptions({
      onSuccess: async () => {
        status.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.audit.assessment.get.queryKey() });
        onClose();
      },
      onError: status.onError,
    }),
  );
  const entered = items.filter((i) => i.source === 'entered');
  return (
    <Modal title={t('evaluation.scoreSubject')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} width={720} destroyOnHidden>
      <RefusalAlert error={status.refusal} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'jurisdiction', entered: {} }}
        onFinish={(v) =>
          save.mutate({
            year,
            subject: { kind: v.kind, id: (v.kind === 'jurisdiction' ? v.jurisdictionId : v.organizationId) ?? '' },
            entered: Object.fromEntries(Object.entries(v.entered ?? {}).filter(([, e]) => e?.score !== undefined && e?.score !== null).map(([k, e]) => [k, { score: e.score!, evidence: e.evidence ?? '' }])),
          })
        }
      >
        <Form.Item name="kind" label={t('evaluation.subjectKind')}>
          <Radio.Group options={[{ value: 'jurisdiction', label: t('evaluation.subjectKinds.jurisdiction') }, { value: 'organization', label: t('evaluation.subjectKinds.organization') }]} />
        </Form.Item>
        {kind === 'organization' ? (
          <Form.Item name="organizationId" label={t('evaluation.subject')} rules={[{ required: true, message: t('evaluation.required') }]}>
            <OrganizationPicker ariaLabel={t('evaluation.subject')} />
          </Form.Item>
        ) : (
          <Form.Item name="jurisdictionId" label={t('evaluation.subject')} rules={[{ required: true, message: t('evaluation.required') }]}>
            <TreeSelect treeData={treeData} showSearch treeNodeFilterProp="title" aria-label={t('evaluation.subject')} />
          </Form.Item>
        )}
        <Typography.Paragraph type="secondary">{t('evaluation.computedHelp')}</Typography.Paragraph>
        {entered.map((item) => (
          <Space key={item.key} align="baseline" wrap>
            <Typography.Text style={{ width: 160, display: 'inline-block' }}>{item.name}（{item.weight}）</Typography.Text>
            <Form.Item name={['entered', item.key, 'score']}>
              <InputNumber min={0} max={100} placeholder="0–100" aria-label={t('evaluation.itemScore', { name: item.name })} />
            </Form.Item>
            <Form.Item name={['entered', item.key, 'evidence']}>
              <Input placeholder={item.evidence} aria-label={t('evaluation.itemEvidence', { name: item.name })} style={{ width: 300 }} maxLength={1000} />
            </Form.Item>
          </Space>
        ))}
      </Form>
    </Modal>
  );
}

export function AssessmentTab() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const canManage = useCan('audit.assessment.manage');
  const years = useQuery(trpc.audit.assessment.years.queryOptions());
  const [picked, setPicked] = useState<number | undefined>();
  const year = picked ?? years.data?.[0]?.year ?? thisYear() - 1;
  const assessment = useQuery({ ...trpc.audit.assessment.get.queryOptions({ year }), retry: false });
  const [editing, setEditing] = useState(false);
  const [scoring, setScoring] = useState(false);
  const status = useRefusal();
  const refresh = async () => {
    status.reset();
    message.success(t('common.saved'));
    await queryClient.invalidateQueries({ queryKey: trpc.audit.assessment.get.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.audit.assessment.years.queryKey() });
  };
  const review = useMutation(trpc.audit.assessment.review.mutationOptions({ onSuccess: refresh, onError: status.onError }));
  const publish = useMutation(trpc.audit.assessment.publish.mutationOptions({ onSuccess: refresh, onError: status.onError }));
  const a = assessment.data;
  const exportFile = async () => {
    const file = await queryClient.fetchQuery({ ...trpc.audit.assessment.export.queryOptions({ year }), staleTime: 0 });
    downloadBase64(file.filename, file.contentBase64, xlsx);
  };
  const yearOptions = [...new Set([...(years.data ?? []).map((y) => y.year), thisYear(), thisYear() - 1])].sort((x, y) => y - x);
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select aria-label={t('evaluation.assessmentYear')} style={{ width: 120 }} value={year} onChange={setPicked} options={yearOptions.map((y) => ({ value: y, label: t('evaluation.yearLabel', { year: y }) }))} />
        {a && <Tag color={sheetColors[a.state]}>{t(`evaluation.sheetStates.${a.state}`)}</Tag>}
        {a && <Button onClick={() => void exportFile()}>{t('common.exportExcel')}</Button>}
        {canManage && (!a || a.state === 'draft') && <Button onClick={() => setEditing(true)}>{t('evaluation.editSheet')}</Button>}
        {canManage && a?.state === 'draft' && <Button onClick={() => setScoring(true)}>{t('evaluation.scoreSubject')}</Button>}
        {canManage && a?.state === 'draft' && <Button type="primary" loading={review.isPending} onClick={() => review.mutate({ year })}>{t('evaluation.review')}</Button>}
        {canManage && a?.state === 'reviewed' && <Button type="primary" loading={publish.isPending} onClick={() => publish.mutate({ year })}>{t('evaluation.publish')}</Button>}
      </Space>
      <RefusalAlert error={status.refusal} />
      {!a ? (
        <Typography.Paragraph type="secondary">{assessment.isPending ? '' : t('evaluation.noSheet', { year })}</Typography.Paragraph>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Table<AssessmentItem>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={a.items}
            title={() => t('evaluation.sheetOf', { year })}
            columns={[
              { title: t('evaluation.item.name'), dataIndex: 'name' },
              { title: t('evaluation.item.weight'), dataIndex: 'weight', width: 80 },
              { title: t('evaluation.item.source'), dataIndex: 'source', width: 160, render: (s: AssessmentItem['source']) => t(`evaluation.sources.${s}`) },
              { title: t('evaluation.item.evidence'), dataIndex: 'evidence' },
            ]}
          />
          <Table<AssessmentScoreDto>
            size="small"
            rowKey="subjectId"
            dataSource={a.scores}
            title={() => t('evaluation.ranking')}
            columns={[
              { title: t('evaluation.level'), dataIndex: 'level', width: 110, render: (l: AssessmentScoreDto['level']) => t(`evaluation.levels.${l}`) },
              { title: t('evaluation.rank'), dataIndex: 'rank', width: 70 },
              { title: t('evaluation.subject'), dataIndex: 'subjectName' },
              { title: t('evaluation.total'), dataIndex: 'total', width: 80 },
              ...a.items.map((item) => ({
                title: item.name,
                key: item.key,
                render: (_: unknown, s: AssessmentScoreDto) => {
                  const scored = s.items[item.key];
                  return scored ? (
                    <span title={scored.evidence}>
                      {scored.score ?? '—'} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{scored.evidence}</Typography.Text>
                    </span>
                  ) : '—';
                },
              })),
            ]}
          />
        </Space>
      )}
      {editing && <SheetModal year={year} items={a?.items ?? []} open onClose={() => setEditing(false)} />}
      {scoring && a && <ScoreModal year={year} items={a.items} open onClose={() => setScoring(false)} />}
    </>
  );
}
