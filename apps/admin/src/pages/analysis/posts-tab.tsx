import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Switch, Table, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PostsComparisonRow } from '@bianzhi/contracts/analysis';
import { describeServerError, useTRPC, type ServerError } from '../../api/trpc.js';
import { useCan } from '../../api/me.js';
import { fileToBase64, useExcelDownload } from '../download.js';
import { ExportButton } from '../table-export.js';
import { emptyOrFailed } from '../load-state.js';
import { ImportRefusalAlert } from '../organizations/policy-refusal.js';

/** 编岗相适: HR's posts per unit beside quota and occupants by category; a file from HR replaces the posts on record. */
export function PostsTab({ jurisdictionId }: { jurisdictionId: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const canImport = useCan('analysis.posts.import');
  const template = useExcelDownload();
  const [mismatchesOnly, setMismatchesOnly] = useState(true);
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const rows = useQuery(trpc.analysis.posts.compare.queryOptions({ jurisdictionId, mismatchesOnly }));
  const importing = useMutation(
    trpc.analysis.posts.import.mutationOptions({
      onSuccess: async (result) => {
        setRefusal(null);
        message.success(t('analysis.posts.imported', { units: result.units }));
        await queryClient.invalidateQueries({ queryKey: trpc.analysis.posts.compare.queryKey() });
      },
      onError: (error) => setRefusal(describeServerError(error, t('errors.network'))),
    }),
  );
  const category = (row: PostsComparisonRow, key: 'management' | 'professional' | 'worker') => `${row.occupiedByCategory[key]} / ${row.posts ? row.posts[key] : '—'}`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        {canImport && (
          <>
            <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={async (file) => (importing.mutate({ fileName: file.name, contentBase64: await fileToBase64(file) }), false)}>
              <Button icon={<UploadOutlined />} loading={importing.isPending}>
                {t('analysis.posts.import')}
              </Button>
            </Upload>
            <Button onClick={() => void template.download(() => queryClient.fetchQuery(trpc.analysis.posts.template.queryOptions()))} loading={template.pending}>
              {t('analysis.posts.template')}
            </Button>
          </>
        )}
        <ExportButton
          filename={`${t('analysis.posts.title')}.xlsx`}
          sheetName={t('analysis.posts.title')}
          columns={[{ header: t('analysis.unit'), width: 30 }, { header: t('analysis.quota') }, { header: t('analysis.posts.total') }, { header: t('analysis.posts.management'), width: 18 }, { header: t('analysis.posts.professional'), width: 18 }, { header: t('analysis.posts.worker'), width: 18 }, { header: t('analysis.posts.mismatch'), width: 30 }]}
          rows={() => (rows.data ?? []).map((r) => [r.name, r.quota, r.posts?.total ?? null, category(r, 'management'), category(r, 'professional'), category(r, 'worker'), r.mismatches.map((m) => t(`analysis.posts.mismatches.${m}`)).join('；')])}
        />
        <Space>
          <Switch checked={mismatchesOnly} onChange={setMismatchesOnly} aria-label={t('analysis.posts.mismatchesOnly')} />
          {t('analysis.posts.mismatchesOnly')}
        </Space>
      </Space>
      <ImportRefusalAlert error={refusal} />
      <Table<PostsComparisonRow>
        size="small"
        rowKey="organizationId"
        loading={rows.isFetching}
        locale={emptyOrFailed(rows)}
        dataSource={rows.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('analysis.unit'), dataIndex: 'name' },
          { title: t('analysis.quota'), dataIndex: 'quota', width: 90 },
          { title: t('analysis.posts.total'), width: 90, render: (_, r) => r.posts?.total ?? '—' },
          { title: t('analysis.posts.management'), width: 110, render: (_, r) => category(r, 'management') },
          { title: t('analysis.posts.professional'), width: 110, render: (_, r) => category(r, 'professional') },
          { title: t('analysis.posts.worker'), width: 110, render: (_, r) => category(r, 'worker') },
          { title: t('analysis.posts.mismatch'), width: 220, render: (_, r) => r.mismatches.map((m) => <Tag color={m === 'no_posts' ? 'default' : 'red'} key={m}>{t(`analysis.posts.mismatches.${m}`)}</Tag>) },
        ]}
      />
    </Space>
  );
}
