import { useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Drawer, Input, Layout, List, Progress, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DisclosedUnit } from '@bianzhi/contracts/audit';
import { useTRPC } from '../../api/trpc.js';
import { LanguageSwitch } from '../../layout/language-switch.js';
import { downloadText } from '../download.js';
import { emptyOrFailed } from '../load-state.js';
import { PublicPowerLists } from '../power-lists/public-power-lists.js';
import { PublicLateUnits } from './late-units.js';
import { PublicNamedRoll, PublicNamedRollSearch } from './named-roll.js';
import { PublicCharters } from '../registration/public-charters.js';

function UnitCard({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const unit = useQuery({ ...trpc.audit.disclosure.unit.queryOptions({ id: id ?? '' }), enabled: id !== null });
  const u = unit.data;
  return (
    <Drawer title={u?.name ?? ''} open={id !== null} onClose={onClose} width={680}>
      {u && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions
            column={2}
            size="small"
            bordered
            items={[
              { key: 'nameplates', label: t('disclosure.nameplates'), span: 2, children: u.nameplates.join('、') || '—' },
              { key: 'jurisdiction', label: t('disclosure.jurisdiction'), children: u.jurisdictionName },
              { key: 'rank', label: t('disclosure.rank'), children: u.rank },
              { key: 'kind', label: t('disclosure.kind'), children: [u.kind, u.institutionClass].filter(Boolean).join(' · ') },
              { key: 'funding', label: t('disclosure.funding'), children: u.funding ?? '—' },
              { key: 'document', label: t('disclosure.documentNumber'), span: 2, children: u.documentNumber ?? '—' },
              { key: 'quota', label: t('disclosure.quota'), span: 2, children: u.quota.length ? `${u.quotaTotal}（${u.quota.map((q) => `${q.type} ${q.approved}`).join('，')}）` : '—' },
              { key: 'posts', label: t('disclosure.leadershipPosts'), children: u.leadershipPosts.map((p) => `${p.rank} ${p.posts}`).join('，') || '—' },
              { key: 'headcount', label: t('disclosure.headcount'), children: u.headcount },
            ]}
          />
          <Card size="small" title={t('disclosure.functions')}>
            {u.functions.length ? <List size="small" dataSource={u.functions} renderItem={(f, i) => <List.Item>{`${i + 1}. ${f}`}</List.Item>} /> : '—'}
          </Card>
          <Card size="small" title={t('disclosure.departments')}>
            <Table
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={u.departments}
              locale={{ emptyText: '—' }}
              columns={[
                { title: t('disclosure.departmentName'), dataIndex: 'name' },
                { title: t('disclosure.departmentType'), dataIndex: 'type', width: 100 },
                { title: t('disclosure.departmentHeadcount'), dataIndex: 'headcount', width: 90 },
                { title: t('disclosure.departmentPosts'), dataIndex: 'leadershipPosts', width: 90 },
              ]}
            />
          </Card>
          <PublicNamedRoll organizationId={u.id} />
        </Space>
      )}
    </Drawer>
  );
}

function Directory() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [jurisdictionId, setJurisdictionId] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [shown, setShown] = useState<string | null>(null);
  const pageSize = 20;
  const jurisdictions = useQuery(trpc.audit.disclosure.jurisdictions.queryOptions());
  const units = useQuery({ ...trpc.audit.disclosure.units.queryOptions({ jurisdictionId, q: q || undefined, limit: pageSize, offset: (page - 1) * pageSize }), placeholderData: keepPreviousData });
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('disclosure.allJurisdictions')}
          aria-label={t('disclosure.jurisdiction')}
          style={{ width: 200 }}
          value={jurisdictionId}
          onChange={(value: string | undefined) => {
            setJurisdictionId(value);
            setPage(1);
          }}
          options={(jurisdictions.data ?? []).map((j) => ({ value: j.jurisdictionId, label: `${j.name}（${j.units}）` }))}
        />
        <Input.Search
          allowClear
          placeholder={t('disclosure.search')}
          aria-label={t('disclosure.search')}
          style={{ width: 260 }}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
        />
      </Space>
      <Table<DisclosedUnit>
        rowKey="id"
        loading={units.isFetching}
        locale={emptyOrFailed(units)}
        dataSource={units.data?.items ?? []}
        pagination={{ current: page, pageSize, total: units.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (total) => t('disclosure.total', { total }) }}
        columns={[
          { title: t('disclosure.name'), dataIndex: 'name', render: (name: string, u) => <Typography.Link onClick={() => setShown(u.id)}>{name}</Typography.Link> },
          { title: t('disclosure.jurisdiction'), dataIndex: 'jurisdictionName', width: 140 },
          { title: t('disclosure.kind'), dataIndex: 'kind', width: 100 },
          { title: t('disclosure.rank'), dataIndex: 'rank', width: 90 },
          { title: t('disclosure.quota'), dataIndex: 'quotaTotal', width: 90 },
          { title: t('disclosure.headcount'), dataIndex: 'headcount', width: 90 },
        ]}
      />
      <UnitCard id={shown} onClose={() => setShown(null)} />
    </>
  );
}

