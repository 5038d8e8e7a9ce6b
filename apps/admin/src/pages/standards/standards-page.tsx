import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StandardDto } from '@bianzhi/contracts/standards';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { useSectorLabel } from './labels.js';
import { StandardEditor, VersionsModal } from './standard-editor.js';
import { GapReport } from './gap-report.js';

/** 编制标准: the standards as data (the city bureau edits them, every version kept), and every measured unit against its standard. */
export function StandardsPage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('standards.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('standards.help')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'gap', label: t('standards.gap.title'), children: <GapReport /> },
          { key: 'standards', label: t('standards.list.title'), children: <StandardsList /> },
        ]}
      />
    </Space>
  );
}

function StandardsList() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canEdit = useCan('ledger.standard.manage');
  const sectorLabel = useSectorLabel();
  const list = useQuery(trpc.ledger.standard.list.queryOptions({}));
  const [editing, setEditing] = useState<StandardDto | 'new' | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        {canEdit && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('standards.list.create')}
          </Button>
        )}
        <ExportButton
          filename={`${t('standards.title')}.xlsx`}
          sheetName={t('standards.list.title')}
          columns={[{ header: t('standards.list.code') }, { header: t('standards.list.name'), width: 30 }, { header: t('standards.list.sector') }, { header: t('standards.list.variants'), width: 24 }, { header: t('standards.list.version'), width: 20 }, { header: t('standards.documentNumber'), width: 20 }, { header: t('standards.list.units') }]}
          rows={() =>
            (list.data ?? []).map((s) => [
              s.code,
              s.current?.definition.name ?? '',
              s.current ? sectorLabel(s.current.definition.sector) : '',
              s.current?.definition.variants.map((v) => v.label).join('、') ?? '',
              s.current ? `${t('standards.versionOf', { version: s.current.version })}（${s.current.effectiveFrom}）` : '',
              s.current?.documentNumber ?? '',
              s.units,
            ])
          }
        />
      </Space>
      <Table<StandardDto>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        locale={emptyOrFailed(list)}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('standards.list.code'), dataIndex: 'code', width: 110 },
          { title: t('standards.list.name'), render: (_, s) => s.current?.definition.name ?? t('standards.list.notYetInForce') },
          { title: t('standards.list.sector'), width: 120, render: (_, s) => (s.current ? sectorLabel(s.current.definition.sector) : '—') },
          { title: t('standards.list.variants'), render: (_, s) => s.current?.definition.variants.map((v) => <Tag key={v.key}>{v.label}</Tag>) },
          { title: t('standards.list.version'), width: 150, render: (_, s) => (s.current ? `${t('standards.versionOf', { version: s.current.version })}（${s.current.effectiveFrom}）` : '—') },
          { title: t('standards.documentNumber'), render: (_, s) => s.current?.documentNumber ?? '—' },
          { title: t('standards.list.units'), dataIndex: 'units', width: 90 },
          {
            title: '',
            width: 170,
            render: (_, s) => (
              <Space>
                <Button size="small" type="link" onClick={() => setHistory(s.id)}>
                  {t('standards.list.versions')}
                </Button>
                {canEdit && (
                  <Button size="small" type="link" onClick={() => setEditing(s)}>
                    {t('standards.list.revise')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <StandardEditor standard={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {history && <VersionsModal id={history} onClose={() => setHistory(null)} />}
    </Space>
  );
}
