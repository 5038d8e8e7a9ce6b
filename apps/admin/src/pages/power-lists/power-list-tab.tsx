import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PowerItemDto } from '@bianzhi/contracts/registry';
import type { ServiceGuideSummaryDto } from '@bianzhi/contracts/service-guides';
import { useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { emptyOrFailed } from '../load-state.js';
import { ExportButton } from '../table-export.js';
import { ServiceGuideDrawer } from './service-guide-drawer.js';

const stateColors: Record<PowerItemDto['state'], string> = { in_force: 'green', pending_add: 'blue', pending_removal: 'orange' };

/** A unit's power list (权责清单), each item with its service guide (办事指南). */
export function PowerListTab({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const manages = useCan('registry.powerList.manage') ?? false;
  const items = useQuery(trpc.registry.powerList.items.queryOptions({ organizationId }));
  const guides = useQuery(trpc.registry.serviceGuide.list.queryOptions({ organizationId }));
  const [open, setOpen] = useState<PowerItemDto | null>(null);
  const guideOf = (id: string): ServiceGuideSummaryDto | undefined => guides.data?.find((g) => g.powerItemId === id);
  const guideLabel = (id: string) => {
    const g = guideOf(id);
    return g?.publishedVersion ? t('serviceGuides.state.publishedVersion', { version: g.publishedVersion }) : g?.hasDraft ? t('serviceGuides.state.draftOnly') : t('serviceGuides.state.none');
  };
  const rows = items.data ?? [];
  return (
    <>
      <Space style={{ marginBottom: 12, justifyContent: 'flex-end', width: '100%' }}>
        <ExportButton
          filename={`${organizationName}-${t('serviceGuides.powerSheet')}.xlsx`}
          sheetName={t('serviceGuides.powerSheet')}
          columns={[
            { header: t('organizations.power.code') },
            { header: t('organizations.power.name'), width: 30 },
            { header: t('organizations.power.category') },
            { header: t('organizations.power.legalBasis'), width: 40 },
            { header: t('organizations.power.responsibleBody'), width: 20 },
            { header: t('organizations.power.state') },
            { header: t('serviceGuides.guide'), width: 16 },
          ]}
          rows={() => rows.map((i) => [i.code, i.name, t(`organizations.power.categories.${i.category}`), i.legalBasis, i.responsibleBody, t(`organizations.power.states.${i.state}`), guideLabel(i.id)])}
        />
      </Space>
      <Table<PowerItemDto>
        size="small"
        rowKey="id"
        loading={items.isPending}
        dataSource={rows}
        locale={emptyOrFailed(items)}
        columns={[
          { title: t('organizations.power.code'), dataIndex: 'code', width: 100 },
          { title: t('organizations.power.name'), dataIndex: 'name' },
          { title: t('organizations.power.category'), dataIndex: 'category', width: 100, render: (v: string) => t(`organizations.power.categories.${v}`) },
          { title: t('organizations.power.legalBasis'), dataIndex: 'legalBasis' },
          { title: t('organizations.power.responsibleBody'), dataIndex: 'responsibleBody', width: 160 },
          { title: t('organizations.power.state'), dataIndex: 'state', width: 100, render: (v: PowerItemDto['state']) => <Tag color={stateColors[v]}>{t(`organizations.power.states.${v}`)}</Tag> },
          {
            title: t('serviceGuides.guide'),
            key: 'guide',
            width: 170,
            render: (_, item) => (
              <Space size={4}>
                <Tag color={guideOf(item.id)?.publishedVersion ? 'green' : guideOf(item.id)?.hasDraft ? 'orange' : 'default'}>{guideLabel(item.id)}</Tag>
                <Button size="small" type="link" onClick={() => setOpen(item)} aria-label={t('serviceGuides.openFor', { name: item.name })}>
                  {manages && item.state !== 'pending_removal' ? t('serviceGuides.edit') : t('serviceGuides.view')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <ServiceGuideDrawer item={open} editable={manages && open?.state !== 'pending_removal'} onClose={() => setOpen(null)} />
    </>
  );
}
