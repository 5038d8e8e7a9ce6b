import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditNotices } from '@bianzhi/db/generated/audit';
import type { closeNoticeInput, issueNoticeInput, listNoticesInput, NoticeDto, NoticeStatus } from '@bianzhi/contracts/supervision';
import type { ReportFile } from '@bianzhi/contracts/audit';
import { quotaTypeLabels, quotaTypes, type QuotaType } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { chinaClock, todayInChina } from '@bianzhi/domain/calendar';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { assertNoticeStep, isOverdue, noticeNumber, type NoticeStep } from '@bianzhi/domain/supervision';
import { escapeHtml, htmlTable, printPdf, reportDocument } from '@bianzhi/sheets/pdf';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { AuditDb, AuditTx } from '../db.js';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { appendToChain } from '../log/log.service.js';
import { nextDocumentNumber } from '../document-counter.js';

type Who = { id: string; name?: string };
export const who = (principal: Principal): string => JSON.stringify({ id: principal.id, name: principal.name });

/** The unit's figures on the day of issue, as the notice prints them. */
interface NoticeFigure {
  ledger: QuotaType;
  quota: number;
  occupied: number;
  vacant: number;
  over: number;
}

function toDto(row: Selectable<AuditNotices>, today: string): NoticeDto {
  const deadline = row.deadline as string;
  return {
    id: row.id,
    number: row.number,
    year: row.year,
    seq: row.seq,
    jurisdictionId: row.jurisdiction_id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    violationId: row.violation_id,
    problem: row.problem,
    requirement: row.requirement,
    deadline,
    status: row.status as NoticeStatus,
    overdue: isOverdue(row.status === 'closed', deadline, today),
    issuedBy: row.issued_by as Who,
    issuedAt: row.issued_at,
    acknowledgedBy: row.acknowledged_by as Who | null,
    acknowledgedAt: row.acknowledged_at,
    closedBy: row.closed_by as Who | null,
    closedAt: row.closed_at,
    conclusion: row.conclusion,
  };
}

/** The audit service's own changes go straight onto the chain, in the same transaction. */
export async function logSupervision(
  trx: AuditTx,
  principal: Principal,
  type: string,
  aggregate: { type: string; id: string; jurisdictionId: string; organizationId: string },
  payload: Record<string, unknown>,
  requestId?: string,
) {
  await appendToChain(trx, [
    {
      id: randomUUID(),
      source: 'audit',
      type,
      aggregateType: aggregate.type,
      aggregateId: aggregate.id,
      jurisdictionId: aggregate.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { organizationId: aggregate.organizationId, ...payload },
      requestId,
      occurredAt: new Date().toISOString(),
    },
  ]);
}

