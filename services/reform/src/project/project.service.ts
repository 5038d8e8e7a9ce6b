import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/client';
import type { CreateProjectInput, ImpactPreview, ReformPlan, ReformProjectState, ReformProjectSummary, ReformStage, listProjectsInput } from '@bianzhi/contracts/reform';
import type { z } from 'zod';
import { assertSeparateApprover, personOf, type Principal } from '@bianzhi/domain/access';
import { bilingual, DomainError, type DomainErrorCode } from '@bianzhi/domain/errors';
import { isLive } from '@bianzhi/domain/organization';
import { subtreeIds } from '@bianzhi/registry/scope-client';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { ReformDb } from '../db.js';
import type { AuditClient, LedgerClient } from '../service-clients.js';
import { compileAgainstLive } from '../activities/reform-project.js';
import { approveUpdate, cancelUpdate, documentUpdate, placementUpdate, projectQuery, reformProject, rejectUpdate, requestChangesUpdate, reviseUpdate, unitsRemovedBy, type DecisionArgs, type ReformProjectInput } from '../workflows/reform-project.js';
import { jurisdictionPath, visibilityLiteral, visibleJurisdictions, type JurisdictionDeps } from '../jurisdictions.js';
import { jurisdictionTree } from '../matter/matter-context.js';
import { listRouting } from '../matter/matter.repository.js';
import { decidingLevel } from '../matter/matter-rules.js';
import { isAncestorOf } from '@bianzhi/domain/jurisdiction';
import { reformDeadlineKey, reformJurisdictionsKey, reformKindKey, reformStageKey, reformTitleKey } from '../workflows/search-attributes.js';

export interface ProjectDeps extends JurisdictionDeps {
  db: ReformDb;
  temporal: Client;
  taskQueue: string;
  /** The ledger and audit as the reform service itself (figures for previews). */
  ledger: LedgerClient;
  audit: AuditClient;
  /** When follow-up supervision happens after execution (REFORM_FOLLOW_UP_DAYS); the workflow's default when absent. */
  followUpDays?: number[];
}

export const projectWorkflowId = (id: string) => (id.startsWith('reform-project/') ? id : `reform-project/${id}`);

/** Compiles a plan against the live registry (as the caller sees it) and ledger; units out of scope are NOT_FOUND. */
async function compileFor(deps: ProjectDeps, principal: Principal, jurisdictionId: string, plan: ReformPlan) {
  const jurisdictions = await visibleJurisdictions(deps, principal);
  if (!jurisdictions.some((j) => j.id === jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${jurisdictionId} is outside the caller's`);
  try {
    return { jurisdictions, compiled: await compileAgainstLive({ registry: deps.registryAs(principal), ledger: deps.ledger, audit: deps.audit, policy: deps.registry }, { plan, jurisdictionId }) };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof ApplicationFailure && error.type) throw new DomainError(error.type as DomainErrorCode, error.message);
    const code = remoteDomainCode(error);
    if (code) throw new DomainError(code as DomainErrorCode, (error as Error).message);
    throw error;
  }
}

export async function previewPlan(deps: ProjectDeps, principal: Principal, input: { jurisdictionId: string; plan: ReformPlan }): Promise<ImpactPreview> {
  return (await compileFor(deps, principal, input.jurisdictionId, input.plan)).compiled.preview;
}

/** Refusals that make a plan unfit to file at all; the rest (an open violation, open reservations) only block approval. */
const FILING_RULES = new Set(['REFORM-UNIT-ACTIVE', 'REFORM-SCOPE', 'REFORM-CONSERVATION', 'REFORM-MERGER-TARGET', 'REFORM-MERGER-JURISDICTION', 'REFORM-DELEGATION-TARGET', 'REFORM-FILING-INSTITUTION', 'REFORM-ENTERPRISE-INSTITUTION', 'REFORM-ENTERPRISE-BUSINESS']);

export async function createProject(deps: ProjectDeps, principal: Principal, input: CreateProjectInput, requestId?: string): Promise<{ id: string }> {
  const { jurisdictions, compiled } = await compileFor(deps, principal, input.jurisdictionId, input.plan);
  const unfit = compiled.preview.refusals.filter((r) => FILING_RULES.has(r.rule));
  if (unfit.length > 0) {
    throw new DomainError('POLICY_VIOLATION', unfit.map((r) => r.message).join('；'), { problems: unfit }, { 'zh-CN': `改革方案不能提交：${unfit.map((r) => r.message).join('；')}`, en: `The plan cannot be filed: ${unfit.map((r) => r.rule).join(', ')}` });
  }
  const path = await jurisdictionPath(deps, jurisdictions, input.jurisdictionId);
  const workflowId = projectWorkflowId(input.id);
  const args: ReformProjectInput = {
    id: workflowId,
    title: input.title,
    jurisdictionId: input.jurisdictionId,
    jurisdictionPath: path,
    documentNumber: input.documentNumber,
    plan: input.plan,
    filedBy: { id: principal.id, name: principal.name, personId: personOf(principal) },
    decisionDays: input.decisionDays,
    placementDays: input.placementDays,
    ...(deps.followUpDays ? { followUpDays: deps.followUpDays } : {}),
  };
  try {
    await deps.temporal.workflow.start(reformProject, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [args],
      typedSearchAttributes: [
        { key: reformKindKey, value: input.plan.kind },
        { key: reformStageKey, value: 'preview' },
        { key: reformJurisdictionsKey, value: path },
        { key: reformTitleKey, value: input.title.slice(0, 100) },
      ],
    });
  } catch (error) {
    // The same id again (a double click, a client retry): the first project stands.
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { id: workflowId };
    throw error;
  }
  await audit(deps, principal, 'reform.project.created', workflowId, input.jurisdictionId, { title: input.title, kind: input.plan.kind, documentNumber: input.documentNumber, plan: input.plan }, requestId);
  return { id: workflowId };
}

