import { useState } from 'react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, Form, Input, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AuditEntryDto, ChainVerification, SignedHead } from '@bianzhi/contracts/audit';
import { addDays, chinaDayStart } from '@bianzhi/domain/calendar';
import { describeServerError, trpcClient, useTRPC } from '../../api/trpc.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { OrganizationPicker } from '../organizations/organization-picker.js';
import { useDateFormat } from '../use-date-format.js';
import { downloadBase64, useExcelDownload } from '../download.js';
import { emptyOrFailed } from '../load-state.js';

interface Filters {
  actor?: string | undefined;
  organizationId?: string | undefined;
  eventType?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** A day picked in the form, as the start of that day in Beijing; `to` is exclusive, so the next day's start. */
const dayStart = (day: string | undefined, plusDays = 0) => (day ? chinaDayStart(addDays(day, plusDays)) : undefined);

/** What verification found, in one line: green when the chain and every signed head hold. */
function ChainBadge({ verification, pending }: { verification: ChainVerification | undefined; pending: boolean }) {
  const { t } = useTranslation();
  if (pending || !verification) return <Tag>{t('auditLog.chain.checking')}</Tag>;
  if (verification.ok) {
    return (
      <Tag color="success" icon={<SafetyCertificateOutlined />} data-testid="chain-status">
        {t('auditLog.chain.ok', { count: verification.checked })}
      </Tag>
    );
  }
  const mismatch = verification.signedHeadMismatches[0];
  return (
    <Tag color="error" icon={<WarningOutlined />} data-testid="chain-status">
      {verification.firstBrokenSeq !== null ? t('auditLog.chain.broken', { seq: verification.firstBrokenSeq }) : t('auditLog.chain.signedMismatch', { day: mismatch?.day, seq: mismatch?.seq })}
    </Tag>
  );
}

/** The daily signed heads: download each as a file to keep, and check the log against a kept file. */
function SignedHeads() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const head = useQuery(trpc.audit.log.head.queryOptions());
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const verifyFile = async (file: File) => {
    let signedHead: SignedHead;
    try {
      const parsed = JSON.parse(await file.text()) as SignedHead;
      signedHead = { day: parsed.day, seq: parsed.seq, hash: parsed.hash, keyId: parsed.keyId, signature: parsed.signature };
    } catch {
      void message.error(t('auditLog.signed.badFile'));
      return;
    }
    try {
      const verification = await queryClient.fetchQuery({ ...trpc.audit.log.verify.queryOptions({ signedHead }), staleTime: 0 });
      const mismatch = verification.signedHeadMismatches.find((m) => m.day === signedHead.day);
      if (verification.ok) setResult({ ok: true, text: t('auditLog.signed.verifyOk') });
      else {
        const detail = mismatch ? t('auditLog.chain.signedMismatch', { day: mismatch.day, seq: mismatch.seq }) : t('auditLog.chain.broken', { seq: verification.firstBrokenSeq });
        setResult({ ok: false, text: t('auditLog.signed.verifyFailed', { detail }) });
      }
    } catch (error) {
      setResult({ ok: false, text: describeServerError(error, t('errors.network')).message });
    }
  };
  const download = (signed: SignedHead) => {
    const text = JSON.stringify({ ...signed, publicKey: head.data?.publicKey }, null, 2);
    downloadBase64(`audit-head-${signed.day}.json`, btoa(text), 'application/json');
  };
  return (
    <Card size="small" title={t('auditLog.signed.title')} extra={head.data && <Typography.Text type="secondary">{t('auditLog.signed.key', { keyId: head.data.keyId })}</Typography.Text>}>
      <Typography.Paragraph type="secondary">{t('auditLog.signed.help')}</Typography.Paragraph>
      <Table<SignedHead>
        size="small"
        rowKey="day"
        loading={head.isPending}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        locale={emptyOrFailed(head, t('auditLog.signed.none'))}
        dataSource={head.data?.signed ?? []}
        columns={[
          { title: t('auditLog.signed.day'), dataIndex: 'day', width: 120 },
          { title: t('auditLog.signed.seq'), dataIndex: 'seq', width: 110 },
          { title: t('auditLog.signed.hash'), dataIndex: 'hash', render: (hash: string) => <Typography.Text code copyable={{ text: hash }}>{hash.slice(0, 16)}…</Typography.Text> },
          { title: '', width: 90, render: (_, signed) => <Button size="small" icon={<DownloadOutlined />} onClick={() => download(signed)}>{t('auditLog.signed.download')}</Button> },
        ]}
      />
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(file) => (void verifyFile(file), false)}>
          <Button icon={<SafetyCertificateOutlined />}>{t('auditLog.signed.verifyFile')}</Button>
        </Upload>
        {result && <Alert role="alert" type={result.ok ? 'success' : 'error'} showIcon message={result.text} />}
      </Space>
    </Card>
  );
}

