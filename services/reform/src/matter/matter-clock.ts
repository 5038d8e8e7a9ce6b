import { createHmac } from 'node:crypto';
import { keyedUuid } from '@bianzhi/domain/derived-id';
import { ESCALATED_STEP_DAYS, closedMatterStates } from '@bianzhi/domain/matters';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { ReformDb } from '../db.js';
import type { AuditClient, LedgerClient, RegistryClient } from '../service-clients.js';
import * as repo from './matter.repository.js';
import { deadlineAfter, reminderFor } from './matter-rules.js';
import { jurisdictionTree, workingCalendar } from './matter-context.js';
import { applyOrganizationChange, type EstablishmentRun } from './organization-change.js';
import { applyAppointment, superviseAppointment, supervisionDue } from './appointment.js';
import { applyPersonTransfer } from './person-transfer.js';
import { applyStaffingPlan, rejectStaffingPlan } from './staffing-plan.js';
import { applyEvaluationConclusion } from './evaluation-conclusion.js';
import { applyReductionTarget } from './reduction-target.js';
import { applyCharterApproval } from './charter-approval.js';
import { applyNamedRollPublication } from './named-roll-publication.js';

export interface MatterClockDeps {
  db: ReformDb;
  ledger: LedgerClient;
  registry: RegistryClient;
  now: () => Date;
  /** Keys the effect's transfer ids, so that no client can take them first. */
  idKey: string;
  /** The audit service as the platform: records an approved evaluation conclusion. */
  audit?: AuditClient | undefined;
}

/** The key of a matter's effect transfer ids, from the platform's internal secret (the service and the worker derive the same). */
export const matterIdKey = (secret: string) => createHmac('sha256', secret).update('matter-transfer-ids').digest('hex');

/**
 * What the workflow does next: finish, sleep until `wakeAt` (null: until something changes), or run
 * an approved establishment as its child and then record how it ended (`recordEstablishment`).
 */
export interface MatterNext {
  done: boolean;
  wakeAt: string | null;
  state: string;
  establish?: EstablishmentRun;
  /** An applied reduction target: the workflow starts the target's own workflow (once: its id is the target's). */
  targetId?: string;
}

const matterSystem: repo.Actor = { id: 'system:matters', personId: 'system:matters', name: '事项审批系统' };

/** The transfers an approved matter applies: ids derived from the matter, so a retry is the same request. */
export function effectTransfers(matter: repo.MatterRow, idKey: string) {
  return matter.content.moves.map((m, i) => ({
    kind: 'single' as const,
    id: keyedUuid(idKey, `matter/${matter.id}/${i}`),
    debitAccountId: m.debitAccountId,
    creditAccountId: m.creditAccountId,
    amount: m.amount,
    code: m.code,
    documentNumber: matter.approvalDocumentNumber ?? undefined,
    approvalRef: `matter/${matter.id}`,
  }));
}

async function record(db: ReformDb, matterId: string, change: (trx: Parameters<typeof repo.insertEvent>[0], locked: { matter: repo.MatterRow; steps: repo.StepRow[] }) => Promise<void>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const locked = await repo.lockMatter(trx, matterId);
    if (locked) await change(trx, locked);
  });
}

const audit = (trx: Parameters<typeof repo.insertEvent>[0], type: string, matter: repo.MatterRow, payload: Record<string, unknown>) =>
  appendOutboxEvent(trx, 'reform', { type: `approval.matter.${type}`, aggregateType: 'matter', aggregateId: matter.id, jurisdictionId: matter.jurisdictionId, actor: { kind: 'system', id: 'matters' }, payload });

/**
 * Does whatever is due on a matter now, idempotently (the database is the record; the workflow only
 * keeps time): applies an approved matter's effect once, reminds the decider on the last day of a
 * step, escalates a step past its deadline to the level above (or notes it overdue at the top).
 */
