import { apportionByLargestRemainder } from './apportionment.js';
import { DomainError } from './errors.js';

/**
 * Uniform cut (统一精简, DOMAIN.md "Reform projects"): a share of the quota of the units concerned
 * (5% by default) is recovered. Hospitals and schools are excepted. The total to recover is the rate
 * applied to the eligible quota, rounded down, shared among the eligible units in proportion to their
 * quota by largest remainder, so the per-unit cuts add up to it exactly. Each unit gives vacancies
 * first; what its vacancies cannot cover leaves it over quota, to be digested by the exit-only rule
 * (people leave and are not replaced) rather than by dismissing anyone.
 */
export interface CutUnit {
  id: string;
  quota: number;
  occupied: number;
  /** Hospitals and schools (and any other excepted category) are not cut. */
  excepted: boolean;
}

export interface UnitCut {
  id: string;
  cut: number;
  /** Taken from vacancies at once. */
  fromVacancies: number;
  /** Left over quota after the cut: digested by exit-only as people leave. */
  digestByExit: number;
  quotaAfter: number;
}

export function uniformCut(units: readonly CutUnit[], rate = 0.05): { total: number; units: UnitCut[] } {
  if (!(rate > 0 && rate < 1)) throw new DomainError('VALIDATION_FAILED', `cut rate must be between 0 and 1, got ${rate}`);
  for (const u of units) {
    if (![u.quota, u.occupied].every((n) => Number.isSafeInteger(n) && n >= 0)) throw new DomainError('VALIDATION_FAILED', `unit ${u.id}: quota and occupied must be whole numbers ≥ 0`);
  }
  const eligible = units.filter((u) => !u.excepted);
  const total = Math.floor(eligible.reduce((sum, u) => sum + u.quota, 0) * rate);
  const shares = eligible.length ? apportionByLargestRemainder(total, eligible.map((u) => u.quota)) : [];
  const cutOf = new Map(eligible.map((u, i) => [u.id, shares[i]!]));
  return {
    total,
    units: units.map((u) => {
      const cut = cutOf.get(u.id) ?? 0;
      const vacancies = Math.max(0, u.quota - u.occupied);
      const fromVacancies = Math.min(cut, vacancies);
      return { id: u.id, cut, fromVacancies, digestByExit: cut - fromVacancies, quotaAfter: u.quota - cut };
    }),
  };
}
