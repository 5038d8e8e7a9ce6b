import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase } from '@bianzhi/db/kysely';
import { ledgerHarness, system } from '../test/ledger-harness.js';
import { createTransfers } from './transfer.service.js';

/**
 * The database backend dies mid-write (LEDGER.md, "Faults"): in the optimistic path's one statement,
 * and in the locking path after the accounts are locked and read, while its write statement runs,
 * before commit. A retry with the same ids must give exactly one effect.
 */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
beforeAll(async () => {
  h = await ledgerHarness('ledger-fault', { poolSize: 4 });
});
afterAll(async () => h?.drop());

/**
 * Runs `batch` while another session holds the outbox, so that it stops at its write statement (the
 * one whose text matches `statement`), kills that backend, and checks that nothing of it remains
 * and that retrying gives exactly one effect.
 */
async function killMidWriteThenRetry(batch: Parameters<typeof createTransfers>[2], statement: string) {
  const blocker = createDatabase<unknown>({ url: h.url, max: 1 });
  let release!: () => void;
  let locked!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = blocker.transaction().execute(async (trx) => {
    await sql`lock table ledger.outbox in exclusive mode`.execute(trx);
    locked();
    await held;
  });
  // Only once the lock is held: otherwise, on a busy machine, the batch could commit before it.
  await isLocked;
  const first = createTransfers(h.deps, system, batch).then(() => 'committed', (error: Error) => error.message);
  let victim: number | undefined;
  for (let i = 0; i < 400 && victim === undefined; i++) {
    const { rows } = await sql<{ pid: number }>`
      select pid from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and query ilike ${statement}`.execute(h.db);
    victim = rows[0]?.pid;
    if (victim === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(victim, 'the batch should be waiting on the outbox in its write statement').toBeDefined();
  await sql`select pg_terminate_backend(${victim})`.execute(h.db);
  expect(await first).not.toBe('committed');
  release();
  await holding;
  await blocker.destroy();

  const ids = batch.transfers.map((t) => t.id);
  const none = await sql<{ n: number }>`select count(*)::int as n from ledger.transfers where id = any(${ids}::uuid[])`.execute(h.db);
  expect(none.rows[0]!.n).toBe(0);
  expect((await createTransfers(h.deps, system, batch)).map((r) => r.status)).toEqual(ids.map(() => 'created'));
  expect((await createTransfers(h.deps, system, batch)).map((r) => r.status)).toEqual(ids.map(() => 'exists'));
  const once = await sql<{ n: number }>`select count(*)::int as n from ledger.transfers where id = any(${ids}::uuid[])`.execute(h.db);
  expect(once.rows[0]!.n).toBe(ids.length);
  expect(await h.checkInvariants()).toEqual([]);
}

describe('a killed backend', () => {
  it('leaves nothing of a one-statement batch, and the retry applies it exactly once', async () => {
    const approve = { kind: 'single' as const, id: randomUUID(), debitAccountId: h.pool('external'), creditAccountId: h.pool('unallocated'), amount: 50, code: 'approve_total' as const };
    await createTransfers(h.deps, system, { transfers: [approve], linked: false });
    await killMidWriteThenRetry(
      {
        linked: true,
        transfers: [
          { kind: 'single' as const, id: randomUUID(), debitAccountId: h.pool('unallocated'), creditAccountId: h.units[0]!.vacant, amount: 7, code: 'allocate' as const },
          { kind: 'single' as const, id: randomUUID(), debitAccountId: h.pool('unallocated'), creditAccountId: h.units[1]!.vacant, amount: 8, code: 'allocate' as const },
        ],
      },
      '%with expected (id%',
    );
  }, 60_000);

  it('leaves nothing of a batch in the locking path (resolving a reservation) killed inside its transaction', async () => {
    const pending = { kind: 'pending' as const, id: randomUUID(), debitAccountId: h.units[0]!.vacant, creditAccountId: h.units[0]!.occupied, amount: 3, code: 'reserve' as const };
    expect((await createTransfers(h.deps, system, { transfers: [pending], linked: false }))[0]!.status).toBe('created');
    await killMidWriteThenRetry({ linked: false, transfers: [{ kind: 'void' as const, id: randomUUID(), pendingId: pending.id, code: 'void' as const }] }, 'with applied as (%insert into ledger.transfers%');
  }, 60_000);
});