function Scores() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const scores = useQuery(trpc.audit.disclosure.score.queryOptions({}));
  if (scores.data && !scores.data.period) return <Typography.Text type="secondary">{t('disclosure.noScores')}</Typography.Text>;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {scores.data?.period && <Typography.Text>{t('disclosure.period', { period: scores.data.period })}</Typography.Text>}
      <Typography.Text type="secondary">{t('timeliness.score.formula')}</Typography.Text>
      <Table
        size="small"
        rowKey="jurisdictionId"
        loading={scores.isPending}
        pagination={false}
        locale={emptyOrFailed(scores)}
        dataSource={scores.data?.jurisdictions ?? []}
        columns={[
          { title: t('disclosure.jurisdiction'), dataIndex: 'name' },
          { title: t('disclosure.units'), dataIndex: 'units', width: 100 },
          { title: t('disclosure.average'), dataIndex: 'average', width: 260, render: (v: number) => <Progress percent={v} size="small" format={(p) => `${p}`} /> },
        ]}
      />
      <Typography.Title level={5}>{t('disclosure.lowest')}</Typography.Title>
      <Table
        size="small"
        rowKey="organizationId"
        pagination={{ pageSize: 10 }}
        locale={emptyOrFailed(scores)}
        dataSource={scores.data?.units ?? []}
        columns={[
          { title: t('disclosure.name'), dataIndex: 'name' },
          { title: t('disclosure.score'), dataIndex: 'score', width: 80 },
          { title: t('timeliness.score.partsTitle'), key: 'parts', width: 180, render: (_, u) => (u.completeness === null ? '—' : t('timeliness.score.parts', { completeness: u.completeness, timeliness: u.timeliness, accuracy: u.accuracy })) },
          {
            title: t('disclosure.missing'),
            dataIndex: 'missing',
            render: (missing: string[], u) => [
              ...missing.map((m) => <Tag key={m}>{m}</Tag>),
              ...u.inaccurate.map((m) => (
                <Tag key={`inaccurate-${m}`} color="orange">
                  {t('timeliness.score.inaccurate', { item: m })}
                </Tag>
              )),
            ],
          },
        ]}
      />
    </Space>
  );
}

/** 机构编制信息公开: the public site, without login; only the published, non-classified, impersonal snapshot. */
export function PublicPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const download = async (format: 'json' | 'csv') => {
    const file = await queryClient.fetchQuery({ ...trpc.audit.disclosure.openData.queryOptions({ format }), staleTime: 0 });
    downloadText(file.filename, file.content, file.contentType);
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#b71c1c' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          {t('disclosure.title')}
        </Typography.Title>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <Card
          extra={
            <Space>
              <Button icon={<DownloadOutlined />} onClick={() => void download('csv')}>
                {t('disclosure.openCsv')}
              </Button>
              <Button icon={<DownloadOutlined />} onClick={() => void download('json')}>
                {t('disclosure.openJson')}
              </Button>
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('disclosure.help')}</Typography.Paragraph>
          <Tabs items={[{ key: 'units', label: t('disclosure.directory'), children: <Directory /> }, { key: 'scores', label: t('disclosure.scores'), children: <Scores /> }, { key: 'namedRoll', label: t('namedRoll.public.tab'), children: <PublicNamedRollSearch /> }, { key: 'powerLists', label: t('serviceGuides.public.tab'), children: <PublicPowerLists /> }, { key: 'late', label: t('timeliness.public.tab'), children: <PublicLateUnits /> }, { key: 'charters', label: t('registration.public.tab'), children: <PublicCharters /> }]} />
        </Card>
      </Layout.Content>
    </Layout>
  );
}
