import { describe, expect, it } from 'vitest';
import type { ReformSnapshot } from '@bianzhi/contracts/ledger';
import { countByCategory } from '@bianzhi/domain/organization-limits';
import { compilePlan, NEW_UNIT, placementStep, type JurisdictionLimits, type UnitFacts, type World } from './compile.js';

const J = '00000000-0000-4000-8000-0000000000a1';
const J2 = '00000000-0000-4000-8000-0000000000a2';
const [A, B, T, H] = ['a', 'b', 't', 'h'].map((c) => `00000000-0000-4000-8000-00000000000${c === 'a' ? 'a' : c === 'b' ? 'b' : c === 't' ? 'c' : 'd'}`) as [string, string, string, string];

const unit = (id: string, name: string, extra: Partial<UnitFacts> = {}): UnitFacts => ({ id, name, jurisdictionId: J, status: 'active', kind: 'organ', institutionClass: null, ...extra });
const figures = (organizationId: string, quota: number, occupied: number, extra: Partial<ReformSnapshot['units'][number]> = {}): ReformSnapshot['units'][number] => ({ organizationId, jurisdictionId: J, ledger: 'administrative', quota, occupied, pending: 0, overQuota: false, ...extra });
const people = (organizationId: string, n: number, ledger: 'administrative' | 'institution' = 'administrative') =>
  Array.from({ length: n }, (_, i) => ({ slotId: `${organizationId.slice(0, -2)}${String(i).padStart(2, '0')}`, personId: `p-${organizationId}-${i}`, name: `人${i}`, organizationId, ledger, postCategory: 'management' as const, retirementMonth: '2050-01' }));
const pools = (jurisdictionId: string, unallocated = 0): ReformSnapshot['pools'] => [
  { jurisdictionId, ledger: 'administrative', pool: 'unallocated', balance: unallocated },
  { jurisdictionId, ledger: 'administrative', pool: 'external', balance: -1000 },
];
const world = (units: UnitFacts[], snapshot: Partial<ReformSnapshot>): World => ({ units, jurisdictionNames: { [J]: '示范市', [J2]: '海曙区' }, snapshot: { units: [], pools: pools(J), people: [], ...snapshot } });

