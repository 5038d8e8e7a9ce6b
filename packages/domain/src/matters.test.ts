import { describe, expect, it } from 'vitest';
import type { Principal } from './access.js';
import type { DomainError } from './errors.js';
import { assertFiler, assertMayDecide, higherOf, planChain, type ChainJurisdiction, type MatterTurn } from './matters.js';

const city: ChainJurisdiction = { id: 'city', parentId: null, level: 'city' };
const district: ChainJurisdiction = { id: 'haishu', parentId: 'city', level: 'district' };
const other: ChainJurisdiction = { id: 'jiangbei', parentId: 'city', level: 'district' };
const township: ChainJurisdiction = { id: 'nanmen', parentId: 'haishu', level: 'township' };
const tree = new Map([city, district, other, township].map((j) => [j.id, j]));

const admin = (id: string, role: Principal['roles'][number], jurisdictionId: string, personId = id): Pick<Principal, 'id' | 'personId' | 'roles' | 'jurisdictionId'> => ({ id, personId, roles: [role], jurisdictionId });
const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return (error as DomainError).code;
  }
};

function turn(overrides: Partial<MatterTurn> = {}): MatterTurn {
  const steps = planChain(district, city).map((s) => ({ ...s, decidedBy: null }));
  return { state: 'in_review', currentStep: 0, filedBy: { id: 'h1', personId: 'p-h1' }, steps, ...overrides };
}

describe('matter chains', () => {
  it('takes every step but the last where the matter was filed, the last at the deciding level', () => {
    expect(planChain(district, city).map((s) => [s.kind, s.jurisdictionId])).toEqual([['accept', 'haishu'], ['review', 'haishu'], ['approve', 'city']]);
    expect(planChain(city, city).every((s) => s.jurisdictionId === 'city')).toBe(true);
  });

  it('finds the higher of two jurisdictions, or their common ancestor', () => {
    expect(higherOf(tree, 'nanmen', 'haishu')).toBe('haishu');
    expect(higherOf(tree, 'haishu', 'nanmen')).toBe('haishu');
    expect(higherOf(tree, 'nanmen', 'jiangbei')).toBe('city');
    expect(higherOf(tree, 'haishu', 'haishu')).toBe('haishu');
  });

  it('lets only a bureau admin of the step’s jurisdiction decide, never the filer or an earlier decider, by person', () => {
    expect(codeOf(() => assertMayDecide(turn(), admin('h2', 'district_admin', 'haishu'), 0, 'approve', ''))).toBe('allowed');
    expect(codeOf(() => assertMayDecide(turn(), admin('h1', 'district_admin', 'haishu', 'p-h1'), 0, 'approve', ''))).toBe('SELF_APPROVAL');
    // Another account of the filer's person.
    expect(codeOf(() => assertMayDecide(turn(), admin('h9', 'district_admin', 'haishu', 'p-h1'), 0, 'approve', ''))).toBe('SELF_APPROVAL');
    expect(codeOf(() => assertMayDecide(turn(), admin('j1', 'district_admin', 'jiangbei'), 0, 'approve', ''))).toBe('MATTER_NOT_YOUR_TURN');
    expect(codeOf(() => assertMayDecide(turn(), admin('c1', 'city_admin', 'city'), 0, 'approve', ''))).toBe('MATTER_NOT_YOUR_TURN');
    expect(codeOf(() => assertMayDecide(turn(), admin('t1', 'township_admin', 'haishu'), 0, 'approve', ''))).toBe('MATTER_NOT_YOUR_TURN');
    const second = turn({ currentStep: 1, steps: turn().steps.map((s) => (s.index === 0 ? { ...s, decidedBy: { id: 'h2', personId: 'p-h2' } } : s)) });
    expect(codeOf(() => assertMayDecide(second, admin('h2', 'district_admin', 'haishu', 'p-h2'), 1, 'approve', ''))).toBe('MATTER_NOT_YOUR_TURN');
    expect(codeOf(() => assertMayDecide(second, admin('h3', 'district_admin', 'haishu'), 1, 'approve', ''))).toBe('allowed');
  });

  it('refuses a decision out of turn, on a closed matter, and a return or rejection without a comment', () => {
    expect(codeOf(() => assertMayDecide(turn(), admin('h2', 'district_admin', 'haishu'), 1, 'approve', ''))).toBe('MATTER_STATE');
    expect(codeOf(() => assertMayDecide(turn({ state: 'returned' }), admin('h2', 'district_admin', 'haishu'), 0, 'approve', ''))).toBe('MATTER_STATE');
    expect(codeOf(() => assertMayDecide(turn({ state: 'applied' }), admin('h2', 'district_admin', 'haishu'), 0, 'approve', ''))).toBe('MATTER_STATE');
    expect(codeOf(() => assertMayDecide(turn(), admin('h2', 'district_admin', 'haishu'), 0, 'return', '  '))).toBe('MATTER_INVALID');
    expect(codeOf(() => assertMayDecide(turn(), admin('h2', 'district_admin', 'haishu'), 0, 'reject', ''))).toBe('MATTER_INVALID');
    expect(codeOf(() => assertMayDecide(turn(), admin('h2', 'district_admin', 'haishu'), 0, 'return', '请补充材料'))).toBe('allowed');
  });

  it('lets only the filer’s person resubmit a returned matter or withdraw an open one', () => {
    expect(codeOf(() => assertFiler(turn({ state: 'returned' }), { id: 'h9', personId: 'p-h1' }, 'resubmit'))).toBe('allowed');
    expect(codeOf(() => assertFiler(turn({ state: 'returned' }), { id: 'h2', personId: 'p-h2' }, 'resubmit'))).toBe('MATTER_NOT_YOUR_TURN');
    expect(codeOf(() => assertFiler(turn(), { id: 'h1', personId: 'p-h1' }, 'resubmit'))).toBe('MATTER_STATE');
    expect(codeOf(() => assertFiler(turn(), { id: 'h1', personId: 'p-h1' }, 'withdraw'))).toBe('allowed');
    expect(codeOf(() => assertFiler(turn({ state: 'applied' }), { id: 'h1', personId: 'p-h1' }, 'withdraw'))).toBe('MATTER_STATE');
  });
});