function AuditLog() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useDateFormat();
  const excel = useExcelDownload();
  const [form] = Form.useForm<{ actor?: string; organizationId?: string; eventType?: string; from?: string; to?: string }>();
  const [filters, setFilters] = useState<Filters>({});
  const verification = useQuery(trpc.audit.log.verify.queryOptions({}));
  const pageSize = 100;
  const entries = useInfiniteQuery({
    queryKey: ['audit.log.list', filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => trpcClient.audit.log.list.query({ ...filters, beforeSeq: pageParam, limit: pageSize }),
    getNextPageParam: (last) => (last.length === pageSize ? last[last.length - 1]!.seq : undefined),
  });
  const rows = entries.data?.pages.flat() ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {t('auditLog.title')}
            <ChainBadge verification={verification.data} pending={verification.isPending} />
          </Space>
        }
        extra={
          <Button icon={<DownloadOutlined />} loading={excel.pending} onClick={() => void excel.download(() => queryClient.fetchQuery({ ...trpc.audit.log.export.queryOptions(filters), staleTime: 0 }))}>
            {t('auditLog.export')}
          </Button>
        }
      >
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 16, rowGap: 8 }}
          onFinish={(v) => setFilters({ actor: v.actor?.trim() || undefined, organizationId: v.organizationId ?? undefined, eventType: v.eventType?.trim() || undefined, from: dayStart(v.from), to: dayStart(v.to, 1) })}
        >
          <Form.Item label={t('auditLog.filters.actor')} name="actor">
            <Input allowClear placeholder={t('auditLog.filters.actorPlaceholder')} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item label={t('auditLog.filters.unit')} name="organizationId">
            <OrganizationPicker ariaLabel={t('auditLog.filters.unit')} />
          </Form.Item>
          <Form.Item label={t('auditLog.filters.eventType')} name="eventType">
            <Input allowClear placeholder="ledger.transfer.posted" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label={t('auditLog.filters.from')} name="from">
            <Input type="date" style={{ width: 150 }} />
          </Form.Item>
          <Form.Item label={t('auditLog.filters.to')} name="to">
            <Input type="date" style={{ width: 150 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('auditLog.filters.reset')}
            </Button>
          </Space>
        </Form>
        <Table<AuditEntryDto>
          rowKey="eventId"
          size="small"
          loading={entries.isPending}
          dataSource={rows}
          pagination={false}
          expandable={{
            expandedRowRender: (entry) => (
              <>
                {typeof entry.payload['transfersShown'] === 'number' && (
                  <Typography.Paragraph type="secondary">{t('auditLog.batchShown', { count: entry.payload['count'], shown: entry.payload['transfersShown'], batchId: entry.payload['batchId'] })}</Typography.Paragraph>
                )}
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(entry.payload, null, 2)}</pre>
              </>
            ),
          }}
          columns={[
            { title: t('auditLog.columns.seq'), dataIndex: 'seq', width: 80 },
            { title: t('auditLog.columns.occurredAt'), dataIndex: 'occurredAt', width: 170, render: (v: Date) => format(v) },
            { title: t('auditLog.columns.source'), dataIndex: 'source', width: 80, render: (v: string) => t(`auditLog.sources.${v}`, { defaultValue: v }) },
            { title: t('auditLog.columns.eventType'), dataIndex: 'eventType', width: 240, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('auditLog.columns.object'), width: 170, render: (_, e) => <Tooltip title={e.aggregateId}>{`${e.aggregateType} ${e.aggregateId.slice(0, 8)}`}</Tooltip> },
            { title: t('auditLog.columns.actor'), width: 140, render: (_, e) => e.actor.name ?? e.actor.id },
            { title: t('auditLog.columns.detail'), ellipsis: true, render: (_, e) => JSON.stringify(e.payload) },
          ]}
        />
        {entries.hasNextPage && (
          <Button block style={{ marginTop: 12 }} loading={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
            {t('auditLog.more')}
          </Button>
        )}
      </Card>
      <SignedHeads />
    </Space>
  );
}

/** 审计日志: every command on the platform, hash-chained, with the chain's status and the signed daily heads. */
export function AuditLogPage() {
  return (
    <RequirePermission permission="audit.log.read">
      <AuditLog />
    </RequirePermission>
  );
}