/** A jurisdiction and its ancestors, as far up as `all` reaches. */
async function audit(deps: ProjectDeps, principal: Principal, type: string, projectId: string, jurisdictionId: string, payload: Record<string, unknown>, requestId?: string) {
  await deps.db.transaction().execute((trx) => appendOutboxEvent(trx, 'reform', { type, aggregateType: 'reform_project', aggregateId: projectId, jurisdictionId, actor: auditActorOf(principal), payload, requestId }));
}

/** A project the caller may see: its jurisdiction lies in the caller's subtree. */
async function visibleProject(deps: ProjectDeps, principal: Principal, id: string): Promise<{ handle: WorkflowHandle<typeof reformProject>; state: ReformProjectState }> {
  const handle = deps.temporal.workflow.getHandle<typeof reformProject>(projectWorkflowId(id));
  let state: ReformProjectState;
  try {
    state = await handle.query(projectQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new DomainError('NOT_FOUND', `no reform project ${id}`);
    throw error;
  }
  const jurisdictions = await visibleJurisdictions(deps, principal);
  if (!jurisdictions.some((j) => j.id === state.jurisdictionId)) throw new DomainError('NOT_FOUND', `no reform project ${id}`);
  return { handle, state };
}

/** The project as the API shows it: which accounts belong to one person is not for every reader. */
function toDto(state: ReformProjectState): ReformProjectState {
  return { ...state, filedBy: { id: state.filedBy.id, name: state.filedBy.name } };
}

export async function getProject(deps: ProjectDeps, principal: Principal, id: string): Promise<ReformProjectState> {
  return toDto((await visibleProject(deps, principal, id)).state);
}

export async function listProjects(deps: ProjectDeps, principal: Principal, input: z.infer<typeof listProjectsInput>): Promise<{ items: ReformProjectSummary[] }> {
  const clauses = [`WorkflowType = 'reformProject'`];
  const quote = visibilityLiteral;
  if (principal.jurisdictionId) clauses.push(`BianzhiJurisdictions = ${quote(principal.jurisdictionId)}`);
  if (input.jurisdictionId) clauses.push(`BianzhiJurisdictions = ${quote(input.jurisdictionId)}`);
  if (input.kind) clauses.push(`BianzhiReformKind = ${quote(input.kind)}`);
  if (input.stage) clauses.push(`BianzhiReformStage = ${quote(input.stage)}`);
  if (input.overdue) clauses.push(`BianzhiNextDeadline < ${quote(new Date().toISOString())}`);
  const items: ReformProjectSummary[] = [];
  for await (const execution of deps.temporal.workflow.list({ query: clauses.join(' AND ') })) {
    const attributes = execution.typedSearchAttributes;
    const path = attributes.get(reformJurisdictionsKey) ?? [];
    items.push({
      id: execution.workflowId,
      title: attributes.get(reformTitleKey) ?? execution.workflowId,
      kind: (attributes.get(reformKindKey) ?? 'merger') as ReformProjectSummary['kind'],
      stage: (attributes.get(reformStageKey) ?? 'preview') as ReformStage,
      jurisdictionId: path[0] ?? '',
      nextDeadline: attributes.get(reformDeadlineKey)?.toISOString() ?? null,
      startedAt: execution.startTime.toISOString(),
    });
    if (items.length >= 500) break;
  }
  return { items };
}

/** A human decision sent as a workflow Update; the decision id makes a repeated click the same decision. */
async function decide<Args extends [unknown]>(
  deps: ProjectDeps,
  principal: Principal,
  id: string,
  decisionId: string,
  update: UpdateDefinition<ReformProjectState, Args>,
  args: Args,
  auditType: string,
  payload: Record<string, unknown>,
  requestId?: string,
  /** Rules checked here before the Update is sent (the workflow checks its own again). */
  precheck?: (state: ReformProjectState) => void | Promise<void>,
): Promise<ReformProjectState> {
  const { handle, state } = await visibleProject(deps, principal, id);
  await precheck?.(state);
  let result: ReformProjectState;
  try {
    result = await handle.executeUpdate(update, { args, updateId: decisionId });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const code = (error.cause.type ?? 'REFORM_STAGE') as DomainErrorCode;
      const [details] = error.cause.details as [{ en?: string }?];
      throw new DomainError(code, error.cause.message, undefined, { 'zh-CN': error.cause.message, en: details?.en ?? `${code}: ${error.cause.message}` });
    }
    throw error;
  }
  await audit(deps, principal, auditType, state.id, state.jurisdictionId, { decisionId, ...payload }, requestId);
  return toDto(result);
}

