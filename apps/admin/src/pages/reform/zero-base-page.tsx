import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Space, Table, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isDomainError, type Locale } from '@bianzhi/domain/errors';
import { zeroBaseIndicators, zeroBaseSensitivity, type ZeroBaseIndicator, type ZeroBaseUnit, type ZeroBaseWeights } from '@bianzhi/domain/zero-base';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RefusalAlert } from '../organizations/policy-refusal.js';
import { shortProjectId } from './project-ids.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { ExportButton } from '../table-export.js';

type Row = { id: string; name: string; protectedMinimum: number; population: number; area: number; gdp: number; revenue1: number; revenue2: number };
const inputs = ['protectedMinimum', 'population', 'area', 'gdp', 'revenue1', 'revenue2'] as const;

/**
 * 零基测算: share a total of quota anew among a jurisdiction's subdivisions — protected minimums first,
 * then population, area, GDP and two-year average revenue by weight — and see what a ±5% move of each
 * weight would change. Computed in the browser with the same calculator reforms use (packages/domain).
 */
function ZeroBase() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const { treeData } = useJurisdictionOptions();
  const [parentId, setParentId] = useState<string | undefined>();
  const [total, setTotal] = useState(0);
  const [weights, setWeights] = useState<ZeroBaseWeights>({ population: 40, area: 20, gdp: 20, revenue: 20 });
  const [edits, setEdits] = useState<Record<string, Partial<Row>>>({});
  const jurisdictions = useQuery(trpc.registry.jurisdiction.list.queryOptions({}));
  const rows: Row[] = useMemo(
    () =>
      (jurisdictions.data ?? [])
        .filter((j) => parentId && j.parentId === parentId)
        .map((j) => ({ id: j.id, name: j.name, protectedMinimum: 0, population: 0, area: 0, gdp: 0, revenue1: 0, revenue2: 0, ...edits[j.id] })),
    [jurisdictions.data, parentId, edits],
  );
  const nameOf = new Map(rows.map((r) => [r.id, r.name]));
  const result = useMemo(() => {
    if (rows.length === 0) return null;
    const units: ZeroBaseUnit[] = rows.map((r) => ({ id: r.id, protectedMinimum: r.protectedMinimum, population: r.population, area: r.area, gdp: r.gdp, revenue: [r.revenue1, r.revenue2] }));
    try {
      return { ok: true as const, ...zeroBaseSensitivity(total, units, weights) };
    } catch (error) {
      const message = isDomainError(error) ? (error.localized?.[i18n.language as Locale] ?? error.message) : String(error);
      return { ok: false as const, message };
    }
  }, [rows, total, weights, i18n.language]);
  const set = (id: string, key: (typeof inputs)[number], value: number | null) => setEdits((e) => ({ ...e, [id]: { ...e[id], [key]: value ?? 0 } }));
  const totals = result?.ok ? new Map(result.base.map((s) => [s.id, s])) : new Map();
  const canStart = useCan('reform.project.manage');
  return (
    <Card title={t('zeroBase.title')}>
      <Typography.Paragraph type="secondary">{t('zeroBase.help')}</Typography.Paragraph>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={8}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('zeroBase.parent')}</Typography.Text>
            <TreeSelect treeData={treeData} value={parentId} onChange={setParentId} treeDefaultExpandAll showSearch treeNodeFilterProp="title" style={{ width: '100%' }} aria-label={t('zeroBase.parent')} />
          </Space>
        </Col>
        <Col span={4}>
          <Space direction="vertical">
            <Typography.Text>{t('zeroBase.total')}</Typography.Text>
            <InputNumber min={0} max={1_000_000} precision={0} value={total} onChange={(v) => setTotal(v ?? 0)} aria-label={t('zeroBase.total')} />
          </Space>
        </Col>
        {zeroBaseIndicators.map((key: ZeroBaseIndicator) => (
          <Col span={3} key={key}>
            <Space direction="vertical">
              <Typography.Text>{t(`zeroBase.weights.${key}`)}</Typography.Text>
              <InputNumber min={0} max={100} value={weights[key]} onChange={(v) => setWeights((w) => ({ ...w, [key]: v ?? 0 }))} addonAfter="%" aria-label={t(`zeroBase.weights.${key}`)} />
            </Space>
          </Col>
        ))}
      </Row>
      {result && !result.ok && <Alert type="error" showIcon role="alert" message={result.message} style={{ marginBottom: 12 }} />}
      <Table<Row>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('zeroBase.pickParent') }}
        title={() =>
          result?.ok && (
            <Space>
              {t('zeroBase.sum', { sum: result.base.reduce((n, s) => n + s.total, 0) })}
              <ExportButton
                filename={`${t('zeroBase.title')}.xlsx`}
                sheetName={t('zeroBase.title')}
                columns={[{ header: t('zeroBase.unit'), width: 20 }, ...inputs.map((k) => ({ header: t(`zeroBase.inputs.${k}`) })), { header: t('zeroBase.protectedShare') }, { header: t('zeroBase.weightedShare') }, { header: t('zeroBase.result') }]}
                rows={() => rows.map((r) => [r.name, ...inputs.map((k) => r[k]), totals.get(r.id)?.protectedShare ?? null, totals.get(r.id)?.weightedShare ?? null, totals.get(r.id)?.total ?? null])}
              />
            </Space>
          )
        }
        columns={[
          { title: t('zeroBase.unit'), dataIndex: 'name' },
          ...inputs.map((key) => ({
            title: t(`zeroBase.inputs.${key}`),
            width: 130,
            render: (_: unknown, r: Row) => <InputNumber min={0} value={r[key]} precision={key === 'protectedMinimum' ? 0 : undefined} onChange={(v) => set(r.id, key, v)} aria-label={`${r.name} ${t(`zeroBase.inputs.${key}`)}`} style={{ width: '100%' }} />,
          })),
          { title: t('zeroBase.result'), width: 100, render: (_: unknown, r: Row) => <Typography.Text strong>{totals.get(r.id)?.total ?? '—'}</Typography.Text> },
        ]}
      />
      {result?.ok && parentId && canStart && <StartZeroBaseProject parentId={parentId} total={total} weights={weights} rows={rows} />}
      {result?.ok && (
        <Card size="small" title={t('zeroBase.sensitivity')} style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey={(c) => `${c.indicator}${c.percent}`}
            pagination={false}
            dataSource={result.cases}
            columns={[
              { title: t('zeroBase.weight'), render: (_, c) => `${t(`zeroBase.weights.${c.indicator}`)} ${c.percent > 0 ? '+5%' : '−5%'}` },
              { title: t('zeroBase.largestChange'), dataIndex: 'largestChange', width: 120 },
              { title: t('zeroBase.changes'), render: (_, c) => (c.changes.length ? c.changes.map((ch) => `${nameOf.get(ch.id) ?? ''} ${ch.delta > 0 ? '+' : ''}${ch.delta}`).join('，') : t('zeroBase.noChange')) },
            ]}
          />
        </Card>
      )}
    </Card>
  );
}

