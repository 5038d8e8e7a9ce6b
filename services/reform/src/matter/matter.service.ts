import { hash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { EvaluationConclusionRequest } from '@bianzhi/contracts/evaluation';
import type { AppointmentRequest, FileMatterInput, PersonTransferRequest, StaffingPlanRequest, MatterDocumentInput, MatterDto, OrganizationChange, PostsChange, QuotaMove, decideMatterInput, resubmitMatterInput, withdrawMatterInput } from '@bianzhi/contracts/approval';
import type { ReductionTargetRequest } from '@bianzhi/contracts/reduction';
import type { CharterRequest } from '@bianzhi/contracts/legal-registration';
import type { NamedRollPublicationRequest } from '@bianzhi/contracts/named-roll';
import { personOf, type Principal } from '@bianzhi/domain/access';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { assertFiler, assertMayDecide, defaultStepDays, higherOf, matterStepKinds, planChain, type MatterKind, type MatterState } from '@bianzhi/domain/matters';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { ReformDb } from '../db.js';
import type { AuditClient, LedgerClient, RegistryClient } from '../service-clients.js';
import { visibleJurisdictions, type JurisdictionDeps } from '../jurisdictions.js';
import { matterChanged, matterLife } from '../workflows/matter-life.js';
import * as repo from './matter.repository.js';
import { deadlineAfter, decidingLevel, routeMoves } from './matter-rules.js';
import { accountsById, asCaller, jurisdictionTree, workingCalendar } from './matter-context.js';
import { getMatter, turnOf, visibleMatter } from './matter-reads.js';
import { advanceMatter } from './matter-clock.js';
import { routeOrganizationChange } from './organization-change.js';
import { routeAppointment } from './appointment.js';
import { routePersonTransfer } from './person-transfer.js';
import { routeStaffingPlan } from './staffing-plan.js';
import { routeEvaluationConclusion } from './evaluation-conclusion.js';
import { routeCharterApproval } from './charter-approval.js';
import { routeReductionTarget } from './reduction-target.js';
import { routeNamedRollPublication } from './named-roll-publication.js';

export interface MatterDeps extends JurisdictionDeps {
  db: ReformDb;
  temporal: Client;
  taskQueue: string;
  /** The ledger as the reform service (account figures for routing and previews). */
  ledger: LedgerClient;
  registry: RegistryClient;
  clock?: () => Date;
  /**
   * The key of effect transfer ids (`matterIdKey` of the internal secret). With it, the request that
   * approves a matter applies its effect at once; the workflow stays the one that guarantees it.
   */
  idKey?: string;
  /** The audit service as the platform: an evaluation conclusion's check when filed. */
  audit?: AuditClient | undefined;
}

export const matterWorkflowId = (id: string) => `matter/${id}`;
const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** A client's decision id, kept apart from the ids the platform records (filed, escalate, remind, effect). */
const clientDecision = (id: string) => `client:${id}`;

export const actorOf = (principal: Principal): repo.Actor => ({ id: principal.id, personId: personOf(principal), name: principal.name });

function decodeDocuments(documents: MatterDocumentInput[]) {
  return documents.map((d) => {
    const content = d.contentBase64 ? Buffer.from(d.contentBase64, 'base64') : null;
    if (content && (content.length === 0 || content.length > MAX_DOCUMENT_BYTES)) throw new DomainError('MATTER_INVALID', 'document size', undefined, bilingual(`附件“${d.title}”为空或超过10MB`, `The attachment “${d.title}” is empty or larger than 10 MB`));
    return { id: randomUUID(), title: d.title, documentNumber: d.documentNumber ?? null, fileName: d.fileName ?? null, contentType: d.contentType ?? null, content };
  });
}

function requireRequestDocument(documents: MatterDocumentInput[]): void {
  if (!documents.some((d) => d.documentNumber)) throw new DomainError('MATTER_INVALID', 'a matter needs its request document with a number', undefined, bilingual('须附请示文件并填写文号', 'Attach the request document with its document number'));
}

async function audit(trx: Parameters<typeof repo.insertEvent>[0], principal: Principal | null, type: string, matter: { id: string; jurisdictionId: string }, payload: Record<string, unknown>, requestId?: string) {
  await appendOutboxEvent(trx, 'reform', { type: `approval.matter.${type}`, aggregateType: 'matter', aggregateId: matter.id, jurisdictionId: matter.jurisdictionId, actor: principal ? auditActorOf(principal) : { kind: 'system', id: 'matters' }, payload, requestId });
}

/** Tells the matter's workflow that something changed, starting it if it is not running (a lost start is made up here). */
export async function wakeMatter(deps: Pick<MatterDeps, 'temporal' | 'taskQueue'>, id: string): Promise<void> {
  await deps.temporal.workflow.signalWithStart(matterLife, { workflowId: matterWorkflowId(id), taskQueue: deps.taskQueue, args: [{ matterId: id }], signal: matterChanged, signalArgs: [] });
}

/** Checks a matter's content against the authority table and the filer's scope, and finds the level that decides it. */
async function route(deps: MatterDeps, principal: Principal, kind: MatterKind, content: repo.MatterContent, matterId: string) {
  if (!principal.jurisdictionId) throw new DomainError('FORBIDDEN', 'a matter is filed by a bureau of a jurisdiction');
  const takenUpFor = async (of: MatterKind = kind) => new Set((await repo.listRouting(deps.db, null)).filter((r) => r.kind === of && r.decided_at === 'city').map((r) => r.jurisdiction_id));
  if (kind === 'organization_change') return routeOrganizationChange(deps, principal, content.organization!, takenUpFor);
  if (kind === 'leadership_appointment') return routeAppointment(deps, principal, content.appointment!, matterId, takenUpFor);
  if (kind === 'person_transfer') return routePersonTransfer(deps, principal, content.transfer!, matterId, takenUpFor);
  if (kind === 'staffing_plan') return routeStaffingPlan(deps, principal, content.plan!, matterId, takenUpFor);
  if (kind === 'evaluation_conclusion') return routeEvaluationConclusion(deps, principal, content.evaluation!, matterId, takenUpFor);
  if (kind === 'reduction_target') return routeReductionTarget(deps, principal, content.reduction!, matterId, takenUpFor);
  if (kind === 'charter_approval') return routeCharterApproval(deps, principal, content.charter!, matterId, takenUpFor);
  if (kind === 'named_roll_publication') return routeNamedRollPublication(deps, principal, content.namedRoll!, matterId, takenUpFor);
  if (kind === 'leadership_posts') {
    const unit = await asCaller(() => deps.registryAs(principal).registry.organization.get.query({ id: content.posts!.organizationId }));
    const [tree, takenUp] = await Promise.all([jurisdictionTree(deps.registry, [principal.jurisdictionId, unit.jurisdictionId]), takenUpFor()]);
    return { tree, decidingJurisdictionId: higherOf(tree, principal.jurisdictionId, decidingLevel(tree, unit.jurisdictionId, (id) => takenUp.has(id))) };
  }
  const moves = content.moves;
  const [visible, accounts] = await Promise.all([visibleJurisdictions(deps, principal), accountsById(deps.ledger, moves.flatMap((m) => [m.debitAccountId, m.creditAccountId]))]);
  const tree = await jurisdictionTree(deps.registry, [principal.jurisdictionId, ...[...accounts.values()].map((a) => a.jurisdictionId)]);
  const takenUp = await takenUpFor();
  const routed = routeMoves(
    principal,
    moves.map((move) => ({ move, debit: accounts.get(move.debitAccountId)!, credit: accounts.get(move.creditAccountId)! })),
    { tree, visible: new Set(visible.map((j) => j.id)), takenUp: (id) => takenUp.has(id) },
  );
  return { tree, ...routed };
}

const requestHash = (input: FileMatterInput) => hash('sha256', JSON.stringify({ kind: input.kind, title: input.title, reason: input.reason, moves: input.moves, posts: input.posts ?? null, ...(input.organization ? { organization: input.organization } : {}), ...(input.appointment ? { appointment: input.appointment } : {}), ...(input.transfer ? { transfer: input.transfer } : {}), ...(input.plan ? { plan: input.plan } : {}), ...(input.evaluation ? { evaluation: input.evaluation } : {}), ...(input.reduction ? { reduction: input.reduction } : {}), ...(input.charter ? { charter: input.charter } : {}), ...(input.namedRoll ? { namedRoll: input.namedRoll } : {}) }), 'base64url');
/** What a matter asks for, without what the platform recorded of it since. */
const contentOf = (input: { moves?: QuotaMove[] | undefined; posts?: PostsChange | undefined; organization?: OrganizationChange | undefined; appointment?: AppointmentRequest | undefined; transfer?: PersonTransferRequest | undefined; plan?: StaffingPlanRequest | undefined; evaluation?: EvaluationConclusionRequest | undefined; reduction?: ReductionTargetRequest | undefined; charter?: CharterRequest | undefined; namedRoll?: NamedRollPublicationRequest | undefined }): repo.MatterContent => ({
  moves: input.moves ?? [],
  ...(input.posts ? { posts: input.posts } : {}),
  ...(input.organization ? { organization: input.organization } : {}),
  ...(input.appointment ? { appointment: input.appointment } : {}),
  ...(input.transfer ? { transfer: input.transfer } : {}),
  ...(input.plan ? { plan: input.plan } : {}),
  ...(input.evaluation ? { evaluation: input.evaluation } : {}),
  ...(input.reduction ? { reduction: input.reduction } : {}),
  ...(input.charter ? { charter: input.charter } : {}),
  ...(input.namedRoll ? { namedRoll: input.namedRoll } : {}),
});

export async function fileMatter(deps: MatterDeps, principal: Principal, input: FileMatterInput, requestId?: string): Promise<{ id: string }> {
  const existing = await repo.findMatter(deps.db, input.id);
  if (existing) {
    if (existing.requestHash === requestHash(input) && existing.filedBy.id === principal.id) return { id: existing.id };
    throw new DomainError('IDEMPOTENCY_MISMATCH', `matter id ${input.id} already used`);
  }
  requireRequestDocument(input.documents);
  const documents = decodeDocuments(input.documents);
  const { tree, decidingJurisdictionId } = await route(deps, principal, input.kind, contentOf(input), input.id);
  const filedAt = tree.get(principal.jurisdictionId!)!;
  const calendar = await workingCalendar(deps.db);
  const now = (deps.clock ?? (() => new Date()))();
  const chain = planChain(filedAt, tree.get(decidingJurisdictionId)!, (await repo.chainOf(deps.db, filedAt.id, input.kind)) ?? matterStepKinds);
  const actor = actorOf(principal);
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertMatter(
      trx,
      { id: input.id, kind: input.kind, title: input.title, reason: input.reason, jurisdictionId: filedAt.id, decidingJurisdictionId, content: contentOf(input), requestHash: requestHash(input), filedBy: actor },
      chain.map((s) => ({ ...s, deadline: s.index === 0 ? deadlineAfter(calendar, now, defaultStepDays[s.kind]) : null })),
    );
    const documentIds = await repo.insertDocuments(trx, input.id, actor, documents);
    await repo.insertEvent(trx, input.id, { decisionId: `file:${input.id}`, kind: 'filed', stepIndex: null, actor, comment: input.reason, documentIds });
    await audit(trx, principal, 'filed', { id: input.id, jurisdictionId: filedAt.id }, { kind: input.kind, title: input.title, moves: input.moves, posts: input.posts ?? null, organization: input.organization ?? null, appointment: input.appointment ?? null, transfer: input.transfer ?? null, plan: input.plan ?? null, evaluation: input.evaluation ?? null, reduction: input.reduction ?? null, charter: input.charter ?? null, namedRoll: input.namedRoll ?? null, decidingJurisdictionId, documents: documents.map((d) => ({ title: d.title, documentNumber: d.documentNumber })) }, requestId);
  });
  await wakeMatter(deps, input.id);
  return { id: input.id };
}

