import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReformStepInput } from '@bianzhi/contracts/ledger';
import { ledgerHarness, refusal, system } from '../test/ledger-harness.js';

let h: Awaited<ReturnType<typeof ledgerHarness>>;
let api: ReturnType<typeof h.callerAs>;
const slots: string[][] = [];

beforeAll(async () => {
  h = await ledgerHarness('ledger-reform-steps', { units: 3 });
  api = h.callerAs(system);
  await h.allocate(0, 10);
  await h.allocate(1, 6);
  await h.allocate(2, 4);
  slots.push(await h.staff(0, 5, 1), await h.staff(1, 4, 2), await h.staff(2, 2, 3));
});
afterAll(async () => h?.drop());

const figures = async () => {
  const snapshot = await api.ledger.reform.snapshot({ organizationIds: h.units.map((u) => u.organizationId), jurisdictionIds: [h.jurisdictionId] });
  return {
    units: h.units.map((u) => snapshot.units.find((s) => s.organizationId === u.organizationId)).map((u) => ({ quota: u!.quota, occupied: u!.occupied, overQuota: u!.overQuota })),
    unallocated: snapshot.pools.find((p) => p.pool === 'unallocated' && p.ledger === 'administrative')!.balance,
    people: h.units.map((u) => snapshot.people.filter((p) => p.organizationId === u.organizationId).length),
  };
};

describe('reform steps in the ledger (a merger of two units into a third, approved at 9)', () => {
  const stepId = randomUUID();
  let step: ReformStepInput;
  let before: Awaited<ReturnType<typeof figures>>;

  it('moves people with their places, the vacancies, and recovers the surplus, leaving the unit recorded over quota', async () => {
    before = await figures();
    expect(before).toEqual({ units: [{ quota: 10, occupied: 5, overQuota: false }, { quota: 6, occupied: 4, overQuota: false }, { quota: 4, occupied: 2, overQuota: false }], unallocated: 0, people: [5, 4, 2] });
    const [a, b, target] = h.units.map((u) => u.organizationId) as [string, string, string];
    step = {
      id: stepId,
      projectId: 'reform-project/merger-1',
      documentNumber: '测编〔2026〕30号',
      openAccounts: [],
      overQuota: [{ organizationId: target, ledger: 'administrative' }],
      rehome: [...slots[0]!, ...slots[1]!].map((slotId, i) => ({ slotId, toOrganizationId: target, order: i })).map(({ slotId, toOrganizationId }) => ({ slotId, toOrganizationId })),
      exits: [],
      moves: [
        { ledger: 'administrative', from: { organizationId: a, kind: 'vacant' }, to: { organizationId: target, kind: 'vacant' }, amount: 5, code: 'transfer' },
        { ledger: 'administrative', from: { organizationId: b, kind: 'vacant' }, to: { organizationId: target, kind: 'vacant' }, amount: 2, code: 'transfer' },
        { ledger: 'administrative', from: { organizationId: target, kind: 'vacant' }, to: { jurisdictionId: h.jurisdictionId, pool: 'unallocated' }, amount: 11, code: 'recover' },
      ],
    };
    expect(await api.ledger.reform.execute(step)).toEqual({ id: stepId, transfers: 12, rehomed: 9, exited: 0, reversedBy: null });
    expect(await figures()).toEqual({ units: [{ quota: 0, occupied: 0, overQuota: false }, { quota: 0, occupied: 0, overQuota: false }, { quota: 9, occupied: 11, overQuota: true }], unallocated: 11, people: [0, 0, 11] });
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('applies a retried step once and refuses the same id with another body', async () => {
    const transfers = await h.db.selectFrom('ledger.transfers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(await api.ledger.reform.execute(step)).toMatchObject({ id: stepId, transfers: 12 });
    expect((await refusal(api.ledger.reform.execute({ ...step, documentNumber: '测编〔2026〕31号' }))).domainCode).toBe('IDEMPOTENCY_MISMATCH');
    expect(await h.db.selectFrom('ledger.transfers').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual(transfers);
  });

  it('refuses a step whose people have moved since the preview, applying none of it', async () => {
    const balances = await h.balances();
    const stale = { ...step, id: randomUUID(), moves: [] };
    const refused = await refusal(api.ledger.reform.execute(stale));
    expect(refused.domainCode).toBe('SLOT_CLOSED');
    expect(refused.zh).toContain('重新生成影响预览');
    expect(await h.balances()).toEqual(balances);
  });

  it('reverses the step with new transfers: every person back in their unit, the quota and the records as they were', async () => {
    const reversalId = randomUUID();
    const transfersBefore = await h.db.selectFrom('ledger.transfers').select('id').execute();
    expect(await api.ledger.reform.reverse({ id: reversalId, stepId, documentNumber: '测编〔2026〕32号' })).toMatchObject({ id: reversalId, transfers: 12, rehomed: 9 });
    expect(await figures()).toEqual(before);
    // History is kept: the first transfers are all still there, and the reversal added its own.
    const transfersAfter = await h.db.selectFrom('ledger.transfers').select('id').execute();
    expect(transfersAfter.length).toBe(transfersBefore.length + 12);
    expect(await h.checkInvariants()).toEqual([]);
    // The target's vacancies are limited again once it is no longer over quota.
    const vacant = await h.db.selectFrom('ledger.accounts').select('debits_must_not_exceed_credits').where('id', '=', h.units[2]!.vacant).executeTakeFirstOrThrow();
    expect(vacant.debits_must_not_exceed_credits).toBe(true);
    // A repeated reversal is the same one; another id is refused; a reversal is not reversed.
    expect(await api.ledger.reform.reverse({ id: reversalId, stepId, documentNumber: '测编〔2026〕32号' })).toMatchObject({ id: reversalId });
    expect((await refusal(api.ledger.reform.reverse({ id: randomUUID(), stepId, documentNumber: '测编〔2026〕32号' }))).domainCode).toBe('IDEMPOTENCY_MISMATCH');
    expect((await refusal(api.ledger.reform.reverse({ id: randomUUID(), stepId: reversalId, documentNumber: '测编〔2026〕32号' }))).domainCode).toBe('VALIDATION_FAILED');
  });

  it('lets people leave the establishment (conversion to enterprise) and brings them back on reversal', async () => {
    const id = randomUUID();
    const unit = h.units[2]!.organizationId;
    const current = (await figures()).people[2];
    const roll = await api.ledger.person.roll({ organizationId: unit, includeExited: false });
    await api.ledger.reform.execute({ id, projectId: 'reform-project/enterprise-1', documentNumber: '测编〔2026〕40号', openAccounts: [], overQuota: [], rehome: [], moves: [], exits: roll.map((s) => ({ slotId: s.id, exitKind: 'transfer_out' })) });
    expect((await figures()).people[2]).toBe(0);
    await api.ledger.reform.reverse({ id: randomUUID(), stepId: id, documentNumber: '测编〔2026〕41号' });
    expect((await figures()).people[2]).toBe(current);
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('is for the reform worker only', async () => {
    expect((await refusal(h.callerAs(h.bureau()).ledger.reform.execute({ ...step, id: randomUUID() }))).code).toBe('FORBIDDEN');
  });
});
