import type { z } from 'zod';
import type { ReportFile } from '@bianzhi/contracts/audit';
import type { NoticeStatus, termReportInput } from '@bianzhi/contracts/supervision';
import { quotaTypeLabels } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { addDays, chinaDayStart } from '@bianzhi/domain/calendar';
import { workbookOf } from '@bianzhi/sheets/read';
import { escapeHtml, htmlTable, printPdf, reportDocument } from '@bianzhi/sheets/pdf';
import type { AuditDb } from '../db.js';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { beijingDay, beijingTime, eventColumns, eventRow, figureColumns, figureRow, movementColumns, movementRow, reportData, summary, violationColumns, violationRow, type ReportData } from './department-report.js';

/**
 * 任期审计 (领导干部机构编制责任审计): one report over a leader's term across the units they led —
 * each unit's quota and people at the start and the end of the term, every quota movement and every
 * logged change in between, the violations and how they ended, and the supervision notices and talks.
 * The platform holds no history of who led which unit, so the caller names the leader, the post, the
 * term and the units; the report says so, and every figure in it comes from the ledger and the log.
 */
interface UnitTerm {
  data: ReportData;
  notices: { number: string; issuedAt: Date; problem: string; deadline: string; status: NoticeStatus; closedAt: Date | null; conclusion: string | null }[];
  talks: { heldOn: string; points: string; commitments: number; done: number }[];
}

const noticeStatusLabels: Record<NoticeStatus, string> = { issued: '待签收', acknowledged: '已签收', closed: '已办结' };

async function unitTerm(db: AuditDb, scope: JurisdictionScope, ledger: LedgerPort, principal: Principal, organizationId: string, from: string, to: string): Promise<UnitTerm> {
  const data = await reportData(db, scope, ledger, principal, { organizationId, from, to });
  const end = chinaDayStart(addDays(to, 1));
  const notices = await db
    .selectFrom('audit.notices')
    .selectAll()
    .where('organization_id', '=', data.unit.id)
    .where('issued_at', '<', end)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', chinaDayStart(from))]))
    .orderBy('issued_at')
    .execute();
  const talks = await db
    .selectFrom('audit.talks as t')
    .leftJoin('audit.commitments as c', 'c.talk_id', 't.id')
    .select(['t.id', 't.held_on', 't.points'])
    .select((eb) => [eb.fn.count<string>('c.id').as('commitments'), eb.fn.count<string>('c.id').filterWhere('c.status', '=', 'done').as('done')])
    .where('t.organization_id', '=', data.unit.id)
    .where('t.held_on', '>=', from)
    .where('t.held_on', '<=', to)
    .groupBy(['t.id', 't.held_on', 't.points'])
    .orderBy('t.held_on')
    .execute();
  return {
    data,
    notices: notices.map((n) => ({ number: n.number, issuedAt: n.issued_at, problem: n.problem, deadline: n.deadline as string, status: n.status as NoticeStatus, closedAt: n.closed_at, conclusion: n.conclusion })),
    talks: talks.map((t) => ({ heldOn: t.held_on as string, points: t.points, commitments: Number(t.commitments), done: Number(t.done) })),
  };
}

const noticeColumns = ['文号', '下发日期', '存在的问题', '整改期限', '状态', '办结日期', '办结结论'];
const noticeRow = (n: UnitTerm['notices'][number]) => [n.number, beijingDay(n.issuedAt), n.problem, n.deadline, noticeStatusLabels[n.status], n.closedAt ? beijingDay(n.closedAt) : '', n.conclusion ?? ''];
const talkColumns = ['约谈日期', '指出的问题', '承诺事项', '已确认完成'];
const talkRow = (t: UnitTerm['talks'][number]) => [t.heldOn, t.points, t.commitments, t.done];

/** Each unit's rows with the unit's name in front, for the sheets and tables that cover every unit. */
const perUnit = <T>(units: UnitTerm[], rows: (u: UnitTerm) => T[], row: (item: T) => (string | number)[]) => units.flatMap((u) => rows(u).map((item) => [u.data.unit.name, ...row(item)]));

