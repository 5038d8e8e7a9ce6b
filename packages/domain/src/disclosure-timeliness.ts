import { WorkingCalendar } from './working-days.js';

/**
 * 及时公开 (002: 变更不及时的，责令限期补正): every change a unit must disclose has a deadline in working
 * days from its effective date; a change not shown by a public snapshot published on or before that
 * deadline makes the unit late, and the bureau orders it corrected by a new deadline. The half-yearly
 * disclosure score weighs completeness, timeliness and accuracy (docs/audit.md "Timely disclosure").
 */
export const disclosureChangeKinds = ['establishment', 'merger', 'name', 'rank', 'functions', 'quota', 'leadership_posts', 'people'] as const;
export type DisclosureChangeKind = (typeof disclosureChangeKinds)[number];

export const disclosureChangeLabels: Record<DisclosureChangeKind, string> = {
  establishment: '机构设立',
  merger: '机构合并',
  name: '名称变更',
  rank: '规格变更',
  functions: '职责调整',
  quota: '编制调整',
  leadership_posts: '领导职数',
  people: '实有人数',
};

/** Working days from the effective date within which a change must be on the public site: ten, the people count (which moves with every entry and exit) twenty. */
export const disclosureDeadlineDays: Record<DisclosureChangeKind, number> = {
  establishment: 10,
  merger: 10,
  name: 10,
  rank: 10,
  functions: 10,
  quota: 10,
  leadership_posts: 10,
  people: 20,
};

/** Which audit-log event records a change that must be disclosed (the ledger's quota transfers are read from their accounts, not named here). */
const eventKinds: Record<string, DisclosureChangeKind> = {
  'registry.organization.created': 'establishment',
  'registry.organization.activated': 'establishment',
  'registry.organization.merged_in': 'merger',
  'registry.organization.renamed': 'name',
  'registry.organization.nameplate_added': 'name',
  'registry.organization.nameplate_removed': 'name',
  'registry.organization.rank_changed': 'rank',
  'registry.organization.three_determinations_published': 'functions',
  'ledger.leadership.posts_set': 'leadership_posts',
  'ledger.person.entered': 'people',
  'ledger.person.exited': 'people',
  'ledger.person.transferred_with_quota': 'people',
};
export const disclosureEventTypes = Object.keys(eventKinds);
export const changeKindOfEvent = (eventType: string): DisclosureChangeKind | null => eventKinds[eventType] ?? null;

/** The last day (inclusive) on which a change effective on `effectiveDate` may first appear on the public site. */
export function disclosureDeadline(kind: DisclosureChangeKind, effectiveDate: string, calendar: WorkingCalendar = new WorkingCalendar()): string {
  return calendar.addWorkingDays(effectiveDate, disclosureDeadlineDays[kind]);
}

/**
 * A change's state: `published` on or before the deadline; `late` published after it; `pending` not
 * published yet with the deadline still ahead (today included); `overdue` not published and past it.
 * Late and overdue make the unit late.
 */
export type DisclosureChangeStatus = 'published' | 'late' | 'pending' | 'overdue';
export function disclosureStatus(deadline: string, publishedOn: string | null, today: string): DisclosureChangeStatus {
  if (publishedOn) return publishedOn <= deadline ? 'published' : 'late';
  return today > deadline ? 'overdue' : 'pending';
}
export const isLateStatus = (status: DisclosureChangeStatus): boolean => status === 'late' || status === 'overdue';

/** 责令限期补正通知's number, counted per jurisdiction and year like the supervision notices': 编公补〔2026〕3号. */
export function correctionOrderNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1900 || year > 2200 || !Number.isInteger(seq) || seq < 1) throw new Error(`no correction order number for ${year}/${seq}`);
  return `编公补〔${year}〕${seq}号`;
}

/** Weights of the half-yearly score's three parts (percent; they sum to 100). */
export const disclosureScoreWeights = { completeness: 50, timeliness: 30, accuracy: 20 } as const;

export interface DisclosureScoreInput {
  /** Items that apply to the unit and those of them present on its page. */
  applicable: number;
  present: number;
  /** The unit's changes due (deadline passed, or published) in the half-year, and those published by their deadline. */
  due: number;
  onTime: number;
  /** Published values compared with the registry's and the ledger's, and those equal. */
  compared: number;
  equal: number;
}
export interface DisclosureScore {
  score: number;
  completeness: number;
  timeliness: number;
  accuracy: number;
}

const share = (part: number, whole: number) => {
  if (!Number.isInteger(part) || !Number.isInteger(whole) || part < 0 || whole < 0 || part > whole) throw new Error(`no share of ${part} in ${whole}`);
  return whole === 0 ? 100 : Math.round((100 * part) / whole);
};

/**
 * score = 50% completeness + 30% timeliness + 20% accuracy, each part 0–100: completeness the share of
 * applicable items present, timeliness the share of due changes published by their deadline, accuracy
 * the share of compared values equal. A part with nothing to count (no change due, no value compared)
 * is full marks. The score is rounded to a whole number.
 */
export function disclosureScore(input: DisclosureScoreInput): DisclosureScore {
  const completeness = share(input.present, input.applicable);
  const timeliness = share(input.onTime, input.due);
  const accuracy = share(input.equal, input.compared);
  const w = disclosureScoreWeights;
  const score = Math.round((w.completeness * completeness + w.timeliness * timeliness + w.accuracy * accuracy) / 100);
  return { score, completeness, timeliness, accuracy };
}
