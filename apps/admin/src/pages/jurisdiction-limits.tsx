import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Descriptions, Drawer, Form, Input, InputNumber, Progress, Row, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { JurisdictionDto, JurisdictionLimitsDto, LimitChangeDto, LimitStatusDto } from '@bianzhi/contracts/registry';
import { limitCategories, type LimitCategory } from '@bianzhi/domain/organization-limits';
import { describeServerError, useTRPC, type ServerError } from '../api/trpc.js';
import { RefusalAlert } from './organizations/policy-refusal.js';
import { emptyOrFailed, LoadFailed } from './load-state.js';
import { useDateFormat } from './use-date-format.js';
import { ExportButton } from './table-export.js';

type EditValues = { documentNumber: string; minHeadcount?: number | null; maxHeadcount?: number | null } & Partial<Record<LimitCategory, number | null>>;

/** Used against the limit: a bar that turns red once the count is over it. */
function UsedOfLimit({ row }: { row: LimitStatusDto }) {
  const { t } = useTranslation();
  if (row.maximum === null) return <Typography.Text type="secondary">{t('limits.noLimit', { used: row.used })}</Typography.Text>;
  const percent = row.maximum === 0 ? (row.used > 0 ? 100 : 0) : Math.min(100, Math.round((row.used / row.maximum) * 100));
  return (
    <Space style={{ width: '100%' }} aria-label={t('limits.usedOf', { used: row.used, maximum: row.maximum })}>
      <Progress percent={percent} size="small" style={{ width: 140, margin: 0 }} status={row.used > row.maximum ? 'exception' : row.used === row.maximum ? 'active' : 'normal'} showInfo={false} />
      <Typography.Text type={row.used > row.maximum ? 'danger' : undefined}>{t('limits.usedOf', { used: row.used, maximum: row.maximum })}</Typography.Text>
    </Space>
  );
}

