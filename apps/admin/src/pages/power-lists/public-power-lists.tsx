import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Collapse, Drawer, Empty, Input, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PublicPowerItemDto } from '@bianzhi/contracts/service-guides';
import { useTRPC } from '../../api/trpc.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { FlowchartView } from './flowchart-view.js';
import { GuideDetails } from './guide-details.js';

/** 权责清单和办事指南 on the public site: search the published lists, open a unit's list with its guides and its version history. */
export function PublicPowerLists() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [item, setItem] = useState<PublicPowerItemDto | null>(null);
  const pageSize = 20;
  const found = useQuery({ ...trpc.registry.publicPowerList.search.queryOptions({ q, page, pageSize }), placeholderData: keepPreviousData });
  const category = (c: string) => t(`organizations.power.categories.${c}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Input.Search
          allowClear
          placeholder={t('serviceGuides.public.searchPlaceholder')}
          aria-label={t('serviceGuides.public.search')}
          style={{ width: 360 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
        />
        <ExportButton
          filename={`${t('serviceGuides.public.sheet')}.xlsx`}
          sheetName={t('serviceGuides.public.sheet')}
          columns={[{ header: t('serviceGuides.public.unit'), width: 30 }, { header: t('disclosure.jurisdiction'), width: 16 }, { header: t('organizations.power.code') }, { header: t('organizations.power.name'), width: 30 }, { header: t('organizations.power.category') }, { header: t('organizations.power.legalBasis'), width: 40 }, { header: t('serviceGuides.fields.timeLimitDays') }]}
          rows={() => (found.data?.rows ?? []).map((r) => [r.organizationName, r.jurisdictionName, r.code, r.name, category(r.category), r.legalBasis, r.guide?.timeLimitDays ?? null])}
        />
      </Space>
      <Table<PublicPowerItemDto>
        size="small"
        rowKey="id"
        loading={found.isPending}
        locale={emptyOrFailed(found)}
        dataSource={found.data?.rows ?? []}
        pagination={{ current: page, pageSize, total: found.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('disclosure.total', { total }) }}
        columns={[
          { title: t('organizations.power.name'), dataIndex: 'name', render: (name: string, r) => <Typography.Link onClick={() => setItem(r)}>{name}</Typography.Link> },
          { title: t('organizations.power.code'), dataIndex: 'code', width: 110 },
          { title: t('organizations.power.category'), dataIndex: 'category', width: 100, render: category },
          { title: t('serviceGuides.public.unit'), dataIndex: 'organizationName', render: (name: string, r) => <Typography.Link onClick={() => setUnitId(r.organizationId)}>{name}</Typography.Link> },
          { title: t('disclosure.jurisdiction'), dataIndex: 'jurisdictionName', width: 120 },
          { title: t('serviceGuides.guide'), key: 'guide', width: 110, render: (_, r) => (r.guide ? <Tag color="green">{t('serviceGuides.public.hasGuide')}</Tag> : <Tag>{t('serviceGuides.public.noGuide')}</Tag>) },
        ]}
      />
      <GuideDrawer item={item} onClose={() => setItem(null)} />
      <UnitDrawer organizationId={unitId} onClose={() => setUnitId(null)} onItem={setItem} />
    </Space>
  );
}

function GuideDrawer({ item, onClose }: { item: PublicPowerItemDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer title={item ? `${item.code} ${item.name}` : ''} open={item !== null} onClose={onClose} width={760}>
      {item && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {item.organizationName} · {t(`organizations.power.categories.${item.category}`)} · {t('organizations.power.responsibleBody')}：{item.responsibleBody}
          </Typography.Text>
          {item.guide ? (
            <>
              <Typography.Text type="secondary">{t('serviceGuides.public.guideVersion', { version: item.guide.version, date: new Date(item.guide.publishedAt).toLocaleDateString() })}</Typography.Text>
              <GuideDetails guide={item.guide} />
              <Card size="small" title={t('serviceGuides.flowchart.heading')}>
                <FlowchartView steps={item.guide.steps} itemName={item.name} />
              </Card>
            </>
          ) : (
            <Empty description={t('serviceGuides.public.noGuide')} />
          )}
        </Space>
      )}
    </Drawer>
  );
}

function UnitDrawer({ organizationId, onClose, onItem }: { organizationId: string | null; onClose: () => void; onItem: (item: PublicPowerItemDto) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const unit = useQuery({ ...trpc.registry.publicPowerList.unit.queryOptions({ organizationId: organizationId ?? '' }), enabled: organizationId !== null });
  const u = unit.data;
  return (
    <Drawer title={u ? t('serviceGuides.public.unitTitle', { name: u.organizationName }) : ''} open={organizationId !== null} onClose={onClose} width={760}>
      {u && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
            <ExportButton
              filename={`${u.organizationName}-${t('serviceGuides.powerSheet')}.xlsx`}
              sheetName={t('serviceGuides.powerSheet')}
              columns={[{ header: t('organizations.power.code') }, { header: t('organizations.power.name'), width: 30 }, { header: t('organizations.power.category') }, { header: t('organizations.power.legalBasis'), width: 40 }, { header: t('organizations.power.responsibleBody'), width: 20 }]}
              rows={() => u.items.map((i) => [i.code, i.name, t(`organizations.power.categories.${i.category}`), i.legalBasis, i.responsibleBody])}
            />
          </Space>
          <Table<PublicPowerItemDto>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={u.items}
            columns={[
              { title: t('organizations.power.code'), dataIndex: 'code', width: 100 },
              { title: t('organizations.power.name'), dataIndex: 'name', render: (name: string, r) => <Typography.Link onClick={() => onItem(r)}>{name}</Typography.Link> },
              { title: t('organizations.power.category'), dataIndex: 'category', width: 100, render: (c: string) => t(`organizations.power.categories.${c}`) },
              { title: t('serviceGuides.guide'), key: 'guide', width: 110, render: (_, r) => (r.guide ? <Tag color="green">v{r.guide.version}</Tag> : '—') },
            ]}
          />
          <Collapse
            items={[
              {
                key: 'history',
                label: t('serviceGuides.public.history', { count: u.history.length }),
                children: u.history.length ? (
                  <Timeline
                    items={u.history.map((v) => ({
                      key: v.batchId,
                      children: (
                        <Space direction="vertical" size={2}>
                          <Typography.Text strong>
                            {t('serviceGuides.batches.period', { year: v.year, half: v.half })} · {v.documentNumber} · {new Date(v.publishedAt).toLocaleDateString()}
                          </Typography.Text>
                          {v.added.length > 0 && <Typography.Text>{t('serviceGuides.public.added', { items: v.added.map((a) => `${a.code} ${a.name}`).join('；') })}</Typography.Text>}
                          {v.removed.length > 0 && <Typography.Text>{t('serviceGuides.public.removed', { items: v.removed.map((a) => `${a.code} ${a.name}`).join('；') })}</Typography.Text>}
                        </Space>
                      ),
                    }))}
                  />
                ) : (
                  <Empty />
                ),
              },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
