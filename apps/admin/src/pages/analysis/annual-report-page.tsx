import { useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AnnualReportDto } from '@bianzhi/contracts/annual-report';
import { entryKinds, exitKinds, postCategories } from '@bianzhi/contracts/ledger';
import { auxiliaryKinds, fundingSources } from '@bianzhi/contracts/workforce';
import { ageBands, educationLevels, type AnnualCheck } from '@bianzhi/domain/annual-report';
import { institutionClasses, organizationKinds, organizationRanks } from '@bianzhi/domain/organization';
import { useTRPC } from '../../api/trpc.js';
import { useMe } from '../../api/me.js';
import { RequirePermission } from '../../layout/require-permission.js';
import { useJurisdictionOptions } from '../use-jurisdiction-tree.js';
import { useExcelDownload } from '../download.js';
import { LoadFailed } from '../load-state.js';
import { chinaToday } from '../use-date-format.js';

type Row = { key: string; label: ReactNode; values: number[]; total?: boolean };
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const totalRow = (label: string, rows: Row[]): Row => ({ key: 'total', label, values: rows[0]?.values.map((_, i) => sum(rows.map((r) => r.values[i] ?? 0))) ?? [], total: true });

/** One table of the return: a label column and figures, the totals row in bold. */
function FigureTable({ title, unit, head, columns, rows }: { title: string; unit: string; head: string; columns: string[]; rows: Row[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} extra={<Typography.Text type="secondary">{t('annual.unitOf', { unit })}</Typography.Text>}>
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: head, dataIndex: 'label', fixed: 'left', render: (label: ReactNode, row) => (row.total ? <strong>{label}</strong> : label) },
          ...columns.map((title, i) => ({ title, key: String(i), align: 'right' as const, render: (_: unknown, row: Row) => (row.total ? <strong>{row.values[i]}</strong> : row.values[i]) })),
        ]}
      />
    </Card>
  );
}

/** The checks between tables, failures first and marked: which check, which type, both figures, the difference. */
function ChecksTable({ checks }: { checks: AnnualCheck[] }) {
  const { t } = useTranslation();
  const sorted = [...checks].sort((a, b) => Number(a.passed) - Number(b.passed));
  return (
    <Table<AnnualCheck>
      size="small"
      rowKey={(c) => `${c.code}|${c.ledger ?? ''}`}
      pagination={false}
      dataSource={sorted}
      onRow={(c) => (c.passed ? {} : { style: { background: '#fff1f0' } })}
      columns={[
        { title: t('annual.columns.check'), dataIndex: 'code', render: (code: string) => t(`annual.checks.${code}`) },
        { title: t('annual.columns.ledger'), dataIndex: 'ledger', render: (ledger: string | null) => (ledger ? t(`organizations.quotaTypes.${ledger}`) : t('annual.columns.allTypes')) },
        { title: t('annual.columns.expected'), dataIndex: 'expected', align: 'right' },
        { title: t('annual.columns.actual'), dataIndex: 'actual', align: 'right' },
        { title: t('annual.columns.difference'), dataIndex: 'difference', align: 'right', render: (d: number) => (d === 0 ? d : <Typography.Text type="danger">{d > 0 ? `+${d}` : d}</Typography.Text>) },
        { title: t('annual.columns.result'), dataIndex: 'passed', render: (passed: boolean) => (passed ? <Tag color="green">{t('annual.columns.passed')}</Tag> : <Tag color="red">{t('annual.columns.failed')}</Tag>) },
      ]}
    />
  );
}

