import { useMemo, useState } from 'react';
import { Card, Checkbox, Empty, Input, Space, Spin, Tag, Tree, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { buildOrganizationTree, filterTree, type TreeNode } from './organization-tree-model.js';
import { useOrganizationTree } from './use-organization-tree.js';
import { LoadFailed } from '../load-state.js';

const statusColors: Record<string, string> = { planned: 'blue', merging: 'orange', abolished: 'default', delegated: 'purple', converted: 'default' };

/** The whole city as a tree, virtualized so thousands of units scroll smoothly; a name filter narrows it. */
export function OrganizationTreePanel({ onSelectOrganization, onSelectJurisdiction }: { onSelectOrganization: (id: string) => void; onSelectJurisdiction: (id: string) => void }) {
  const { t } = useTranslation();
  const [includeClosed, setIncludeClosed] = useState(false);
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const tree = useOrganizationTree(includeClosed);
  const roots = useMemo(() => (tree.data ? buildOrganizationTree(tree.data) : []), [tree.data]);
  const filtered = useMemo(() => filterTree(roots, text), [roots, text]);
  const expandedKeys = text.trim() ? filtered.expandedKeys : (expanded ?? filtered.expandedKeys);

  return (
    <Card title={t('organizations.tree.title')} size="small" extra={<Typography.Text type="secondary">{t('organizations.total', { count: tree.data?.count ?? 0 })}</Typography.Text>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.Search allowClear placeholder={t('organizations.tree.filter')} aria-label={t('organizations.tree.filter')} onChange={(e) => setText(e.target.value)} />
        <Checkbox checked={includeClosed} onChange={(e) => setIncludeClosed(e.target.checked)}>
          {t('organizations.tree.includeClosed')}
        </Checkbox>
        {text.trim() && <Typography.Text type="secondary">{t('organizations.tree.matches', { count: filtered.matches })}</Typography.Text>}
        {tree.isPending ? (
          <Spin style={{ display: 'block', margin: 24 }} />
        ) : tree.isError ? (
          <LoadFailed compact error={tree.error} onRetry={() => void tree.refetch()} />
        ) : filtered.nodes.length === 0 ? (
          <Empty description={t('common.empty')} />
        ) : (
          <Tree<TreeNode>
            // A new filter builds a new tree: remounting keeps the virtual list from showing stale rows.
            key={text.trim()}
            aria-label={t('organizations.tree.title')}
            height={560}
            virtual
            blockNode
            treeData={filtered.nodes}
            expandedKeys={expandedKeys}
            onExpand={(keys) => setExpanded(keys.map(String))}
            titleRender={(node) => (
              <span data-testid={`tree-${node.key}`}>
                {node.title}
                {node.status && node.status !== 'active' && (
                  <Tag color={statusColors[node.status]} style={{ marginInlineStart: 6 }}>
                    {t(`organizations.statuses.${node.status}`)}
                  </Tag>
                )}
              </span>
            )}
            onSelect={(_, { node }) => {
              const [type, id] = String(node.key).split(':');
              if (type === 'o') onSelectOrganization(id!);
              else onSelectJurisdiction(id!);
            }}
          />
        )}
      </Space>
    </Card>
  );
}
