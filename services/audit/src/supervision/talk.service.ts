import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditCommitments, AuditTalks } from '@bianzhi/db/generated/audit';
import type { CommitmentDto, CommitmentStatus, listCommitmentsInput, listTalksInput, recordTalkInput, reportCommitmentInput, TalkDto } from '@bianzhi/contracts/supervision';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { isOverdue } from '@bianzhi/domain/supervision';
import type { AuditDb } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { assertUnitUser, lockNoticeFor, logSupervision, noticeInScope, visibleOrAbsent, who } from './notice.service.js';

type Who = { id: string; name?: string };

function commitmentDto(row: Selectable<AuditCommitments>, organizationName: string, today: string): CommitmentDto {
  const deadline = row.deadline as string;
  return {
    id: row.id,
    talkId: row.talk_id,
    organizationId: row.organization_id,
    organizationName,
    content: row.content,
    deadline,
    status: row.status as CommitmentStatus,
    overdue: isOverdue(row.status === 'done', deadline, today),
    report: row.report,
    reportedAt: row.reported_at,
    confirmedAt: row.confirmed_at,
  };
}

function talkDto(row: Selectable<AuditTalks>, commitments: Selectable<AuditCommitments>[], today: string): TalkDto {
  return {
    id: row.id,
    jurisdictionId: row.jurisdiction_id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    noticeId: row.notice_id,
    violationId: row.violation_id,
    heldOn: row.held_on as string,
    participants: row.participants as string[],
    points: row.points,
    recordedBy: row.recorded_by as Who,
    recordedAt: row.recorded_at,
    commitments: commitments.filter((c) => c.talk_id === row.id).map((c) => commitmentDto(c, row.organization_name, today)),
  };
}

/**
 * 约谈: recorded by an inspector or the bureau, on a notice or a violation of a unit in reach; each
 * commitment the unit made becomes a task with its deadline. A closed notice takes no new talk.
 */
export async function recordTalk(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof recordTalkInput>, requestId?: string): Promise<TalkDto> {
  let unit: { organizationId: string; organizationName: string; jurisdictionId: string };
  if (input.noticeId) {
    const notice = await noticeInScope(db, scope, principal, input.noticeId);
    unit = { organizationId: notice.organization_id, organizationName: notice.organization_name, jurisdictionId: notice.jurisdiction_id };
  } else {
    const violation = await db.selectFrom('audit.violations').selectAll().where('id', '=', input.violationId!).executeTakeFirst();
    const seen = await visibleOrAbsent(scope, principal, violation, `violation ${input.violationId}`);
    unit = { organizationId: seen.organization_id, organizationName: seen.organization_name, jurisdictionId: seen.jurisdiction_id };
  }
  const today = todayInChina();
  if (input.heldOn > today) throw new DomainError('VALIDATION_FAILED', `talk on ${input.heldOn} is in the future`, undefined, bilingual('约谈日期不能晚于今天', 'The talk cannot be dated after today'));
  const early = input.commitments.find((c) => c.deadline < input.heldOn);
  if (early) throw new DomainError('VALIDATION_FAILED', `commitment due ${early.deadline} before the talk`, undefined, bilingual(`承诺事项“${early.content}”的期限早于约谈日期`, `The commitment “${early.content}” is due before the talk`));
  return db.transaction().execute(async (trx) => {
    if (input.noticeId) {
      // Closing takes this row for update: a talk and a closure never pass each other.
      await lockNoticeFor(trx, input.noticeId, 'talk', 'share');
    }
    const talk = await trx
      .insertInto('audit.talks')
      .values({
        jurisdiction_id: unit.jurisdictionId,
        organization_id: unit.organizationId,
        organization_name: unit.organizationName,
        notice_id: input.noticeId ?? null,
        violation_id: input.violationId ?? null,
        held_on: input.heldOn,
        participants: JSON.stringify(input.participants),
        points: input.points,
        recorded_by: who(principal),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const commitments =
      input.commitments.length === 0
        ? []
        : await trx
            .insertInto('audit.commitments')
            .values(input.commitments.map((c, position) => ({ talk_id: talk.id, organization_id: unit.organizationId, jurisdiction_id: unit.jurisdictionId, position, content: c.content, deadline: c.deadline })))
            .returningAll()
            .execute();
    const dto = talkDto(talk, commitments, today);
    await logSupervision(
      trx,
      principal,
      'audit.talk.recorded',
      { type: 'talk', id: dto.id, jurisdictionId: dto.jurisdictionId, organizationId: dto.organizationId },
      { noticeId: dto.noticeId, violationId: dto.violationId, heldOn: dto.heldOn, participants: dto.participants, points: dto.points, commitments: dto.commitments.map(({ id, content, deadline }) => ({ id, content, deadline })) },
      requestId,
    );
    return dto;
  });
}

async function commitmentInScope(db: AuditDb, scope: JurisdictionScope, principal: Principal, id: string) {
  const row = await db.selectFrom('audit.commitments').selectAll().where('id', '=', id).executeTakeFirst();
  return visibleOrAbsent(scope, principal, row, `commitment ${id}`);
}

async function organizationNameOf(db: AuditDb, talkId: string): Promise<string> {
  return (await db.selectFrom('audit.talks').select('organization_name').where('id', '=', talkId).executeTakeFirstOrThrow()).organization_name;
}

/** The unit reports a commitment done (it may report again, with better words, until it is confirmed). */
export async function reportCommitment(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof reportCommitmentInput>, requestId?: string): Promise<CommitmentDto> {
  const existing = await commitmentInScope(db, scope, principal, input.id);
  assertUnitUser(principal, existing.organization_id, `commitment ${input.id}`);
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('audit.commitments').set({ status: 'reported', report: input.report, reported_at: new Date(), reported_by: who(principal) }).where('id', '=', input.id).where('status', '<>', 'done').returningAll().executeTakeFirst();
    if (!row) throw new DomainError('NOTICE_STATE', `commitment ${input.id} is done`, undefined, bilingual('该承诺事项已确认完成', 'The commitment is already confirmed done'));
    await logSupervision(trx, principal, 'audit.commitment.reported', { type: 'commitment', id: row.id, jurisdictionId: row.jurisdiction_id, organizationId: row.organization_id }, { talkId: row.talk_id, before: { status: existing.status, report: existing.report }, after: { status: 'reported', report: input.report } }, requestId);
    return commitmentDto(row, await organizationNameOf(db, row.talk_id), today);
  });
}

