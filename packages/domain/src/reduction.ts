import { addDays } from './calendar.js';

/**
 * 控编减编任务 (reduction targets) and their progress, computed from the ledger, never typed in.
 *
 * A target names a unit (or a jurisdiction: the units it holds directly), a quota type, what is
 * measured and how much, from a start day to a deadline:
 * - `quota` (核减编制): the unit's quota of the type (vacant + occupied) goes down by `amount`.
 *   Achieved = quota at the end of the day before the start − quota at the end of the day measured,
 *   never below 0: cuts (`cut`), recoveries (`recover`) and any move out count, an increase or a new
 *   allocation counts against.
 * - `occupied` (出编不补、消化超编): the people on the unit's roll in the type go down by `amount`:
 *   exits not refilled. Achieved = people on the roll before the start − people on the roll at the
 *   day measured, never below 0: an exit refilled by an entry counts nothing.
 * Figures as of a day count back-dated transfers on their effective date, as every ledger report does.
 */
export const reductionMeasures = ['quota', 'occupied'] as const;
export type ReductionMeasure = (typeof reductionMeasures)[number];
export const reductionMeasureLabels: Record<ReductionMeasure, { 'zh-CN': string; en: string }> = {
  quota: { 'zh-CN': '核减编制（精简、收回）', en: 'Quota cut (cuts and recoveries)' },
  occupied: { 'zh-CN': '出编不补（消化超编）', en: 'Exits not refilled (absorbing over-staffing)' },
};

export const reductionStatuses = ['on_pace', 'behind', 'met', 'missed'] as const;
export type ReductionStatus = (typeof reductionStatuses)[number];

/** A quarter as `2026Q4`. */
export type Quarter = `${number}Q${1 | 2 | 3 | 4}`;

export function quarterOf(day: string): Quarter {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return `${y}Q${Math.floor((m - 1) / 3) + 1}` as Quarter;
}

/** The last day of a quarter. */
export function quarterEnd(quarter: Quarter | string): string {
  const [y, q] = quarter.split('Q').map(Number) as [number, number];
  const nextStart = q === 4 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return addDays(nextStart, -1);
}

/** The first day of a quarter. */
export function quarterStart(quarter: Quarter | string): string {
  const [y, q] = quarter.split('Q').map(Number) as [number, number];
  return `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
}

/** The quarter before. */
export function previousQuarter(quarter: Quarter | string): Quarter {
  return quarterOf(addDays(quarterStart(quarter), -1));
}

/** Every quarter end from the start day (inclusive) up to the deadline (inclusive), in order. */
export function quarterEndsBetween(start: string, deadline: string): string[] {
  const ends: string[] = [];
  for (let end = quarterEnd(quarterOf(start)); end <= deadline; end = quarterEnd(quarterOf(addDays(end, 1)))) ends.push(end);
  return ends;
}

const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;

export interface ReductionTargetTerms {
  amount: number;
  startDate: string;
  deadline: string;
}

/** What a target's figures were before its start and are on the day measured. */
export interface ReductionFigures {
  before: number;
  now: number;
}

export interface ReductionProgress {
  achieved: number;
  remaining: number;
  /** What a steady pace would have reached by the day measured (the amount spread evenly over the days). */
  expected: number;
  /** Quarter ends still ahead (the one of the day measured included, unless it is that day and already past). */
  quartersLeft: number;
  /** To finish on time: the remaining amount spread over the quarters left (all of it when none is left). */
  pacePerQuarter: number;
  status: ReductionStatus;
}

/** Achieved so far: the fall of the measured figure since before the start, never below 0 nor counted twice. */
export function achievedOf(figures: ReductionFigures): number {
  return Math.max(0, figures.before - figures.now);
}

/**
 * A target's progress on a day. Behind = achieved below the steady pace (rounded down, so a target
 * is not behind for a fraction); missed = the deadline has passed (the day measured is after it)
 * and the amount is not reached; met = reached, whenever.
 */
export function reductionProgress(terms: ReductionTargetTerms, figures: ReductionFigures, day: string): ReductionProgress {
  const achieved = achievedOf(figures);
  const remaining = Math.max(0, terms.amount - achieved);
  const total = Math.max(1, dayNumber(terms.deadline) - dayNumber(terms.startDate) + 1);
  const elapsed = Math.min(total, Math.max(0, dayNumber(day) - dayNumber(terms.startDate) + 1));
  const expected = Math.floor((terms.amount * elapsed) / total);
  const quartersLeft = quarterEndsBetween(day, terms.deadline).filter((end) => end >= day).length;
  const pacePerQuarter = remaining === 0 ? 0 : Math.ceil(remaining / Math.max(1, quartersLeft));
  const status: ReductionStatus = remaining === 0 ? 'met' : day > terms.deadline ? 'missed' : achieved < expected ? 'behind' : 'on_pace';
  return { achieved, remaining, expected, quartersLeft, pacePerQuarter, status };
}

/** Trend of a watched unit's figure between two frozen quarters: lower is better for over-quota and behind. */
export type Trend = 'better' | 'same' | 'worse' | 'new';
export function trendOf(previous: number | null, current: number): Trend {
  if (previous === null) return 'new';
  return current < previous ? 'better' : current > previous ? 'worse' : 'same';
}
