import { closeNoticeInput, confirmCommitmentInput, issueNoticeInput, listCommitmentsInput, listNoticesInput, listTalksInput, noticeIdInput, recordTalkInput, reportCommitmentInput } from '@bianzhi/contracts/supervision';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { acknowledgeNotice, closeNotice, getNotice, issueNotice, listNotices, noticePdf } from './notice.service.js';
import { confirmCommitment, listCommitments, listTalks, recordTalk, reportCommitment } from './talk.service.js';

/** audit.notice.*: supervision notices (督查通知书), issued, acknowledged by the unit, closed. */
export function noticeRouter(db: AuditDb, scope: JurisdictionScope, ledger: LedgerPort) {
  const read = authedProcedure.meta({ permission: 'audit.notice.read' });
  return router({
    issue: authedProcedure
      .meta({ permission: 'audit.notice.issue' })
      .input(issueNoticeInput)
      .mutation(({ ctx, input }) => issueNotice(db, scope, ledger, ctx.principal, input, ctx.requestId)),
    acknowledge: authedProcedure
      .meta({ permission: 'audit.notice.respond' })
      .input(noticeIdInput)
      .mutation(({ ctx, input }) => acknowledgeNotice(db, scope, ctx.principal, input.id, ctx.requestId)),
    close: authedProcedure
      .meta({ permission: 'audit.notice.close' })
      .input(closeNoticeInput)
      .mutation(({ ctx, input }) => closeNotice(db, scope, ctx.principal, input, ctx.requestId)),
    list: read.input(listNoticesInput).query(({ ctx, input }) => listNotices(db, scope, ctx.principal, input)),
    get: read.input(noticeIdInput).query(({ ctx, input }) => getNotice(db, scope, ctx.principal, input.id)),
    pdf: read.input(noticeIdInput).query(({ ctx, input }) => noticePdf(db, scope, ctx.principal, input.id)),
  });
}

/** audit.talk.*: talks (约谈) and the commitments made in them, tracked as tasks. */
export function talkRouter(db: AuditDb, scope: JurisdictionScope) {
  const read = authedProcedure.meta({ permission: 'audit.notice.read' });
  return router({
    record: authedProcedure
      .meta({ permission: 'audit.notice.issue' })
      .input(recordTalkInput)
      .mutation(({ ctx, input }) => recordTalk(db, scope, ctx.principal, input, ctx.requestId)),
    reportCommitment: authedProcedure
      .meta({ permission: 'audit.notice.respond' })
      .input(reportCommitmentInput)
      .mutation(({ ctx, input }) => reportCommitment(db, scope, ctx.principal, input, ctx.requestId)),
    confirmCommitment: authedProcedure
      .meta({ permission: 'audit.notice.close' })
      .input(confirmCommitmentInput)
      .mutation(({ ctx, input }) => confirmCommitment(db, scope, ctx.principal, input.id, ctx.requestId)),
    list: read.input(listTalksInput).query(({ ctx, input }) => listTalks(db, scope, ctx.principal, input)),
    commitments: read.input(listCommitmentsInput).query(({ ctx, input }) => listCommitments(db, scope, ctx.principal, input)),
  });
}
