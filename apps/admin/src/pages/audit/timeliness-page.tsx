import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CorrectionOrderDto, DisclosureChangeDto } from '@bianzhi/contracts/disclosure-timeliness';
import { isLateStatus, type DisclosureChangeStatus } from '@bianzhi/domain/disclosure-timeliness';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { ExportButton } from '../table-export.js';
import { useDateFormat } from '../use-date-format.js';
import { emptyOrFailed } from '../load-state.js';

const statusColors: Record<DisclosureChangeStatus, string> = { published: 'green', late: 'orange', pending: 'blue', overdue: 'red' };

/** 责令限期补正: the unit (pre-filled from a late change), what is required and the new deadline; a refusal shows above the fields, which keep their input. */
function IssueOrderModal({ unit, onClose }: { unit: { organizationId?: string; name?: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ organizationId: string; requirement: string; deadline: string }>();
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const issue = useMutation(
    trpc.audit.timeliness.issueOrder.mutationOptions({
      onSuccess: async (order) => {
        message.success(t('timeliness.orders.issued', { number: order.number }));
        await Promise.all([trpc.audit.timeliness.changes, trpc.audit.timeliness.orders].map((p) => queryClient.invalidateQueries({ queryKey: p.queryKey() })));
        form.resetFields();
        setRefusal(null);
        onClose();
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const required = [{ required: true, whitespace: true, message: t('timeliness.required') }];
  // Filled as the dialog opens, not after its animation: a quick click on 下发通知 must already send the unit.
  useEffect(() => {
    if (unit === null) return;
    setRefusal(null);
    form.setFieldsValue({ ...(unit.organizationId ? { organizationId: unit.organizationId } : {}), requirement: form.getFieldValue('requirement') || t('timeliness.orders.defaultRequirement'), deadline: form.getFieldValue('deadline') || addDays(todayInChina(), 10) });
  }, [unit, form, t]);
  return (
    <Modal
      title={t('timeliness.orders.issue')}
      open={unit !== null}
      onCancel={() => {
        form.setFieldValue('organizationId', undefined);
        onClose();
      }}
      onOk={() => form.submit()}
      okText={t('timeliness.orders.issueOk')}
      cancelText={t('common.cancel')}
      confirmLoading={issue.isPending}
      forceRender
      width={600}
    >
      <RefusalAlert error={refusal} />
      <Form form={form} layout="vertical" onFinish={(v) => issue.mutate({ organizationId: v.organizationId, requirement: v.requirement, deadline: v.deadline })}>
        {unit?.organizationId ? (
          <>
            <Form.Item label={t('timeliness.columns.unit')}>
              <Typography.Text strong>{unit.name}</Typography.Text>
            </Form.Item>
            <Form.Item name="organizationId" hidden rules={[{ required: true, message: t('timeliness.required') }]}>
              <Input />
            </Form.Item>
          </>
        ) : (
          <Form.Item label={t('timeliness.columns.unit')} name="organizationId" rules={[{ required: true, message: t('timeliness.required') }]}>
            <OrganizationPicker ariaLabel={t('timeliness.columns.unit')} />
          </Form.Item>
        )}
        <Form.Item label={t('timeliness.orders.requirement')} name="requirement" rules={required}>
          <Input.TextArea rows={3} maxLength={2000} aria-label={t('timeliness.orders.requirement')} />
        </Form.Item>
        <Form.Item label={t('timeliness.orders.deadline')} name="deadline" rules={required}>
          <Input type="date" aria-label={t('timeliness.orders.deadline')} style={{ width: 180 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The changes that must be disclosed, with their deadlines and when the public site first showed them. */
function ChangesBoard({ onOrder }: { onOrder: (unit: { organizationId: string; name: string }) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canOrder = useCan('audit.timeliness.order');
  const thisYear = Number(todayInChina().slice(0, 4));
  const [year, setYear] = useState<number>(thisYear);
  const [lateOnly, setLateOnly] = useState(false);
  const changes = useQuery(trpc.audit.timeliness.changes.queryOptions({ year, lateOnly }));
  const lateUnits = new Set((changes.data ?? []).filter((c) => isLateStatus(c.status)).map((c) => c.organizationId));
  const columns = [t('timeliness.columns.unit'), t('timeliness.columns.jurisdiction'), t('timeliness.columns.kind'), t('timeliness.columns.effectiveDate'), t('timeliness.columns.deadline'), t('timeliness.columns.publishedOn'), t('timeliness.columns.status'), t('timeliness.columns.order')];
  return (
    <Card
      title={t('timeliness.changes.title')}
      extra={
        <Space>
          <Select aria-label={t('timeliness.year')} value={year} onChange={setYear} style={{ width: 110 }} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: t('timeliness.yearOption', { year: y }) }))} />
          <Checkbox checked={lateOnly} onChange={(e) => setLateOnly(e.target.checked)}>
            {t('timeliness.changes.lateOnly')}
          </Checkbox>
          <ExportButton
            filename={`${t('timeliness.changes.title')}-${year}.xlsx`}
            sheetName={t('timeliness.changes.title')}
            columns={columns.map((header, i) => ({ header, width: i === 0 ? 30 : 14 }))}
            rows={() => (changes.data ?? []).map((c) => [c.organizationName, c.jurisdictionName, t(`timeliness.kinds.${c.kind}`), c.effectiveDate, c.deadline, c.publishedOn ?? '', t(`timeliness.statuses.${c.status}`), c.openOrderNumber ?? ''])}
          />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('timeliness.changes.help', { units: lateUnits.size })}</Typography.Paragraph>
      <Table<DisclosureChangeDto>
        rowKey={(c) => `${c.organizationId}/${c.kind}/${c.effectiveDate}`}
        size="small"
        loading={changes.isPending}
        locale={emptyOrFailed(changes)}
        dataSource={changes.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('timeliness.columns.unit'), dataIndex: 'organizationName' },
          { title: t('timeliness.columns.jurisdiction'), dataIndex: 'jurisdictionName', width: 120 },
          { title: t('timeliness.columns.kind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`timeliness.kinds.${k}`) },
          { title: t('timeliness.columns.effectiveDate'), dataIndex: 'effectiveDate', width: 120 },
          { title: t('timeliness.columns.deadline'), dataIndex: 'deadline', width: 120 },
          { title: t('timeliness.columns.publishedOn'), dataIndex: 'publishedOn', width: 120, render: (d: string | null) => d ?? '—' },
          { title: t('timeliness.columns.status'), dataIndex: 'status', width: 100, render: (s: DisclosureChangeStatus) => <Tag color={statusColors[s]}>{t(`timeliness.statuses.${s}`)}</Tag> },
          {
            title: t('timeliness.columns.order'),
            key: 'order',
            width: 170,
            render: (_, c) =>
              c.openOrderNumber ? (
                <Tag>{c.openOrderNumber}</Tag>
              ) : canOrder && isLateStatus(c.status) ? (
                <Button size="small" danger onClick={() => onOrder({ organizationId: c.organizationId, name: c.organizationName })}>
                  {t('timeliness.orders.issue')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}

/** The correction orders with their status: open, overdue (open past the new deadline) or closed when the unit was published. */
function OrdersBoard({ onIssue }: { onIssue: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const formatDateTime = useDateFormat();
  const canOrder = useCan('audit.timeliness.order');
  const [status, setStatus] = useState<'open' | 'closed' | 'overdue' | undefined>(undefined);
  const orders = useQuery(trpc.audit.timeliness.orders.queryOptions({ status }));
  const cited = (o: CorrectionOrderDto) => o.changes.map((c) => `${t(`timeliness.kinds.${c.kind}`)}（${c.effectiveDate}）`).join('、');
  const statusOf = (o: CorrectionOrderDto) => (o.overdue ? t('timeliness.orders.overdue') : t(`timeliness.orders.statuses.${o.status}`));
  const columns = [t('timeliness.orders.number'), t('timeliness.columns.unit'), t('timeliness.orders.changes'), t('timeliness.orders.requirement'), t('timeliness.orders.deadline'), t('timeliness.columns.status'), t('timeliness.orders.issuedAt'), t('timeliness.columns.publishedOn')];
  return (
    <Card
      title={t('timeliness.orders.title')}
      extra={
        <Space>
          <Select
            aria-label={t('timeliness.columns.status')}
            allowClear
            placeholder={t('timeliness.orders.allStatuses')}
            value={status}
            onChange={setStatus}
            style={{ width: 140 }}
            options={(['open', 'overdue', 'closed'] as const).map((s) => ({ value: s, label: s === 'overdue' ? t('timeliness.orders.overdue') : t(`timeliness.orders.statuses.${s}`) }))}
          />
          <ExportButton
            filename={`${t('timeliness.orders.title')}.xlsx`}
            sheetName={t('timeliness.orders.title')}
            columns={columns.map((header, i) => ({ header, width: i === 2 || i === 3 ? 36 : 16 }))}
            rows={() => (orders.data ?? []).map((o) => [o.number, o.organizationName, cited(o), o.requirement, o.deadline, statusOf(o), formatDateTime(o.issuedAt), o.publishedOn ?? ''])}
          />
          {canOrder && (
            <Button type="primary" onClick={onIssue}>
              {t('timeliness.orders.issue')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<CorrectionOrderDto>
        rowKey="id"
        size="small"
        loading={orders.isPending}
        locale={emptyOrFailed(orders)}
        dataSource={orders.data ?? []}
        columns={[
          { title: t('timeliness.orders.number'), dataIndex: 'number', width: 160 },
          { title: t('timeliness.columns.unit'), dataIndex: 'organizationName' },
          { title: t('timeliness.orders.changes'), key: 'changes', render: (_, o) => cited(o) },
          { title: t('timeliness.orders.requirement'), dataIndex: 'requirement', ellipsis: true },
          { title: t('timeliness.orders.deadline'), dataIndex: 'deadline', width: 120 },
          { title: t('timeliness.columns.status'), key: 'status', width: 100, render: (_, o) => <Tag color={o.overdue ? 'red' : o.status === 'open' ? 'orange' : 'green'}>{statusOf(o)}</Tag> },
          { title: t('timeliness.columns.publishedOn'), dataIndex: 'publishedOn', width: 120, render: (d: string | null) => d ?? '—' },
        ]}
      />
    </Card>
  );
}

/** 及时公开: changes with their disclosure deadlines, late units, and correction orders (责令限期补正通知) issued and followed to closure. */
export function TimelinessPage() {
  const [ordering, setOrdering] = useState<{ organizationId?: string; name?: string } | null>(null);
  return (
    <RequirePermission permission="audit.timeliness.read">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <ChangesBoard onOrder={setOrdering} />
        <OrdersBoard onIssue={() => setOrdering({})} />
      </Space>
      <IssueOrderModal unit={ordering} onClose={() => setOrdering(null)} />
    </RequirePermission>
  );
}
