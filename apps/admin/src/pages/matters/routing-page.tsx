import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Select, Space, Table, Typography } from 'antd';
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
    .filter((j) => j.level !== 'city')
    .flatMap((j) =>
      matterKinds.map((kind) => {
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
        <Table<Row>
          size="small"
          rowKey="key"
          dataSource={rows}
          loading={jurisdictions.isPending || routing.isPending}
          locale={emptyOrFailed(jurisdictions)}
          pagination={{ pageSize: 20 }}
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
    </RequirePermission>
  );
}