describe('compiling reform plans against the live figures', () => {
  const mergerWorld = world([unit(A, '甲局'), unit(B, '乙局'), unit(T, '丙中心')], { units: [figures(A, 10, 5), figures(B, 6, 4), figures(T, 4, 2)], people: [...people(A, 5), ...people(B, 4), ...people(T, 2)] });

  it('merges with people and places, recovers the surplus and records the unit over quota', () => {
    const { preview, step, registry } = compilePlan({ kind: 'merger', sourceIds: [A, B], target: { existingId: T }, approvedQuota: { administrative: 9 }, keepNamesAsNameplates: false }, mergerWorld);
    expect(preview.refusals).toEqual([]);
    expect(preview.recovered).toBe(11);
    expect(preview.toPlace).toHaveLength(9);
    expect(preview.overQuota).toEqual([{ organizationId: T, name: '丙中心', ledger: 'administrative', over: 2 }]);
    expect(step.rehome).toHaveLength(9);
    expect(step.overQuota).toEqual([{ organizationId: T, ledger: 'administrative' }]);
    expect(step.moves.map((m) => [m.amount, m.code])).toEqual([[5, 'transfer'], [2, 'transfer'], [11, 'recover']]);
    // Conservation: what the units lose is what the target and the pool gain.
    const after = preview.rows.reduce((s, r) => s + r.quotaAfter, 0) + preview.recovered;
    expect(after).toBe(20);
    expect(registry).toEqual([{ op: 'merge', sourceIds: [A, B], targetId: T, keepNamesAsNameplates: false }]);
  });

  it('refuses a merger that creates quota, crosses jurisdictions or names an abolished unit', () => {
    const more = compilePlan({ kind: 'merger', sourceIds: [A, B], target: { existingId: T }, approvedQuota: { administrative: 21 }, keepNamesAsNameplates: false }, mergerWorld);
    expect(more.preview.refusals.map((r) => r.rule)).toEqual(['REFORM-CONSERVATION']);
    const crossing = world([unit(A, '甲局', { jurisdictionId: J2 }), unit(T, '丙中心')], { units: [figures(A, 1, 0), figures(T, 1, 0)] });
    expect(compilePlan({ kind: 'merger', sourceIds: [A], target: { existingId: T }, approvedQuota: {}, keepNamesAsNameplates: false }, crossing).preview.refusals.map((r) => r.rule)).toContain('REFORM-MERGER-JURISDICTION');
    const gone = world([unit(A, '甲局', { status: 'abolished' }), unit(T, '丙中心')], { units: [figures(A, 1, 0), figures(T, 1, 0)] });
    expect(compilePlan({ kind: 'merger', sourceIds: [A], target: { existingId: T }, approvedQuota: {}, keepNamesAsNameplates: false }, gone).preview.refusals[0]!.message).toContain('已撤销');
  });

  it('merges into a new unit: accounts opened first, the placeholder replaced once execution created it', () => {
    const plan = { kind: 'merger' as const, sourceIds: [A, B], target: { newName: '新中心', newKind: 'organ' as const }, approvedQuota: {}, keepNamesAsNameplates: false };
    expect(compilePlan(plan, mergerWorld).step.openAccounts).toEqual([{ organizationId: NEW_UNIT, jurisdictionId: J, ledger: 'administrative' }]);
    const executed = compilePlan(plan, { ...mergerWorld, newTargetId: H });
    expect(executed.step.rehome.every((r) => r.toOrganizationId === H)).toBe(true);
    expect(executed.preview.recovered).toBe(0);
  });

  it('keeps organization limits: a new merged unit replaces its sources, a delegation adds to its target', () => {
    const full = (name: string): JurisdictionLimits => ({
      name,
      limits: [{ category: 'organ_government', maximum: 3, documentNumber: '示编〔2026〕40号' }],
      used: { ...countByCategory([]), organ_all: 3, organ_government: 3 },
    });
    const government = { kind: 'organ', organBranch: 'government' } as const;
    const limited = world([unit(A, '甲局', government), unit(B, '乙局', government), unit(T, '丙中心', { kind: 'institution', institutionClass: 'welfare_1' })], { units: [figures(A, 10, 5), figures(B, 6, 4), figures(T, 4, 2)] });
    const atLimit = { ...limited, limits: { [J]: full('示范市'), [J2]: full('海曙区') } };
    const merger = { kind: 'merger' as const, sourceIds: [A, B], target: { newName: '甲乙局', newKind: 'organ' as const }, approvedQuota: {}, keepNamesAsNameplates: false };
    expect(compilePlan(merger, atLimit).preview.refusals).toEqual([]);
    // An institution turned into an organ raises the count of organs.
    const raised = compilePlan({ ...merger, sourceIds: [T] }, { ...atLimit, limits: { [J]: { ...full('示范市'), limits: [{ category: 'organ_all', maximum: 3, documentNumber: '示编〔2026〕40号' }] } } });
    expect(raised.preview.refusals.map((r) => r.message)).toEqual(['超出机构限额：示范市党政机构限额3个（示编〔2026〕40号），已有3个，变更后为4个']);
    const delegated = compilePlan({ kind: 'delegation', organizationId: A, targetJurisdictionId: J2 }, { ...atLimit, snapshot: { ...atLimit.snapshot, pools: [...pools(J), ...pools(J2)] } });
    expect(delegated.preview.refusals.map((r) => r.rule)).toEqual(['ORG-LIMIT']);
    expect(delegated.preview.refusals[0]!.localized?.en).toContain('海曙区: government departments are limited to 3');
  });

  it('abolishes: vacancies recovered, everyone to place, open reservations refused', () => {
    const { preview, step } = compilePlan({ kind: 'abolition', organizationIds: [A] }, mergerWorld);
    expect(step.moves).toEqual([{ ledger: 'administrative', from: { organizationId: A, kind: 'vacant' }, to: { jurisdictionId: J, pool: 'unallocated' }, amount: 5, code: 'recover' }]);
    expect(preview.toPlace.map((p) => p.suggested)).toEqual(Array(5).fill('pool'));
    const reserved = world([unit(A, '甲局')], { units: [figures(A, 10, 5, { pending: 2 })] });
    expect(compilePlan({ kind: 'abolition', organizationIds: [A] }, reserved).preview.refusals.map((r) => r.rule)).toEqual(['REFORM-PENDING-PLANS']);
  });

  it('delegates a unit with its people and places to the new record', () => {
    const { step, registry } = compilePlan({ kind: 'delegation', organizationId: A, targetJurisdictionId: J2 }, { ...mergerWorld, snapshot: { ...mergerWorld.snapshot, pools: [...pools(J), ...pools(J2)] }, delegatedId: H });
    expect(step.openAccounts).toEqual([{ organizationId: H, jurisdictionId: J2, ledger: 'administrative' }]);
    expect(step.rehome).toHaveLength(5);
    expect(step.moves).toEqual([{ ledger: 'administrative', from: { organizationId: A, kind: 'vacant' }, to: { organizationId: H, kind: 'vacant' }, amount: 5, code: 'delegate' }]);
    expect(registry).toEqual([{ op: 'delegate', id: A, targetJurisdictionId: J2 }]);
  });

  it('sinks quota only if what leaves equals what arrives and 85% reaches the front line', () => {
    const w = { ...mergerWorld, snapshot: { ...mergerWorld.snapshot, pools: [...pools(J), ...pools(J2)] } };
    const ok = compilePlan({ kind: 'sinking', ledger: 'administrative', from: [{ organizationId: A, amount: 4 }, { organizationId: B, amount: 2 }], to: [{ jurisdictionId: J2, amount: 6, frontline: true }], minimumFrontlineShare: 0.85 }, w);
    expect(ok.preview.refusals).toEqual([]);
    expect(ok.step.moves.map((m) => m.amount)).toEqual([4, 2]);
    const bad = compilePlan({ kind: 'sinking', ledger: 'administrative', from: [{ organizationId: A, amount: 5 }], to: [{ jurisdictionId: J2, amount: 3, frontline: false }, { jurisdictionId: J, amount: 3, frontline: true }], minimumFrontlineShare: 0.85 }, w);
    expect(bad.preview.refusals.map((r) => r.rule)).toEqual(['REFORM-CONSERVATION', 'SINK-FRONTLINE']);
    const tooMuch = compilePlan({ kind: 'sinking', ledger: 'administrative', from: [{ organizationId: B, amount: 3 }], to: [{ jurisdictionId: J2, amount: 3, frontline: true }], minimumFrontlineShare: 0 }, w);
    expect(tooMuch.preview.refusals.map((r) => r.rule)).toEqual(['REFORM-VACANCIES']);
  });

  it('cuts 5% outside hospitals and schools, vacancies first, the rest over quota', () => {
    const w = world([unit(A, '甲局'), unit(B, '乙局'), unit(H, '市第一人民医院', { kind: 'institution' })], { units: [figures(A, 100, 99), figures(B, 40, 30), figures(H, 500, 400)] });
    const { preview, step } = compilePlan({ kind: 'uniform_cut', jurisdictionId: J, ledger: 'administrative', rate: 0.05, exceptedIds: [] }, w);
    expect(preview.cut).toBe(7);
    expect(step.moves.map((m) => [m.from, m.amount, m.code])).toEqual([[{ organizationId: A, kind: 'vacant' }, 5, 'cut'], [{ organizationId: B, kind: 'vacant' }, 2, 'cut']]);
    expect(step.overQuota).toEqual([{ organizationId: A, ledger: 'administrative' }]);
  });

  it('reallocates pooled quota by the zero-base calculator, refusing more than the pool holds', () => {
    const w = world([], { pools: [...pools(J, 10), ...pools(J2)] });
    const plan = { kind: 'zero_base' as const, jurisdictionId: J, ledger: 'administrative' as const, total: 10, weights: { population: 1, area: 0, gdp: 0, revenue: 0 }, rows: [{ jurisdictionId: J2, protectedMinimum: 2, population: 5, area: 0, gdp: 0, revenue: [0, 0] as [number, number] }] };
    const { preview, step } = compilePlan(plan, w);
    expect(preview.refusals).toEqual([]);
    expect(step.moves).toEqual([{ ledger: 'administrative', from: { jurisdictionId: J, pool: 'unallocated' }, to: { jurisdictionId: J2, pool: 'unallocated' }, amount: 10, code: 'allocate' }]);
    expect(compilePlan({ ...plan, total: 11 }, w).preview.refusals.map((r) => r.rule)).toEqual(['REFORM-POOL-BALANCE']);
  });

  it('converts an institution to the filing system or to an enterprise', () => {
    const institution = unit(A, '市检测中心', { kind: 'institution', institutionClass: 'business' });
    const snapshot = { units: [figures(A, 10, 3, { ledger: 'institution' })], people: people(A, 3, 'institution'), pools: [{ jurisdictionId: J, ledger: 'institution' as const, pool: 'unallocated' as const, balance: 0 }, { jurisdictionId: J, ledger: 'filed_headcount' as const, pool: 'external' as const, balance: 0 }] };
    const filing = compilePlan({ kind: 'filing_conversion', organizationId: A }, world([institution], snapshot));
    expect(filing.preview.refusals).toEqual([]);
    expect(filing.step.moves.map((m) => [m.ledger, m.amount, m.code])).toEqual([['institution', 7, 'recover'], ['filed_headcount', 7, 'increase']]);
    const enterprise = compilePlan({ kind: 'enterprise_conversion', organizationId: A }, world([institution], snapshot));
    expect(enterprise.step.exits).toHaveLength(3);
    expect(enterprise.step.moves.map((m) => [m.amount, m.code])).toEqual([[10, 'recover']]);
    expect(compilePlan({ kind: 'enterprise_conversion', organizationId: A }, world([{ ...institution, institutionClass: 'welfare_1' }], snapshot)).preview.refusals.map((r) => r.rule)).toEqual(['REFORM-ENTERPRISE-BUSINESS']);
  });

  it('places people: only those assigned to another unit than the one holding them move', () => {
    const held = people(T, 3);
    expect(placementStep({ [held[0]!.personId]: T, [held[1]!.personId]: 'pool', [held[2]!.personId]: A }, held).rehome).toEqual([{ slotId: held[2]!.slotId, toOrganizationId: A }]);
  });
});
