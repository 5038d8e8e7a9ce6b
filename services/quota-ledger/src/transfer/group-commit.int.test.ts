import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Principal } from '@bianzhi/domain/access';
import { ledgerHarness, system } from '../test/ledger-harness.js';
import { groupCommitter } from './group-commit.js';
import { createTransfers } from './transfer.service.js';

let h: Awaited<ReturnType<typeof ledgerHarness>>;
beforeAll(async () => {
  h = await ledgerHarness('ledger-group-commit', { units: 4 });
  await createTransfers(h.deps, system, { transfers: [{ kind: 'single', id: randomUUID(), debitAccountId: h.pool('external'), creditAccountId: h.pool('unallocated'), amount: 1000, code: 'approve_total' }], linked: false });
});
afterAll(async () => h?.drop());

const balanceOf = async (id: string) => {
  const row = (await h.balances()).get(id)!;
  return row.credits_posted - row.debits_posted;
};
const allocate = (unit: number, amount: number, id = randomUUID()) => ({ kind: 'single' as const, id, debitAccountId: h.pool('unallocated'), creditAccountId: h.units[unit]!.vacant, amount, code: 'allocate' as const });

async function createdAt(ids: string[]) {
  const { rows } = await sql<{ id: string; created_at: Date; batch_id: string | null }>`select id, created_at, batch_id from ledger.transfers where id = any(${ids}::uuid[])`.execute(h.db);
  return rows;
}

describe('group commit of concurrent single transfers', () => {
  it('commits requests that arrive during a commit together, each with its own outcome and request id', async () => {
    const submit = groupCommitter(h.deps);
    const unallocated = await balanceOf(h.pool('unallocated'));
    const requests = Array.from({ length: 12 }, (_, i) => ({ transfer: allocate(i % 4, i === 5 ? unallocated + 1 : 1), requestId: `req-${i}` }));
    const results = await Promise.all(requests.map((r) => submit(system, { transfers: [r.transfer], linked: false }, r.requestId)));
    expect(results.map((r) => r[0]!.status)).toEqual(requests.map((_, i) => (i === 5 ? 'failed' : 'created')));
    expect(results[5]![0]!.error).toBe('EXCEEDS_CREDITS');

    const rows = await createdAt(requests.map((r) => r.transfer.id));
    expect(rows).toHaveLength(11);
    // Fewer commits than requests, and no batch id: these were separate requests.
    expect(new Set(rows.map((r) => r.created_at.getTime())).size).toBeLessThan(11);
    expect(rows.every((r) => r.batch_id === null)).toBe(true);
    const { rows: events } = await sql<{ aggregate_id: string; request_id: string }>`select aggregate_id, request_id from ledger.outbox where aggregate_id = any(${requests.map((r) => r.transfer.id)}::text[])`.execute(h.db);
    expect(Object.fromEntries(events.map((e) => [e.aggregate_id, e.request_id]))).toEqual(Object.fromEntries(requests.filter((_, i) => i !== 5).map((r) => [r.transfer.id, r.requestId])));
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('answers every request when one id arrives twice in the same group, with exactly one effect', async () => {
    const submit = groupCommitter(h.deps);
    const twice = allocate(1, 2);
    const others = [allocate(2, 1), allocate(3, 1), allocate(0, 1)];
    const vacantBefore = await balanceOf(h.units[1]!.vacant);
    const first = submit(system, { transfers: [others[0]!], linked: false });
    const results = await Promise.all([first, submit(system, { transfers: [twice], linked: false }), submit(system, { transfers: [twice], linked: false }), ...others.slice(1).map((t) => submit(system, { transfers: [t], linked: false }))]);
    expect(results.map((r) => r[0]!.status).sort()).toEqual(['created', 'created', 'created', 'created', 'exists']);
    expect(await balanceOf(h.units[1]!.vacant)).toBe(vacantBefore + 2);
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('keeps a caller outside the accounts’ jurisdiction from failing anyone else’s transfer', async () => {
    const outsider: Principal = { kind: 'user', id: 'district-elsewhere', name: '他区管理员', roles: ['district_admin'], jurisdictionId: randomUUID(), organizationId: null };
    const deps = { ...h.deps, scope: { ...h.deps.scope, jurisdictionIdsOf: async (p: Principal) => (p.id === outsider.id ? [outsider.jurisdictionId!] : null) } };
    const submit = groupCommitter(deps);
    const mine = [allocate(0, 1), allocate(1, 1), allocate(2, 1)];
    const settled = await Promise.allSettled([
      submit(system, { transfers: [mine[0]!], linked: false }),
      submit(outsider, { transfers: [allocate(3, 1)], linked: false }),
      submit(system, { transfers: [mine[1]!], linked: false }),
      submit(system, { transfers: [mine[2]!], linked: false }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(((settled[1] as PromiseRejectedResult).reason as { code: string }).code).toBe('OUT_OF_SCOPE');
    expect(await createdAt(mine.map((t) => t.id))).toHaveLength(3);
  });
});
