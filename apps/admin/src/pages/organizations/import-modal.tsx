import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Progress, Result, Space, Table, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportRowError } from '@bianzhi/contracts/registry';
import { describeServerError, useTRPC } from '../../api/trpc.js';
import { useExcelDownload } from '../download.js';
import { useRegistryRefresh } from './use-organization-tree.js';


async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Excel import: download the template, upload the filled file, watch it being checked and written
 * (a progress bar fed by the server), and see every bad cell by row and column. Nothing is
 * imported unless every row is right.
 */
export function ImportOrganizationsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRegistryRefresh();
  const [jobId, setJobId] = useState<string | null>(null);

  useEffect(() => {
    if (open) setJobId(null);
  }, [open]);

  const start = useMutation(
    trpc.registry.organization.importStart.mutationOptions({
      onSuccess: (job) => setJobId(job.id),
      onError: (error) => message.error(describeServerError(error, t('errors.network')).message),
    }),
  );
  const job = useQuery({
    ...trpc.registry.organization.importStatus.queryOptions({ id: jobId ?? '' }),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && ['succeeded', 'failed'].includes(query.state.data.status) ? false : 400),
  });
  const status = job.data?.status;
  useEffect(() => {
    if (status === 'succeeded') void refresh();
  }, [status, refresh]);

  const excel = useExcelDownload();
  const downloadTemplate = () => excel.download(() => queryClient.fetchQuery(trpc.registry.organization.importTemplate.queryOptions()));

  const running = start.isPending || (jobId !== null && (status === undefined || status === 'validating' || status === 'importing'));
  const percent = job.data && job.data.totalRows > 0 ? Math.round((job.data.processedRows / job.data.totalRows) * 100) : 0;
  return (
    <Modal title={t('organizations.import.title')} open={open} onCancel={onClose} footer={<Button onClick={onClose}>{t('organizations.import.close')}</Button>} width={760} maskClosable={!running}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Alert type="info" showIcon message={t('organizations.import.help')} action={<Button size="small" onClick={() => void downloadTemplate()}>{t('organizations.import.template')}</Button>} />
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          disabled={running}
          beforeUpload={async (file) => {
            setJobId(null);
            start.mutate({ filename: file.name, contentBase64: await fileToBase64(file) });
            return false;
          }}
        >
          <p>{t('organizations.import.drop')}</p>
          <Typography.Text type="secondary">{t('organizations.import.limit')}</Typography.Text>
        </Upload.Dragger>
        {jobId !== null && job.data && (
          <>
            <div>
              <Typography.Text>{t(`organizations.import.status.${job.data.status}`, { total: job.data.totalRows })}</Typography.Text>
              <Progress percent={status === 'succeeded' ? 100 : percent} status={status === 'failed' ? 'exception' : status === 'succeeded' ? 'success' : 'active'} aria-label={t('organizations.import.progress')} />
            </div>
            {status === 'succeeded' && <Result status="success" title={t('organizations.import.done', { count: job.data.imported })} />}
            {status === 'failed' && (
              <>
                <Alert type="error" showIcon role="alert" message={t('organizations.import.failed', { count: job.data.errors.length })} />
                <Table<ImportRowError>
                  size="small"
                  rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                  dataSource={job.data.errors}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: t('organizations.import.row'), dataIndex: 'row', width: 80 },
                    { title: t('organizations.import.column'), dataIndex: 'column', width: 160 },
                    { title: t('organizations.import.message'), dataIndex: 'message' },
                  ]}
                />
              </>
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
