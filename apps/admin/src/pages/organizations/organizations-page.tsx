import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Input, Row as GridRow, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { organizationKinds, organizationStatuses } from '@bianzhi/domain/organization';
import { useTranslation } from 'react-i18next';
import type { OrganizationListDto } from '@bianzhi/contracts/registry';
import { useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useDateFormat } from '../use-date-format.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { useExcelDownload } from '../download.js';
import { useCan } from '../../api/me.js';
import { OrganizationTreePanel } from './organization-tree-panel.js';
import { CreateOrganizationModal } from './create-organization-modal.js';
import { EstablishmentsDrawer } from './establishment-progress.js';
import { ImportOrganizationsModal } from './import-modal.js';
import { emptyOrFailed, LoadFailed } from '../load-state.js';

type Row = OrganizationListDto['items'][number];
export const statusColors: Record<Row['status'], string> = { planned: 'blue', active: 'green', merging: 'orange', abolished: 'default', delegated: 'purple', converted: 'default' };
const PAGE_SIZE = 20;

function OrganizationsTable() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const format = useDateFormat();
  const { treeData } = useJurisdictionOptions();
  const canCreate = useCan('approval.matter.file');
  const canImport = useCan('registry.organization.import');
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [establishments, setEstablishments] = useState(false);
  const [search, setSearch] = useState('');
  const [jurisdictionId, setJurisdictionId] = useState<string | undefined>();
  const open = (id: string) => void navigate({ to: '/organizations/$organizationId', params: { organizationId: id } });
  const [kind, setKind] = useState<Row['kind'] | undefined>();
  const [status, setStatus] = useState<Row['status'] | undefined>();
  const [page, setPage] = useState(1);
  const filters = { search: search || undefined, jurisdictionId, includeSubJurisdictions: true, kind, status };
  const list = useQuery({
    ...trpc.registry.organization.list.queryOptions({ ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const excel = useExcelDownload();
  const exportXlsx = async () => {
    const file = await excel.download(() => queryClient.fetchQuery({ ...trpc.registry.organization.exportXlsx.queryOptions(filters), staleTime: 0 }));
    if (file) message.success(t('organizations.exported', { count: file.rows }));
  };
  const refilter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  if (list.isError) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <GridRow gutter={16}>
      <Col xs={24} lg={8}>
        <OrganizationTreePanel onSelectOrganization={open} onSelectJurisdiction={refilter(setJurisdictionId)} />
      </Col>
      <Col xs={24} lg={16}>
    <Card
      title={t('organizations.title')}
      extra={
        <Space>
          {canCreate && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('organizations.create')}
            </Button>
          )}
          {canCreate && <Button onClick={() => setEstablishments(true)}>{t('organizations.establish.list')}</Button>}
          {canImport && <Button onClick={() => setImporting(true)}>{t('organizations.import.open')}</Button>}
          <Button onClick={() => void exportXlsx()} loading={excel.pending}>
            {t('organizations.export')}
          </Button>
        </Space>
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search allowClear placeholder={t('organizations.searchPlaceholder')} onSearch={refilter(setSearch)} style={{ width: 340 }} aria-label={t('common.search')} />
        <TreeSelect allowClear placeholder={t('organizations.allJurisdictions')} treeData={treeData} value={jurisdictionId} onChange={refilter(setJurisdictionId)} style={{ width: 220 }} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label={t('organizations.columns.jurisdiction')} />
        <Select allowClear placeholder={t('organizations.allKinds')} value={kind} onChange={refilter(setKind)} style={{ width: 160 }} aria-label={t('organizations.columns.kind')} options={organizationKinds.map((value) => ({ value, label: t(`organizations.kinds.${value}`) }))} />
        <Select allowClear placeholder={t('organizations.allStatuses')} value={status} onChange={refilter(setStatus)} style={{ width: 140 }} aria-label={t('organizations.columns.status')} options={organizationStatuses.map((value) => ({ value, label: t(`organizations.statuses.${value}`) }))} />
        <Typography.Text type="secondary" data-testid="organization-total">
          {t('organizations.total', { count: list.data?.total ?? 0 })}
        </Typography.Text>
      </Space>
      <Table<Row>
        rowKey="id"
        loading={list.isPending}
        locale={emptyOrFailed(list)}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('organizations.columns.name'), dataIndex: 'name', render: (value: string, row) => <Typography.Link onClick={() => open(row.id)}>{value}</Typography.Link> },
          { title: t('organizations.columns.kind'), dataIndex: 'kind', width: 110, render: (value: Row['kind'], row) => (row.institutionClass ? t(`organizations.classes.${row.institutionClass}`) : row.organBranch ? t(`organizations.branches.${row.organBranch}`) : t(`organizations.kinds.${value}`)) },
          { title: t('organizations.columns.rank'), dataIndex: 'rank', width: 90, render: (value: Row['rank']) => t(`organizations.ranks.${value}`) },
          { title: t('organizations.columns.jurisdiction'), dataIndex: 'jurisdictionName', width: 120 },
          { title: t('organizations.columns.status'), dataIndex: 'status', width: 90, render: (value: Row['status']) => <Tag color={statusColors[value]}>{t(`organizations.statuses.${value}`)}</Tag> },
          { title: t('organizations.columns.createdAt'), dataIndex: 'createdAt', width: 170, render: (value: Date) => format(value) },
        ]}
      />
    </Card>
      </Col>
      <CreateOrganizationModal open={creating} onClose={() => setCreating(false)} />
      <ImportOrganizationsModal open={importing} onClose={() => setImporting(false)} />
      <EstablishmentsDrawer open={establishments} onClose={() => setEstablishments(false)} onOpenUnit={open} />
    </GridRow>
  );
}

export function OrganizationsPage() {
  return (
    <RequirePermission permission="registry.organization.read">
      <OrganizationsTable />
    </RequirePermission>
  );
}
