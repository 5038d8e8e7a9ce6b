import { DomainError } from './errors.js';

/**
 * Pure parts of a reform's impact preview (DOMAIN.md "Reform projects"): what a merger does to quota
 * and people, and whether a quota sinking keeps enough of it at the front line.
 */

export interface MergingUnit {
  id: string;
  quota: number;
  occupied: number;
}

export interface MergerImpact {
  /** Quota of the merged units together (the target's own included when it is an existing unit). */
  combinedQuota: number;
  people: number;
  /** The merged unit's approved quota. */
  quotaAfter: number;
  /** Quota the merger gives back (recovered to the pool). */
  recovered: number;
  /** People beyond the new quota: absorbed over time under exit-only, nobody dismissed. */
  overQuota: number;
}

/** A merger into one unit with `approvedQuota` (default: the combined quota, nothing recovered). */
export function mergerImpact(units: readonly MergingUnit[], approvedQuota?: number): MergerImpact {
  if (units.length < 2) throw new DomainError('VALIDATION_FAILED', 'a merger needs at least two units', undefined, { 'zh-CN': '整合至少涉及两个单位', en: 'A merger involves at least two units' });
  if (units.some((u) => ![u.quota, u.occupied].every((n) => Number.isSafeInteger(n) && n >= 0))) throw new DomainError('VALIDATION_FAILED', 'quota and occupied must be whole numbers ≥ 0');
  const combinedQuota = units.reduce((sum, u) => sum + u.quota, 0);
  const people = units.reduce((sum, u) => sum + u.occupied, 0);
  const quotaAfter = approvedQuota ?? combinedQuota;
  if (!Number.isSafeInteger(quotaAfter) || quotaAfter < 0 || quotaAfter > combinedQuota) {
    // Conservation: a merger moves and recovers quota; it never creates any.
    throw new DomainError('VALIDATION_FAILED', `approved quota ${quotaAfter} must be between 0 and the combined ${combinedQuota}`, undefined, {
      'zh-CN': `整合后核定编制${quotaAfter}名，须在0至原各单位编制合计${combinedQuota}名之间（整合不新增编制）`,
      en: `The merged unit's quota (${quotaAfter}) must be between 0 and the combined ${combinedQuota}: a merger creates no quota`,
    });
  }
  return { combinedQuota, people, quotaAfter, recovered: combinedQuota - quotaAfter, overQuota: Math.max(0, people - quotaAfter) };
}

export interface SinkingAllocation {
  targetId: string;
  /** Township (street) level units are the front line; district-level ones are not. */
  frontline: boolean;
  amount: number;
}

/**
 * The frontline rule of a quota sinking: at least `minimumShare` (85% for enforcement) of the sunk
 * quota must reach the front line. `shortfall` is how much would have to move from district level to
 * the front line for the plan to pass.
 */
export function frontlineShare(allocations: readonly SinkingAllocation[], minimumShare = 0.85): { total: number; frontline: number; share: number; passes: boolean; shortfall: number } {
  if (allocations.some((a) => !Number.isSafeInteger(a.amount) || a.amount < 0)) throw new DomainError('VALIDATION_FAILED', 'amounts must be whole numbers ≥ 0');
  const total = allocations.reduce((sum, a) => sum + a.amount, 0);
  const frontline = allocations.filter((a) => a.frontline).reduce((sum, a) => sum + a.amount, 0);
  const needed = Math.ceil(total * minimumShare - 1e-9);
  return { total, frontline, share: total === 0 ? 1 : frontline / total, passes: frontline >= needed, shortfall: Math.max(0, needed - frontline) };
}
