import { DomainError, bilingual } from './errors.js';

/**
 * 机构编制评估 (seed 001, seed 004): how a department carries out its functions and uses its quota,
 * scored by one documented method (docs/audit.md "Evaluation"), as the basis of a conclusion — keep,
 * adjust, or cut by N of a quota type — that is then approved as a matter.
 */

/** One workload figure of the unit (cases handled, inspections, students…): last year's and this year's. */
export interface WorkloadFigure {
  name: string;
  unit: string;
  previous: number;
  current: number;
}

/** The figures the score is taken from; all but the workload come from the platform's own records. */
export interface EvaluationIndicators {
  workload: WorkloadFigure[];
  /** Approved quota and vacancies (negative: over quota) at each quarter end of the year, summed over the unit's quota types. */
  quarters: { day: string; quota: number; occupied: number; vacant: number }[];
  /** Staff outside quota on the unit's books today (ledger.workforce / ledger.auxiliary). */
  outsideQuota: number;
  /** Cross-check findings about the unit and violations recorded against it in the year. */
  findings: number;
  violations: number;
}

export interface EvaluationScore {
  /** 0–100, the sum of the four parts. */
  total: number;
  parts: { workload: number; quotaUse: number; outsideQuota: number; compliance: number };
  /** this year's workload ÷ last year's, summed over the figures (1 when unchanged). */
  workloadRatio: number;
  /** Average share of the approved quota left vacant over the quarter ends (0–1; over quota counts as 0). */
  vacancyRate: number;
  quartersOverQuota: number;
  outsideRatio: number;
  /** What the score suggests; the evaluator concludes. */
  suggestion: ConclusionKind;
  /** For a cut: the quota the workload no longer carries, within today's vacancies. */
  suggestedCut: number;
}

export const conclusionKinds = ['keep', 'adjust', 'cut'] as const;
export type ConclusionKind = (typeof conclusionKinds)[number];

/** The weights of the four parts (they sum to 100). */
export const evaluationWeights = { workload: 40, quotaUse: 30, outsideQuota: 15, compliance: 15 } as const;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** Full marks at or below `good`, none at or above `bad`, linear between. */
const falling = (x: number, good: number, bad: number, weight: number) => weight * clamp((bad - x) / (bad - good), 0, 1);
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The method, part by part:
 * - 工作量 (40): this year's workload over last year's, r; full marks when r ≥ 1, 40·r below;
 * - 编制使用 (30): the average vacancy rate v over the quarter ends: full marks at v ≤ 5%, none at
 *   v ≥ 30%, linear between; minus 10 for every quarter end over quota (not below 0);
 * - 编外人员 (15): staff outside quota per approved quota, o: full marks at o ≤ 10%, none at o ≥ 50%;
 * - 合规 (15): minus 5 for every cross-check finding or violation of the year (not below 0).
 * Suggestion: 80 or more keep, 60 to 80 adjust, below 60 cut; a cut suggests the quota the workload
 * no longer carries (quota × (1 − r), rounded down), at most today's vacancies.
 */
export function scoreEvaluation(indicators: EvaluationIndicators): EvaluationScore {
  if (indicators.workload.length === 0) throw new DomainError('VALIDATION_FAILED', 'no workload figures', undefined, bilingual('请先录入或导入工作量指标，再计算评分', 'Enter or import the workload figures before scoring'));
  if (indicators.quarters.length === 0) throw new DomainError('VALIDATION_FAILED', 'no quarter figures', undefined, bilingual('没有该单位的季度编制数据，无法计算评分', 'The unit has no quarter-end quota figures to score'));
  const previous = indicators.workload.reduce((s, f) => s + f.previous, 0);
  const current = indicators.workload.reduce((s, f) => s + f.current, 0);
  const workloadRatio = previous > 0 ? current / previous : current > 0 ? 1 : 0;
  const rates = indicators.quarters.map((q) => (q.quota > 0 ? clamp(q.vacant / q.quota, 0, 1) : 0));
  const vacancyRate = rates.reduce((s, r) => s + r, 0) / rates.length;
  const quartersOverQuota = indicators.quarters.filter((q) => q.vacant < 0 || q.occupied > q.quota).length;
  const latest = indicators.quarters[indicators.quarters.length - 1]!;
  const outsideRatio = latest.quota > 0 ? indicators.outsideQuota / latest.quota : indicators.outsideQuota > 0 ? 1 : 0;
  const parts = {
    workload: round1(evaluationWeights.workload * clamp(workloadRatio, 0, 1)),
    quotaUse: round1(Math.max(0, falling(vacancyRate, 0.05, 0.3, evaluationWeights.quotaUse) - 10 * quartersOverQuota)),
    outsideQuota: round1(falling(outsideRatio, 0.1, 0.5, evaluationWeights.outsideQuota)),
    compliance: Math.max(0, evaluationWeights.compliance - 5 * (indicators.findings + indicators.violations)),
  };
  const total = round1(parts.workload + parts.quotaUse + parts.outsideQuota + parts.compliance);
  const suggestion: ConclusionKind = total >= 80 ? 'keep' : total >= 60 ? 'adjust' : 'cut';
  const suggestedCut = suggestion === 'cut' ? Math.max(0, Math.min(Math.max(0, latest.vacant), Math.floor(latest.quota * (1 - clamp(workloadRatio, 0, 1))))) : 0;
  return { total, parts, workloadRatio: round1(workloadRatio * 100) / 100, vacancyRate: Math.round(vacancyRate * 1000) / 1000, quartersOverQuota, outsideRatio: Math.round(outsideRatio * 1000) / 1000, suggestion, suggestedCut };
}

