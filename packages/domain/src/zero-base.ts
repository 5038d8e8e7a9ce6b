import { apportionByLargestRemainder, combineIndicators } from './apportionment.js';
import { bilingual as text, DomainError } from './errors.js';

/**
 * Zero-base reallocation (零基测算, DOMAIN.md "Reform projects"): a total of quota is shared anew among
 * units. Protected categories are served first (each unit's protected minimum); the rest follows a
 * weighted index of population, area, GDP and the two-year average fiscal revenue, in whole numbers by
 * largest remainder, so the shares add up to the total exactly.
 */
export const zeroBaseIndicators = ['population', 'area', 'gdp', 'revenue'] as const;
export type ZeroBaseIndicator = (typeof zeroBaseIndicators)[number];
export type ZeroBaseWeights = Record<ZeroBaseIndicator, number>;

export interface ZeroBaseUnit {
  id: string;
  /** Quota the protected categories need here (e.g. statutory minimums); served before any weighting. */
  protectedMinimum: number;
  population: number;
  area: number;
  gdp: number;
  /** Fiscal revenue of the last two years; their average is the indicator. */
  revenue: readonly [number, number];
}

export interface ZeroBaseShare {
  id: string;
  protectedShare: number;
  weightedShare: number;
  total: number;
}


export function zeroBaseAllocation(total: number, units: readonly ZeroBaseUnit[], weights: ZeroBaseWeights): ZeroBaseShare[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new DomainError('VALIDATION_FAILED', `total must be a whole number ≥ 0, got ${total}`);
  if (units.length === 0) throw new DomainError('VALIDATION_FAILED', 'no units', undefined, text('至少需要一个单位', 'At least one unit is needed'));
  for (const unit of units) {
    const values = [unit.protectedMinimum, unit.population, unit.area, unit.gdp, ...unit.revenue];
    if (values.some((v) => !Number.isFinite(v) || v < 0) || !Number.isSafeInteger(unit.protectedMinimum)) {
      throw new DomainError('VALIDATION_FAILED', `unit ${unit.id}: indicators must be ≥ 0 and the protected minimum whole`, undefined, text(`单位${unit.id}的指标须不小于0，保障基数须为整数`, `Unit ${unit.id}: indicators must be 0 or more and the protected minimum a whole number`));
    }
  }
  const weightValues = zeroBaseIndicators.map((k) => weights[k]);
  if (weightValues.some((w) => !Number.isFinite(w) || w < 0) || weightValues.every((w) => w === 0)) {
    throw new DomainError('VALIDATION_FAILED', 'weights must be ≥ 0 and not all 0', undefined, text('权重须不小于0且不能全为0', 'Weights must be 0 or more and not all 0'));
  }
  const protectedTotal = units.reduce((sum, u) => sum + u.protectedMinimum, 0);
  if (protectedTotal > total) {
    throw new DomainError('VALIDATION_FAILED', `protected minimums ${protectedTotal} exceed the total ${total}`, undefined, text(`保障基数合计${protectedTotal}名，超过可分配总数${total}名`, `The protected minimums (${protectedTotal}) exceed the total (${total})`));
  }
  const index = combineIndicators(
    zeroBaseIndicators.map((key) => ({
      weight: weights[key],
      values: units.map((u) => (key === 'revenue' ? (u.revenue[0] + u.revenue[1]) / 2 : u[key])),
    })),
  );
  // Units with no indicator at all still share by the protected minimums, or equally.
  const base = index.every((w) => w === 0) ? units.map(() => 1) : index;
  const weighted = apportionByLargestRemainder(total - protectedTotal, base);
  return units.map((u, i) => ({ id: u.id, protectedShare: u.protectedMinimum, weightedShare: weighted[i]!, total: u.protectedMinimum + weighted[i]! }));
}

export interface SensitivityCase {
  indicator: ZeroBaseIndicator;
  /** +5 or −5: the weight moved by that many percent of itself, the others unchanged, then renormalized. */
  percent: 5 | -5;
  changes: { id: string; delta: number }[];
  largestChange: number;
}

/** What changes if one weight moves ±5%: per indicator and direction, the units whose total moves and by how much. */
export function zeroBaseSensitivity(total: number, units: readonly ZeroBaseUnit[], weights: ZeroBaseWeights): { base: ZeroBaseShare[]; cases: SensitivityCase[] } {
  const base = zeroBaseAllocation(total, units, weights);
  const cases: SensitivityCase[] = [];
  for (const indicator of zeroBaseIndicators) {
    if (weights[indicator] === 0) continue;
    for (const percent of [5, -5] as const) {
      const moved = zeroBaseAllocation(total, units, { ...weights, [indicator]: weights[indicator] * (1 + percent / 100) });
      const changes = moved.map((share, i) => ({ id: share.id, delta: share.total - base[i]!.total })).filter((c) => c.delta !== 0);
      cases.push({ indicator, percent, changes, largestChange: Math.max(0, ...changes.map((c) => Math.abs(c.delta))) });
    }
  }
  return { base, cases };
}
