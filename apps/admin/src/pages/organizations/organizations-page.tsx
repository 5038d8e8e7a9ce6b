import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Result, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrganizationListDto } from '@bianzhi/contracts/registry';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useDateFormat } from '../use-date-format.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { downloadBase64 } from '../download.js';

type Row = OrganizationListDto['items'][number];
const kinds = ['organ', 'institution', 'dispatched', 'internal'] as const;
const statuses = ['planned', 'active', 'merging', 'abolished', 'delegated', 'converted'] as const;
const statusColors: Record<Row['status'], string> = { planned: 'blue', active: 'green', merging: 'orange', abolished: 'default', delegated: 'purple', converted: 'default' };
const PAGE_SIZE = 20;

function OrganizationsTable() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const format = useDateFormat();
  const { treeData } = useJurisdictionOptions();
  const [search, setSearch] = useState('');
  const [jurisdictionId, setJurisdictionId] = useState<string | undefined>();
  const [kind, setKind] = useState<Row['kind'] | undefined>();
  const [status, setStatus] = useState<Row['status'] | undefined>();
  const [page, setPage] = useState(1);
  const filters = { search: search || undefined, jurisdictionId, kind, status };
  const list = useQuery({
    ...trpc.registry.organization.list.queryOptions({ ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const file = await queryClient.fetchQuery({ ...trpc.registry.organization.exportXlsx.queryOptions(filters), staleTime: 0 });
      downloadBase64(file.filename, file.contentBase64, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      message.success(t('organizations.exported', { count: file.rows }));
    } catch (error) {
      message.error(describeServerError(error, t('errors.network')).message);
    } finally {
      setExporting(false);
    }
  };
  const refilter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  if (list.isError) {
    return <Result status="error" title={t('common.loadFailed')} subTitle={describeServerError(list.error, t('errors.network')).message} extra={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />;
  }
  return (
    <Card
      title={t('organizations.title')}
      extra={
        <Button onClick={() => void exportXlsx()} loading={exporting}>
          {t('organizations.export')}
        </Button>
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search allowClear placeholder={t('organizations.searchPlaceholder')} onSearch={refilter(setSearch)} style={{ width: 340 }} aria-label={t('common.search')} />
        <TreeSelect allowClear placeholder={t('organizations.allJurisdictions')} treeData={treeData} value={jurisdictionId} onChange={refilter(setJurisdictionId)} style={{ width: 220 }} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label={t('organizations.columns.jurisdiction')} />
        <Select allowClear placeholder={t('organizations.allKinds')} value={kind} onChange={refilter(setKind)} style={{ width: 160 }} aria-label={t('organizations.columns.kind')} options={kinds.map((value) => ({ value, label: t(`organizations.kinds.${value}`) }))} />
        <Select allowClear placeholder={t('organizations.allStatuses')} value={status} onChange={refilter(setStatus)} style={{ width: 140 }} aria-label={t('organizations.columns.status')} options={statuses.map((value) => ({ value, label: t(`organizations.statuses.${value}`) }))} />
        <Typography.Text type="secondary">{t('organizations.total', { count: list.data?.total ?? 0 })}</Typography.Text>
      </Space>
      <Table<Row>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('organizations.columns.name'), dataIndex: 'name' },
          { title: t('organizations.columns.kind'), dataIndex: 'kind', width: 160, render: (value: Row['kind']) => t(`organizations.kinds.${value}`) },
          { title: t('organizations.columns.jurisdiction'), dataIndex: 'jurisdictionName', width: 160 },
          { title: t('organizations.columns.status'), dataIndex: 'status', width: 110, render: (value: Row['status']) => <Tag color={statusColors[value]}>{t(`organizations.statuses.${value}`)}</Tag> },
          { title: t('organizations.columns.createdAt'), dataIndex: 'createdAt', width: 200, render: (value: Date) => format(value) },
        ]}
      />
    </Card>
  );
}

export function OrganizationsPage() {
  return (
    <RequirePermission permission="registry.organization.read">
      <OrganizationsTable />
    </RequirePermission>
  );
}
