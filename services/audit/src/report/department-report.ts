import type { z } from 'zod';
import type { departmentReportInput, ReportFile, ViolationKind, ViolationStatus } from '@bianzhi/contracts/audit';
import { quotaTypeLabels, quotaTypes, transferCodeLabels, type QuotaType, type UnitBalanceRow } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { addDays, chinaClock, chinaDayStart } from '@bianzhi/domain/calendar';
import { workbookOf } from '@bianzhi/sheets/read';
import { escapeHtml, htmlTable, printPdf, reportDocument } from '@bianzhi/sheets/pdf';
import type { AuditDb } from '../db.js';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { listEntries } from '../log/log.repository.js';

/**
 * 机构编制责任审计报告: for one unit and period, how its quota was used (figures at the start and the
 * end, every documented movement of its quota), what changed in the registry and on its roll (from the
 * audit log), and the violations found and how they were dealt with. As Excel, or as a PDF printed by
 * Chromium with the Noto CJK fonts.
 */
const kindLabels: Record<ViolationKind, string> = { over_quota_hiring: '超编进人', over_post_appointment: '超职数配备', unauthorized_organization: '擅自设立机构', ghost_employee: '吃空饷', mixed_posting: '混岗', other: '其他' };
const statusLabels: Record<ViolationStatus, string> = { open: '待整改', rectifying: '整改中', closed: '已关闭' };
const eventLabels: Record<string, string> = {
  'registry.organization.created': '机构设立',
  'registry.organization.activated': '机构启用',
  'registry.organization.updated': '机构信息变更',
  'registry.organization.renamed': '机构更名',
  'registry.organization.merged': '机构合并',
  'ledger.accounts.opened': '开设编制账户',
  'ledger.person.entered': '人员入编',
  'ledger.person.exited': '人员出编',
  'ledger.leadership.appointed': '领导职务任命',
  'ledger.person.transferred_with_quota': '带编调任',
  'ledger.leadership.removed': '领导职务免职',
  'ledger.plan.filed': '申报用编计划',
  'ledger.plan.approved': '批准用编计划',
  'ledger.plan.rejected': '退回用编计划',
  'ledger.plan.cancelled': '撤回用编计划',
  'ledger.penalty.imposed': '处罚（冻结或核减编制）',
  'ledger.penalty.lifted': '解除处罚',
  'ledger.control.set': '编制控制措施',
  'audit.violation.opened': '登记违规问题',
  'audit.violation.updated': '报告整改情况',
  'audit.violation.closed': '违规问题复核关闭',
  'audit.notice.issued': '下发督查通知书',
  'audit.notice.acknowledged': '签收督查通知书',
  'audit.notice.closed': '督查通知书办结',
  'audit.talk.recorded': '约谈',
  'audit.commitment.reported': '报告承诺事项完成',
  'audit.commitment.confirmed': '确认承诺事项完成',
};
/** Movements that change a unit's quota (not the entries and exits inside it). */
const quotaCodes = new Set(['allocate', 'increase', 'recover', 'transfer', 'delegate', 'cut', 'freeze', 'unfreeze', 'borrow', 'return']);

export interface ReportData {
  unit: { id: string; name: string };
  from: string;
  to: string;
  figures: { ledger: QuotaType; start: UnitBalanceRow | null; end: UnitBalanceRow }[];
  movements: { date: string; ledger: QuotaType; code: string; documentNumber: string | null; change: number; after: number }[];
  events: { time: Date; what: string; actor: string; documentNumber: string | null }[];
  violations: { kind: ViolationKind; title: string; recordedAt: Date; deadline: string | null; status: ViolationStatus; closedAt: Date | null; conclusion: string | null }[];
}

export const beijingDay = (date: Date) => chinaClock(date).slice(0, 10);
export const beijingTime = (date: Date) => chinaClock(date).slice(0, 16);

export async function reportData(db: AuditDb, scope: JurisdictionScope, ledger: LedgerPort, principal: Principal, input: { organizationId: string; from: string; to: string }): Promise<ReportData> {
  const unit = await scope.organizationOf(principal, input.organizationId);
  const [before, after] = await Promise.all([ledger.unitFigures(principal, unit.id, addDays(input.from, -1)), ledger.unitFigures(principal, unit.id, input.to)]);
  const figures = after
    .filter((row) => row.quota !== 0 || row.occupied !== 0 || before.some((b) => b.ledger === row.ledger && (b.quota !== 0 || b.occupied !== 0)))
    .sort((a, b) => quotaTypes.indexOf(a.ledger) - quotaTypes.indexOf(b.ledger))
    .map((end) => ({ ledger: end.ledger, start: before.find((b) => b.ledger === end.ledger) ?? null, end }));
  const statements = await Promise.all(figures.map(async (f) => ({ ledger: f.ledger, lines: await ledger.statement(principal, f.end.vacantAccountId) })));
  const movements = statements
    .flatMap(({ ledger: type, lines }) =>
      lines
        .filter((line) => quotaCodes.has(line.code) && line.effectiveDate >= input.from && line.effectiveDate <= input.to)
        .map((line) => ({ date: line.effectiveDate, ledger: type, code: line.code, documentNumber: line.documentNumber, change: line.balanceAfter - line.balanceBefore, after: line.balanceAfter })),
    )
    .sort((a, b) => a.date.localeCompare(b.date));
  const entries = await listEntries(db, { jurisdictionIds: await scope.jurisdictionIdsOf(principal), organizationId: unit.id, from: chinaDayStart(input.from), to: chinaDayStart(addDays(input.to, 1)), limit: 500 });
  const events = entries.reverse().map((e) => ({
    time: e.occurredAt,
    what: eventLabels[e.eventType] ?? e.eventType,
    actor: e.actor.name ?? e.actor.id,
    documentNumber: typeof e.payload['documentNumber'] === 'string' ? e.payload['documentNumber'] : null,
  }));
  const violations = await db
    .selectFrom('audit.violations')
    .selectAll()
    .where('organization_id', '=', unit.id)
    .where('recorded_at', '<', chinaDayStart(addDays(input.to, 1)))
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', chinaDayStart(input.from))]))
    .orderBy('recorded_at')
    .execute();
  return {
    unit: { id: unit.id, name: unit.name },
    from: input.from,
    to: input.to,
    figures,
    movements,
    events,
    violations: violations.map((v) => ({ kind: v.kind as ViolationKind, title: v.title, recordedAt: v.recorded_at, deadline: v.deadline as string | null, status: v.status as ViolationStatus, closedAt: v.closed_at, conclusion: v.conclusion })),
  };
}

