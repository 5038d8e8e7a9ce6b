import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@bianzhi/domain/access';
import { ledgerHarness, refusal, system } from '../test/ledger-harness.js';

/**
 * 实名制公示 from the roll's side, on real PostgreSQL: the classified-post flag set by the roll's writers
 * in their scope and audited, carried along when the person moves, and the public roll the audit service
 * publishes — open slots of the units asked for, classified posts left out, three fields and nothing else.
 */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
const bureau = () => h.callerAs(h.bureau());
const otherDistrict: Principal = { kind: 'user', id: 'elsewhere', name: '他区编办', roles: ['district_admin'], jurisdictionId: randomUUID(), organizationId: null };
let slots: string[] = [];

beforeAll(async () => {
  h = await ledgerHarness('named-roll', { units: 2 });
  await h.allocate(0, 3);
  await h.allocate(1, 2);
  slots = await h.staff(0, 3, 7);
  // The harness's scope sees everything; another district's bureau sees nothing of this city.
  const everything = h.deps.scope.jurisdictionIdsOf.bind(h.deps.scope);
  h.deps.scope.jurisdictionIdsOf = async (p) => (p.id === otherDistrict.id ? [] : everything(p));
}, 60_000);
afterAll(async () => h?.drop());

const publicRoll = (unit: number) => h.callerAs(system).ledger.namedRoll.publicRoll({ organizationIds: [h.units[unit]!.organizationId] });

describe('classified posts and the public roll', () => {
  it('gives the audit service name, quota type and post category of each open slot, and nothing else', async () => {
    const roll = await publicRoll(0);
    expect(roll).toHaveLength(3);
    for (const entry of roll) expect(Object.keys(entry).sort()).toEqual(['ledger', 'name', 'organizationId', 'postCategory']);
    expect(await h.callerAs(system).ledger.namedRoll.publicRoll({ organizationIds: [] })).toEqual([]);
    // A person is refused it.
    expect((await refusal(bureau().ledger.namedRoll.publicRoll({ organizationIds: [h.units[0]!.organizationId] }))).code).toBe('FORBIDDEN');
  });

  it('marks a classified post within the writer’s scope, audited once, and leaves it out of the public roll', async () => {
    expect((await refusal(h.callerAs(otherDistrict).ledger.namedRoll.setClassifiedPost({ slotId: slots[0]!, classifiedPost: true }))).domainCode).toBe('NOT_FOUND');
    expect((await refusal(h.callerAs(h.departmentUser(0)).ledger.namedRoll.setClassifiedPost({ slotId: slots[0]!, classifiedPost: true }))).code).toBe('FORBIDDEN');
    expect(await bureau().ledger.namedRoll.setClassifiedPost({ slotId: slots[0]!, classifiedPost: true })).toEqual({ slotId: slots[0], classifiedPost: true });
    // Setting it again changes nothing and records nothing.
    await bureau().ledger.namedRoll.setClassifiedPost({ slotId: slots[0]!, classifiedPost: true });
    const events = await h.db.selectFrom('ledger.outbox').select('payload').where('event_type', '=', 'ledger.person.classifiedPostSet').execute();
    expect(events).toHaveLength(1);
    const name = (await bureau().ledger.person.roll({ organizationId: h.units[0]!.organizationId })).find((s) => s.id === slots[0])!;
    expect(name.classifiedPost).toBe(true);
    expect((await publicRoll(0)).map((e) => e.name)).not.toContain(name.name);
    expect(await publicRoll(0)).toHaveLength(2);
  });

  it('carries the flag when the person moves (fail closed), and a person who left is in no public roll', async () => {
    const planId = randomUUID();
    await h.callerAs(h.departmentUser(1)).ledger.plan.file({ id: planId, organizationId: h.units[1]!.organizationId, ledger: 'administrative', places: 1, endsOn: '2027-12-31', reason: '调入' });
    await h.callerAs(system).ledger.plan.approve({ id: planId });
    const moved = await bureau().ledger.person.move({ id: randomUUID(), slotId: slots[0]!, planId, movedOn: '2026-11-23' });
    expect(moved.classifiedPost).toBe(true);
    expect(await publicRoll(1)).toEqual([]);
    expect((await refusal(bureau().ledger.namedRoll.setClassifiedPost({ slotId: slots[0]!, classifiedPost: false }))).domainCode).toBe('SLOT_CLOSED');

    await bureau().ledger.person.exit({ id: randomUUID(), slotId: slots[1]!, exitKind: 'resignation' });
    const left = (await bureau().ledger.person.roll({ organizationId: h.units[0]!.organizationId, includeExited: true })).find((s) => s.id === slots[1])!;
    expect((await publicRoll(0)).map((e) => e.name)).not.toContain(left.name);
    expect(await publicRoll(0)).toHaveLength(1);
    expect(await h.checkInvariants()).toEqual([]);
  });
});

describe('classified posts through an exit and entry, and through a reform', () => {
  it('keeps the post classified when its holder leaves by transfer and enters another unit (fail closed)', async () => {
    await bureau().ledger.namedRoll.setClassifiedPost({ slotId: slots[2]!, classifiedPost: true });
    const holder = (await bureau().ledger.person.roll({ organizationId: h.units[0]!.organizationId })).find((s) => s.id === slots[2])!;
    const person = await h.db.selectFrom('ledger.persons').selectAll().where('id', '=', holder.personId).executeTakeFirstOrThrow();
    await bureau().ledger.person.exit({ id: randomUUID(), slotId: slots[2]!, exitKind: 'transfer_out' });
    const planId = randomUUID();
    await h.callerAs(h.departmentUser(1)).ledger.plan.file({ id: planId, organizationId: h.units[1]!.organizationId, ledger: 'administrative', places: 1, endsOn: '2027-12-31', reason: '调入' });
    await h.callerAs(system).ledger.plan.approve({ id: planId });
    const entered = await bureau().ledger.person.enter({ id: randomUUID(), planId, entryKind: 'transfer_in', person: { name: person.name, idNumber: person.id_number, education: person.education ?? undefined, postCategory: person.post_category as 'management' } });
    expect(entered.classifiedPost).toBe(true);
    expect((await publicRoll(1)).map((e) => e.name)).not.toContain(person.name);
  });

  it('keeps the post classified when a reform step re-homes its holder', async () => {
    const r = await ledgerHarness('named-roll-reform', { units: 2 });
    try {
      await r.allocate(0, 3);
      await r.allocate(1, 3);
      const staffed = await r.staff(0, 2, 5);
      await r.callerAs(r.bureau()).ledger.namedRoll.setClassifiedPost({ slotId: staffed[0]!, classifiedPost: true });
      const [from, to] = r.units.map((u) => u.organizationId) as [string, string];
      const api = r.callerAs(system);
      const stepId = randomUUID();
      await api.ledger.reform.execute({
        id: stepId, projectId: 'p/1', documentNumber: '测编〔2026〕1号', openAccounts: [], overQuota: [{ organizationId: to, ledger: 'administrative' }],
        rehome: staffed.map((slotId) => ({ slotId, toOrganizationId: to })), exits: [],
        moves: [{ ledger: 'administrative', from: { organizationId: from, kind: 'vacant' }, to: { organizationId: to, kind: 'vacant' }, amount: 1, code: 'transfer' }],
      });
      const rehomed = await r.callerAs(r.bureau()).ledger.person.roll({ organizationId: to });
      expect(rehomed.filter((s) => s.classifiedPost)).toHaveLength(1);
      expect(await api.ledger.namedRoll.publicRoll({ organizationIds: [to] })).toHaveLength(1);
    } finally {
      await r.drop();
    }
  });
});