/** The issuing side (an inspector or the bureau) confirms a commitment the unit reported done. */
export async function confirmCommitment(db: AuditDb, scope: JurisdictionScope, principal: Principal, id: string, requestId?: string): Promise<CommitmentDto> {
  await commitmentInScope(db, scope, principal, id);
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('audit.commitments').set({ status: 'done', confirmed_at: new Date(), confirmed_by: who(principal) }).where('id', '=', id).where('status', '=', 'reported').returningAll().executeTakeFirst();
    if (!row) throw new DomainError('NOTICE_STATE', `commitment ${id} is not reported done`, undefined, bilingual('单位尚未报告完成，或已确认完成', 'The unit has not reported it done, or it is already confirmed'));
    await logSupervision(trx, principal, 'audit.commitment.confirmed', { type: 'commitment', id: row.id, jurisdictionId: row.jurisdiction_id, organizationId: row.organization_id }, { talkId: row.talk_id, before: { status: 'reported' }, after: { status: 'done' } }, requestId);
    return commitmentDto(row, await organizationNameOf(db, row.talk_id), today);
  });
}

export async function listTalks(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof listTalksInput>): Promise<TalkDto[]> {
  const ids = await scope.jurisdictionIdsOf(principal);
  if (ids && ids.length === 0) return [];
  let query = db.selectFrom('audit.talks').selectAll();
  if (ids) query = query.where('jurisdiction_id', 'in', ids);
  if (principal.organizationId) query = query.where('organization_id', '=', principal.organizationId);
  if (input.organizationId) query = query.where('organization_id', '=', input.organizationId);
  if (input.noticeId) query = query.where('notice_id', '=', input.noticeId);
  if (input.violationId) query = query.where('violation_id', '=', input.violationId);
  const talks = await query.orderBy('held_on', 'desc').orderBy('recorded_at', 'desc').limit(input.limit).execute();
  const commitments = talks.length === 0 ? [] : await db.selectFrom('audit.commitments').selectAll().where('talk_id', 'in', talks.map((t) => t.id)).orderBy('position').execute();
  const today = todayInChina();
  return talks.map((talk) => talkDto(talk, commitments, today));
}

/** Commitments as tasks: open, reported, done; overdue when past the deadline and not done. */
export async function listCommitments(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof listCommitmentsInput>): Promise<CommitmentDto[]> {
  const ids = await scope.jurisdictionIdsOf(principal);
  if (ids && ids.length === 0) return [];
  const today = todayInChina();
  let query = db.selectFrom('audit.commitments as c').innerJoin('audit.talks as t', 't.id', 'c.talk_id').selectAll('c').select('t.organization_name');
  if (ids) query = query.where('c.jurisdiction_id', 'in', ids);
  if (principal.organizationId) query = query.where('c.organization_id', '=', principal.organizationId);
  if (input.organizationId) query = query.where('c.organization_id', '=', input.organizationId);
  if (input.status) query = query.where('c.status', '=', input.status);
  if (input.overdue) query = query.where('c.status', '<>', 'done').where('c.deadline', '<', today);
  const rows = await query.orderBy('c.deadline').orderBy('c.position').limit(input.limit).execute();
  return rows.map(({ organization_name, ...row }) => commitmentDto(row, organization_name, today));
}
