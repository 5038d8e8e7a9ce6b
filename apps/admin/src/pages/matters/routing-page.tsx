import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { matterKinds, type MatterKind, type MatterStepKind } from '@bianzhi/domain/matters';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { emptyOrFailed, LoadFailed } from '../load-state.js';

const chains: Record<string, MatterStepKind[]> = { three: ['accept', 'review', 'approve'], two: ['review', 'approve'], one: ['approve'] };
const chainKey = (steps: MatterStepKind[]) => Object.entries(chains).find(([, c]) => c.join() === steps.join())?.[0] ?? 'three';

interface Row {
  key: string;
  jurisdictionId: string;
  jurisdictionName: string;
  level: string;
  kind: MatterKind;
  decidedAt: 'own' | 'city';
  chain: string;
}

interface CalendarValues {
  day: string;
  kind: 'holiday' | 'workday';
  name?: string;
}

/**
 * 工作日历: the holidays and adjusted working days the time limits count with. The platform carries
 * the State Council's notice for the current year; the city bureau enters next year's when it is
 * published, and corrects a day if need be. Every change is audited.
 */
function CalendarCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<CalendarValues>();
  const days = useQuery(trpc.approval.calendar.list.queryOptions());
  const set = useMutation(
    trpc.approval.calendar.set.mutationOptions({
      onSuccess: async () => {
        message.success(t('common.saved'));
        form.resetFields();
        await queryClient.invalidateQueries({ queryKey: trpc.approval.calendar.list.queryKey() });
      },
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  const thisYear = String(new Date().getFullYear());
  return (
    <Card title={t('routing.calendar.title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('routing.calendar.help')}</Typography.Paragraph>
      <Form<CalendarValues> form={form} layout="inline" initialValues={{ kind: 'holiday' }} onFinish={(v) => set.mutate({ day: v.day, kind: v.kind, name: v.name ?? '' })} style={{ marginBottom: 16 }}>
        <Form.Item label={t('routing.calendar.day')} name="day" rules={[{ required: true, message: t('organizations.form.required') }]}>
          <Input type="date" aria-label={t('routing.calendar.day')} />
        </Form.Item>
        <Form.Item label={t('routing.calendar.kind')} name="kind">
          <Select style={{ width: 140 }} aria-label={t('routing.calendar.kind')} options={(['holiday', 'workday'] as const).map((value) => ({ value, label: t(`routing.calendar.kinds.${value}`) }))} />
        </Form.Item>
        <Form.Item label={t('routing.calendar.name')} name="name">
          <Input maxLength={50} placeholder="春节" aria-label={t('routing.calendar.name')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={set.isPending}>
          {t('common.save')}
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="day"
        loading={days.isPending}
        locale={emptyOrFailed(days)}
        pagination={{ pageSize: 15 }}
        dataSource={(days.data ?? []).filter((d) => d.day >= thisYear).reverse()}
        columns={[
          { title: t('routing.calendar.day'), dataIndex: 'day', width: 140 },
          { title: t('routing.calendar.kind'), dataIndex: 'kind', width: 140, render: (k: 'holiday' | 'workday') => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`routing.calendar.kinds.${k}`)}</Tag> },
          { title: t('routing.calendar.name'), dataIndex: 'name' },
        ]}
      />
    </Card>
  );
}

/**
 * 审批设置: which matters the city takes up to itself for each jurisdiction (审批权上收), and the chain
 * of steps matters filed there go through. The city bureau's; every change is audited.
 */
export function RoutingPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const jurisdictions = useQuery(trpc.registry.jurisdiction.list.queryOptions({}));
  const routing = useQuery(trpc.approval.routing.list.queryOptions({}));
  const [edits, setEdits] = useState<Record<string, Partial<Pick<Row, 'decidedAt' | 'chain'>>>>({});
  // Districts first (what the city takes up); townships, whose matters their district decides, on request.
  const [level, setLevel] = useState<'district' | 'township'>('district');
  const [kind, setKind] = useState<MatterKind | undefined>(undefined);
  const save = useMutation(
    trpc.approval.routing.set.mutationOptions({
      onSuccess: async () => {
        message.success(t('common.saved'));
        await queryClient.invalidateQueries({ queryKey: trpc.approval.routing.list.queryKey() });
      },
      onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  const rows: Row[] = (jurisdictions.data ?? [])
    .filter((j) => j.level === level)
    .flatMap((j) =>
      matterKinds.filter((k) => !kind || k === kind).map((kind) => {
        const set = routing.data?.find((r) => r.jurisdictionId === j.id && r.kind === kind);
        return { key: `${j.id}/${kind}`, jurisdictionId: j.id, jurisdictionName: j.name, level: j.level, kind, decidedAt: set?.decidedAt ?? 'own', chain: chainKey(set?.steps ?? chains.three!) };
      }),
    );
  // Without the settings the defaults would look like settings: say it failed instead.
  if (routing.isError) return <LoadFailed error={routing.error} onRetry={() => void routing.refetch()} />;
  return (
    <RequirePermission permission="approval.routing.manage">
      <Card title={t('routing.title')}>
        <Typography.Paragraph type="secondary">{t('routing.help')}</Typography.Paragraph>
        <Space style={{ marginBottom: 12 }}>
          <Select style={{ width: 160 }} aria-label={t('routing.level')} value={level} onChange={setLevel} options={(['district', 'township'] as const).map((value) => ({ value, label: t(`jurisdictions.levels.${value}`) }))} />
          <Select style={{ width: 260 }} allowClear placeholder={t('routing.allKinds')} aria-label={t('matters.columns.kind')} value={kind} onChange={setKind} options={matterKinds.map((value) => ({ value, label: t(`matters.kinds.${value}`) }))} />
        </Space>
        <Table<Row>
          size="small"
          rowKey="key"
          dataSource={rows}
          loading={jurisdictions.isPending || routing.isPending}
          locale={emptyOrFailed(jurisdictions)}
          pagination={{ pageSize: 60 }}
          columns={[
            { title: t('routing.jurisdiction'), dataIndex: 'jurisdictionName' },
            { title: t('matters.columns.kind'), dataIndex: 'kind', render: (k: MatterKind) => t(`matters.kinds.${k}`) },
            {
              title: t('routing.decidedAt'),
              render: (_, row) => (
                <Select
                  size="small"
                  style={{ width: 200 }}
                  aria-label={`${t('routing.decidedAt')} ${row.jurisdictionName} ${t(`matters.kinds.${row.kind}`)}`}
                  value={edits[row.key]?.decidedAt ?? row.decidedAt}
                  onChange={(decidedAt) => setEdits({ ...edits, [row.key]: { ...edits[row.key], decidedAt } })}
                  options={[
                    { value: 'own', label: row.level === 'township' ? t('routing.district') : t('routing.own') },
                    { value: 'city', label: t('routing.city') },
                  ]}
                />
              ),
            },
            {
              title: t('routing.chain'),
              render: (_, row) => (
                <Select
                  size="small"
                  style={{ width: 220 }}
                  aria-label={`${t('routing.chain')} ${row.jurisdictionName} ${t(`matters.kinds.${row.kind}`)}`}
                  value={edits[row.key]?.chain ?? row.chain}
                  onChange={(chain) => setEdits({ ...edits, [row.key]: { ...edits[row.key], chain } })}
                  options={Object.entries(chains).map(([value, steps]) => ({ value, label: steps.map((s) => t(`matters.steps.${s}`)).join(' → ') }))}
                />
              ),
            },
            {
              title: '',
              key: 'save',
              render: (_, row) =>
                edits[row.key] ? (
                  <Space>
                    <Button size="small" type="primary" loading={save.isPending} onClick={() => save.mutate({ jurisdictionId: row.jurisdictionId, kind: row.kind, decidedAt: edits[row.key]?.decidedAt ?? row.decidedAt, steps: chains[edits[row.key]?.chain ?? row.chain] }, { onSuccess: () => setEdits(({ [row.key]: _done, ...rest }) => rest) })}>
                      {t('common.save')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <CalendarCard />
    </RequirePermission>
  );
}