/** 调整限额: every category on one document; an empty number removes that category's limit. */
function EditLimits({ limits, onDone }: { limits: JurisdictionLimitsDto; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const set = useMutation(
    trpc.registry.limit.set.mutationOptions({
      onSuccess: async () => {
        message.success(t('limits.saved'));
        await queryClient.invalidateQueries({ queryKey: trpc.registry.limit.pathKey() });
        onDone();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  useEffect(() => {
    form.setFieldsValue({
      ...Object.fromEntries(limits.categories.map((c) => [c.category, c.maximum])),
      minHeadcount: limits.departmentRange?.minHeadcount ?? null,
      maxHeadcount: limits.departmentRange?.maxHeadcount ?? null,
    });
  }, [form, limits]);
  const submit = (v: EditValues) => {
    const range = v.minHeadcount != null && v.maxHeadcount != null ? { minHeadcount: v.minHeadcount, maxHeadcount: v.maxHeadcount } : null;
    set.mutate({ jurisdictionId: limits.jurisdictionId, documentNumber: v.documentNumber, limits: limitCategories.map((category) => ({ category, maximum: v[category] ?? null })), departmentRange: range });
  };
  return (
    <Form<EditValues> form={form} layout="vertical" name="edit-limits" onFinish={submit}>
      <RefusalAlert error={refusal} />
      <Row gutter={12}>
        {limitCategories.map((category) => (
          <Col span={12} key={category}>
            <Form.Item label={t(`limits.categories.${category}`)} name={category}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} placeholder={t('limits.unlimited')} aria-label={t(`limits.categories.${category}`)} />
            </Form.Item>
          </Col>
        ))}
        <Col span={12}>
          <Form.Item label={t('limits.rangeMin')} name="minHeadcount">
            <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} aria-label={t('limits.rangeMin')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('limits.rangeMax')} name="maxHeadcount">
            <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} aria-label={t('limits.rangeMax')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('limits.documentNumber')} name="documentNumber" rules={[{ required: true, whitespace: true, message: t('limits.documentRequired') }]}>
        <Input maxLength={100} placeholder="示编〔2026〕1号" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={set.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

function subjectLabel(t: TFunction, subject: string): string {
  return (limitCategories as readonly string[]).includes(subject) ? t(`limits.categories.${subject}`) : t('limits.departmentRange');
}

function describeValue(t: TFunction, value: unknown): string {
  if (value === null || typeof value !== 'object') return t('limits.none');
  const v = value as { maximum?: number; minHeadcount?: number; maxHeadcount?: number };
  return v.maximum !== undefined ? String(v.maximum) : t('limits.rangeValue', { min: v.minHeadcount, max: v.maxHeadcount });
}

/**
 * 机构限额 of one jurisdiction: per category its live organizations against the limit, the staffing
 * range of an internal department, and (for the level above) the form that sets them, with history.
 */
export function JurisdictionLimitsDrawer({ jurisdiction, onClose }: { jurisdiction: JurisdictionDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const formatDate = useDateFormat();
  const [editing, setEditing] = useState(false);
  const id = jurisdiction?.id ?? '';
  const limits = useQuery({ ...trpc.registry.limit.list.queryOptions({ jurisdictionId: id }), enabled: Boolean(jurisdiction) });
  const history = useQuery({ ...trpc.registry.limit.history.queryOptions({ jurisdictionId: id }), enabled: Boolean(jurisdiction) });
  useEffect(() => setEditing(false), [id]);

  return (
    <Drawer title={jurisdiction ? t('limits.title', { name: jurisdiction.name }) : ''} open={jurisdiction !== null} onClose={onClose} width={720} destroyOnHidden>
      {limits.isError ? (
        <LoadFailed error={limits.error} onRetry={() => void limits.refetch()} />
      ) : editing && limits.data ? (
        <EditLimits limits={limits.data} onDone={() => setEditing(false)} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {limits.data?.editable ? t('limits.hintEditable') : t('limits.hintReadOnly')}
          </Typography.Paragraph>
          <Table<LimitStatusDto>
            rowKey="category"
            size="small"
            pagination={false}
            loading={limits.isPending}
            dataSource={limits.data?.categories ?? []}
            locale={emptyOrFailed(limits)}
            columns={[
              { title: t('limits.columns.category'), dataIndex: 'category', render: (value: LimitCategory) => t(`limits.categories.${value}`) },
              { title: t('limits.columns.used'), key: 'used', width: 260, render: (_: unknown, row) => <UsedOfLimit row={row} /> },
              { title: t('limits.columns.document'), dataIndex: 'documentNumber', width: 170, render: (value: string | null) => value ?? '—' },
            ]}
          />
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('limits.departmentRange')}>
              {limits.data?.departmentRange
                ? `${t('limits.rangeValue', { min: limits.data.departmentRange.minHeadcount, max: limits.data.departmentRange.maxHeadcount })}（${limits.data.departmentRange.documentNumber}）`
                : t('limits.none')}
            </Descriptions.Item>
          </Descriptions>
          <Space>
            {limits.data?.editable && (
              <Button type="primary" onClick={() => setEditing(true)}>
                {t('limits.edit')}
              </Button>
            )}
            {limits.data && (
              <ExportButton
                filename={`${t('limits.title', { name: limits.data.jurisdictionName })}.xlsx`}
                sheetName={t('limits.open')}
                columns={[{ header: t('limits.columns.category'), width: 24 }, { header: t('limits.columns.usedCount') }, { header: t('limits.columns.maximum') }, { header: t('limits.columns.document'), width: 20 }]}
                rows={() => limits.data.categories.map((c) => [t(`limits.categories.${c.category}`), c.used, c.maximum, c.documentNumber])}
              />
            )}
          </Space>
          <Table<LimitChangeDto>
            title={() => t('limits.history')}
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            loading={history.isPending}
            dataSource={history.data ?? []}
            locale={emptyOrFailed(history)}
            columns={[
              { title: t('limits.columns.recordedAt'), dataIndex: 'recordedAt', width: 170, render: (value: Date) => formatDate(value) },
              { title: t('limits.columns.subject'), dataIndex: 'subject', render: (value: string) => subjectLabel(t, value) },
              { title: t('limits.columns.change'), key: 'change', render: (_: unknown, row) => `${describeValue(t, row.before)} → ${describeValue(t, row.after)}` },
              { title: t('limits.columns.document'), dataIndex: 'documentNumber', width: 150 },
              { title: t('limits.columns.actor'), key: 'actor', width: 120, render: (_: unknown, row) => row.actor.name ?? row.actor.id },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
