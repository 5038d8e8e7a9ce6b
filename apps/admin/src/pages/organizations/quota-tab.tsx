import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountDto, StatementLine } from '@bianzhi/contracts/ledger';
import { useTRPC } from '../../api/trpc.js';
import { useExcelDownload } from '../download.js';
import { RollSection } from './roll-section.js';
import { LeadershipSection } from './leadership-section.js';
import { AllocateQuotaModal } from './allocate-quota-modal.js';
import { useCan } from '../../api/me.js';
import { emptyOrFailed, LoadFailed } from '../load-state.js';

interface QuotaRow {
  ledger: AccountDto['ledger'];
  quota: number;
  occupied: number;
  reserved: number;
  vacant: number;
  vacantAccountId: string;
}

/** Vacancy and occupied accounts per quota type → quota, occupied, reserved, vacant (DOMAIN.md). */
export function quotaRows(accounts: AccountDto[]): QuotaRow[] {
  const types = [...new Set(accounts.map((a) => a.ledger))];
  return types.map((ledger) => {
    const vacant = accounts.find((a) => a.ledger === ledger && a.kind === 'vacant');
    const occupied = accounts.find((a) => a.ledger === ledger && a.kind === 'occupied');
    const unused = vacant?.balance ?? 0;
    const used = occupied?.balance ?? 0;
    const reserved = vacant?.pending ?? 0;
    return { ledger, quota: unused + used, occupied: used, reserved, vacant: unused - reserved, vacantAccountId: vacant?.id ?? '' };
  });
}

function Statement({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const excel = useExcelDownload();
  const lines = useQuery(trpc.ledger.account.statement.queryOptions({ accountId, limit: 50 }));
  return (
    <>
    <Button size="small" loading={excel.pending} onClick={() => void excel.download(() => queryClient.fetchQuery(trpc.ledger.account.statementXlsx.queryOptions({ id: accountId })))} style={{ marginBottom: 8 }}>{t('quota.exportStatement')}</Button>
    <Table<StatementLine>
      size="small"
      rowKey="version"
      loading={lines.isPending}
      dataSource={lines.data ?? []}
      pagination={false}
      locale={emptyOrFailed(lines)}
      columns={[
        { title: t('quota.statement.date'), dataIndex: 'effectiveDate', width: 120 },
        { title: t('quota.statement.code'), dataIndex: 'code', width: 120, render: (code: string) => t(`quota.codes.${code}`, { defaultValue: code }) },
        { title: t('quota.statement.document'), dataIndex: 'documentNumber', render: (v: string | null) => v ?? '—' },
        { title: t('quota.statement.before'), dataIndex: 'balanceBefore', width: 90 },
        { title: t('quota.statement.after'), dataIndex: 'balanceAfter', width: 90 },
      ]}
    />
    </>
  );
}

/** The unit's quota by type, each with its vacancy account's statement on demand. */
export function QuotaTab({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const accounts = useQuery(trpc.ledger.account.list.queryOptions({ holderId: organizationId }));
  const [open, setOpen] = useState<string[]>([]);
  const [allocating, setAllocating] = useState(false);
  const canAllocate = useCan('approval.matter.file');
  if (accounts.isPending) return <Spin />;
  if (accounts.isError) return <LoadFailed error={accounts.error} onRetry={() => void accounts.refetch()} />;
  if (!accounts.data?.length) return <Empty description={t('quota.none')} />;
  const rows = quotaRows(accounts.data);
  return (
    <>
      {/* quota by type first, the named people holding it below */}
      <Typography.Paragraph type="secondary">
        {t('quota.help')}
        {canAllocate && (
          <Button size="small" style={{ marginLeft: 12 }} onClick={() => setAllocating(true)}>
            {t('quota.allocate.title')}
          </Button>
        )}
      </Typography.Paragraph>
      {allocating && <AllocateQuotaModal open onClose={() => setAllocating(false)} jurisdictionId={accounts.data[0]!.jurisdictionId} unitName={organizationName} units={rows} />}
      <Table<QuotaRow>
        size="small"
        rowKey="ledger"
        pagination={false}
        dataSource={rows}
        expandable={{ expandedRowKeys: open, onExpandedRowsChange: (keys) => setOpen(keys.map(String)), expandedRowRender: (row) => <Statement accountId={row.vacantAccountId} /> }}
        columns={[
          { title: t('quota.type'), dataIndex: 'ledger', render: (v: string) => t(`organizations.quotaTypes.${v}`) },
          { title: t('quota.quota'), dataIndex: 'quota' },
          { title: t('quota.occupied'), dataIndex: 'occupied' },
          { title: t('quota.reserved'), dataIndex: 'reserved' },
          { title: t('quota.vacant'), dataIndex: 'vacant' },
        ]}
      />
      <RollSection organizationId={organizationId} />
      <LeadershipSection organizationId={organizationId} organizationName={organizationName} />
    </>
  );
}
