import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Form, InputNumber, Modal, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DormantVacancyDto, DrilldownDto, TrendPoint } from '@bianzhi/contracts/analysis';
import { quotaTypes, type QuotaType } from '@bianzhi/contracts/ledger';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { EChart } from '../echart.js';
import { PostsTab } from './posts-tab.js';
import { WorkforceCard } from './workforce-card.js';
import { ExportButton } from '../table-export.js';
import { emptyOrFailed, LoadFailed } from '../load-state.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';

const figureColumns = (t: (key: string) => string) => [
  { title: t('analysis.quota'), dataIndex: 'quota', width: 90 },
  { title: t('analysis.occupied'), dataIndex: 'occupied', width: 90 },
  { title: t('analysis.vacant'), dataIndex: 'vacant', width: 90 },
  { title: t('analysis.over'), dataIndex: 'over', width: 90, render: (v: number) => (v > 0 ? <Tag color="red">{v}</Tag> : v) },
];

const figureHeaders = (t: (key: string) => string) => [{ header: t('analysis.quota') }, { header: t('analysis.occupied') }, { header: t('analysis.vacant') }, { header: t('analysis.over') }];
const figureCells = (f: { quota: number; occupied: number; vacant: number; over: number }) => [f.quota, f.occupied, f.vacant, f.over];

function Summary({ jurisdictionId }: { jurisdictionId: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const summary = useQuery(trpc.analysis.dashboard.summary.queryOptions({ jurisdictionId }));
  const s = summary.data;
  if (summary.isError) return <LoadFailed error={summary.error} onRetry={() => void summary.refetch()} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={16}>
        {(['quota', 'occupied', 'vacant', 'over'] as const).map((key) => (
          <Col span={4} key={key}>
            <Card size="small" loading={summary.isPending}>
              <Statistic title={t(`analysis.${key}`)} value={s?.total[key] ?? 0} valueStyle={key === 'over' && (s?.total.over ?? 0) > 0 ? { color: '#cf1322' } : undefined} />
            </Card>
          </Col>
        ))}
        <Col span={4}>
          <Card size="small" loading={summary.isPending}>
            <Statistic title={t('analysis.overUnits')} value={s?.total.overUnits ?? 0} suffix={`/ ${s?.total.units ?? 0}`} />
          </Card>
        </Col>
        <Col span={4}>
          <Card size="small" loading={summary.isPending}>
            <Statistic title={t('analysis.retiringNextMonth')} value={s?.retirementsNextMonth ?? 0} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Card
            size="small"
            title={t('analysis.byType')}
            extra={<ExportButton filename={`${t('analysis.byType')}.xlsx`} sheetName={t('analysis.byType')} columns={[{ header: t('quota.type') }, ...figureHeaders(t)]} rows={() => (s?.byType ?? []).map((r) => [t(`organizations.quotaTypes.${r.ledger}`), ...figureCells(r)])} />}
          >
            <Table size="small" rowKey="ledger" pagination={false} dataSource={s?.byType ?? []} columns={[{ title: t('quota.type'), dataIndex: 'ledger', render: (v: QuotaType) => t(`organizations.quotaTypes.${v}`) }, ...figureColumns(t)]} />
          </Card>
        </Col>
        <Col span={12}>
          <Card
            size="small"
            title={t('analysis.byLevel')}
            extra={<ExportButton filename={`${t('analysis.byLevel')}.xlsx`} sheetName={t('analysis.byLevel')} columns={[{ header: t('analysis.level') }, { header: t('analysis.units') }, ...figureHeaders(t)]} rows={() => (s?.byLevel ?? []).map((r) => [t(`jurisdictions.levels.${r.level}`), r.units, ...figureCells(r)])} />}
          >
            <Table size="small" rowKey="level" pagination={false} dataSource={s?.byLevel ?? []} columns={[{ title: t('analysis.level'), dataIndex: 'level', render: (v: string) => t(`jurisdictions.levels.${v}`) }, { title: t('analysis.units'), dataIndex: 'units', width: 80 }, ...figureColumns(t)]} />
          </Card>
        </Col>
      </Row>
      <WorkforceCard figures={s?.workforce} loading={summary.isPending} exportFile={() => queryClient.fetchQuery(trpc.ledger.workforce.totalsXlsx.queryOptions({ jurisdictionId }))} />
    </Space>
  );
}

function TrendChart({ jurisdictionId }: { jurisdictionId: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const points = useQuery(trpc.analysis.dashboard.trend.queryOptions({ jurisdictionId, months: 24 }));
  const option = useMemo(() => {
    const all = (points.data ?? []).filter((p: TrendPoint) => p.ledger === 'all');
    const series = (['quota', 'occupied', 'vacant', 'over'] as const).map((key) => ({ name: t(`analysis.${key}`), type: 'line', data: all.map((p) => p[key]) }));
    return { tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 56, right: 16, bottom: 32, top: 40 }, xAxis: { type: 'category', data: all.map((p) => p.month) }, yAxis: { type: 'value' }, series };
  }, [points.data, t]);
  return (
    <Card size="small" title={t('analysis.trend')} loading={points.isPending}>
      {points.isError ? <LoadFailed compact error={points.error} onRetry={() => void points.refetch()} /> : <EChart option={option} label={t('analysis.trend')} />}
    </Card>
  );
}

