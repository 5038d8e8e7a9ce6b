import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PublishedPerson, PublishedPersonHit } from '@bianzhi/contracts/named-roll';
import { useTRPC } from '../../api/trpc.js';
import { downloadText } from '../download.js';
import { emptyOrFailed } from '../load-state.js';

const pageSize = 20;

/** 实名制公示 of one unit (public): name, quota type and post category, a page at a time; nothing where the unit's jurisdiction has it off. */
export function PublicNamedRoll({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const roll = useQuery({ ...trpc.audit.disclosure.namedRoll.queryOptions({ organizationId, limit: pageSize, offset: (page - 1) * pageSize }), placeholderData: keepPreviousData });
  if (roll.data && !roll.data.published) return null;
  return (
    <Card size="small" title={t('namedRoll.public.unitTitle')}>
      <Table<PublishedPerson>
        size="small"
        rowKey={(p, i) => `${p.name}/${i}`}
        loading={roll.isFetching}
        locale={emptyOrFailed(roll)}
        dataSource={roll.data?.items ?? []}
        pagination={{ current: page, pageSize, total: roll.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('namedRoll.public.people', { total }) }}
        columns={[
          { title: t('namedRoll.public.name'), dataIndex: 'name' },
          { title: t('namedRoll.public.quotaType'), dataIndex: 'quotaType', width: 140 },
          { title: t('namedRoll.public.postCategory'), dataIndex: 'postCategory', width: 140 },
        ]}
      />
    </Card>
  );
}

/** 实名制公示 search (public): by a person's name, optionally within units whose name matches; the whole roll as open data. */
export function PublicNamedRollSearch() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [page, setPage] = useState(1);
  const hits = useQuery({ ...trpc.audit.disclosure.searchPeople.queryOptions({ name, unit: unit || undefined, limit: pageSize, offset: (page - 1) * pageSize }), enabled: name.length > 0, placeholderData: keepPreviousData });
  const download = async (format: 'json' | 'csv') => {
    const file = await queryClient.fetchQuery({ ...trpc.audit.disclosure.namedRollData.queryOptions({ format }), staleTime: 0 });
    downloadText(file.filename, file.content, file.contentType);
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('namedRoll.public.help')}</Typography.Paragraph>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('namedRoll.public.searchName')}
          aria-label={t('namedRoll.public.searchName')}
          style={{ width: 220 }}
          onSearch={(value) => {
            setName(value.trim());
            setPage(1);
          }}
        />
        <Input
          allowClear
          placeholder={t('namedRoll.public.searchUnit')}
          aria-label={t('namedRoll.public.searchUnit')}
          style={{ width: 220 }}
          value={unit}
          onChange={(e) => {
            setUnit(e.target.value.trim());
            setPage(1);
          }}
        />
        <Button icon={<DownloadOutlined />} onClick={() => void download('csv')}>
          {t('namedRoll.public.openCsv')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void download('json')}>
          {t('namedRoll.public.openJson')}
        </Button>
      </Space>
      <Table<PublishedPersonHit>
        size="small"
        rowKey={(p, i) => `${p.organizationId}/${p.name}/${i}`}
        loading={hits.isFetching}
        locale={name ? emptyOrFailed(hits) : { emptyText: t('namedRoll.public.typeName') }}
        dataSource={name ? (hits.data?.items ?? []) : []}
        pagination={{ current: page, pageSize, total: name ? (hits.data?.total ?? 0) : 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('namedRoll.public.people', { total }) }}
        columns={[
          { title: t('namedRoll.public.name'), dataIndex: 'name', width: 120 },
          { title: t('namedRoll.public.unit'), dataIndex: 'unitName' },
          { title: t('namedRoll.public.jurisdiction'), dataIndex: 'jurisdictionName', width: 120 },
          { title: t('namedRoll.public.quotaType'), dataIndex: 'quotaType', width: 130 },
          { title: t('namedRoll.public.postCategory'), dataIndex: 'postCategory', width: 130 },
        ]}
      />
    </Space>
  );
}
