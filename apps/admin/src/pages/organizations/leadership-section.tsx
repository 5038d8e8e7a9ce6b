import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { leadershipRanks, type AppointmentDto, type LeadershipDto } from '@bianzhi/contracts/ledger';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { RefusalAlert } from './policy-refusal.js';
import { emptyOrFailed } from '../load-state.js';
import { useFileMatter, type MatterFields } from '../matters/file-matter.js';

type Rank = (typeof leadershipRanks)[number];
type AppointValues = MatterFields & { slotId: string; rank: Rank; title: string };

function useLeadershipRefresh(organizationId: string) {
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  return () => queryClient.invalidateQueries({ queryKey: trpc.ledger.leadership.list.queryKey({ organizationId }) });
}

/**
 * 申报领导职务任职: a person on the unit's roll to a post of a rank, filed as a matter. Filing is the
 * pre-review (事前预审: the person, a free post counting the appointments being decided); approved
 * (事中核准), the platform records the appointment with the approval's number and follows it up (事后督查).
 */
function AppointModal({ organizationId, organizationName, open, onClose }: { organizationId: string; organizationName: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [form] = Form.useForm<AppointValues>();
  const roll = useQuery(trpc.ledger.person.roll.queryOptions({ organizationId, includeExited: false }));
  const matter = useFileMatter(() => {
    form.resetFields();
    onClose();
  }, t('leadership.appointHint'));
  const submit = (v: AppointValues) => {
    const person = roll.data?.find((s) => s.id === v.slotId)?.name ?? '';
    void matter.submit(t('leadership.appointTitle', { unit: organizationName, person, position: v.title }), v, { appointment: { organizationId, rank: v.rank, slotId: v.slotId, title: v.title } });
  };
  return (
    <Modal title={t('leadership.appoint')} open={open} onCancel={onClose} onOk={() => form.submit()} okText={t('quota.allocate.file')} cancelText={t('common.cancel')} confirmLoading={matter.pending} destroyOnHidden>
      <RefusalAlert error={matter.refusal} />
      <Form<AppointValues> form={form} name="appoint" layout="vertical" initialValues={{ rank: 'deputy' }} onFinish={submit}>
        <Form.Item label={t('leadership.person')} name="slotId" rules={[{ required: true, message: t('organizations.form.required') }]}>
          <Select aria-label={t('leadership.person')} showSearch optionFilterProp="label" options={(roll.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.idNumberMasked}）` }))} notFoundContent={t('leadership.noPeople')} />
        </Form.Item>
        <Form.Item label={t('leadership.rank')} name="rank">
          <Select aria-label={t('leadership.rank')} options={leadershipRanks.map((r) => ({ value: r, label: t(`leadership.ranks.${r}`) }))} />
        </Form.Item>
        <Form.Item label={t('leadership.position')} name="title" rules={[{ required: true, whitespace: true, message: t('organizations.form.required') }]}>
          <Input maxLength={100} aria-label={t('leadership.position')} />
        </Form.Item>
        {matter.fields}
      </Form>
    </Modal>
  );
}

/** 申报领导职数核定: a unit's posts of one rank, filed as a matter and set once approved. */
function PostsMatterModal({ organizationId, organizationName, rank, posts, onClose }: { organizationId: string; organizationName: string; rank: Rank; posts: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MatterFields & { posts: number }>();
  const matter = useFileMatter(onClose);
  const rankName = t(`leadership.ranks.${rank}`);
  return (
    <Modal title={t('leadership.fileTitle', { rank: rankName })} open onCancel={onClose} onOk={() => form.submit()} okText={t('quota.allocate.file')} cancelText={t('common.cancel')} confirmLoading={matter.pending} destroyOnHidden>
      <RefusalAlert error={matter.refusal} />
      <Form form={form} layout="vertical" initialValues={{ posts }} onFinish={(v) => void matter.submit(t('leadership.matterTitle', { unit: organizationName, rank: rankName, posts: v.posts }), v, { posts: { organizationId, rank, posts: v.posts } })}>
        <Typography.Paragraph type="secondary">{t('leadership.postsNow', { posts })}</Typography.Paragraph>
        <Form.Item label={t('leadership.postsOf', { rank: rankName })} name="posts" rules={[{ required: true, message: t('organizations.form.required') }]}>
          <InputNumber min={0} max={200} precision={0} aria-label={t('leadership.postsOf', { rank: rankName })} />
        </Form.Item>
        {matter.fields}
      </Form>
    </Modal>
  );
}

/** 领导职数: posts per rank against people appointed, with appointment and removal; posts change by a filed matter. */
export function LeadershipSection({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const canManage = useCan('ledger.leadership.manage');
  const refresh = useLeadershipRefresh(organizationId);
  const { message } = App.useApp();
  const [appointing, setAppointing] = useState(false);
  const canFile = useCan('approval.matter.file');
  const [filing, setFiling] = useState<{ rank: Rank; posts: number } | null>(null);
  const leadership = useQuery(trpc.ledger.leadership.list.queryOptions({ organizationId }));
  const onError = (error: unknown) => void message.error(describeServerError(error, t('errors.network')).message);
  const remove = useMutation(trpc.ledger.leadership.remove.mutationOptions({ onSuccess: () => refresh(), onError }));
  return (
    <section aria-label={t('leadership.title')}>
      {filing && <PostsMatterModal organizationId={organizationId} organizationName={organizationName} rank={filing.rank} posts={filing.posts} onClose={() => setFiling(null)} />}
    <Card
      size="small"
      title={t('leadership.title')}
      style={{ marginTop: 16 }}
      extra={canFile && (
        <Button onClick={() => setAppointing(true)}>{t('leadership.appoint')}</Button>
      )}
    >
      <Table<LeadershipDto['ranks'][number]>
        size="small"
        rowKey="rank"
        pagination={false}
        loading={leadership.isPending}
        locale={emptyOrFailed(leadership)}
        dataSource={leadership.data?.ranks ?? []}
        columns={[
          { title: t('leadership.rank'), dataIndex: 'rank', render: (rank: Rank) => t(`leadership.ranks.${rank}`) },
          {
            title: t('leadership.posts'),
            dataIndex: 'posts',
            render: (posts: number, row) => (
              <Space>
                {posts}
                {canFile && (
                  <Button size="small" type="link" onClick={() => setFiling({ rank: row.rank, posts })} aria-label={t('leadership.fileFor', { rank: t(`leadership.ranks.${row.rank}`) })}>
                    {t('leadership.file')}
                  </Button>
                )}
              </Space>
            ),
          },
          { title: t('leadership.filled'), dataIndex: 'filled', render: (filled: number, row) => (filled > row.posts ? <Typography.Text type="danger">{filled}</Typography.Text> : filled) },
        ]}
      />
      <Table<AppointmentDto>
        style={{ marginTop: 12 }}
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={leadership.data?.appointments ?? []}
        locale={emptyOrFailed(leadership, t('leadership.none'))}
        columns={[
          { title: t('roll.name'), dataIndex: 'name' },
          { title: t('leadership.position'), dataIndex: 'title', render: (title: string, row) => (<Space>{title}{row.beyondPosts && <Tag color="red">{t('leadership.beyondTag')}</Tag>}</Space>) },
          { title: t('leadership.rank'), dataIndex: 'rank', render: (rank: Rank) => t(`leadership.ranks.${rank}`) },
          { title: t('leadership.appointedOn'), dataIndex: 'appointedOn' },
          { title: t('leadership.documentNumber'), dataIndex: 'documentNumber', render: (v: string | null) => v ?? '—' },
          ...(canManage
            ? [{
                title: '',
                key: 'actions',
                render: (_: unknown, row: AppointmentDto) => (
                  <Popconfirm title={t('leadership.removeConfirm', { name: row.name })} onConfirm={() => remove.mutate({ id: row.id })} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                    <Button size="small" type="link">{t('leadership.remove')}</Button>
                  </Popconfirm>
                ),
              }]
            : []),
        ]}
      />
      <AppointModal organizationId={organizationId} organizationName={organizationName} open={appointing} onClose={() => setAppointing(false)} />
    </Card>
    </section>
  );
}
