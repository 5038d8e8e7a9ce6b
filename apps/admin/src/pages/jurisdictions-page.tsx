import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JurisdictionDto } from '@bianzhi/contracts/registry';
import { describeServerError, useTRPC } from '../api/trpc.js';
import { useCan } from '../api/me.js';
import { buildJurisdictionTree, type JurisdictionNode } from './jurisdiction-tree.js';
import { CreateJurisdictionModal } from './create-jurisdiction-modal.js';
import { useDateFormat } from './use-date-format.js';
import { LoadFailed } from './load-state.js';
import { JurisdictionLimitsDrawer } from './jurisdiction-limits.js';

const levelColors = { city: 'red', district: 'blue', township: 'green' } as const;

/** 更名: the division code, the official identity, stays; the change is audited. */
function RenameModal({ jurisdiction, onClose }: { jurisdiction: JurisdictionDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const rename = useMutation(
    trpc.registry.jurisdiction.rename.mutationOptions({
      onSuccess: async (renamed) => {
        message.success(t('jurisdictions.renamed', { name: renamed.name }));
        await queryClient.invalidateQueries({ queryKey: trpc.registry.jurisdiction.list.queryKey() });
        onClose();
      },
      onError: (error) => form.setFields([{ name: 'name', errors: [describeServerError(error, t('errors.network')).message] }]),
    }),
  );
  return (
    <Modal title={t('jurisdictions.rename')} open={jurisdiction !== null} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={rename.isPending} destroyOnHidden>
      <Form form={form} name="rename-jurisdiction" layout="vertical" initialValues={{ name: jurisdiction?.name }} onFinish={(v) => jurisdiction && rename.mutate({ id: jurisdiction.id, name: v.name })}>
        <Form.Item label={t('jurisdictions.form.name')} name="name" rules={[{ required: true, whitespace: true, message: t('jurisdictions.form.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function JurisdictionsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [level, setLevel] = useState<JurisdictionDto['level'] | undefined>();
  const [creating, setCreating] = useState(false);
  const canCreate = useCan('registry.jurisdiction.create');
  const canRename = useCan('registry.jurisdiction.rename');
  const [renaming, setRenaming] = useState<JurisdictionDto | null>(null);
  const [limitsOf, setLimitsOf] = useState<JurisdictionDto | null>(null);
  const list = useQuery(trpc.registry.jurisdiction.list.queryOptions({ search: search || undefined, level }));
  const all = useQuery(trpc.registry.jurisdiction.list.queryOptions({}));

  const tree = useMemo(() => buildJurisdictionTree(list.data ?? []), [list.data]);
  const fullTree = useMemo(() => buildJurisdictionTree(all.data ?? []), [all.data]);
  const byId = useMemo(() => new Map((all.data ?? []).map((j) => [j.id, j])), [all.data]);
  const formatDate = useDateFormat();

  if (list.isError) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;

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
          {
            title: t('jurisdictions.columns.actions'),
            width: 180,
            render: (_: unknown, node: JurisdictionNode) => (
              <Space size="small">
                <Button size="small" onClick={() => setLimitsOf(node)}>
                  {t('limits.open')}
                </Button>
                {canRename && (
                  <Button size="small" onClick={() => setRenaming(node)}>
                    {t('jurisdictions.rename')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <RenameModal jurisdiction={renaming} onClose={() => setRenaming(null)} />
      <JurisdictionLimitsDrawer jurisdiction={limitsOf} onClose={() => setLimitsOf(null)} />
      <CreateJurisdictionModal open={creating} onClose={() => setCreating(false)} tree={fullTree} byId={byId} />
    </Card>
  );
}