/** A conclusion as the evaluator writes it: a cut names its quota type and amount, the others none. */
export function assertConclusion(conclusion: { kind: ConclusionKind; ledger?: string | null | undefined; amount?: number | null | undefined }, vacantNow: number | null): void {
  if (conclusion.kind === 'cut') {
    if (!conclusion.ledger || !conclusion.amount || conclusion.amount <= 0) throw new DomainError('VALIDATION_FAILED', 'a cut names its quota type and amount', undefined, bilingual('核减结论须写明编制类型和核减数量', 'A cut names its quota type and a positive amount'));
    if (vacantNow !== null && conclusion.amount > vacantNow) throw new DomainError('VALIDATION_FAILED', `cut ${conclusion.amount} exceeds ${vacantNow} vacancies`, { vacant: vacantNow }, bilingual(`核减数量超过该类型现有空编（${vacantNow}名）`, `The cut exceeds the ${vacantNow} vacancies of that quota type`));
  } else if (conclusion.amount) {
    throw new DomainError('VALIDATION_FAILED', 'only a cut has an amount', undefined, bilingual('只有核减结论填写数量', 'Only a cut has an amount'));
  }
}

/**
 * An evaluation's life: draft (figures entered) → scored (the conclusion written, filed as a matter of
 * kind evaluation_conclusion) → approved (the platform recorded the conclusion the matter approved).
 */
export const evaluationStates = ['draft', 'scored', 'approved'] as const;
export type EvaluationState = (typeof evaluationStates)[number];

// ——— 考核: the yearly assessment ———

/** Where an item's score comes from: computed from the platform's records, or entered with its evidence. */
export const assessmentSources = ['violations_rectified', 'disclosure', 'targets_met', 'entered'] as const;
export type AssessmentSource = (typeof assessmentSources)[number];

export interface AssessmentItem {
  key: string;
  name: string;
  weight: number;
  source: AssessmentSource;
  /** The evidence an entered score needs (what the assessor must cite). */
  evidence: string;
}

/** A sheet's items: unique keys, positive weights summing to 100. */
export function assertSheet(items: AssessmentItem[]): void {
  const keys = new Set(items.map((i) => i.key));
  if (keys.size !== items.length) throw new DomainError('VALIDATION_FAILED', 'duplicate item keys', undefined, bilingual('考核项目的编号不能重复', 'Each item of the sheet needs its own key'));
  const sum = items.reduce((s, i) => s + i.weight, 0);
  if (items.length === 0 || Math.abs(sum - 100) > 1e-9) throw new DomainError('VALIDATION_FAILED', `weights sum to ${sum}`, { sum }, bilingual(`各考核项目的权重合计须为100（现为${sum}）`, `The items' weights must sum to 100 (they sum to ${sum})`));
  const entered = items.filter((i) => i.source === 'entered' && i.evidence.trim().length === 0);
  if (entered.length > 0) throw new DomainError('VALIDATION_FAILED', 'entered items need their evidence', undefined, bilingual(`手工评分的项目须写明所需佐证：${entered.map((i) => i.name).join('、')}`, `Items scored by hand must say which evidence they need: ${entered.map((i) => i.name).join(', ')}`));
}

