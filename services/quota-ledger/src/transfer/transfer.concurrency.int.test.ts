import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ledgerHarness, system } from '../test/ledger-harness.js';
import { createDatabase } from '@bianzhi/db/kysely';
import type { DB } from '@bianzhi/db/generated/ledger';
import { createTransfers } from './transfer.service.js';
import { accountCacheOf } from './account-cache.js';

/**
 * Many clients at once (LEDGER.md, "Proof"): 16 connections, 10,000 operations skewed toward a
 * hot pool, then every invariant checked against the tables: conservation, no limit breached,
 * entries folding back to balances, gapless versions, one audit event per transfer. The clients
 * are split over two database handles, as over two ledger processes: each has its own view of the
 * accounts, so the optimistic path's check fails under contention and must decide again.
 */
const CLIENTS = 16;
const OPERATIONS = 10_000;

let h: Awaited<ReturnType<typeof ledgerHarness>>;
beforeAll(async () => {
  h = await ledgerHarness('ledger-concurrency', { units: 40, poolSize: CLIENTS / 2 });
});
afterAll(async () => h?.drop());

/** Zipf-like choice: unit i is picked with weight 1/(i+1). */
function skewed(random: () => number, n: number): number {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1));
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) if ((r -= weights[i]!) <= 0) return i;
  return n - 1;
}

describe('the ledger under concurrency', () => {
  it(`keeps every invariant after ${OPERATIONS} operations from ${CLIENTS} clients`, async () => {
    await createTransfers(h.deps, system, { transfers: [{ kind: 'single', id: randomUUID(), debitAccountId: h.pool('external'), creditAccountId: h.pool('unallocated'), amount: 5_000, code: 'approve_total' }], linked: false });
    let seed = 20261123;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const outcomes = { created: 0, failed: 0 };
    let next = 0;
    const client = async (deps: typeof h.deps) => {
      while (next < OPERATIONS) {
        next += 1;
        const unit = h.units[skewed(random, h.units.length)]!;
        const roll = random();
        const amount = 1 + Math.floor(random() * 5);
        const transfers =
          roll < 0.5
            ? [{ kind: 'single' as const, id: randomUUID(), debitAccountId: h.pool('unallocated'), creditAccountId: unit.vacant, amount, code: 'allocate' as const }]
            : roll < 0.8
              ? [{ kind: 'single' as const, id: randomUUID(), debitAccountId: unit.vacant, creditAccountId: h.pool('unallocated'), amount, code: 'recover' as const }]
              : [{ kind: 'single' as const, id: randomUUID(), debitAccountId: unit.vacant, creditAccountId: unit.occupied, amount, code: 'transfer' as const }, { kind: 'single' as const, id: randomUUID(), debitAccountId: unit.occupied, creditAccountId: h.pool('unallocated'), amount, code: 'transfer' as const }];
        const results = await createTransfers(deps, system, { transfers, linked: transfers.length > 1 });
        for (const r of results) outcomes[r.status === 'created' ? 'created' : 'failed'] += 1;
      }
    };
    const second = { ...h.deps, db: createDatabase<DB>({ url: h.url, max: CLIENTS / 2 }) };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i % 2 === 0 ? h.deps : second)));
    await second.db.destroy();
    expect(accountCacheOf(h.deps.db).conflicts + accountCacheOf(second.db).conflicts, 'the two processes should have crossed each other').toBeGreaterThan(0);
    expect(outcomes.created).toBeGreaterThan(OPERATIONS / 2);
    expect(outcomes.failed).toBeGreaterThan(0);
    expect(await h.checkInvariants()).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ledger.transfers`.execute(h.db);
    expect(rows[0]!.n).toBe(outcomes.created + 1);
  }, 300_000);
});