export async function advanceMatter(deps: MatterClockDeps, matterId: string): Promise<MatterNext> {
  const matter = await repo.findMatter(deps.db, matterId);
  if (!matter) return { done: true, wakeAt: null, state: 'missing' };
  if (matter.state === 'applied' && matter.content.appointment) return superviseWhenDue(deps, matter);
  if (matter.state === 'applied' && matter.content.reduction) return { done: true, wakeAt: null, state: matter.state, targetId: matter.id };
  // A plan not approved is rejected where the unit filed it (an activity retry asks again, harmlessly).
  if (matter.state === 'rejected' && matter.content.plan) await rejectStaffingPlan(deps, matter);
  if (closedMatterStates.includes(matter.state)) return { done: true, wakeAt: null, state: matter.state };
  if (matter.state === 'approved') {
    // The approving request and the workflow may both get here at once: every effect is idempotent
    // (ids derived from the matter, or a check that the units are already as the matter leaves
    // them), and the outcome is recorded only while the matter is still approved.
    const establish = await applyEffect(deps, matter);
    if (establish) return { done: false, wakeAt: null, state: matter.state, establish };
    // Applied or failed now: closed, or (an appointment) waiting for its 事后督查.
    return advanceMatter(deps, matterId);
  }
  if (matter.state === 'returned') return { done: false, wakeAt: null, state: matter.state };

  const now = deps.now();
  const step = (await repo.stepsOf(deps.db, matterId))[matter.currentStep]!;
  if (!step.deadline) return { done: false, wakeAt: null, state: matter.state };
  if (now >= step.deadline) {
    const tree = await jurisdictionTree(deps.registry, [step.jurisdictionId]);
    const parent = tree.get(step.jurisdictionId)?.parentId ?? null;
    const calendar = await workingCalendar(deps.db);
    await record(deps.db, matterId, async (trx, locked) => {
      const current = locked.steps[locked.matter.currentStep]!;
      if (locked.matter.state !== 'in_review' || current.index !== step.index || current.jurisdictionId !== step.jurisdictionId || !current.deadline || now < current.deadline) return;
      if (parent) {
        const deadline = deadlineAfter(calendar, now, ESCALATED_STEP_DAYS);
        await repo.updateStep(trx, matterId, current.index, { jurisdictionId: parent, level: tree.get(parent)!.level, escalated: true, deadline, reminded: false });
        await repo.insertEvent(trx, matterId, { decisionId: `escalate:${current.index}:${current.jurisdictionId}`, kind: 'escalate', stepIndex: current.index, actor: matterSystem, comment: `逾期未办理，提交${tree.get(parent)!.name}办理`, documentIds: [] });
        await audit(trx, 'escalated', locked.matter, { stepIndex: current.index, from: current.jurisdictionId, to: parent, deadline: deadline.toISOString() });
      } else if (!current.overdueNoted) {
        await repo.updateStep(trx, matterId, current.index, { overdueNoted: true });
        await repo.insertEvent(trx, matterId, { decisionId: `overdue:${current.index}:${current.jurisdictionId}`, kind: 'overdue', stepIndex: current.index, actor: matterSystem, comment: '已超过办理时限', documentIds: [] });
        await audit(trx, 'overdue', locked.matter, { stepIndex: current.index });
      }
    });
    const after = (await repo.stepsOf(deps.db, matterId))[matter.currentStep]!;
    return { done: false, wakeAt: after.deadline && after.deadline > now ? reminderFor(after.deadline).toISOString() : null, state: matter.state };
  }
  const remindAt = reminderFor(step.deadline);
  if (now >= remindAt && !step.reminded) {
    await record(deps.db, matterId, async (trx, locked) => {
      const current = locked.steps[locked.matter.currentStep]!;
      if (locked.matter.state !== 'in_review' || current.index !== step.index || current.reminded) return;
      await repo.updateStep(trx, matterId, current.index, { reminded: true });
      await repo.insertEvent(trx, matterId, { decisionId: `remind:${current.index}:${current.deadline?.toISOString()}`, kind: 'remind', stepIndex: current.index, actor: matterSystem, comment: '明日到期，请及时办理', documentIds: [] });
      await audit(trx, 'reminded', locked.matter, { stepIndex: current.index, deadline: current.deadline?.toISOString() });
    });
    return { done: false, wakeAt: step.deadline.toISOString(), state: matter.state };
  }
  return { done: false, wakeAt: (step.reminded ? step.deadline : remindAt).toISOString(), state: matter.state };
}

/**
 * The effect of an approved matter, applied exactly once: quota moves as one linked request to the
 * ledger as the platform, citing the matter, with ids derived from it (a retry answers `exists`);
 * posts set to their number; an establishment change through the registry. A business refusal (the
 * pool no longer holds enough, an open violation) fails the matter with nothing applied. An
 * establishment is returned for the workflow to run; it is recorded by `recordEstablishment`.
 */