/** City → district → township → unit: each level's children with their subtree sums, then the level's own units. */
function Drilldown({ path, onOpen }: { path: { id: string; name: string }[]; onOpen: (id: string, name: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const current = path.at(-1)?.id;
  const view = useQuery(trpc.analysis.dashboard.drilldown.queryOptions({ jurisdictionId: current }));
  const d = view.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {d && d.children.length > 0 && (
        <Table<DrilldownDto['children'][number]>
          size="small"
          rowKey="id"
          pagination={false}
          loading={view.isFetching}
          dataSource={d.children}
          columns={[
            { title: t('analysis.jurisdiction'), dataIndex: 'name', render: (name: string, c) => <Typography.Link onClick={() => onOpen(c.id, name)}>{name}</Typography.Link> },
            { title: t('analysis.units'), dataIndex: 'units', width: 80 },
            ...figureColumns(t),
          ]}
        />
      )}
      <Table<DrilldownDto['units'][number]>
        size="small"
        rowKey="organizationId"
        loading={view.isFetching}
        dataSource={d?.units ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        title={() => (
          <Space>
            {t('analysis.ownUnits', { name: d?.jurisdiction.name ?? '' })}
            <ExportButton
              filename={`${d?.jurisdiction.name ?? ''}.xlsx`}
              sheetName={t('analysis.drilldown')}
              columns={[{ header: t('analysis.jurisdiction'), width: 20 }, { header: t('analysis.unit'), width: 30 }, { header: t('analysis.units') }, ...figureHeaders(t)]}
              rows={() => [...(d?.children ?? []).map((c) => [c.name, '', c.units, ...figureCells(c)]), ...(d?.units ?? []).map((u) => [d?.jurisdiction.name ?? '', u.name, 1, ...figureCells(u)])]}
            />
          </Space>
        )}
        expandable={{ expandedRowRender: (u) => u.byType.map((b) => `${t(`organizations.quotaTypes.${b.ledger}`)}：${t('analysis.quota')} ${b.quota}，${t('analysis.occupied')} ${b.occupied}`).join('；') }}
        columns={[{ title: t('analysis.unit'), dataIndex: 'name' }, ...figureColumns(t)]}
      />
    </Space>
  );
}

function RetirementForecast({ jurisdictionId }: { jurisdictionId: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canSeePeople = useCan('ledger.person.read');
  const forecast = useQuery(trpc.analysis.retirement.forecast.queryOptions({ jurisdictionId, years: 5 }));
  const people = useQuery({ ...trpc.analysis.retirement.nextMonth.queryOptions({ jurisdictionId }), enabled: canSeePeople === true });
  const option = useMemo(() => {
    const months = forecast.data?.months ?? [];
    const series = quotaTypes.filter((q) => months.some((m) => m.byType[q])).map((q) => ({ name: t(`organizations.quotaTypes.${q}`), type: 'bar', stack: 'retire', data: months.map((m) => m.byType[q] ?? 0) }));
    return { tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 16, bottom: 32, top: 40 }, xAxis: { type: 'category', data: months.map((m) => m.month) }, yAxis: { type: 'value', minInterval: 1 }, series };
  }, [forecast.data, t]);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('analysis.retirementForecast')}
        loading={forecast.isPending}
        extra={<ExportButton filename={`${t('analysis.retirementForecast')}.xlsx`} sheetName={t('analysis.retirementForecast')} columns={[{ header: t('analysis.month') }, ...quotaTypes.map((q) => ({ header: t(`organizations.quotaTypes.${q}`) })), { header: t('analysis.total') }]} rows={() => (forecast.data?.months ?? []).map((m) => [m.month, ...quotaTypes.map((q) => m.byType[q] ?? 0), m.total])} />}
      >
        <EChart option={option} label={t('analysis.retirementForecast')} />
      </Card>
      {canSeePeople && (
        <Card size="small" title={t('analysis.retiringNextMonth')}>
          <Table
            size="small"
            rowKey="personId"
            loading={people.isPending}
            locale={emptyOrFailed(people)}
            dataSource={people.data ?? []}
            columns={[
              { title: t('analysis.name'), dataIndex: 'name', width: 100 },
              { title: t('analysis.idNumber'), dataIndex: 'idNumberMasked', width: 190 },
              { title: t('analysis.unit'), dataIndex: 'organizationName' },
              { title: t('quota.type'), dataIndex: 'ledger', width: 120, render: (v: QuotaType) => t(`organizations.quotaTypes.${v}`) },
              { title: t('analysis.retiresOn'), dataIndex: 'retiresOn', width: 110 },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

/** 核减收回: the dormant vacancies go back to the jurisdiction's unallocated pool, filed as a matter and applied once approved. */
function RecoverModal({ row, onClose }: { row: DormantVacancyDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MatterFields & { amount: number }>();
  const matter = useFileMatter(onClose);
  return (
    <Modal title={t('analysis.recoverTitle', { name: row?.name ?? '' })} open={row !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('quota.allocate.file')} cancelText={t('common.cancel')} confirmLoading={matter.pending} destroyOnHidden>
      <RefusalAlert error={matter.refusal} />
      {row && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ amount: row.vacant }}
          onFinish={(v) => void matter.submit(t('analysis.recoverMatterTitle', { name: row.name, amount: v.amount }), v, { moves: [{ ledger: row.ledger, code: 'recover', debitAccountId: row.vacantAccountId, creditAccountId: row.poolAccountId!, amount: v.amount }] })}
        >
          <Form.Item label={t('analysis.recoverAmount')} name="amount" rules={[{ required: true, message: t('organizations.form.required') }]}>
            <InputNumber min={1} max={row.vacant} precision={0} aria-label={t('analysis.recoverAmount')} />
          </Form.Item>
          {matter.fields}
        </Form>
      )}
    </Modal>
  );
}

function Dormant({ jurisdictionId }: { jurisdictionId: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [months, setMonths] = useState(12);
  const [recovering, setRecovering] = useState<DormantVacancyDto | null>(null);
  const canRecover = useCan('approval.matter.file');
  const dormant = useQuery(trpc.analysis.dormant.list.queryOptions({ jurisdictionId, months }));
  return (
    <Card
      size="small"
      title={t('analysis.dormant')}
      extra={
        <Space>
          <ExportButton filename={`${t('analysis.dormant')}.xlsx`} sheetName={t('analysis.dormant')} columns={[{ header: t('analysis.unit'), width: 30 }, { header: t('quota.type') }, { header: t('analysis.vacant') }, { header: t('analysis.lastEntry') }, { header: t('analysis.idleMonths') }]} rows={() => (dormant.data ?? []).map((r) => [r.name, t(`organizations.quotaTypes.${r.ledger}`), r.vacant, r.lastEntry, r.idleMonths])} />
          {t('analysis.idleAtLeast')}
          <InputNumber min={1} max={120} value={months} onChange={(v) => v && setMonths(v)} aria-label={t('analysis.idleAtLeast')} />
          {t('analysis.monthsUnit')}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('analysis.dormantHelp')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey={(r) => `${r.organizationId}-${r.ledger}`}
        loading={dormant.isPending}
        locale={emptyOrFailed(dormant)}
        dataSource={dormant.data ?? []}
        columns={[
          { title: t('analysis.unit'), dataIndex: 'name' },
          { title: t('quota.type'), dataIndex: 'ledger', width: 120, render: (v: QuotaType) => t(`organizations.quotaTypes.${v}`) },
          { title: t('analysis.vacant'), dataIndex: 'vacant', width: 80 },
          { title: t('analysis.lastEntry'), dataIndex: 'lastEntry', width: 120, render: (v: string | null) => v ?? '—' },
          { title: t('analysis.idleMonths'), dataIndex: 'idleMonths', width: 110, render: (v: number | null) => v ?? t('analysis.never') },
          {
            title: t('analysis.actions'),
            width: 100,
            render: (_, row: DormantVacancyDto) =>
              canRecover && row.poolAccountId && (
                <Button size="small" onClick={() => setRecovering(row)}>
                  {t('analysis.recover')}
                </Button>
              ),
          },
        ]}
      />
      <RecoverModal row={recovering} onClose={() => setRecovering(null)} />
    </Card>
  );
}

/** 编制分析: the bureau's dashboard, drill-down, retirement forecast and dormant vacancies. */
function Analysis() {
  const { t } = useTranslation();
  const [path, setPath] = useState<{ id: string; name: string }[]>([]);
  const jurisdictionId = path.at(-1)?.id;
  const trpc = useTRPC();
  const summary = useQuery(trpc.analysis.dashboard.summary.queryOptions({}));
  const rootName = summary.data?.name ?? '…';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb
        items={[{ title: <Typography.Link onClick={() => setPath([])}>{rootName}</Typography.Link> }, ...path.map((p, i) => ({ title: i === path.length - 1 ? p.name : <Typography.Link onClick={() => setPath(path.slice(0, i + 1))}>{p.name}</Typography.Link> }))]}
      />
      <Summary jurisdictionId={jurisdictionId} />
      <Tabs
        items={[
          { key: 'drill', label: t('analysis.drilldown'), children: <Drilldown path={path} onOpen={(id, name) => setPath([...path, { id, name }])} /> },
          { key: 'trend', label: t('analysis.trend'), children: <TrendChart jurisdictionId={jurisdictionId} /> },
          { key: 'retire', label: t('analysis.retirementForecast'), children: <RetirementForecast jurisdictionId={jurisdictionId} /> },
          { key: 'dormant', label: t('analysis.dormant'), children: <Dormant jurisdictionId={jurisdictionId} /> },
          { key: 'posts', label: t('analysis.posts.title'), children: <PostsTab jurisdictionId={jurisdictionId} /> },
        ]}
      />
    </Space>
  );
}

export function AnalysisPage() {
  return (
    <RequirePermission permission="analysis.read">
      <Analysis />
    </RequirePermission>
  );
}