/** Files the calculation as a zero-base reallocation project: the committee decides on it like any reform. */
function StartZeroBaseProject({ parentId, total, weights, rows }: { parentId: string; total: number; weights: ZeroBaseWeights; rows: Row[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [requestId] = useState(() => crypto.randomUUID());
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const [form] = Form.useForm<{ title: string; documentNumber: string }>();
  const create = useMutation(
    trpc.reform.project.create.mutationOptions({
      onSuccess: ({ id }) => navigate({ to: '/reforms/$projectId', params: { projectId: shortProjectId(id) } }),
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const required = [{ required: true, whitespace: true, message: t('reform.form.required') }];
  return (
    <Card size="small" title={t('reform.form.startZeroBase')} style={{ marginTop: 16 }}>
      <RefusalAlert error={refusal} />
      <Form
        form={form}
        layout="inline"
        onFinish={(values) =>
          create.mutate({
            id: requestId,
            title: values.title,
            documentNumber: values.documentNumber,
            jurisdictionId: parentId,
            plan: { kind: 'zero_base', jurisdictionId: parentId, ledger: 'administrative', total, weights, rows: rows.map((r) => ({ jurisdictionId: r.id, protectedMinimum: r.protectedMinimum, population: r.population, area: r.area, gdp: r.gdp, revenue: [r.revenue1, r.revenue2] })) },
          })
        }
      >
        <Form.Item label={t('reform.form.title')} name="title" rules={required}>
          <Input aria-label={t('reform.form.title')} />
        </Form.Item>
        <Form.Item label={t('reform.form.documentNumber')} name="documentNumber" rules={required}>
          <Input aria-label={t('reform.form.documentNumber')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('reform.form.file')}
        </Button>
      </Form>
    </Card>
  );
}

export function ZeroBasePage() {
  return (
    <RequirePermission permission="reform.project.manage">
      <ZeroBase />
    </RequirePermission>
  );
}