function termSummary(input: { leaderName: string; post: string; from: string; to: string }, units: UnitTerm[]): string {
  const over = units.flatMap((u) => u.data.figures.filter((f) => f.end.over > 0).map((f) => `${u.data.unit.name}${quotaTypeLabels[f.ledger]}`));
  const violations = units.flatMap((u) => u.data.violations);
  const notices = units.flatMap((u) => u.notices);
  return [
    `被审计领导干部：${input.leaderName}${input.post ? `（${input.post}）` : ''}，任期 ${input.from} 至 ${input.to}，涉及单位 ${units.length} 个：${units.map((u) => u.data.unit.name).join('、')}。`,
    `任期内编制变动 ${units.reduce((n, u) => n + u.data.movements.length, 0)} 笔，机构和人员事项 ${units.reduce((n, u) => n + u.data.events.length, 0)} 项。`,
    over.length > 0 ? `任期末超编：${over.join('、')}。` : '任期末各单位各类编制均未超编。',
    violations.length > 0 ? `任期内涉及违规问题 ${violations.length} 个，其中未关闭 ${violations.filter((v) => v.status !== 'closed').length} 个。` : '任期内未发现违规问题。',
    notices.length > 0 ? `收到督查通知书 ${notices.length} 份，其中未办结 ${notices.filter((n) => n.status !== 'closed').length} 份。` : '任期内未收到督查通知书。',
  ].join('');
}

const basis = '领导干部的姓名、职务、任期和所领导的单位由审计人员填报，平台不保存领导干部任职经历；其余内容均来自编制台账和防篡改审计日志。';

export async function termReport(db: AuditDb, scope: JurisdictionScope, ledger: LedgerPort, principal: Principal, input: z.infer<typeof termReportInput>): Promise<ReportFile> {
  const units = await Promise.all(input.organizationIds.map((id) => unitTerm(db, scope, ledger, principal, id, input.from, input.to)));
  const base = `任期机构编制责任审计报告-${input.leaderName}-${input.from}至${input.to}`;
  const withUnit = (columns: string[]) => ['单位', ...columns];
  const figures = perUnit(units, (u) => u.data.figures, figureRow);
  const movements = perUnit(units, (u) => u.data.movements, movementRow);
  const events = perUnit(units, (u) => u.data.events, eventRow);
  const violations = perUnit(units, (u) => u.data.violations, violationRow);
  const notices = perUnit(units, (u) => u.notices, noticeRow);
  const talks = perUnit(units, (u) => u.talks, talkRow);
  const overall = termSummary(input, units);
  if (input.format === 'pdf') {
    const html = reportDocument({
      title: '任期机构编制责任审计报告',
      subtitle: `${input.leaderName}${input.post ? `　${input.post}` : ''}　｜　${input.from} 至 ${input.to}`,
      sections: [
        { heading: '一、总体情况', html: `<p>${escapeHtml(overall)}</p>${units.map((u) => `<p>${escapeHtml(`${u.data.unit.name}：${summary(u.data)}`)}</p>`).join('')}<p class="empty">${escapeHtml(basis)}</p>` },
        { heading: '二、任期初和任期末编制使用情况', html: htmlTable(withUnit(figureColumns), figures, '所涉单位没有编制账户。') },
        { heading: '三、任期内编制变动', html: htmlTable(withUnit(movementColumns), movements, '任期内没有编制核定、核减或划转。') },
        { heading: '四、任期内机构和人员事项', html: htmlTable(withUnit(eventColumns), events, '任期内没有记录。') },
        { heading: '五、违规问题及整改', html: htmlTable(withUnit(violationColumns), violations, '任期内未发现违规问题。') },
        { heading: '六、督查通知书', html: htmlTable(withUnit(noticeColumns), notices, '任期内未收到督查通知书。') },
        { heading: '七、约谈', html: htmlTable(withUnit(talkColumns), talks, '任期内没有约谈。') },
      ],
      footer: `本报告由编制管理平台根据防篡改审计日志和编制台账生成，生成时间 ${beijingTime(new Date())}（北京时间）。`,
      landscape: true,
    });
    const pdf = await printPdf(html);
    return { filename: `${base}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') };
  }
  const title = `${input.leaderName} 任期机构编制责任审计（${input.from} 至 ${input.to}）`;
  const columns = (headers: string[], wide: number[] = []) => withUnit(headers).map((header, i) => ({ header, width: i === 0 ? 24 : wide.includes(i - 1) ? 36 : 14 }));
  const content = await workbookOf([
    {
      name: '总体情况',
      columns: [{ header: '项目', width: 16 }, { header: '内容', width: 100 }],
      rows: [['领导干部', input.leaderName], ['职务', input.post], ['任期', `${input.from} 至 ${input.to}`], ['总体情况', overall], ...units.map((u) => [u.data.unit.name, summary(u.data)]), ['说明', basis]],
      title,
    },
    { name: '编制使用', columns: columns(figureColumns), rows: figures },
    { name: '编制变动', columns: columns(movementColumns, [3]), rows: movements },
    { name: '机构和人员事项', columns: columns(eventColumns, [1]), rows: events },
    { name: '违规问题', columns: columns(violationColumns, [1, 6]), rows: violations },
    { name: '督查通知书', columns: columns(noticeColumns, [2, 6]), rows: notices },
    { name: '约谈', columns: columns(talkColumns, [1]), rows: talks },
  ]);
  return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: content.toString('base64') };
}
