import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Segmented, Space, Spin, Statistic, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EChart } from '../echart.js';
import { quotaTypes, type QuotaType } from '@bianzhi/contracts/ledger';
import { useTRPC } from '../../api/trpc.js';
import { useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { subtreeFigures, type Figures } from './quota-figures.js';
import { LoadFailed } from '../load-state.js';

/** Stacked bars: each child jurisdiction's quota split into occupied, reserved and vacant. */
function ChildrenChart({ labels, series }: { labels: string[]; series: { name: string; data: number[] }[] }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, bottom: 48, top: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value' },
      series: series.map((s) => ({ ...s, type: 'bar', stack: 'quota' })),
    }),
    [labels, series],
  );
  return <EChart option={option} label={series.map((s) => s.name).join('、')} />;
}

function Overview() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const { treeData } = useJurisdictionOptions();
  const jurisdictions = useQuery(trpc.registry.jurisdiction.list.queryOptions({}));
  const figures = useQuery(trpc.ledger.balance.ownByJurisdiction.queryOptions({}));
  const [ledger, setLedger] = useState<QuotaType>('administrative');
  const [picked, setPicked] = useState<string | undefined>();
  const rootId = picked ?? me.data?.jurisdictionId ?? undefined;
  const view = useMemo(() => {
    if (!rootId || !figures.data || !jurisdictions.data) return null;
    const total = subtreeFigures(figures.data, jurisdictions.data, rootId, ledger);
    const children = jurisdictions.data.filter((j) => j.parentId === rootId);
    const parts = children.map((j) => ({ name: j.name, figures: subtreeFigures(figures.data, jurisdictions.data, j.id, ledger) }));
    const own = { name: t('overview.ownLevel'), figures: figures.data.filter((r) => r.jurisdictionId === rootId && r.ledger === ledger).reduce<Figures | null>((_, r) => r, null) };
    const bars = [...(own.figures ? [own as { name: string; figures: Figures }] : []), ...parts];
    return {
      total,
      labels: bars.map((b) => b.name),
      series: [
        { name: t('quota.occupied'), data: bars.map((b) => b.figures.occupied) },
        { name: t('quota.reserved'), data: bars.map((b) => b.figures.reserved) },
        { name: t('quota.vacant'), data: bars.map((b) => b.figures.vacant) },
      ],
    };
  }, [figures.data, jurisdictions.data, rootId, ledger, t]);

  const failed = [figures, jurisdictions].find((q) => q.isError);
  if (failed) return <LoadFailed error={failed.error} onRetry={() => void Promise.all([figures.refetch(), jurisdictions.refetch()])} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('overview.title')}
        extra={
          <Space wrap>
            <Segmented<QuotaType> value={ledger} onChange={setLedger} options={quotaTypes.map((value) => ({ value, label: t(`organizations.quotaTypes.${value}`) }))} />
            <TreeSelect treeData={treeData} value={rootId} onChange={setPicked} treeDefaultExpandAll showSearch treeNodeFilterProp="title" style={{ width: 220 }} aria-label={t('policy.jurisdiction')} />
          </Space>
        }
      >
        {!view ? (
          <Spin />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('overview.help')}</Typography.Paragraph>
            <Row gutter={[16, 16]}>
              {(
                [
                  ['approvedTotal', view.total.approvedTotal],
                  ['pools', view.total.unallocated + view.total.turnover + view.total.reserve + view.total.frozen],
                  ['quota', view.total.quota],
                  ['occupied', view.total.occupied],
                  ['reserved', view.total.reserved],
                  ['vacant', view.total.vacant],
                ] as const
              ).map(([key, value]) => (
                <Col xs={12} md={8} xl={4} key={key}>
                  <Card size="small">
                    <Statistic title={t(`overview.cards.${key}`)} value={value} />
                  </Card>
                </Col>
              ))}
            </Row>
          </>
        )}
      </Card>
      {view && view.labels.length > 0 && (
        <Card title={t('overview.byJurisdiction')}>
          <ChildrenChart labels={view.labels} series={view.series} />
        </Card>
      )}
    </Space>
  );
}

export function OverviewPage() {
  return (
    <RequirePermission permission="ledger.account.read">
      <Overview />
    </RequirePermission>
  );
}
