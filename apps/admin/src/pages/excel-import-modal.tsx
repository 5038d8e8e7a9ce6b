import { useEffect, useState, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Progress, Result, Space, Table, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeServerError } from '../api/trpc.js';
import { fileToBase64, useExcelDownload } from './download.js';

type RowError = { row: number; column: string; message: string };

/** An import job as the modal shows it, whichever service runs it. */
export interface ImportProgress {
  state: 'validating' | 'importing' | 'succeeded' | 'failed';
  total: number;
  processed: number;
  imported: number;
  errors: RowError[];
}

/**
 * Excel import: download the template, upload the filled file, watch it being checked and written
 * (a progress bar fed by the server), and see every bad cell by row and column. Nothing is
 * imported unless every row is right. `fields` come before the upload (a document number, say),
 * and the upload waits until `ready`.
 *
 * A job runs on the server whether the modal is open or not: the running (or last unseen) job is
 * remembered (per import, by its title) in this browser, so closing the modal, leaving the page or reloading
 * it and opening the modal again shows the same job where it stands.
 */
export function ExcelImportModal(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  help: string;
  limit: string;
  done: (count: number) => string;
  template: () => Promise<{ filename: string; contentBase64: string }>;
  start: (file: { fileName: string; contentBase64: string }) => Promise<{ id: string }>;
  poll: (id: string) => Promise<ImportProgress>;
  onSucceeded: () => unknown;
  fields?: ReactNode;
  ready?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [jobId, setJobId] = useState<string | null>(null);
  const { open, poll, onSucceeded } = props;
  const storageKey = `bianzhi.import.${props.title}`;

  useEffect(() => {
    if (open) setJobId(localStorage.getItem(storageKey));
  }, [open, storageKey]);

  const start = useMutation({
    mutationFn: props.start,
    onSuccess: (job) => {
      localStorage.setItem(storageKey, job.id);
      setJobId(job.id);
    },
    onError: (error) => void message.error(describeServerError(error, t('errors.network')).message),
  });
  const job = useQuery({
    queryKey: ['excel-import', props.title, jobId],
    queryFn: () => poll(jobId!),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && ['succeeded', 'failed'].includes(query.state.data.state) ? false : 400),
  });
  const state = job.data?.state;
  useEffect(() => {
    if (state === 'succeeded') void onSucceeded();
  }, [state, onSucceeded]);
  useEffect(() => {
    // A remembered job the server no longer knows (or this user may not see) is forgotten.
    if (job.isError && localStorage.getItem(storageKey) === jobId) {
      localStorage.removeItem(storageKey);
      setJobId(null);
    }
  }, [job.isError, jobId, storageKey]);

  const excel = useExcelDownload();
  const running = start.isPending || (jobId !== null && (state === undefined || state === 'validating' || state === 'importing'));
  const percent = job.data && job.data.total > 0 ? Math.round((job.data.processed / job.data.total) * 100) : 0;
  const close = () => {
    // A finished job has been seen once the modal closes on it; a running one is found again on reopening.
    if (state === 'succeeded' || state === 'failed') localStorage.removeItem(storageKey);
    else if (running) message.info(t('excelImport.background'));
    props.onClose();
  };
  return (
    <Modal title={props.title} open={open} onCancel={close} footer={<Button onClick={close}>{t('excelImport.close')}</Button>} width={760}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Alert type="info" showIcon message={props.help} action={<Button size="small" loading={excel.pending} onClick={() => void excel.download(props.template)}>{t('excelImport.template')}</Button>} />
        {props.fields}
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          disabled={running || props.ready === false}
          beforeUpload={async (file) => {
            localStorage.removeItem(storageKey);
            setJobId(null);
            start.mutate({ fileName: file.name, contentBase64: await fileToBase64(file) });
            return false;
          }}
        >
          <p>{t('excelImport.drop')}</p>
          <Typography.Text type="secondary">{props.limit}</Typography.Text>
        </Upload.Dragger>
        {jobId !== null && job.data && (
          <>
            <div>
              <Typography.Text>{t(`excelImport.status.${job.data.state}`, { total: job.data.total })}</Typography.Text>
              <Progress percent={state === 'succeeded' ? 100 : percent} status={state === 'failed' ? 'exception' : state === 'succeeded' ? 'success' : 'active'} aria-label={t('excelImport.progress')} />
            </div>
            {state === 'succeeded' && <Result status="success" title={props.done(job.data.imported)} />}
            {state === 'failed' && (
              <>
                <Alert type="error" showIcon role="alert" message={t('excelImport.failed', { count: job.data.errors.length })} />
                <Table<RowError>
                  size="small"
                  rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                  dataSource={job.data.errors}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: t('excelImport.row'), dataIndex: 'row', width: 80 },
                    { title: t('excelImport.column'), dataIndex: 'column', width: 160 },
                    { title: t('excelImport.message'), dataIndex: 'message' },
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