/** The notice's row, locked for the step: concurrent steps on one notice (and talks on it) take turns, and each sees the status it acts on. */
export async function lockNoticeFor(trx: AuditTx, id: string, step: NoticeStep, lock: 'update' | 'share' = 'update') {
  const query = trx.selectFrom('audit.notices').select('status').where('id', '=', id);
  const row = await (lock === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirstOrThrow();
  if (step !== 'close') assertNoticeStep(row.status as NoticeStatus, step);
  return row.status as NoticeStatus;
}

/**
 * Issues a numbered notice to a unit in the caller's reach. The number comes from the counter row of
 * the unit's jurisdiction and year, bumped in the issuing transaction: concurrent issues wait for each
 * other on that row, and a failed one gives its number back, so numbers are unique and without gaps.
 */
export async function issueNotice(db: AuditDb, scope: JurisdictionScope, ledger: LedgerPort, principal: Principal, input: z.infer<typeof issueNoticeInput>, requestId?: string): Promise<NoticeDto> {
  const organization = await scope.organizationOf(principal, input.organizationId);
  if (input.violationId) {
    const violation = await db.selectFrom('audit.violations').select('id').where('id', '=', input.violationId).where('organization_id', '=', organization.id).executeTakeFirst();
    if (!violation) throw new DomainError('NOT_FOUND', `violation ${input.violationId} of organization ${organization.id} not found`);
  }
  const today = todayInChina();
  if (input.deadline < today) {
    throw new DomainError('VALIDATION_FAILED', `deadline ${input.deadline} before ${today}`, undefined, bilingual('整改期限不能早于今天', 'The deadline cannot be before today'));
  }
  const figures: NoticeFigure[] = (await ledger.unitFigures(principal, organization.id, today))
    .filter((row) => row.quota !== 0 || row.occupied !== 0)
    .sort((a, b) => quotaTypes.indexOf(a.ledger) - quotaTypes.indexOf(b.ledger))
    .map((row) => ({ ledger: row.ledger, quota: row.quota, occupied: row.occupied, vacant: row.vacant, over: row.over }));
  const year = Number(today.slice(0, 4));
  return db.transaction().execute(async (trx) => {
    const seq = await nextDocumentNumber(trx, 'audit.notice_counters', organization.jurisdictionId, year);
    const row = await trx
      .insertInto('audit.notices')
      .values({
        jurisdiction_id: organization.jurisdictionId,
        organization_id: organization.id,
        organization_name: organization.name,
        year,
        seq,
        number: noticeNumber(year, seq),
        violation_id: input.violationId ?? null,
        problem: input.problem,
        requirement: input.requirement,
        deadline: input.deadline,
        figures: JSON.stringify(figures),
        issued_by: who(principal),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const notice = toDto(row, today);
    await logSupervision(trx, principal, 'audit.notice.issued', { type: 'notice', ...notice }, { number: notice.number, documentNumber: notice.number, organizationName: notice.organizationName, violationId: notice.violationId, problem: notice.problem, requirement: notice.requirement, deadline: notice.deadline }, requestId);
    return notice;
  });
}

/** One notice the caller may see: its unit in the caller's reach, and a unit's user only their own unit's. */
export async function noticeInScope(db: AuditDb | AuditTx, scope: JurisdictionScope, principal: Principal, id: string) {
  const row = await db.selectFrom('audit.notices').selectAll().where('id', '=', id).executeTakeFirst();
  return visibleOrAbsent(scope, principal, row, `notice ${id}`);
}

/** A supervision record of a unit, if the caller may see that unit (a unit's user only their own); absent otherwise. */
export async function visibleOrAbsent<Row extends { organization_id: string }>(scope: JurisdictionScope, principal: Principal, row: Row | undefined, what: string): Promise<Row> {
  if (!row || (principal.organizationId && principal.organizationId !== row.organization_id)) throw new DomainError('NOT_FOUND', `${what} not found`);
  await scope.organizationOf(principal, row.organization_id);
  return row;
}

/** Only a user of the unit itself answers for it (签收, reporting a commitment done). */
export function assertUnitUser(principal: Principal, organizationId: string, what: string) {
  if (principal.organizationId !== organizationId) {
    throw new DomainError('FORBIDDEN', `only the unit's users answer ${what}`, undefined, bilingual('只有被督查单位的用户可以办理', 'Only a user of the supervised unit can do this'));
  }
}

/** 签收: a user of the notified unit acknowledges receipt; nobody signs for a unit they do not belong to. */
export async function acknowledgeNotice(db: AuditDb, scope: JurisdictionScope, principal: Principal, id: string, requestId?: string): Promise<NoticeDto> {
  const existing = await noticeInScope(db, scope, principal, id);
  assertUnitUser(principal, existing.organization_id, `notice ${id}`);
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    await lockNoticeFor(trx, id, 'acknowledge');
    const row = await trx.updateTable('audit.notices').set({ status: 'acknowledged', acknowledged_at: new Date(), acknowledged_by: who(principal) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    const notice = toDto(row, today);
    await logSupervision(trx, principal, 'audit.notice.acknowledged', { type: 'notice', ...notice }, { number: notice.number, before: { status: existing.status }, after: { status: 'acknowledged' } }, requestId);
    return notice;
  });
}

/**
 * 办结: an inspector or the bureau closes an acknowledged notice with a conclusion, once every
 * commitment made in talks on it is confirmed done.
 */
export async function closeNotice(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof closeNoticeInput>, requestId?: string): Promise<NoticeDto> {
  const existing = await noticeInScope(db, scope, principal, input.id);
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    // Lock the notice first: a talk recorded meanwhile waits, and its commitments are counted.
    const status = await lockNoticeFor(trx, input.id, 'close');
    const pending = await trx
      .selectFrom('audit.commitments as c')
      .innerJoin('audit.talks as t', 't.id', 'c.talk_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('t.notice_id', '=', input.id)
      .where('c.status', '<>', 'done')
      .executeTakeFirstOrThrow();
    assertNoticeStep(status, 'close', Number(pending.n));
    const row = await trx.updateTable('audit.notices').set({ status: 'closed', closed_at: new Date(), closed_by: who(principal), conclusion: input.conclusion }).where('id', '=', input.id).returningAll().executeTakeFirstOrThrow();
    const notice = toDto(row, today);
    await logSupervision(trx, principal, 'audit.notice.closed', { type: 'notice', ...notice }, { number: notice.number, before: { status: existing.status }, after: { status: 'closed', conclusion: input.conclusion } }, requestId);
    return notice;
  });
}

export async function getNotice(db: AuditDb, scope: JurisdictionScope, principal: Principal, id: string): Promise<NoticeDto> {
  return toDto(await noticeInScope(db, scope, principal, id), todayInChina());
}

export async function listNotices(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof listNoticesInput>): Promise<NoticeDto[]> {
  const ids = await scope.jurisdictionIdsOf(principal);
  if (ids && ids.length === 0) return [];
  let query = db.selectFrom('audit.notices').selectAll();
  if (ids) query = query.where('jurisdiction_id', 'in', ids);
  // A unit's user sees only their own unit's notices.
  if (principal.organizationId) query = query.where('organization_id', '=', principal.organizationId);
  if (input.organizationId) query = query.where('organization_id', '=', input.organizationId);
  if (input.status) query = query.where('status', '=', input.status);
  const today = todayInChina();
  const rows = await query.orderBy('issued_at', 'desc').limit(input.limit).execute();
  return rows.map((row) => toDto(row, today));
}

const day = (at: Date) => chinaClock(at).slice(0, 10);

export function noticeHtml(notice: NoticeDto, figures: NoticeFigure[]): string {
  const paragraph = (text: string) => text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  const receipt = notice.acknowledgedAt ? `${notice.organizationName}已于 ${day(notice.acknowledgedAt)} 签收（签收人：${notice.acknowledgedBy?.name ?? notice.acknowledgedBy?.id ?? ''}）。` : '尚未签收。';
  return reportDocument({
    title: '机构编制督查通知书',
    subtitle: notice.number,
    sections: [
      { heading: `${notice.organizationName}：`, html: `<p>根据机构编制督查检查工作安排，经核查，你单位存在以下问题，现予通知。</p>` },
      { heading: '一、存在的问题', html: paragraph(notice.problem) },
      { heading: '二、编制使用情况（发文之日）', html: htmlTable(['编制类型', '核定', '实有', '空编', '超编'], figures.map((f) => [quotaTypeLabels[f.ledger], f.quota, f.occupied, Math.max(0, f.vacant), f.over]), '该单位没有编制账户。') },
      { heading: '三、整改要求', html: `${paragraph(notice.requirement)}<p>请于 ${escapeHtml(notice.deadline)} 前完成整改，并将整改情况书面报送。</p>` },
      { heading: '四、签收和办结', html: `<p>${escapeHtml(receipt)}</p>${notice.closedAt ? `<p>${escapeHtml(`已于 ${day(notice.closedAt)} 办结。结论：${notice.conclusion ?? ''}`)}</p>` : ''}` },
    ],
    footer: `发文日期 ${day(notice.issuedAt)}。本通知书由编制管理平台根据编制台账生成。`,
  });
}

/** The notice as a PDF, for the issuer and for the unit. */
export async function noticePdf(db: AuditDb, scope: JurisdictionScope, principal: Principal, id: string): Promise<ReportFile> {
  const row = await noticeInScope(db, scope, principal, id);
  const notice = toDto(row, todayInChina());
  const pdf = await printPdf(noticeHtml(notice, row.figures as unknown as NoticeFigure[]));
  return { filename: `机构编制督查通知书-${notice.number}-${notice.organizationName}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') };
}