async function applyEffect(deps: MatterClockDeps, matter: repo.MatterRow): Promise<EstablishmentRun | null> {
  let failure: string | null = null;
  try {
    if (matter.content.appointment) {
      failure = await applyAppointment(deps, matter);
    } else if (matter.content.transfer) {
      failure = await applyPersonTransfer(deps, matter);
    } else if (matter.content.plan) {
      await applyStaffingPlan(deps, matter);
    } else if (matter.content.evaluation) {
      await applyEvaluationConclusion(deps, matter);
    } else if (matter.content.reduction) {
      await applyReductionTarget(deps, matter);
    } else if (matter.content.namedRoll) {
      await applyNamedRollPublication(deps, matter);
    } else if (matter.content.charter) {
      await applyCharterApproval(deps, matter);
    } else if (matter.content.organization) {
      const outcome = await applyOrganizationChange(deps, matter);
      if ('establish' in outcome) return outcome.establish;
      failure = outcome.failure;
    } else if (matter.content.posts) {
      // Setting a number of posts is the same whichever time it runs: a retry sets it again.
      await deps.ledger.ledger.leadership.setPosts.mutate({ ...matter.content.posts, documentNumber: matter.approvalDocumentNumber ?? undefined });
    } else {
      const results = await deps.ledger.ledger.transfer.create.mutate({ linked: true, transfers: effectTransfers(matter, deps.idKey) });
      const refused = results.find((r) => r.status === 'failed' && r.error !== 'LINKED_EVENT_FAILED') ?? results.find((r) => r.status === 'failed');
      if (refused) failure = refused.error ?? 'TRANSFER_REFUSED';
    }
  } catch (error) {
    const code = remoteDomainCode(error);
    // A business refusal ends the matter; anything else (the ledger restarting) is retried by the activity.
    if (!code || ['DEPENDENCY_UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED'].includes(code)) throw error;
    failure = code;
  }
  await recordOutcome(deps, matter, failure, { transfers: matter.content.moves.length > 0 ? effectTransfers(matter, deps.idKey).map((t) => t.id) : [], posts: matter.content.posts ?? null, organization: matter.content.organization ?? null, appointment: matter.content.appointment ?? null, transfer: matter.content.transfer ?? null, plan: matter.content.plan ?? null, evaluation: matter.content.evaluation ?? null, reduction: matter.content.reduction ?? null, charter: matter.content.charter ?? null, namedRoll: matter.content.namedRoll ?? null });
  return null;
}

/**
 * 事后督查 of an applied appointment: once it is due, what the platform finds (still in force, within
 * the posts) is recorded on the matter, once; until then the workflow sleeps until it is due.
 */
async function superviseWhenDue(deps: MatterClockDeps, matter: repo.MatterRow): Promise<MatterNext> {
  const events = await repo.eventsOf(deps.db, matter.id);
  const applied = events.find((e) => e.kind === 'applied');
  if (!applied || events.some((e) => e.kind === 'supervised')) return { done: true, wakeAt: null, state: matter.state };
  const due = supervisionDue(await workingCalendar(deps.db), applied.at);
  if (deps.now() < due) return { done: false, wakeAt: due.toISOString(), state: matter.state };
  const found = await superviseAppointment(deps, matter);
  await record(deps.db, matter.id, async (trx) => {
    if ((await repo.eventsOf(trx, matter.id)).some((e) => e.kind === 'supervised')) return;
    await repo.insertEvent(trx, matter.id, { decisionId: `supervise:${matter.id}`, kind: 'supervised', stepIndex: null, actor: matterSystem, comment: found.finding, documentIds: [] });
    await audit(trx, 'supervised', matter, found);
  });
  return { done: true, wakeAt: null, state: matter.state };
}

/** Records an approved matter as applied or failed, once (only while it is approved). */
async function recordOutcome(deps: Pick<MatterClockDeps, 'db'>, matter: repo.MatterRow, failure: string | null, payload: Record<string, unknown>, content?: repo.MatterContent): Promise<void> {
  await record(deps.db, matter.id, async (trx, locked) => {
    if (locked.matter.state !== 'approved') return;
    await repo.updateMatter(trx, matter.id, { ...(failure ? { state: 'failed', failure } : { state: 'applied' }), ...(content ? { content } : {}) });
    await repo.insertEvent(trx, matter.id, { decisionId: `effect:${matter.id}`, kind: failure ? 'failed' : 'applied', stepIndex: null, actor: matterSystem, comment: failure ?? '', documentIds: [] });
    await audit(trx, failure ? 'failed' : 'applied', locked.matter, { ...payload, failure });
  });
}

/** How an approved establishment's workflow ended: the unit it created, or the code it stopped with. */
export async function recordEstablishment(deps: Pick<MatterClockDeps, 'db'>, input: { matterId: string; organizationId: string | null; failure: string | null }): Promise<void> {
  const matter = await repo.findMatter(deps.db, input.matterId);
  if (!matter) return;
  const content = input.organizationId ? { ...matter.content, establishedOrganizationId: input.organizationId } : undefined;
  await recordOutcome(deps, matter, input.failure, { organization: matter.content.organization ?? null, organizationId: input.organizationId }, content);
}