/**
 * One change of a matter by a person, under its row lock: the change runs once per decision id (a
 * repeated click changes nothing; someone else's id is refused), never on a matter that is gone.
 */
async function changeLocked(deps: MatterDeps, id: string, decisionId: string, actor: repo.Actor, change: (trx: repo.MatterTx, locked: { matter: repo.MatterRow; steps: repo.StepRow[] }) => Promise<void>): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockMatter(trx, id);
    if (!locked) throw new DomainError('NOT_FOUND', `no matter ${id}`);
    if (await repo.decisionRecorded(trx, id, clientDecision(decisionId), actor.personId)) return;
    await change(trx, locked);
  });
}

/**
 * One decision on the current step, under the matter's row lock: of two concurrent decisions on a
 * step exactly one is taken, the other finds the step decided. Approval of the last step needs the
 * approval's document number and hands the matter to its workflow, which applies the effect.
 */
export async function decideMatter(deps: MatterDeps, principal: Principal, input: z.infer<typeof decideMatterInput>, requestId?: string): Promise<MatterDto> {
  const { visible } = await visibleMatter(deps, principal, input.id);
  let wake = false;
  const calendar = await workingCalendar(deps.db);
  const now = (deps.clock ?? (() => new Date()))();
  const attachments = decodeDocuments(input.attachments);
  const actor = actorOf(principal);
  await changeLocked(deps, input.id, input.decisionId, actor, async (trx, locked) => {
    const { matter, steps } = locked;
    assertMayDecide(turnOf(matter, steps), principal, input.stepIndex, input.decision, input.comment);
    const last = input.stepIndex === steps.length - 1;
    if (input.decision === 'approve' && last && !input.documentNumber) throw new DomainError('MATTER_INVALID', 'the approval needs its document number', undefined, bilingual('审批通过须填写批复文号', 'Approval needs the document number of the approval'));
    const documentIds = await repo.insertDocuments(trx, input.id, actor, attachments);
    await repo.insertEvent(trx, input.id, { decisionId: clientDecision(input.decisionId), kind: input.decision, stepIndex: input.stepIndex, actor, comment: input.comment, documentIds });
    let state: MatterState = matter.state;
    if (input.decision === 'approve') {
      await repo.updateStep(trx, input.id, input.stepIndex, { decidedBy: actor, decided: true });
      if (last) {
        state = 'approved';
        await repo.updateMatter(trx, input.id, { state, approvalDocumentNumber: input.documentNumber! });
      } else {
        const next = steps[input.stepIndex + 1]!;
        await repo.updateStep(trx, input.id, next.index, { deadline: deadlineAfter(calendar, now, defaultStepDays[next.kind]), reminded: false });
        await repo.updateMatter(trx, input.id, { currentStep: next.index });
      }
    } else {
      state = input.decision === 'reject' ? 'rejected' : 'returned';
      await repo.updateMatter(trx, input.id, { state });
      await repo.updateStep(trx, input.id, input.stepIndex, { deadline: null });
    }
    await audit(trx, principal, input.decision === 'approve' ? (last ? 'approved' : 'step_approved') : input.decision === 'reject' ? 'rejected' : 'returned', matter, { stepIndex: input.stepIndex, step: steps[input.stepIndex]!.kind, comment: input.comment, documentNumber: input.documentNumber ?? null, state }, requestId);
    // The workflow must act now on an approved (apply) or closed matter; a step passed on only moves
    // its timer later, which the workflow finds by itself when it next wakes.
    wake = state !== 'in_review';
  });
  if (wake && deps.idKey) {
    // Applied at once when it can be (idempotent: the same transfer ids, and the matter recorded
    // applied only while it is approved); anything that fails here is the workflow's to retry.
    await advanceMatter({ db: deps.db, ledger: deps.ledger, registry: deps.registry, now: deps.clock ?? (() => new Date()), idKey: deps.idKey }, input.id).catch(() => undefined);
  }
  if (wake) await wakeMatter(deps, input.id);
  return getMatter(deps, principal, input.id, visible);
}