const by = (principal: Principal) => ({ id: principal.id, name: principal.name });
/** A committee decision: never by the person who filed the plan, under any of their accounts. */
const committee = (p: Principal, note: string): [DecisionArgs] => [{ by: by(p), note, person: personOf(p) }];
const notTheFiler = (p: Principal) => (state: ReformProjectState) => assertSeparateApprover(state.filedBy, p);

/**
 * A reform project changes establishments and quota: it is approved where those are decided for its
 * jurisdiction (docs/authority.md) — a township's by its district, a jurisdiction's whose
 * establishment or quota matters the city took up (审批权上收) by the city — or above.
 */
const approverAtDecidingLevel = (deps: ProjectDeps, p: Principal) => async (state: ReformProjectState) => {
  assertSeparateApprover(state.filedBy, p);
  const tree = await jurisdictionTree(deps.registry, [state.jurisdictionId, p.jurisdictionId]);
  const taken = new Set((await listRouting(deps.db, null)).filter((r) => (r.kind === 'organization_change' || r.kind === 'quota_movement') && r.decided_at === 'city').map((r) => r.jurisdiction_id));
  const deciding = decidingLevel(tree, state.jurisdictionId, (id) => taken.has(id));
  if (p.jurisdictionId === deciding || (p.jurisdictionId && isAncestorOf(tree, p.jurisdictionId, deciding))) return;
  const name = tree.get(deciding)?.name ?? '';
  throw new DomainError('FORBIDDEN', `project ${state.id} is approved at ${deciding}`, { decidingJurisdictionId: deciding }, bilingual(`本改革项目涉及的机构编制事项由${name}审批`, `This reform project’s establishment and quota changes are approved by ${name}`));
};

/**
 * Placement targets (other than the pool) must be live units in the project's jurisdiction subtree,
 * as the caller sees the registry, and not units the project itself takes away.
 */
