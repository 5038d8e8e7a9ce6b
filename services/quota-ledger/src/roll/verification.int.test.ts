import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@bianzhi/domain/access';
import { idNumberOf, ledgerHarness, refusal, system } from '../test/ledger-harness.js';
import { verifyRoll } from './verification.js';

let h: Awaited<ReturnType<typeof ledgerHarness>>;
/** The person `h.staff(0, 1, 0)` enters (named 人员0-0). */
const zhang = { name: '人员0-0', idNumber: idNumberOf('33020319800101000') };
const stranger = idNumberOf('33020419900101123');
const otherDistrict = randomUUID();
/** A payroll system's service account of the unit's jurisdiction, and one of another district. */
let payroll: Principal;
const otherPayroll: Principal = { kind: 'service', id: 'svc-jiangbei-payroll', name: '江北区工资统发', roles: ['service'], jurisdictionId: otherDistrict, organizationId: null };

beforeAll(async () => {
  h = await ledgerHarness('ledger-verification', { units: 2 });
  payroll = { kind: 'service', id: 'svc-payroll', name: '工资统发', roles: ['service'], jurisdictionId: h.jurisdictionId, organizationId: null };
  // One person entered through a staffing-use plan on 2026-01-05 (the harness's), who retires on 2026-11-01.
  await h.allocate(0, 5);
  const [slotId] = await h.staff(0, 1, 0);
  await h.callerAs(system).ledger.person.exit({ id: randomUUID(), slotId: slotId!, exitKind: 'retirement', exitedOn: '2026-11-01' });
});
afterAll(async () => h?.drop());

const ask = (principal: Principal, asOf: string, idNumber = zhang.idNumber, organizationId = h.units[0]!.organizationId) =>
  h.callerAs(principal).ledger.verification.roll({ idNumber, organizationId, asOf, purpose: '工资统发' });

describe('roll verification for payroll and insurance', () => {
  it('answers yes with the quota type and the day of entry while the person was on the roll, and no before and from the exit day', async () => {
    expect(await ask(payroll, '2026-06-30')).toEqual({ onRoll: true, organizationId: h.units[0]!.organizationId, asOf: '2026-06-30', quotaType: 'administrative', since: '2026-01-05' });
    expect(await ask(payroll, '2026-01-05')).toMatchObject({ onRoll: true });
    expect(await ask(payroll, '2026-01-04')).toEqual({ onRoll: false, organizationId: h.units[0]!.organizationId, asOf: '2026-01-04', quotaType: null, since: null });
    expect(await ask(payroll, '2026-11-01')).toMatchObject({ onRoll: false, quotaType: null });
    // Another unit of the same person's jurisdiction, and someone never on the roll: no, and nothing more.
    expect(await ask(payroll, '2026-06-30', zhang.idNumber, h.units[1]!.organizationId)).toMatchObject({ onRoll: false, since: null });
    expect(await ask(payroll, '2026-06-30', stranger)).toMatchObject({ onRoll: false });
    const answer = await ask(payroll, '2026-06-30');
    expect(JSON.stringify(answer)).not.toContain('人员0-0');
  });

  it('records every call with the masked ID number and the purpose', async () => {
    const events = await h.deps.db.selectFrom('ledger.outbox').select(['event_type', 'payload', 'jurisdiction_id']).where('event_type', '=', 'ledger.roll.verified').execute();
    expect(events.length).toBeGreaterThanOrEqual(7);
    expect(events.every((e) => e.jurisdiction_id === h.jurisdictionId)).toBe(true);
    const text = JSON.stringify(events.map((e) => e.payload));
    expect(text).not.toContain(zhang.idNumber);
    expect(text).toContain(`${zhang.idNumber.slice(0, 6)}********${zhang.idNumber.slice(14)}`);
    expect(text).toContain('工资统发');
  });

  it('refuses a unit outside the caller\'s jurisdictions, an unknown unit and a wrong check digit, recording nothing', async () => {
    const before = await h.deps.db.selectFrom('ledger.outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const scoped = { ...h.deps, scope: { ...h.deps.scope, jurisdictionIdsOf: async (p: Principal) => (p.jurisdictionId === h.jurisdictionId ? null : [p.jurisdictionId!]) } };
    const input = { idNumber: zhang.idNumber, organizationId: h.units[0]!.organizationId, asOf: '2026-06-30', purpose: '社保' };
    await expect(verifyRoll(scoped, otherPayroll, input)).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(verifyRoll(scoped, payroll, { ...input, organizationId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const wrong = zhang.idNumber.slice(0, 17) + (zhang.idNumber[17] === '0' ? '1' : '0');
    expect((await refusal(ask(payroll, '2026-06-30', wrong))).domainCode).toBe('ID_NUMBER_INVALID');
    expect((await refusal(h.callerAs(payroll).ledger.verification.roll({ ...input, asOf: '2026-13-01' }))).code).toBe('BAD_REQUEST');
    // A department user holds no such permission.
    expect((await refusal(ask(h.departmentUser(0), '2026-06-30'))).code).toBe('FORBIDDEN');
    const after = await h.deps.db.selectFrom('ledger.outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
