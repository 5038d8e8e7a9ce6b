import { DomainError, bilingual } from './errors.js';

/**
 * Supervision notices (督查通知书) and the commitments made in talks (约谈), as rules: the number a
 * notice carries, which step each status allows, and when a notice or a commitment is overdue.
 * The services apply them on the row they hold locked.
 */
export type NoticeStatus = 'issued' | 'acknowledged' | 'closed';
export type NoticeStep = 'acknowledge' | 'close' | 'talk';

/** 编督〔2026〕3号: the bureau's generic prefix (the platform holds no jurisdiction's document abbreviation), the year and the count within it. */
export function noticeNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1900 || year > 2200 || !Number.isInteger(seq) || seq < 1) throw new Error(`no notice number for ${year}/${seq}`);
  return `编督〔${year}〕${seq}号`;
}

/**
 * Refuses a step the notice's status does not allow (NOTICE_STATE): the unit acknowledges an issued
 * notice once; it is closed only once acknowledged and with every commitment of its talks confirmed
 * done; a closed notice takes no new talk.
 */
export function assertNoticeStep(status: NoticeStatus, step: NoticeStep, pendingCommitments = 0): void {
  const refuse = (zh: string, en: string) => {
    throw new DomainError('NOTICE_STATE', `notice ${status}: ${step} refused (${en})`, { status, step }, bilingual(zh, en));
  };
  if (step === 'acknowledge' && status !== 'issued') refuse('该通知书已签收或已办结', 'The notice has already been acknowledged or closed');
  if (step === 'close' && status === 'issued') refuse('单位尚未签收，不能办结', 'The unit has not acknowledged the notice yet; it cannot be closed');
  if ((step === 'close' || step === 'talk') && status === 'closed') refuse(step === 'close' ? '该通知书已办结' : '该通知书已办结，不能再记录约谈', step === 'close' ? 'The notice is already closed' : 'The notice is closed; no further talk can be recorded on it');
  if (step === 'close' && pendingCommitments > 0) refuse(`约谈承诺事项还有 ${pendingCommitments} 项未确认完成，不能办结`, `${pendingCommitments} commitment(s) from talks on this notice are not confirmed done; it cannot be closed`);
}

/** Past its deadline (a China day, YYYY-MM-DD) and not finished: a notice not closed, a commitment not confirmed done. */
export const isOverdue = (finished: boolean, deadline: string, today: string): boolean => !finished && deadline < today;
