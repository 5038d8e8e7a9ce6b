import { personOf, type Principal, type Role } from './access.js';
import { roleLevel } from './authority.js';
import { DomainError, bilingual } from './errors.js';
import { pathUp, type JurisdictionLevel } from './jurisdiction.js';

/**
 * Matters (事项, DOMAIN.md "Authority"): a request with its documents that goes through a chain of
 * steps (受理 → 审核 → 审批), each decided by another person, within a time limit in working days,
 * may be returned for correction, and when approved takes effect exactly once.
 */
export const matterKinds = ['quota_movement', 'leadership_posts', 'organization_change', 'leadership_appointment', 'person_transfer', 'staffing_plan', 'evaluation_conclusion', 'reduction_target', 'named_roll_publication', 'charter_approval'] as const;
export type MatterKind = (typeof matterKinds)[number];
export const matterKindLabels: Record<MatterKind, { 'zh-CN': string; en: string }> = {
  quota_movement: { 'zh-CN': '编制核定与调整', en: 'Quota allocation and adjustment' },
  leadership_posts: { 'zh-CN': '领导职数核定', en: 'Leadership posts' },
  organization_change: { 'zh-CN': '机构设立、撤销、合并、更名与规格调整', en: 'Establishing, abolishing, merging, renaming and re-ranking units' },
  leadership_appointment: { 'zh-CN': '领导职务任职（事前预审、事中核准、事后督查）', en: 'Appointment to a leadership post (pre-review, approval, follow-up)' },
  person_transfer: { 'zh-CN': '带编调任', en: 'Transfer of a person with their quota' },
  staffing_plan: { 'zh-CN': '用编计划审批', en: 'Staffing-use plans' },
  evaluation_conclusion: { 'zh-CN': '机构编制评估结论', en: 'Conclusions of establishment evaluations' },
  reduction_target: { 'zh-CN': '控编减编任务', en: 'Quota reduction targets' },
  charter_approval: { 'zh-CN': '事业单位章程核准', en: 'Charters of public institutions' },
  named_roll_publication: { 'zh-CN': '实名制公示', en: 'Named-roll publication' },
};

/**
 * 事后督查: this many working days after an approved appointment took effect, the platform checks it
 * is still within the unit's posts of its rank and records what it found on the matter.
 */
export const SUPERVISION_WORKING_DAYS = 20;

/** What an establishment matter (机构编制事项, kind organization_change) does to the units it names. */
export const organizationActions = ['establish', 'abolish', 'convert', 'merge', 'rename', 'rerank'] as const;
export type OrganizationAction = (typeof organizationActions)[number];

export const matterStepKinds = ['accept', 'review', 'approve'] as const;
export type MatterStepKind = (typeof matterStepKinds)[number];

/**
 * - `in_review`: a step waits for its decider; `returned`: back with the filer for correction;
 * - `approved`: decided, its effect about to be applied; `applied`: the effect took place;
 * - `failed`: approved but the effect was refused when applied (nothing of it applied);
 * - `rejected`, `withdrawn`: closed without effect.
 */
export const matterStates = ['in_review', 'returned', 'approved', 'applied', 'failed', 'rejected', 'withdrawn'] as const;
export type MatterState = (typeof matterStates)[number];
export const closedMatterStates: readonly MatterState[] = ['applied', 'failed', 'rejected', 'withdrawn'];

export const matterDecisions = ['approve', 'reject', 'return'] as const;
export type MatterDecision = (typeof matterDecisions)[number];

/** Working days each step may take, by default: 20 in all, the usual statutory limit for an approval. */
export const defaultStepDays: Record<MatterStepKind, number> = { accept: 2, review: 5, approve: 13 };
/** When a missed step goes up a level, the upper level gets this many working days. */
export const ESCALATED_STEP_DAYS = 5;
/** A reminder goes out this many working days before a step's deadline. */
export const REMINDER_WORKING_DAYS = 1;

export interface ChainJurisdiction {
  id: string;
  parentId: string | null;
  level: JurisdictionLevel;
}

export interface PlannedStep {
  index: number;
  kind: MatterStepKind;
  jurisdictionId: string;
  level: JurisdictionLevel;
}

/**
 * The steps of a matter: every step but the last is taken where it was filed, the last (审批) by
 * the deciding level. Filed and decided at one level, the whole chain is that level's.
 */
export function planChain(filedAt: ChainJurisdiction, decidedAt: ChainJurisdiction, kinds: readonly MatterStepKind[] = matterStepKinds): PlannedStep[] {
  return kinds.map((kind, index) => {
    const at = index === kinds.length - 1 ? decidedAt : filedAt;
    return { index, kind, jurisdictionId: at.id, level: at.level };
  });
}

/** The higher of two jurisdictions on one path (the ancestor), or the root when neither is above the other. */
export function higherOf(tree: Map<string, ChainJurisdiction>, a: string, b: string): string {
  const ofA = pathUp(tree, a);
  const ofB = pathUp(tree, b);
  if (ofA.includes(b)) return b;
  if (ofB.includes(a)) return a;
  return ofA.find((id) => ofB.includes(id)) ?? ofA[ofA.length - 1]!;
}