/** Each item scored 0–100; the total is the weighted sum (0–100, one decimal). An item not scored counts 0. */
export function assessmentTotal(items: AssessmentItem[], scores: Record<string, number | null | undefined>): number {
  return round1(items.reduce((s, i) => s + (i.weight * clamp(scores[i.key] ?? 0, 0, 100)) / 100, 0));
}

/** Violations rectified on time: the share (0–100) of those due in the year closed by their deadline; none due is full marks. */
export function rectifiedOnTimeScore(violations: { deadline: string; closedOn: string | null }[]): number {
  if (violations.length === 0) return 100;
  return round1((100 * violations.filter((v) => v.closedOn !== null && v.closedOn <= v.deadline).length) / violations.length);
}

/** Reduction targets met: the share (0–100) of the targets due in the year that were met; none due is full marks. */
export function targetsMetScore(targets: { status: string }[]): number {
  if (targets.length === 0) return 100;
  return round1((100 * targets.filter((t) => t.status === 'met').length) / targets.length);
}

/** Ranks within each level by total, highest first; equal totals share a rank (1, 2, 2, 4). */
export function rankPerLevel<T extends { level: string; total: number }>(rows: T[]): (T & { rank: number })[] {
  const byLevel = new Map<string, T[]>();
  for (const r of rows) byLevel.set(r.level, [...(byLevel.get(r.level) ?? []), r]);
  const ranked: (T & { rank: number })[] = [];
  for (const group of byLevel.values()) {
    const sorted = [...group].sort((a, b) => b.total - a.total);
    sorted.forEach((r, i) => ranked.push({ ...r, rank: i > 0 && sorted[i - 1]!.total === r.total ? ranked[ranked.length - 1]!.rank : i + 1 }));
  }
  return ranked;
}

export const assessmentStates = ['draft', 'reviewed', 'published'] as const;
export type AssessmentState = (typeof assessmentStates)[number];

/**
 * draft → reviewed → published, each step by another person than the one before: whoever last edited
 * the draft does not review it, and the reviewer does not publish. Scores change only in draft.
 */
export function assertAssessmentStep(sheet: { state: AssessmentState; editedBy: string | null; reviewedBy: string | null }, to: 'reviewed' | 'published', person: string): void {
  const from: AssessmentState = to === 'reviewed' ? 'draft' : 'reviewed';
  if (sheet.state !== from) throw new DomainError('ASSESSMENT_STATE', `sheet is ${sheet.state}`, { state: sheet.state }, bilingual(to === 'reviewed' ? '只有草稿状态的考核才能审核' : '只有已审核的考核才能发布', to === 'reviewed' ? 'Only a draft assessment can be reviewed' : 'Only a reviewed assessment can be published'));
  const previous = to === 'reviewed' ? sheet.editedBy : sheet.reviewedBy;
  if (previous === person) throw new DomainError('SELF_APPROVAL', `${person} did the previous step`, undefined, bilingual(to === 'reviewed' ? '编辑考核评分的人不能审核本次考核' : '审核人不能发布本次考核，须由另一人发布', to === 'reviewed' ? 'Whoever edited the scores cannot review them' : 'The reviewer cannot publish; another person publishes'));
}

/** Scores and the sheet change only while the year's assessment is a draft. */
export function assertAssessmentDraft(state: AssessmentState): void {
  if (state !== 'draft') throw new DomainError('ASSESSMENT_STATE', `sheet is ${state}`, { state }, bilingual(state === 'published' ? '本年度考核已发布，不能再修改' : '本年度考核已审核，不能再修改', state === 'published' ? 'This year’s assessment is published and can no longer change' : 'This year’s assessment is reviewed and can no longer change'));
}

/**
 * 发起改革项目: an approved cut of N from one unit, started as a reform project of kind uniform_cut
 * over the unit's jurisdiction with every other unit excepted. The rate is the one whose share of the
 * unit's quota, rounded down as a uniform cut rounds, is N; null when N is half the quota or more
 * (beyond a uniform cut's rate) or there is nothing to cut.
 */
export function cutRate(quota: number, amount: number): number | null {
  if (!(Number.isSafeInteger(quota) && Number.isSafeInteger(amount) && amount >= 1 && quota > amount)) return null;
  const rate = (amount + 0.5) / quota;
  return rate < 0.5 ? rate : null;
}
