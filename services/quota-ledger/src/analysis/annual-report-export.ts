import type { AnnualReportDto } from '@bianzhi/contracts/annual-report';
import { entryKinds, exitKinds, postCategories, quotaTypeLabels, transferCodeLabels, type QuotaType } from '@bianzhi/contracts/ledger';
import { postCategoryLabels } from '@bianzhi/contracts/named-roll';
import { auxiliaryKindLabels, fundingSourceLabels, fundingSources } from '@bianzhi/contracts/workforce';
import type { Principal } from '@bianzhi/domain/access';
import { ageBandLabels, ageBands, annualCheckLabels, educationLevelLabels, educationLevels } from '@bianzhi/domain/annual-report';
import type { TransferCode } from '@bianzhi/domain/authority';
import { chinaClock } from '@bianzhi/domain/calendar';
import { institutionClasses, organizationKinds, organizationRanks } from '@bianzhi/domain/organization';
import { classLabels, kindLabels, rankLabels } from '@bianzhi/domain/organization-labels';
import { escapeHtml, htmlTable, printPdf, reportDocument } from '@bianzhi/sheets/pdf';
import { workbookOf } from '@bianzhi/sheets/read';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { annualReport } from './annual-report.service.js';

const entryKindLabels: Record<(typeof entryKinds)[number], string> = { exam: '考试录用', transfer_in: '调入', military: '军转安置', talent: '人才引进' };
const exitKindLabels: Record<(typeof exitKinds)[number], string> = { retirement: '退休', resignation: '辞职', transfer_out: '调出', death: '死亡', dismissal: '辞退开除' };
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const typeLabel = (ledger: string | null) => (ledger ? (quotaTypeLabels[ledger as QuotaType] ?? ledger) : '全部');

type Cell = string | number;
/** One table of the return: a sheet in the Excel file, a section in the PDF. The last row is the total. */
interface ReturnTable {
  sheet: string;
  title: string;
  unit: string;
  columns: string[];
  rows: Cell[][];
}

/** The report's tables as a statistician hands them in, in the order of the return. */
export function returnTables(r: AnnualReportDto): ReturnTable[] {
  const o = r.organizations;
  const codes = [...new Set(r.changes.quota.flatMap((q) => Object.keys(q.byCode)))] as TransferCode[];
  const quotaCells = (f: AnnualReportDto['quota']['total']) => [f.quota, f.occupied, f.vacant, f.over];
  const quotaColumns = ['核定编制数', '实有人数', '空编数', '超编数'];
  const peopleCells = (p: AnnualReportDto['people']['total']) => [p.total, p.bySex.male, p.bySex.female, ...ageBands.map((b) => p.byAge[b]), ...educationLevels.map((e) => p.byEducation[e]), ...postCategories.map((c) => p.byPostCategory[c])];
  const peopleMoves = (p: AnnualReportDto['changes']['people'][number]) => {
    const entries = entryKinds.map((k) => p.entries[k]);
    const exits = exitKinds.map((k) => p.exits[k]);
    return [p.atStart, ...entries, sum(entries), ...exits, sum(exits), p.atEnd];
  };
  const quotaMoves = (q: AnnualReportDto['changes']['quota'][number]) => [q.atStart, ...codes.map((c) => q.byCode[c] ?? 0), sum(codes.map((c) => q.byCode[c] ?? 0)), q.atEnd];
  const columnTotals = (rows: Cell[][], from: number) => rows[0]?.slice(from).map((_, i) => sum(rows.map((row) => Number(row[from + i])))) ?? [];
  const withTotal = (rows: Cell[][], labelColumns: number) => [...rows, ['合计', ...Array<string>(labelColumns - 1).fill(''), ...columnTotals(rows, labelColumns)]];
  return [
    {
      sheet: '表1 机构',
      title: '机构数（按区划和机构类别）',
      unit: '个',
      columns: ['区划', '机构总数', ...organizationKinds.map((k) => kindLabels[k])],
      rows: [...o.byJurisdiction.map((g) => [g.own ? `${g.name}（本级）` : g.name, g.total, ...organizationKinds.map((k) => g.byKind[k])]), ['合计', o.total, ...organizationKinds.map((k) => o.byKind[k])]],
    },
    { sheet: '表2 机构规格', title: '机构数（按机构规格）', unit: '个', columns: ['机构规格', '机构数'], rows: [...organizationRanks.map((k) => [rankLabels[k], o.byRank[k]]), ['合计', o.total]] },
    { sheet: '表3 事业单位分类', title: '事业单位数（按分类）', unit: '个', columns: ['类别', '事业单位数'], rows: [...institutionClasses.map((c) => [classLabels[c], o.byClass[c]]), ['未分类', o.institutions - sum(institutionClasses.map((c) => o.byClass[c]))], ['合计', o.institutions]] },
    { sheet: '表4 编制', title: '编制及实有人员（按编制类型）', unit: '名', columns: ['编制类型', ...quotaColumns], rows: [...r.quota.byType.map((t) => [typeLabel(t.ledger), ...quotaCells(t)]), ['合计', ...quotaCells(r.quota.total)]] },
    { sheet: '表5 分区划编制', title: '编制及实有人员（按区划）', unit: '名', columns: ['区划', ...quotaColumns], rows: [...r.quota.byJurisdiction.map((g) => [g.own ? `${g.name}（本级）` : g.name, ...quotaCells(g)]), ['合计', ...quotaCells(r.quota.total)]] },
    {
      sheet: '表6 在编人员',
      title: '在编人员（按性别、年龄、学历、岗位类别）',
      unit: '人',
      columns: ['编制类型', '合计', '男', '女', ...ageBands.map((b) => ageBandLabels[b]), ...educationLevels.map((e) => educationLevelLabels[e]), ...postCategories.map((c) => postCategoryLabels[c])],
      rows: [...r.people.byType.map((p) => [typeLabel(p.ledger), ...peopleCells(p)]), ['合计', ...peopleCells(r.people.total)]],
    },
    {
      sheet: '表7 人员增减',
      title: '本年人员增减（按原因）',
      unit: '人',
      columns: ['编制类型', '年初人数', ...entryKinds.map((k) => `进入：${entryKindLabels[k]}`), '进入小计', ...exitKinds.map((k) => `减少：${exitKindLabels[k]}`), '减少小计', '年末人数'],
      rows: withTotal(r.changes.people.map((p) => [typeLabel(p.ledger), ...peopleMoves(p)]), 1),
    },
    {
      sheet: '表8 编制增减',
      title: '本年编制增减（按事由）',
      unit: '名',
      columns: ['编制类型', '年初编制数', ...codes.map((c) => transferCodeLabels[c] ?? c), '增减合计', '年末编制数'],
      rows: withTotal(r.changes.quota.map((q) => [typeLabel(q.ledger), ...quotaMoves(q)]), 1),
    },
    {
      sheet: '表9 编外人员',
      title: '编外人员（按类别和经费来源）',
      unit: '人',
      columns: ['类别', '合计', ...fundingSources.map((f) => fundingSourceLabels[f])],
      rows: [...r.outsideQuota.byKind.map((k) => [auxiliaryKindLabels[k.kind], k.total, ...fundingSources.map((f) => k.byFunding[f])]), ['合计', r.outsideQuota.total, ...fundingSources.map((f) => r.outsideQuota.byFunding[f])]],
    },
  ];
}

