import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, Result, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JurisdictionDto } from '@bianzhi/contracts/registry';
import { describeServerError, useTRPC } from '../api/trpc.js';
import { useCan } from '../api/me.js';
import { buildJurisdictionTree, type JurisdictionNode } from './jurisdiction-tree.js';
import { CreateJurisdictionModal } from './create-jurisdiction-modal.js';
import { useDateFormat } from './use-date-format.js';

const levelColors = { city: 'red', district: 'blue', township: 'green' } as const;

export function JurisdictionsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [level, setLevel] = useState<JurisdictionDto['level'] | undefined>();
  const [creating, setCreating] = useState(false);
  const canCreate = useCan('registry.jurisdiction.create');
  const list = useQuery(trpc.registry.jurisdiction.list.queryOptions({ search: search || undefined, level }));
  const all = useQuery(trpc.registry.jurisdiction.list.queryOptions({}));

  const tree = useMemo(() => buildJurisdictionTree(list.data ?? []), [list.data]);
  const fullTree = useMemo(() => buildJurisdictionTree(all.data ?? []), [all.data]);
  const byId = useMemo(() => new Map((all.data ?? []).map((j) => [j.id, j])), [all.data]);
  const formatDate = useDateFormat();

  if (list.isError) {
    return (
      <Result
        status="error"
        title={t('common.loadFailed')}
        subTitle={describeServerError(list.error, t('errors.network')).message}
        extra={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }

  return (
    <Card
      title={t('jurisdictions.title')}
      extra={
        canCreate && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('jurisdictions.create')}
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search allowClear placeholder={t('jurisdictions.searchPlaceholder')} onSearch={setSearch} style={{ width: 280 }} aria-label={t('common.search')} />
        <Select
          allowClear
          placeholder={t('jurisdictions.allLevels')}
          value={level}
          onChange={setLevel}
          style={{ width: 180 }}
          aria-label={t('jurisdictions.form.level')}
          options={(['city', 'district', 'township'] as const).map((value) => ({ value, label: t(`jurisdictions.levels.${value}`) }))}
        />
        <Typography.Text type="secondary">{t('jurisdictions.total', { count: list.data?.length ?? 0 })}</Typography.Text>
      </Space>
      <Table<JurisdictionNode>
        rowKey="id"
        loading={list.isPending}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={search + (level ?? '') + String(list.dataUpdatedAt)}
        locale={{ emptyText: <Empty description={t('common.empty')} /> }}
        columns={[
          { title: t('jurisdictions.columns.name'), dataIndex: 'name' },
          { title: t('jurisdictions.columns.code'), dataIndex: 'code', width: 160 },
          { title: t('jurisdictions.columns.level'), dataIndex: 'level', width: 160, render: (value: JurisdictionDto['level']) => <Tag color={levelColors[value]}>{t(`jurisdictions.levels.${value}`)}</Tag> },
          { title: t('jurisdictions.columns.createdAt'), dataIndex: 'createdAt', width: 200, render: (value: Date) => formatDate(value) },
        ]}
      />
      <CreateJurisdictionModal open={creating} onClose={() => setCreating(false)} tree={fullTree} byId={byId} />
    </Card>
  );
}