/** The filer corrects a returned matter (moves and documents) and sends it back to the step that returned it. */
export async function resubmitMatter(deps: MatterDeps, principal: Principal, input: z.infer<typeof resubmitMatterInput>, requestId?: string): Promise<MatterDto> {
  const { matter: seen } = await visibleMatter(deps, principal, input.id);
  assertFiler(seen, principal, 'resubmit');
  // Corrected moves are routed again: they must not need a higher level than the chain has.
  const correction = { quota_movement: input.moves ? { moves: input.moves } : null, leadership_posts: input.posts ? { posts: input.posts } : null, organization_change: input.organization ? { organization: input.organization } : null, leadership_appointment: input.appointment ? { appointment: input.appointment } : null, person_transfer: input.transfer ? { transfer: input.transfer } : null, staffing_plan: null, evaluation_conclusion: null, reduction_target: input.reduction ? { reduction: input.reduction } : null, charter_approval: input.charter ? { charter: input.charter } : null, named_roll_publication: null }[seen.kind];
  const corrected = correction ? contentOf(correction) : null;
  if (corrected) {
    const { decidingJurisdictionId } = await route(deps, principal, seen.kind, corrected, seen.id);
    if (decidingJurisdictionId !== seen.decidingJurisdictionId) throw new DomainError('MATTER_INVALID', 'corrected moves need another deciding level', undefined, bilingual('修改后的事项须由其他层级审批，请撤回后重新申报', 'The corrected matter is decided at another level; withdraw it and file it again'));
  }
  const calendar = await workingCalendar(deps.db);
  const now = (deps.clock ?? (() => new Date()))();
  const documents = decodeDocuments(input.documents);
  const actor = actorOf(principal);
  await changeLocked(deps, input.id, input.decisionId, actor, async (trx, locked) => {
    assertFiler(locked.matter, principal, 'resubmit');
    // Corrected moves are a new request: every step decides it again. Documents alone go back to the step that returned it.
    const changed = corrected !== null && JSON.stringify(corrected) !== JSON.stringify(contentOf(locked.matter.content));
    const step = locked.steps[changed ? 0 : locked.matter.currentStep]!;
    const documentIds = await repo.insertDocuments(trx, input.id, actor, documents);
    await repo.insertEvent(trx, input.id, { decisionId: clientDecision(input.decisionId), kind: 'resubmit', stepIndex: step.index, actor, comment: input.comment, documentIds });
    if (changed) for (const s of locked.steps) await repo.updateStep(trx, input.id, s.index, { decidedBy: null, decided: false, deadline: null, reminded: false, overdueNoted: false });
    await repo.updateStep(trx, input.id, step.index, { deadline: deadlineAfter(calendar, now, defaultStepDays[step.kind]), reminded: false, overdueNoted: false });
    await repo.updateMatter(trx, input.id, { state: 'in_review', currentStep: step.index, ...(changed ? { content: corrected! } : {}) });
    await audit(trx, principal, 'resubmitted', locked.matter, { stepIndex: step.index, comment: input.comment, content: changed ? corrected : null }, requestId);
  });
  await wakeMatter(deps, input.id);
  return getMatter(deps, principal, input.id);
}

export async function withdrawMatter(deps: MatterDeps, principal: Principal, input: z.infer<typeof withdrawMatterInput>, requestId?: string): Promise<MatterDto> {
  await visibleMatter(deps, principal, input.id);
  const actor = actorOf(principal);
  await changeLocked(deps, input.id, input.decisionId, actor, async (trx, locked) => {
    assertFiler(locked.matter, principal, 'withdraw');
    await repo.insertEvent(trx, input.id, { decisionId: clientDecision(input.decisionId), kind: 'withdraw', stepIndex: null, actor, comment: input.comment, documentIds: [] });
    await repo.updateMatter(trx, input.id, { state: 'withdrawn' });
    await audit(trx, principal, 'withdrawn', locked.matter, { comment: input.comment }, requestId);
  });
  await wakeMatter(deps, input.id);
  return getMatter(deps, principal, input.id);
}

