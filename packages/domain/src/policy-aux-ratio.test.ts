import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { auxiliaryCap, checkAuxiliaryRatio, checkRuleParams, effectiveSettings } from './policy.js';

/** AUX-RATIO (编外人员比例控制): staff outside quota within an exact fraction of a unit's quota. */
const defaults = effectiveSettings([]);

describe('the cap of staff outside quota', () => {
  it('is the largest whole number not above the fraction of the quota, for every quota from 0 to 100', () => {
    for (let quota = 0; quota <= 100; quota++) {
      for (const [numerator, denominator] of [[1, 5], [1, 3], [2, 7], [0, 1], [1, 1]] as const) {
        const cap = auxiliaryCap(quota, numerator, denominator);
        expect(cap * denominator).toBeLessThanOrEqual(quota * numerator);
        expect((cap + 1) * denominator).toBeGreaterThan(quota * numerator);
      }
    }
    expect([10, 14, 15].map((q) => auxiliaryCap(q, 1, 5))).toEqual([2, 2, 3]);
    expect(auxiliaryCap(-3, 1, 5)).toBe(0);
  });
});

describe('checkAuxiliaryRatio', () => {
  it('defaults to a fifth and names the rule and the numbers when the cap is passed', () => {
    expect(defaults['AUX-RATIO']).toEqual({ enabled: true, params: { numerator: 1, denominator: 5 } });
    expect(checkAuxiliaryRatio(defaults, { quota: 10, current: 1, adding: 1 })).toEqual([]);
    const [violation] = checkAuxiliaryRatio(defaults, { quota: 10, current: 2, adding: 1 });
    expect(violation!.ruleId).toBe('AUX-RATIO');
    expect(violation!.message['zh-CN']).toContain('核定编制10名，编外人员上限2名（编制数的1/5），现有2名，本次增加1名');
    expect(checkAuxiliaryRatio(defaults, { quota: 0, current: 0, adding: 1 })).toHaveLength(1);
  });

  it('follows the jurisdiction’s setting and can be switched off', () => {
    const half = effectiveSettings([{ ruleId: 'AUX-RATIO', enabled: true, params: { numerator: 1, denominator: 2 } }]);
    expect(checkAuxiliaryRatio(half, { quota: 10, current: 4, adding: 1 })).toEqual([]);
    expect(checkAuxiliaryRatio(half, { quota: 10, current: 4, adding: 2 })).toHaveLength(1);
    const off = effectiveSettings([{ ruleId: 'AUX-RATIO', enabled: false, params: {} }]);
    expect(checkAuxiliaryRatio(off, { quota: 0, current: 100, adding: 5 })).toEqual([]);
  });

  it('refuses a share above one', () => {
    expect(() => checkRuleParams('AUX-RATIO', { numerator: 6, denominator: 5 })).toThrow(DomainError);
    expect(() => checkRuleParams('AUX-RATIO', { numerator: 2, denominator: 5 })).not.toThrow();
  });
});
