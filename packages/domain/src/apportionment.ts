import { DomainError } from './errors.js';

/**
 * Shares a whole-number total in proportion to weights by the largest-remainder (Hamilton)
 * method: everyone gets the floor of their exact share, and the units left over go to the largest
 * remainders. The shares always add up to the total exactly. Ties are broken by the larger weight,
 * then by position, so the result is deterministic.
 */
export function apportionByLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new DomainError('VALIDATION_FAILED', `total must be a whole number ≥ 0, got ${total}`);
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new DomainError('VALIDATION_FAILED', 'weights must be finite and ≥ 0');
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  if (weights.length === 0 || weightSum === 0) {
    if (total === 0) return weights.map(() => 0);
    throw new DomainError('VALIDATION_FAILED', 'cannot share a positive total when every weight is 0');
  }
  const exact = weights.map((w) => (total * w) / weightSum);
  const shares = exact.map((x) => Math.floor(x));
  let left = total - shares.reduce((sum, s) => sum + s, 0);
  const order = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x), weight: weights[i]! }))
    .sort((a, b) => b.remainder - a.remainder || b.weight - a.weight || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

/** Normalizes several indicators (population, area, GDP, revenue…) and combines them by weight into one weight per unit. */
export function combineIndicators(indicators: readonly { values: readonly number[]; weight: number }[]): number[] {
  const length = indicators[0]?.values.length ?? 0;
  const combined = new Array<number>(length).fill(0);
  for (const { values, weight } of indicators) {
    if (values.length !== length) throw new DomainError('VALIDATION_FAILED', 'every indicator needs one value per unit');
    const sum = values.reduce((s, v) => s + v, 0);
    if (sum <= 0) continue;
    values.forEach((v, i) => (combined[i]! += (weight * v) / sum));
  }
  return combined;
}