/** The return's tables as on paper, in the order of the Excel file's sheets. */
function ReturnTables({ report }: { report: AnnualReportDto }) {
  const { t } = useTranslation();
  const o = report.organizations;
  const total = t('annual.total');
  const place = (g: { name: string; own: boolean }) => (g.own ? t('annual.own', { name: g.name }) : g.name);
  const type = (ledger: string) => t(`organizations.quotaTypes.${ledger}`);
  const units = { org: t('annual.units.org'), quota: t('annual.units.quota'), people: t('annual.units.people') };
  const quotaColumns = [t('annual.columns.quota'), t('annual.columns.occupied'), t('annual.columns.vacant'), t('annual.columns.over')];
  const quotaValues = (f: AnnualReportDto['quota']['total']) => [f.quota, f.occupied, f.vacant, f.over];
  const peopleValues = (p: AnnualReportDto['people']['total']) => [p.total, p.bySex.male, p.bySex.female, ...ageBands.map((b) => p.byAge[b]), ...educationLevels.map((e) => p.byEducation[e]), ...postCategories.map((c) => p.byPostCategory[c])];
  const codes = [...new Set(report.changes.quota.flatMap((q) => Object.keys(q.byCode)))] as (keyof AnnualReportDto['changes']['quota'][number]['byCode'])[];
  const peopleChanges: Row[] = report.changes.people.map((p) => {
    const entries = entryKinds.map((k) => p.entries[k]);
    const exits = exitKinds.map((k) => p.exits[k]);
    return { key: p.ledger, label: type(p.ledger), values: [p.atStart, ...entries, sum(entries), ...exits, sum(exits), p.atEnd] };
  });
  const quotaChanges: Row[] = report.changes.quota.map((q) => {
    const moves = codes.map((c) => q.byCode[c] ?? 0);
    return { key: q.ledger, label: type(q.ledger), values: [q.atStart, ...moves, sum(moves), q.atEnd] };
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <FigureTable
        title={t('annual.tables.organizations')}
        unit={units.org}
        head={t('annual.columns.jurisdiction')}
        columns={[total, ...organizationKinds.map((k) => t(`organizations.kinds.${k}`))]}
        rows={[...o.byJurisdiction.map((g) => ({ key: g.jurisdictionId, label: place(g), values: [g.total, ...organizationKinds.map((k) => g.byKind[k])] })), { key: 'total', label: total, values: [o.total, ...organizationKinds.map((k) => o.byKind[k])], total: true }]}
      />
      <FigureTable title={t('annual.tables.ranks')} unit={units.org} head={t('annual.columns.rank')} columns={[t('annual.columns.count')]} rows={[...organizationRanks.map((k) => ({ key: k, label: t(`organizations.ranks.${k}`), values: [o.byRank[k]] })), { key: 'total', label: total, values: [o.total], total: true }]} />
      <FigureTable
        title={t('annual.tables.classes')}
        unit={units.org}
        head={t('annual.columns.class')}
        columns={[t('annual.columns.count')]}
        rows={[...institutionClasses.map((c) => ({ key: c, label: t(`organizations.classes.${c}`), values: [o.byClass[c]] })), { key: 'none', label: t('annual.unclassified'), values: [o.institutions - sum(institutionClasses.map((c) => o.byClass[c]))] }, { key: 'total', label: total, values: [o.institutions], total: true }]}
      />
      <FigureTable title={t('annual.tables.quota')} unit={units.quota} head={t('annual.columns.ledger')} columns={quotaColumns} rows={[...report.quota.byType.map((q) => ({ key: q.ledger, label: type(q.ledger), values: quotaValues(q) })), { key: 'total', label: total, values: quotaValues(report.quota.total), total: true }]} />
      <FigureTable title={t('annual.tables.quotaByJurisdiction')} unit={units.quota} head={t('annual.columns.jurisdiction')} columns={quotaColumns} rows={[...report.quota.byJurisdiction.map((g) => ({ key: g.jurisdictionId, label: place(g), values: quotaValues(g) })), { key: 'total', label: total, values: quotaValues(report.quota.total), total: true }]} />
      <FigureTable
        title={t('annual.tables.people')}
        unit={units.people}
        head={t('annual.columns.ledger')}
        columns={[total, t('roll.sexes.male'), t('roll.sexes.female'), ...ageBands.map((b) => t(`annual.ageBands.${b}`)), ...educationLevels.map((e) => t(`annual.education.${e}`)), ...postCategories.map((c) => t(`roll.postCategories.${c}`))]}
        rows={[...report.people.byType.map((p) => ({ key: p.ledger, label: type(p.ledger), values: peopleValues(p) })), { key: 'total', label: total, values: peopleValues(report.people.total), total: true }]}
      />
      <FigureTable
        title={t('annual.tables.peopleChanges')}
        unit={units.people}
        head={t('annual.columns.ledger')}
        columns={[t('annual.columns.atStart'), ...entryKinds.map((k) => t('annual.columns.entry', { kind: t(`roll.entryKinds.${k}`) })), t('annual.columns.entriesTotal'), ...exitKinds.map((k) => t('annual.columns.exit', { kind: t(`roll.exitKinds.${k}`) })), t('annual.columns.exitsTotal'), t('annual.columns.atEnd')]}
        rows={[...peopleChanges, totalRow(total, peopleChanges)]}
      />
      <FigureTable title={t('annual.tables.quotaChanges')} unit={units.quota} head={t('annual.columns.ledger')} columns={[t('annual.columns.atStart'), ...codes.map((c) => t(`quota.codes.${c}`)), t('annual.columns.changesTotal'), t('annual.columns.atEnd')]} rows={[...quotaChanges, totalRow(total, quotaChanges)]} />
      <FigureTable
        title={t('annual.tables.outside')}
        unit={units.people}
        head={t('annual.columns.kind')}
        columns={[total, ...fundingSources.map((f) => t(`workforce.funding.${f}`))]}
        rows={[...auxiliaryKinds.map((k) => report.outsideQuota.byKind.find((r) => r.kind === k)!).map((r) => ({ key: r.kind, label: t(`workforce.kinds.${r.kind}`), values: [r.total, ...fundingSources.map((f) => r.byFunding[f])] })), { key: 'total', label: total, values: [report.outsideQuota.total, ...fundingSources.map((f) => report.outsideQuota.byFunding[f])], total: true }]}
      />
    </Space>
  );
}

/** 统计年报: one jurisdiction's year-end return as of December 31, its checks, and the Excel and PDF to hand in. */
function AnnualReport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const queryClient = useQueryClient();
  const { treeData } = useJurisdictionOptions();
  const [year, setYear] = useState<Dayjs>(() => chinaToday().subtract(1, 'year'));
  const [picked, setPicked] = useState<string | undefined>();
  const jurisdictionId = picked ?? me.data?.jurisdictionId ?? undefined;
  const input = { year: year.year(), jurisdictionId };
  const report = useQuery({ ...trpc.analysis.annual.report.queryOptions(input), enabled: Boolean(jurisdictionId) });
  const excel = useExcelDownload();
  const pdf = useExcelDownload();
  const failed = report.data?.checks.filter((c) => !c.passed) ?? [];

  return (
    <Card
      title={t('annual.title')}
      extra={
        <Space wrap>
          <DatePicker picker="year" value={year} onChange={(value) => value && setYear(value)} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'year')} aria-label={t('annual.year')} />
          <TreeSelect treeData={treeData} value={jurisdictionId} onChange={setPicked} treeDefaultExpandAll showSearch treeNodeFilterProp="title" style={{ width: 200 }} aria-label={t('annual.columns.jurisdiction')} />
          <Button icon={<DownloadOutlined />} onClick={() => void excel.download(() => queryClient.fetchQuery({ ...trpc.analysis.annual.export.queryOptions({ ...input, format: 'xlsx' }), staleTime: 0 }))} loading={excel.pending} disabled={!report.data}>
            {t('annual.exportExcel')}
          </Button>
          <Button icon={<FilePdfOutlined />} onClick={() => void pdf.download(() => queryClient.fetchQuery({ ...trpc.analysis.annual.export.queryOptions({ ...input, format: 'pdf' }), staleTime: 0 }))} loading={pdf.pending} disabled={!report.data}>
            {t('annual.exportPdf')}
          </Button>
        </Space>
      }
    >
      {report.isError ? (
        <LoadFailed error={report.error} onRetry={() => void report.refetch()} />
      ) : !report.data ? (
        <Card loading />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('annual.asOf', { name: report.data.jurisdiction.name, date: report.data.asOf, start: report.data.startOf })}</Typography.Text>
          {report.data.provisional && <Alert type="info" showIcon message={t('annual.provisional', { year: report.data.year })} />}
          {failed.length === 0 ? (
            <Alert type="success" showIcon message={t('annual.checksPassed', { count: report.data.checks.length })} />
          ) : (
            <Alert
              type="error"
              showIcon
              data-testid="annual-checks-failed"
              message={t('annual.checksFailed', { failed: failed.length })}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {failed.map((c) => (
                    <li key={`${c.code}|${c.ledger ?? ''}`}>{t('annual.failure', { check: t(`annual.checks.${c.code}`), ledger: c.ledger ? t(`organizations.quotaTypes.${c.ledger}`) : t('annual.columns.allTypes'), expected: c.expected, actual: c.actual, difference: c.difference > 0 ? `+${c.difference}` : c.difference })}</li>
                  ))}
                </ul>
              }
            />
          )}
          <ReturnTables report={report.data} />
          <Card size="small" title={t('annual.tables.checks')}>
            <ChecksTable checks={report.data.checks} />
          </Card>
        </Space>
      )}
    </Card>
  );
}

export function AnnualReportPage() {
  return (
    <RequirePermission permission="analysis.annual.read">
      <AnnualReport />
    </RequirePermission>
  );
}