async function assertPlacementTargets(deps: ProjectDeps, principal: Principal, state: ReformProjectState, assignments: { to: string }[]): Promise<void> {
  const targets = [...new Set(assignments.map((a) => a.to).filter((to) => to !== 'pool'))];
  if (targets.length === 0) return;
  const subtree = new Set(subtreeIds(await visibleJurisdictions(deps, principal), state.jurisdictionId));
  const removed = new Set(unitsRemovedBy(state.plan));
  const found = new Map((await deps.registryAs(principal).registry.organization.lookup.query({ ids: targets })).map((unit) => [unit.id, unit]));
  const refused = targets.filter((id) => {
    const unit = found.get(id);
    return !unit || !isLive(unit.status) || !subtree.has(unit.jurisdictionId) || removed.has(id);
  });
  if (refused.length === 0) return;
  const names = refused.map((id) => found.get(id)?.name ?? id).join('、');
  throw new DomainError(
    'PLACEMENT_TARGET_INVALID',
    `placement targets ${refused.join(', ')} are not live units of project ${state.id}'s jurisdiction subtree`,
    { refused },
    bilingual(`安置去向“${names}”不是本项目地区范围内的有效单位（或是本项目撤并的单位），不能安置`, `Cannot place people in ${names}: not a live unit within the project’s jurisdiction, or a unit the project takes away`),
  );
}

export const decisions = {
  approve: (deps: ProjectDeps, p: Principal, input: { id: string; decisionId: string; note: string }, requestId?: string) => decide(deps, p, input.id, input.decisionId, approveUpdate, committee(p, input.note), 'reform.project.approved', { note: input.note }, requestId, approverAtDecidingLevel(deps, p)),
  reject: (deps: ProjectDeps, p: Principal, input: { id: string; decisionId: string; note: string }, requestId?: string) => decide(deps, p, input.id, input.decisionId, rejectUpdate, committee(p, input.note), 'reform.project.rejected', { note: input.note }, requestId, notTheFiler(p)),
  requestChanges: (deps: ProjectDeps, p: Principal, input: { id: string; decisionId: string; note: string }, requestId?: string) => decide(deps, p, input.id, input.decisionId, requestChangesUpdate, committee(p, input.note), 'reform.project.changes_requested', { note: input.note }, requestId, notTheFiler(p)),
  cancel: (deps: ProjectDeps, p: Principal, input: { id: string; decisionId: string; note: string }, requestId?: string) => decide(deps, p, input.id, input.decisionId, cancelUpdate, [{ by: by(p), note: input.note }], 'reform.project.cancelled', { note: input.note }, requestId),
  async revise(deps: ProjectDeps, p: Principal, input: { id: string; decisionId: string; plan: ReformPlan; note: string }, requestId?: string) {
    const { state } = await visibleProject(deps, p, input.id);
    await compileFor(deps, p, state.jurisdictionId, input.plan);
    return decide(deps, p, input.id, input.decisionId, reviseUpdate, [{ by: by(p), plan: input.plan, note: input.note }], 'reform.project.revised', { plan: input.plan, note: input.note }, requestId);
  },
  assignPlacement: (deps: ProjectDeps, p: Principal, input: { id: string; decisionId: string; assignments: { personId: string; to: string }[]; finish: boolean }, requestId?: string) =>
    decide(deps, p, input.id, input.decisionId, placementUpdate, [{ by: by(p), assignments: input.assignments, finish: input.finish }], 'reform.project.placement', { assignments: input.assignments.length, finish: input.finish }, requestId, (state) =>
      assertPlacementTargets(deps, p, state, input.assignments),
    ),
  submitDocument: (
    deps: ProjectDeps,
    p: Principal,
    input: { id: string; decisionId: string; kind: 'three_determinations' | 'legal_registration'; documentNumber: string; effectiveDate: string; functions: string[]; representative: string },
    requestId?: string,
  ) => {
    const { id: _id, decisionId: _decision, ...document } = input;
    return decide(deps, p, input.id, input.decisionId, documentUpdate, [{ by: by(p), ...document }], 'reform.project.document', { kind: input.kind, documentNumber: input.documentNumber }, requestId);
  },
};
