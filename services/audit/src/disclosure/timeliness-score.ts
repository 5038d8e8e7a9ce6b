import type { DisclosedUnit } from '@bianzhi/contracts/audit';
import type { DisclosureChangeDto } from '@bianzhi/contracts/disclosure-timeliness';
import { disclosureScore, isLateStatus, type DisclosureScore } from '@bianzhi/domain/disclosure-timeliness';

/** The published values checked against the registry's and the ledger's, with the item each is scored as. */
const comparedValues: { item: string; value: (u: DisclosedUnit) => unknown }[] = [
  { item: '单位名称', value: (u) => u.name },
  { item: '加挂牌子', value: (u) => u.nameplates },
  { item: '机构性质', value: (u) => u.kind },
  { item: '事业单位类别', value: (u) => u.institutionClass },
  { item: '经费形式', value: (u) => u.funding },
  { item: '机构规格', value: (u) => u.rank },
  { item: '主要职责', value: (u) => u.functions },
  { item: '批准文号', value: (u) => u.documentNumber },
  { item: '内设机构', value: (u) => u.departments },
  { item: '编制数', value: (u) => u.quota },
  { item: '领导职数', value: (u) => u.leadershipPosts },
  { item: '实有人数', value: (u) => u.headcount },
];

/** Accuracy: which published values differ from what the registry and the ledger hold (nothing compared for a unit no longer public). */
export function accuracyOf(published: DisclosedUnit, current: DisclosedUnit | undefined): { compared: number; equal: number; inaccurate: string[] } {
  if (!current) return { compared: 0, equal: 0, inaccurate: [] };
  const inaccurate = comparedValues.filter((c) => JSON.stringify(c.value(published)) !== JSON.stringify(c.value(current))).map((c) => c.item);
  return { compared: comparedValues.length, equal: comparedValues.length - inaccurate.length, inaccurate };
}

/** The half-year's months (2026-H2: July to December). */
const periodBounds = (period: string) => {
  const year = period.slice(0, 4);
  return period.endsWith('H1') ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` };
};

/** Timeliness per unit: its changes whose deadline falls in the half-year and has passed (or that were published), and those published by it. */
export function timelinessOf(changes: DisclosureChangeDto[], period: string): Map<string, { due: number; onTime: number; late: number }> {
  const { from, to } = periodBounds(period);
  const byUnit = new Map<string, { due: number; onTime: number; late: number }>();
  for (const change of changes) {
    if (change.deadline < from || change.deadline > to || change.status === 'pending') continue;
    const counts = byUnit.get(change.organizationId) ?? { due: 0, onTime: 0, late: 0 };
    counts.due++;
    if (change.status === 'published') counts.onTime++;
    if (isLateStatus(change.status)) counts.late++;
    byUnit.set(change.organizationId, counts);
  }
  return byUnit;
}

export interface UnitDisclosureScore extends DisclosureScore {
  missing: string[];
  inaccurate: string[];
  late: number;
}

/** One unit's half-yearly score from its fields present, its changes' timeliness and its values' accuracy. */
export function scoreUnit(
  completeness: { applicable: number; present: number; missing: string[] },
  timeliness: { due: number; onTime: number; late: number } | undefined,
  accuracy: { compared: number; equal: number; inaccurate: string[] },
): UnitDisclosureScore {
  const t = timeliness ?? { due: 0, onTime: 0, late: 0 };
  return {
    ...disclosureScore({ applicable: completeness.applicable, present: completeness.present, due: t.due, onTime: t.onTime, compared: accuracy.compared, equal: accuracy.equal }),
    missing: completeness.missing,
    inaccurate: accuracy.inaccurate,
    late: t.late,
  };
}