export interface StepState {
  index: number;
  kind: MatterStepKind;
  jurisdictionId: string;
  level: JurisdictionLevel;
  /** The person who approved this step in the current chain (null while it waits). */
  decidedBy: { id: string; personId: string } | null;
}

export interface MatterTurn {
  state: MatterState;
  currentStep: number;
  filedBy: { id: string; personId: string };
  steps: StepState[];
}

/**
 * Whether `decider` may decide `stepIndex` now: the matter waits on that step (a second decision on
 * a decided step, or one out of turn, is refused), the decider is a bureau admin of the step's
 * jurisdiction, and the decider is neither the filer nor whoever decided an earlier step — persons,
 * not accounts, so a second account of the same person counts as that person.
 */
export function assertMayDecide(matter: MatterTurn, decider: Pick<Principal, 'id' | 'personId' | 'roles' | 'jurisdictionId'>, stepIndex: number, decision: MatterDecision, comment: string): void {
  if (matter.state !== 'in_review') throw new DomainError('MATTER_STATE', `matter is ${matter.state}`, { state: matter.state }, bilingual(`该事项${stateText[matter.state]['zh-CN']}，不能再办理`, `The matter is ${stateText[matter.state].en} and cannot be decided`));
  if (stepIndex !== matter.currentStep) throw new DomainError('MATTER_STATE', `step ${stepIndex} is not the current step ${matter.currentStep}`, { stepIndex, currentStep: matter.currentStep }, bilingual('该环节已经办理或尚未轮到，请刷新后查看', 'This step was already decided or is not due yet; refresh to see where the matter stands'));
  const step = matter.steps[stepIndex]!;
  const level: JurisdictionLevel | undefined = decider.roles.map((r: Role) => roleLevel[r]).find((l) => l === step.level);
  if (!level || decider.jurisdictionId !== step.jurisdictionId) throw new DomainError('MATTER_NOT_YOUR_TURN', `step ${stepIndex} belongs to jurisdiction ${step.jurisdictionId}`, { stepIndex }, bilingual('该环节由其他层级或其他地区的编办办理', 'This step belongs to the bureau of another level or jurisdiction'));
  const person = personOf(decider);
  if (person === matter.filedBy.personId || decider.id === matter.filedBy.id) throw new DomainError('SELF_APPROVAL', 'the filer cannot decide their own matter', undefined, bilingual('申报人不能办理自己申报的事项', 'Whoever filed a matter cannot decide any of its steps'));
  const earlier = matter.steps.filter((s) => s.index < stepIndex && s.decidedBy && (s.decidedBy.personId === person || s.decidedBy.id === decider.id));
  if (earlier.length > 0) throw new DomainError('MATTER_NOT_YOUR_TURN', 'the decider already decided an earlier step', undefined, bilingual('您已办理本事项的前一环节，同一事项的各环节须由不同的人办理', 'You decided an earlier step of this matter; each step needs another person'));
  if (decision !== 'approve' && comment.trim().length === 0) throw new DomainError('MATTER_INVALID', `a ${decision} needs a comment`, undefined, bilingual(decision === 'return' ? '退回修改须写明修改意见' : '不予批准须写明理由', decision === 'return' ? 'A return for correction needs a comment saying what to correct' : 'A rejection needs its reason'));
}

/** Only the filer (the same person) may revise, resubmit or withdraw, and only while the matter is open. */
export function assertFiler(matter: Pick<MatterTurn, 'state' | 'filedBy'>, principal: Pick<Principal, 'id' | 'personId'>, action: 'resubmit' | 'withdraw'): void {
  if (personOf(principal) !== matter.filedBy.personId && principal.id !== matter.filedBy.id) throw new DomainError('MATTER_NOT_YOUR_TURN', 'only the filer', undefined, bilingual('只有申报人可以修改、重新提交或撤回事项', 'Only the filer may revise, resubmit or withdraw a matter'));
  const allowed: readonly MatterState[] = action === 'resubmit' ? ['returned'] : ['in_review', 'returned'];
  if (!allowed.includes(matter.state)) throw new DomainError('MATTER_STATE', `matter is ${matter.state}`, undefined, bilingual(action === 'resubmit' ? '只有退回修改的事项才能重新提交' : `该事项${stateText[matter.state]['zh-CN']}，不能撤回`, action === 'resubmit' ? 'Only a matter returned for correction can be resubmitted' : `The matter is ${stateText[matter.state].en} and cannot be withdrawn`));
}

const stateText: Record<MatterState, { 'zh-CN': string; en: string }> = {
  in_review: { 'zh-CN': '正在审批', en: 'in review' },
  returned: { 'zh-CN': '已退回修改', en: 'returned for correction' },
  approved: { 'zh-CN': '已批准', en: 'approved' },
  applied: { 'zh-CN': '已批准并执行', en: 'approved and applied' },
  failed: { 'zh-CN': '已批准但执行未成功', en: 'approved but could not be applied' },
  rejected: { 'zh-CN': '未予批准', en: 'rejected' },
  withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
};