export const figureColumns = ['编制类型', '期初核定', '期初实有', '期末核定', '期末实有', '期末空编', '期末超编'];
export const figureRow = (f: ReportData['figures'][number]) => [quotaTypeLabels[f.ledger], f.start?.quota ?? 0, f.start?.occupied ?? 0, f.end.quota, f.end.occupied, Math.max(0, f.end.vacant), f.end.over];
export const movementColumns = ['生效日期', '编制类型', '事项', '文号', '变动', '变动后空编'];
export const movementRow = (m: ReportData['movements'][number]) => [m.date, quotaTypeLabels[m.ledger], transferCodeLabels[m.code as keyof typeof transferCodeLabels] ?? m.code, m.documentNumber ?? '', m.change > 0 ? `+${m.change}` : String(m.change), m.after];
export const eventColumns = ['时间', '事项', '操作人', '文号'];
export const eventRow = (e: ReportData['events'][number]) => [beijingTime(e.time), e.what, e.actor, e.documentNumber ?? ''];
export const violationColumns = ['类型', '问题', '登记日期', '整改期限', '状态', '关闭日期', '复核结论'];
export const violationRow = (v: ReportData['violations'][number]) => [kindLabels[v.kind], v.title, beijingDay(v.recordedAt), v.deadline ?? '', statusLabels[v.status], v.closedAt ? beijingDay(v.closedAt) : '', v.conclusion ?? ''];

export function summary(data: ReportData): string {
  const open = data.violations.filter((v) => v.status !== 'closed').length;
  const over = data.figures.filter((f) => f.end.over > 0).map((f) => quotaTypeLabels[f.ledger]);
  return [
    `审计期间：${data.from} 至 ${data.to}。`,
    `期间编制变动 ${data.movements.length} 笔，机构和人员事项 ${data.events.length} 项。`,
    over.length > 0 ? `期末超编：${over.join('、')}。` : '期末各类编制均未超编。',
    data.violations.length > 0 ? `期间涉及违规问题 ${data.violations.length} 个，其中未关闭 ${open} 个。` : '期间未发现违规问题。',
  ].join('');
}

export function reportHtml(data: ReportData, generatedAt: Date): string {
  return reportDocument({
    title: '机构编制责任审计报告',
    subtitle: `${data.unit.name}　｜　${data.from} 至 ${data.to}`,
    sections: [
      { heading: '一、总体情况', html: `<p>${escapeHtml(summary(data))}</p>` },
      { heading: '二、编制使用情况', html: htmlTable(figureColumns, data.figures.map(figureRow), '该单位没有编制账户。') },
      { heading: '三、编制变动', html: htmlTable(movementColumns, data.movements.map(movementRow), '审计期间没有编制核定、核减或划转。') },
      { heading: '四、机构和人员事项', html: htmlTable(eventColumns, data.events.map(eventRow), '审计期间没有记录。') },
      { heading: '五、违规问题及整改', html: htmlTable(violationColumns, data.violations.map(violationRow), '审计期间未发现违规问题。') },
    ],
    footer: `本报告由编制管理平台根据防篡改审计日志和编制台账生成，生成时间 ${beijingTime(generatedAt)}（北京时间）。`,
  });
}

export async function departmentReport(db: AuditDb, scope: JurisdictionScope, ledger: LedgerPort, principal: Principal, input: z.infer<typeof departmentReportInput>): Promise<ReportFile> {
  const data = await reportData(db, scope, ledger, principal, input);
  const base = `机构编制责任审计报告-${data.unit.name}-${data.from}至${data.to}`;
  if (input.format === 'pdf') {
    const pdf = await printPdf(reportHtml(data, new Date()));
    return { filename: `${base}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') };
  }
  const title = `${data.unit.name} 机构编制责任审计（${data.from} 至 ${data.to}）`;
  const content = await workbookOf([
    { name: '总体情况', columns: [{ header: '项目', width: 16 }, { header: '内容', width: 90 }], rows: [['单位', data.unit.name], ['审计期间', `${data.from} 至 ${data.to}`], ['总体情况', summary(data)]], title },
    { name: '编制使用', columns: figureColumns.map((header) => ({ header })), rows: data.figures.map(figureRow) },
    { name: '编制变动', columns: movementColumns.map((header, i) => ({ header, width: i === 3 ? 26 : 14 })), rows: data.movements.map(movementRow) },
    { name: '机构和人员事项', columns: eventColumns.map((header, i) => ({ header, width: i === 1 ? 24 : 18 })), rows: data.events.map(eventRow) },
    { name: '违规问题', columns: violationColumns.map((header, i) => ({ header, width: i === 1 || i === 6 ? 36 : 12 })), rows: data.violations.map(violationRow) },
  ]);
  return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: content.toString('base64') };
}
