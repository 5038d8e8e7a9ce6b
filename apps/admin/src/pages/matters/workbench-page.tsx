import { Link } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Space, Statistic, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { MattersTable } from './matters-table.js';

/** A few figures of the user's jurisdiction; absent (not zeros) when they cannot be loaded. */
function KeyFigures() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canRead = useCan('analysis.read');
  const summary = useQuery({ ...trpc.analysis.dashboard.summary.queryOptions({}), enabled: canRead === true });
  if (!canRead || summary.isError) return null;
  return (
    <Card size="small" title={t('workbench.figures')} loading={summary.isPending}>
      <Space size="large">
        <Statistic title={t('workbench.quota')} value={summary.data?.total.quota ?? 0} />
        <Statistic title={t('workbench.occupied')} value={summary.data?.total.occupied ?? 0} />
        <Statistic title={t('workbench.vacant')} value={summary.data?.total.vacant ?? 0} />
      </Space>
    </Card>
  );
}

const shortcuts = [
  { to: '/organizations', label: 'nav.organizations' },
  { to: '/plans', label: 'nav.plans' },
  { to: '/analysis', label: 'nav.analysis' },
  { to: '/reforms', label: 'nav.reforms' },
  { to: '/violations', label: 'nav.violations' },
] as const;

/**
 * 工作台, the landing page: what waits on me (with deadline colours and the overdue count), what I
 * filed and where it stands, what I decided, a few figures, and the ways into the work.
 */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const todo = useQuery(trpc.approval.inbox.list.queryOptions({ box: 'todo' }, { refetchInterval: 30_000 }));
  const filed = useQuery(trpc.approval.inbox.list.queryOptions({ box: 'filed' }));
  const done = useQuery(trpc.approval.inbox.list.queryOptions({ box: 'done' }));
  const openFiled = (filed.data?.items ?? []).filter((m) => m.state === 'in_review' || m.state === 'returned' || m.state === 'approved').length;
  return (
    <RequirePermission permission="approval.matter.read">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('workbench.title')}
        </Typography.Title>
        <Row gutter={16}>
          <Col span={4}>
            <Card size="small" loading={todo.isPending}>
              <Statistic title={t('workbench.todoCount')} value={todo.data ? todo.data.items.length : '—'} />
            </Card>
          </Col>
          <Col span={4}>
            <Card size="small" loading={todo.isPending}>
              <Statistic title={t('workbench.overdueCount')} value={todo.data ? todo.data.overdue : '—'} valueStyle={(todo.data?.overdue ?? 0) > 0 ? { color: '#cf1322' } : undefined} />
            </Card>
          </Col>
          <Col span={4}>
            <Card size="small" loading={filed.isPending}>
              <Statistic title={t('workbench.filedOpen')} value={filed.data ? openFiled : '—'} />
            </Card>
          </Col>
          <Col span={12}>
            <KeyFigures />
          </Col>
        </Row>
        <Card size="small">
          <Tabs
            items={[
              { key: 'todo', label: todo.data ? `${t('workbench.todo')} (${todo.data.items.length})` : t('workbench.todo'), children: <MattersTable items={todo.data?.items ?? []} query={todo} action={t('workbench.handle')} /> },
              { key: 'filed', label: t('workbench.filed'), children: <MattersTable items={filed.data?.items ?? []} query={filed} action={t('workbench.view')} /> },
              { key: 'done', label: t('workbench.done'), children: <MattersTable items={done.data?.items ?? []} query={done} action={t('workbench.view')} /> },
            ]}
          />
        </Card>
        <Card size="small" title={t('workbench.links')}>
          <Space size="large" wrap>
            {shortcuts.map((s) => (
              <Link key={s.to} to={s.to}>
                {t(s.label)}
              </Link>
            ))}
          </Space>
        </Card>
      </Space>
    </RequirePermission>
  );
}
