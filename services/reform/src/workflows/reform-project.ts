import { ActivityFailure, ApplicationFailure, CancellationScope, condition, defineQuery, defineUpdate, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ReformDecision, ReformPlan, ReformProjectState, ReformStage, reformDocumentKinds } from '@bianzhi/contracts/reform';
import type { ReformActivities } from '../activities/reform-project.js';
import { reformDeadlineKey, reformJurisdictionsKey, reformKindKey, reformStageKey, reformTitleKey } from './search-attributes.js';

export interface ReformProjectInput {
  id: string;
  title: string;
  jurisdictionId: string;
  /** The jurisdiction and its ancestors, for the list's scope filter. */
  jurisdictionPath: string[];
  documentNumber: string;
  plan: ReformPlan;
  /** personId: the person behind the filer's account (absent in runs started before it was recorded). */
  filedBy: { id: string; name: string; personId?: string };
  decisionDays: number;
  placementDays: number;
  /**
   * Keep the list's search attributes up to date (default). Off only on Temporal's time-skipping
   * test server, which has no custom search attributes.
   */
  indexed?: boolean;
  /** Days after execution of each follow-up (REFORM_FOLLOW_UP_DAYS); absent in runs started before it existed. */
  followUpDays?: number[];
}

export interface Decider {
  id: string;
  name: string;
}
/** `person`: the person behind the decider's account, compared with the filer's (kept out of the recorded decision). */
export type DecisionArgs = { by: Decider; note: string; person?: string };
export type PlacementArgs = { by: Decider; assignments: { personId: string; to: string }[]; finish: boolean };
export type DocumentArgs = { by: Decider; kind: (typeof reformDocumentKinds)[number]; documentNumber: string; effectiveDate: string; functions: string[]; representative: string };
export type ReviseArgs = { by: Decider; plan: ReformPlan; note: string };

export const projectQuery = defineQuery<ReformProjectState>('project');
export const approveUpdate = defineUpdate<ReformProjectState, [DecisionArgs]>('approve');
export const rejectUpdate = defineUpdate<ReformProjectState, [DecisionArgs]>('reject');
export const requestChangesUpdate = defineUpdate<ReformProjectState, [DecisionArgs]>('requestChanges');
export const reviseUpdate = defineUpdate<ReformProjectState, [ReviseArgs]>('revise');
export const cancelUpdate = defineUpdate<ReformProjectState, [DecisionArgs]>('cancel');
export const placementUpdate = defineUpdate<ReformProjectState, [PlacementArgs]>('assignPlacement');
export const documentUpdate = defineUpdate<ReformProjectState, [DocumentArgs]>('submitDocument');

/** Units a plan takes away (merged into another, abolished, moved to another jurisdiction, leaving the system): nobody is placed in them. */
export function unitsRemovedBy(plan: ReformPlan): string[] {
  switch (plan.kind) {
    case 'merger':
      return plan.sourceIds.filter((id) => !('existingId' in plan.target) || id !== plan.target.existingId);
    case 'abolition':
      return plan.organizationIds;
    case 'delegation':
    case 'enterprise_conversion':
      return [plan.organizationId];
    default:
      return [];
  }
}

const DAY = 24 * 60 * 60 * 1000;
/** Follow-up supervision after execution (DOMAIN.md): at 3, 6 and 12 months of 30 days, unless the deployment sets other intervals. */
export const DEFAULT_FOLLOW_UP_DAYS = [90, 180, 360] as const;

const quick = proxyActivities<ReformActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
});

/** Ledger steps heartbeat: a worker killed mid-step is noticed in seconds and the (idempotent) step retried. */
const ledgerSteps = proxyActivities<ReformActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
});

/** Refusals that leave the workflow as it was: the client sees the message (Chinese, English in the details), nothing is recorded. */
function refuse(code: string, zh: string, en: string): never {
  throw ApplicationFailure.nonRetryable(zh, code, { en });
}

/**
 * A reform project from plan to closure (DOMAIN.md "Reform projects"; docs/reform.md):
 * preview → committee decision (Update; deadline, then escalation, then automatic return) →
 * execution (one linked ledger step, then the registry's commands; compensated by new transfers if
 * anything fails or the project is cancelled before the unit changes take effect) → staff placement
 * (deadline) → three-determinations → legal-person registration → follow-ups at 3, 6, 12 months.
 */