const checkRows = (r: AnnualReportDto): Cell[][] => r.checks.map((c) => [annualCheckLabels[c.code]['zh-CN'], typeLabel(c.ledger), c.expected, c.actual, c.difference, c.passed ? '通过' : '未通过']);
const checkColumns = ['校验项', '编制类型', '应为', '实为', '差额', '结果'];

function subtitleOf(r: AnnualReportDto, unit?: string) {
  return [`填报单位：${r.jurisdiction.name}`, `统计时点：${r.asOf}`, ...(unit ? [`计量单位：${unit}`] : []), ...(r.provisional ? ['年度未结束，为截至目前的数据'] : [])].join('　');
}
const fileName = (r: AnnualReportDto, ext: string) => `机构编制统计年报-${r.jurisdiction.name}-${r.year}.${ext}`;

/** The return as an Excel file: one titled sheet per table (who, when, unit of measure, totals row), then the checks. */
export async function annualReportXlsx(deps: LedgerDeps, principal: Principal, input: { year: number; jurisdictionId?: string | undefined }) {
  const report = await annualReport(deps, principal, input);
  const sheets = returnTables(report).map((t) => ({ name: t.sheet, title: `${report.year}年${t.title}`, subtitle: subtitleOf(report, t.unit), columns: t.columns.map((header, i) => ({ header, width: i === 0 ? 22 : Math.max(10, header.length * 2 + 2) })), rows: t.rows }));
  const failed = report.failedChecks ? `（${report.failedChecks}项未通过）` : '（全部通过）';
  sheets.push({ name: '表间校验', title: `${report.year}年表间校验${failed}`, subtitle: subtitleOf(report), columns: checkColumns.map((header, i) => ({ header, width: i === 0 ? 44 : 12 })), rows: checkRows(report) });
  const content = await workbookOf(sheets);
  return { filename: fileName(report, 'xlsx'), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: content.toString('base64') };
}

/** The same return printed as a landscape A4 PDF, each table a section, the checks last with failures marked. */
export async function annualReportPdf(deps: LedgerDeps, principal: Principal, input: { year: number; jurisdictionId?: string | undefined }) {
  const report = await annualReport(deps, principal, input);
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const tables = returnTables(report);
  const html = reportDocument({
    title: `${report.year}年机构编制统计年报`,
    subtitle: subtitleOf(report),
    landscape: true,
    sections: [
      ...tables.map((t, i) => ({ heading: `${numerals[i]}、${t.title}（单位：${t.unit}）`, html: htmlTable(t.columns, t.rows, '没有数据。') })),
      {
        heading: `${numerals[tables.length]}、表间校验${report.failedChecks ? `：${report.failedChecks}项未通过` : '：全部通过'}`,
        html: report.failedChecks ? `<p><strong>${escapeHtml(`本报表有${report.failedChecks}项表间校验未通过，见下表“未通过”各行。`)}</strong></p>${htmlTable(checkColumns, checkRows(report), '')}` : htmlTable(checkColumns, checkRows(report), ''),
      },
    ],
    footer: `由编制管理平台根据编制台账、实名制名册和机构登记生成；年龄按统计时点计算。生成时间 ${chinaClock(new Date()).slice(0, 16)}（北京时间）。`,
  });
  const pdf = await printPdf(html);
  return { filename: fileName(report, 'pdf'), contentType: 'application/pdf', contentBase64: pdf.toString('base64') };
}