export async function reformProject(input: ReformProjectInput): Promise<ReformProjectState> {
  const startedAt = new Date(Date.now()).toISOString();
  const state: ReformProjectState = {
    id: input.id,
    title: input.title,
    kind: input.plan.kind,
    jurisdictionId: input.jurisdictionId,
    documentNumber: input.documentNumber,
    plan: input.plan,
    filedBy: input.filedBy,
    stage: 'preview',
    timeline: [{ stage: 'preview', at: startedAt }],
    preview: null,
    decisions: [],
    deadline: null,
    escalated: false,
    placements: {},
    documents: [],
    steps: [],
    followUps: [],
    resultOrganizationIds: [],
    irreversible: false,
    error: null,
  };
  // Decisions arrive through Update handlers; the main line reads them here (an object, so TypeScript does not narrow it away).
  const inbox: { decision: 'approve' | 'reject' | 'cancel' | 'changes' | null } = { decision: null };
  let revised = false;
  let placementFinished = false;
  /** Set when the placement stage opens: runs that reached it before the check existed keep their old rules on replay. */
  let checkPlacementTargets = false;
  const compensations: (() => Promise<void>)[] = [];

  const record = (kind: ReformDecision['kind'], by: Decider | null, note: string) => state.decisions.push({ kind, by, at: new Date(Date.now()).toISOString(), note });
  const enter = (stage: ReformStage, deadline: Date | null = null) => {
    state.stage = stage;
    state.deadline = deadline ? deadline.toISOString() : null;
    state.timeline.push({ stage, at: new Date(Date.now()).toISOString() });
    if (input.indexed !== false) {
      upsertSearchAttributes([
        { key: reformStageKey, value: stage },
        { key: reformDeadlineKey, value: deadline },
      ]);
    }
  };
  if (input.indexed !== false) upsertSearchAttributes([
    { key: reformKindKey, value: input.plan.kind },
    { key: reformStageKey, value: 'preview' },
    { key: reformJurisdictionsKey, value: input.jurisdictionPath },
    { key: reformTitleKey, value: input.title.slice(0, 100) },
  ]);
  const pastDeadline = () => state.deadline !== null && Date.now() > Date.parse(state.deadline);

  setHandler(projectQuery, () => state);
  const committeeCheck = (args: DecisionArgs) => {
    if (state.stage !== 'committee') refuse('REFORM_STAGE', `项目当前处于“${state.stage}”阶段，不能作出编委会决定`, `The project is at its ${state.stage} stage; the committee cannot decide now`);
    if (inbox.decision) refuse('REFORM_STAGE', '已有决定正在处理', 'A decision is already being processed');
    // The same account, or (when the filer's person is known) another account of the same person.
    const samePerson = state.filedBy.personId !== undefined && state.filedBy.personId === (args.person ?? args.by.id);
    if (args.by.id === state.filedBy.id || samePerson) refuse('SELF_APPROVAL', '提出改革方案的人不能审批本方案', 'Whoever filed the plan cannot decide on it');
    if (pastDeadline()) refuse('REFORM_DEADLINE_PASSED', `决定期限（${state.deadline?.slice(0, 10)}）已过，请等待逾期处理结果`, `The deadline (${state.deadline?.slice(0, 10)}) has passed; the overdue handling applies`);
  };
  // The committee's three decisions: the same checks, then the main line reads the decision.
  const committee = [
    [approveUpdate, 'approve', 'approve'],
    [rejectUpdate, 'reject', 'reject'],
    [requestChangesUpdate, 'changes', 'request_changes'],
  ] as const;
  for (const [update, decision, kind] of committee) {
    setHandler(
      update,
      (args) => {
        inbox.decision = decision;
        record(kind, args.by, args.note);
        return state;
      },
      {
        validator: (args) => {
          committeeCheck(args);
          const refusals = state.preview?.refusals ?? [];
          if (decision === 'approve' && refusals.length > 0) refuse('POLICY_VIOLATION', `方案有${refusals.length}项不符合规则，不能批准：${refusals.map((r) => r.message).join('；')}`, `The plan breaks ${refusals.length} rule(s) and cannot be approved: ${refusals.map((r) => r.rule).join(', ')}`);
        },
      },
    );
  }
  setHandler(
    reviseUpdate,
    (args) => {
      state.plan = args.plan;
      revised = true;
      return state;
    },
    {
      validator: (args) => {
        if (state.stage !== 'preview' || state.decisions.at(-1)?.kind !== 'request_changes') refuse('REFORM_STAGE', '只有被要求修改的方案才能修改后重新提交', 'Only a plan returned for changes can be resubmitted');
        if (args.by.id !== state.filedBy.id) refuse('FORBIDDEN', '只有方案提出人可以修改方案', 'Only whoever filed the plan can revise it');
        if (args.plan.kind !== state.kind) refuse('VALIDATION_FAILED', '修改后的方案须与原方案同一类型', 'A revised plan must be of the same kind');
      },
    },
  );
  setHandler(
    cancelUpdate,
    (args) => {
      inbox.decision = 'cancel';
      record('cancel', args.by, args.note);
      return state;
    },
    {
      validator: (_args: DecisionArgs) => {
        if (['closed', 'rejected', 'cancelled', 'failed'].includes(state.stage)) refuse('REFORM_STAGE', '项目已结束', 'The project has ended');
        if (state.irreversible) refuse('REFORM_IRREVERSIBLE', '机构变更已在机构名录生效，不能再撤销本项目；如需恢复，请另立改革项目', 'The unit changes have taken effect in the registry; the project can no longer be cancelled (file a new project to undo them)');
        if (inbox.decision === 'cancel') refuse('REFORM_STAGE', '撤销正在处理', 'A cancellation is already being processed');
      },
    },
  );
  setHandler(
    placementUpdate,
    (args) => {
      for (const a of args.assignments) state.placements[a.personId] = a.to;
      if (args.finish) {
        placementFinished = true;
        record('placement', args.by, `${Object.keys(state.placements).length}名人员安置完毕`);
      }
      return state;
    },
    {
      validator: (args) => {
        if (state.stage !== 'placement') refuse('REFORM_STAGE', '项目不在人员安置阶段', 'The project is not at its placement stage');
        if (placementFinished) refuse('REFORM_STAGE', '人员安置已提交', 'The placement has already been submitted');
        const known = new Set(state.preview?.toPlace.map((p) => p.personId));
        const unknown = args.assignments.find((a: { personId: string; to: string }) => !known.has(a.personId));
        if (unknown) refuse('VALIDATION_FAILED', '所安置的人员不在本项目的待安置名单中', 'A person placed is not on this project’s list of people to place');
        if (checkPlacementTargets) {
          const removed = new Set(unitsRemovedBy(state.plan));
          if (args.assignments.some((a: { to: string }) => removed.has(a.to))) refuse('PLACEMENT_TARGET_INVALID', '不能把人员安置到本项目撤并、下放或转企的单位', 'People cannot be placed in a unit this project merges away, abolishes, delegates or converts');
        }
        if (args.finish) {
          const after = { ...state.placements, ...Object.fromEntries(args.assignments.map((a: { personId: string; to: string }) => [a.personId, a.to])) };
          const missing = [...known].filter((id) => !after[id]).length;
          if (missing > 0) refuse('PLACEMENT_INCOMPLETE', `还有${missing}名人员未安置，全部安置（到单位或安置池）后才能提交`, `${missing} people are not placed yet; place everyone (in a unit or the pool) before submitting`);
        }
      },
    },
  );
  let documentArrived: DocumentArgs | null = null;
  setHandler(
    documentUpdate,
    (args) => {
      documentArrived = args;
      return state;
    },
    {
      validator: (args) => {
        const wanted = state.stage === 'documents' ? 'three_determinations' : state.stage === 'registration' ? 'legal_registration' : null;
        if (!wanted) refuse('REFORM_STAGE', '项目当前不需要提交文件', 'The project does not need a document now');
        if (args.kind !== wanted) refuse('REFORM_STAGE', wanted === 'three_determinations' ? '请先提交新的“三定”规定' : '请提交法人登记材料', wanted === 'three_determinations' ? 'Submit the new three-determinations first' : 'Submit the legal-person registration');
        if (documentArrived) refuse('REFORM_STAGE', '文件正在处理', 'A document is already being processed');
        if (args.kind === 'three_determinations' && args.functions.length === 0) refuse('VALIDATION_FAILED', '“三定”规定须至少写明一项主要职责', 'The three-determinations need at least one main function');
        if (args.kind === 'legal_registration' && !args.representative) refuse('VALIDATION_FAILED', '法人登记须填写法定代表人', 'The legal registration needs the legal representative');
      },
    },
  );

  const finish = (stage: ReformStage, error: string | null = null) => {
    state.error = error;
    enter(stage);
    return state;
  };
  const compensate = async () => {
    await CancellationScope.nonCancellable(async () => {
      for (const undo of compensations.reverse()) await undo();
    });
    compensations.length = 0;
  };
  /** Ledger step ids are derived from this (workflow id + step), so a retried activity applies nothing twice. */
  const stepKey = (name: string) => `${workflowInfo().workflowId}/${name}`;
  const reverse = (stepId: string, name: string) => async () => {
    const reversal = await ledgerSteps.reverseLedgerStep({ key: stepKey(name), stepId, documentNumber: state.documentNumber });
    state.steps.find((s) => s.stepId === stepId)!.reversedBy = reversal.id;
  };
  const cancelled = () => inbox.decision === 'cancel';
  const cancelNow = async () => {
    await compensate();
    return finish('cancelled');
  };

  // Preview and committee, round by round while the committee asks for changes.
  for (;;) {
    const compiled = await quick.previewPlan({ plan: state.plan, jurisdictionId: state.jurisdictionId });
    state.preview = compiled.preview;
    enter('committee', new Date(Date.now() + input.decisionDays * DAY));
    if (!(await condition(() => inbox.decision !== null, input.decisionDays * DAY))) {
      // Overdue: escalate once (to the bureau's head, with half the time again), then return the plan.
      state.escalated = true;
      record('escalated', null, `编委会逾期未决，已提请主任督办（原期限${state.deadline?.slice(0, 10)}）`);
      const extra = Math.max(1, Math.ceil(input.decisionDays / 2));
      enter('committee', new Date(Date.now() + extra * DAY));
      if (!(await condition(() => inbox.decision !== null, extra * DAY))) {
        record('reject', null, '督办后仍逾期未决，方案自动退回');
        return finish('rejected');
      }
    }
    const decision = inbox.decision;
    inbox.decision = null;
    if (decision === 'reject') return finish('rejected');
    if (decision === 'cancel') return finish('cancelled');
    if (decision === 'approve') break;
    enter('preview');
    await condition(() => revised || inbox.decision === 'cancel');
    if (inbox.decision === 'cancel') return finish('cancelled');
    revised = false;
  }

  // Execution.
  enter('executing');
  try {
    let compiled = await quick.previewPlan({ plan: state.plan, jurisdictionId: state.jurisdictionId });
    if (compiled.preview.refusals.length > 0) throw ApplicationFailure.nonRetryable(`批准后情况已变化，方案不再符合规则：${compiled.preview.refusals.map((r) => r.message).join('；')}`, 'POLICY_VIOLATION');
    state.preview = compiled.preview;
    if (inbox.decision === 'cancel') return finish('cancelled');
    const plan = state.plan;
    if (plan.kind === 'merger' && 'newName' in plan.target) {
      const created = await quick.createMergedUnit({ projectId: state.id, jurisdictionId: state.jurisdictionId, sourceId: plan.sourceIds[0]!, sourceIds: plan.sourceIds, name: plan.target.newName, kind: plan.target.newKind, institutionClass: plan.target.institutionClass, documentNumber: state.documentNumber });
      state.irreversible = true;
      compiled = await quick.previewPlan({ plan, jurisdictionId: state.jurisdictionId, newTargetId: created.id });
    }
    if (plan.kind === 'delegation') {
      const delegated = await quick.applyRegistry({ projectId: state.id, commands: compiled.registry, documentNumber: state.documentNumber });
      state.irreversible = true;
      compiled = await quick.previewPlan({ plan, jurisdictionId: state.jurisdictionId, delegatedId: delegated.delegatedId ?? undefined });
    }
    const execution = await ledgerSteps.applyLedgerStep({ key: stepKey('execute'), projectId: state.id, documentNumber: state.documentNumber, step: compiled.step });
    state.steps.push({ name: 'execute', stepId: execution.id, reversedBy: null });
    compensations.push(reverse(execution.id, 'execute/reversal'));
    if (cancelled()) return cancelNow();
    if (plan.kind !== 'delegation' && compiled.registry.length > 0) {
      const result = await quick.applyRegistry({ projectId: state.id, commands: compiled.registry, documentNumber: state.documentNumber });
      state.irreversible = true;
      state.resultOrganizationIds = result.resultIds;
    } else {
      state.resultOrganizationIds = compiled.step.openAccounts.map((a) => a.organizationId).filter((id, i, all) => all.indexOf(id) === i);
    }
    // Once the unit changes are in the registry there is no going back; before that (kinds with no
    // registry change) a later cancellation still reverses the ledger.
    if (state.irreversible) compensations.length = 0;
    if (compiled.registry.length === 0) state.resultOrganizationIds = compiled.unitIds;
  } catch (error) {
    await compensate();
    const message = error instanceof ApplicationFailure ? error.message : error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return finish('failed', message);
  }

  // Staff placement.
  if ((state.preview?.toPlace.length ?? 0) > 0) {
    for (const person of state.preview!.toPlace) {
      if (person.suggested !== 'pool' && state.resultOrganizationIds.length > 0 && state.kind === 'merger') state.placements[person.personId] ??= state.resultOrganizationIds[0]!;
    }
    checkPlacementTargets = patched('placement-targets');
    enter('placement', new Date(Date.now() + input.placementDays * DAY));
    if (!(await condition(() => placementFinished || cancelled(), input.placementDays * DAY))) {
      state.escalated = true;
      record('escalated', null, `人员安置逾期（期限${state.deadline?.slice(0, 10)}），已提请督办`);
      await condition(() => placementFinished || cancelled());
    }
    if (cancelled()) return cancelNow();
    const people = await quick.currentPeople({ personIds: state.preview!.toPlace.map((p) => p.personId) });
    const placed = await ledgerSteps.applyPlacement({ key: stepKey('placement'), projectId: state.id, documentNumber: state.documentNumber, assignments: state.placements, people });
    if (placed) {
      state.steps.push({ name: 'placement', stepId: placed.id, reversedBy: null });
      if (!state.irreversible) compensations.push(reverse(placed.id, 'placement/reversal'));
    }
  }

  // New three-determinations, then legal-person registration.
  for (const stage of ['documents', 'registration'] as const) {
    enter(stage);
    for (;;) {
      await condition(() => documentArrived !== null || cancelled());
      if (cancelled()) return cancelNow();
      const document = documentArrived!;
      documentArrived = null;
      try {
        await quick.publishDocument({ projectId: state.id, organizationIds: state.resultOrganizationIds, ...document });
      } catch (error) {
        // The registry refused the document (a date before the unit's last change, say): say why and wait for a corrected one.
        state.error = error instanceof ActivityFailure && error.cause instanceof Error ? error.cause.message : String(error);
        continue;
      }
      state.error = null;
      state.documents.push({ kind: document.kind, documentNumber: document.documentNumber, effectiveDate: document.effectiveDate });
      record('document', document.by, document.documentNumber);
      break;
    }
  }

  // Follow-up supervision on durable timers.
  const executedAt = Date.now();
  for (const days of input.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS) {
    const months = Math.round(days / 30);
    const due = executedAt + days * DAY;
    enter('follow_up', new Date(due));
    await condition(cancelled, Math.max(1, due - Date.now()));
    if (cancelled()) return cancelNow();
    const figures = await quick.followUp({ organizationIds: state.resultOrganizationIds, placements: state.placements });
    state.followUps.push({ month: months, at: new Date(Date.now()).toISOString(), ...figures });
    record('follow_up', null, `${months > 0 ? `第${months}个月` : `第${Math.round(days * 24 * 60)}分钟`}跟踪督查：超编${figures.overQuota}名，安置池${figures.inPool}名`);
  }
  return finish('closed');
}
