import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ledgerHarness, system } from '../test/ledger-harness.js';
import { createTransfers } from './transfer.service.js';

/**
 * Model-based test (LEDGER.md, "Proof"): random command sequences run against real PostgreSQL and
 * against a deliberately naive model written here (not the engine), and every account's four
 * balances are compared after every step. Seeds are fixed, so a failure replays exactly.
 */
type Balances = { dp: number; dpo: number; cp: number; cpo: number };

class Model {
  readonly accounts = new Map<string, Balances & { limited: boolean }>();
  readonly pendings = new Map<string, { debit: string; credit: string; amount: number; open: boolean }>();
  readonly used = new Map<string, string>();

  constructor(ids: { id: string; limited: boolean }[]) {
    for (const { id, limited } of ids) this.accounts.set(id, { dp: 0, dpo: 0, cp: 0, cpo: 0, limited });
  }

  private fits(a: Balances & { limited: boolean }) {
    return !a.limited || a.dp + a.dpo <= a.cpo;
  }

  /** One transfer on a scratch copy; returns the copy or why it fails. */
  private step(state: Model, t: Command): string | null {
    if (t.kind === 'single' || t.kind === 'pending') {
      if (t.debit === t.credit) return 'SAME_ACCOUNT';
      const d = { ...state.accounts.get(t.debit)! };
      const c = { ...state.accounts.get(t.credit)! };
      if (t.kind === 'single') {
        d.dpo += t.amount;
        c.cpo += t.amount;
      } else {
        d.dp += t.amount;
        c.cp += t.amount;
      }
      if (!this.fits(d) || !this.fits(c)) return 'EXCEEDS_CREDITS';
      state.accounts.set(t.debit, d);
      state.accounts.set(t.credit, c);
      if (t.kind === 'pending') state.pendings.set(t.id, { debit: t.debit, credit: t.credit, amount: t.amount, open: true });
      return null;
    }
    const p = state.pendings.get(t.pendingId);
    if (!p) return 'PENDING_NOT_FOUND';
    if (!p.open) return 'PENDING_ALREADY_RESOLVED';
    const amount = t.kind === 'post' ? (t.amount ?? p.amount) : 0;
    if (amount > p.amount) return 'POST_EXCEEDS_PENDING';
    const d = { ...state.accounts.get(p.debit)! };
    const c = { ...state.accounts.get(p.credit)! };
    d.dp -= p.amount;
    c.cp -= p.amount;
    d.dpo += amount;
    c.cpo += amount;
    if (!this.fits(d) || !this.fits(c)) return 'EXCEEDS_CREDITS';
    state.accounts.set(p.debit, d);
    state.accounts.set(p.credit, c);
    state.pendings.set(t.pendingId, { ...p, open: false });
    return null;
  }

  private clone(): Model {
    const copy = new Model([]);
    for (const [k, v] of this.accounts) copy.accounts.set(k, { ...v });
    for (const [k, v] of this.pendings) copy.pendings.set(k, { ...v });
    return copy;
  }

  run(batch: Command[], linked: boolean): (string | null)[] {
    const scratch = this.clone();
    const errors = batch.map((t) => this.step(scratch, t));
    const failed = errors.findIndex((e) => e !== null);
    if (linked && failed >= 0) return errors.map((e, i) => (i === failed ? e : 'LINKED_EVENT_FAILED'));
    this.accounts.clear();
    for (const [k, v] of scratch.accounts) this.accounts.set(k, v);
    for (const [k, v] of scratch.pendings) this.pendings.set(k, v);
    return errors;
  }
}

type Command =
  | { kind: 'single'; id: string; debit: string; credit: string; amount: number }
  | { kind: 'pending'; id: string; debit: string; credit: string; amount: number }
  | { kind: 'post'; id: string; pendingId: string; amount?: number | undefined }
  | { kind: 'void'; id: string; pendingId: string };

let h: Awaited<ReturnType<typeof ledgerHarness>>;
beforeAll(async () => {
  h = await ledgerHarness('ledger-model', { units: 3 });
});
afterAll(async () => h?.drop());

describe('the ledger against a model', () => {
  it('matches the model balance for balance after every batch', async () => {
    const accounts = [
      { id: h.pool('external'), limited: false },
      { id: h.pool('unallocated'), limited: true },
      { id: h.pool('turnover'), limited: true },
      ...h.units.flatMap((u) => [{ id: u.vacant, limited: true }, { id: u.occupied, limited: false }]),
    ];
    // Start from a common state: the existing balances (earlier runs share the database).
    const ids = accounts.map((a) => a.id);
    let pendingIds: string[] = [];
    const transfer = fc.record({
      type: fc.constantFrom('single', 'single', 'single', 'pending', 'post', 'void'),
      d: fc.nat({ max: ids.length - 1 }),
      c: fc.nat({ max: ids.length - 1 }),
      amount: fc.integer({ min: 1, max: 40 }),
      partial: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      pick: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ batch: fc.array(transfer, { minLength: 1, maxLength: 6 }), linked: fc.boolean() }), { minLength: 1, maxLength: 12 }), async (steps) => {
        const current = await h.balances();
        const model = new Model(accounts);
        for (const a of accounts) {
          const row = current.get(a.id)!;
          model.accounts.set(a.id, { dp: row.debits_pending, dpo: row.debits_posted, cp: row.credits_pending, cpo: row.credits_posted, limited: a.limited });
        }
        pendingIds = [];
        for (const { batch, linked } of steps) {
          const commands: Command[] = batch.map((t): Command => {
            const id = randomUUID();
            if ((t.type === 'post' || t.type === 'void') && pendingIds.length > 0) {
              const pendingId = pendingIds[t.pick % pendingIds.length]!;
              return t.type === 'post' ? { kind: 'post', id, pendingId, amount: t.partial } : { kind: 'void', id, pendingId };
            }
            return t.type === 'pending' ? { kind: 'pending', id, debit: ids[t.d]!, credit: ids[t.c]!, amount: t.amount } : { kind: 'single', id, debit: ids[t.d]!, credit: ids[t.c]!, amount: t.amount };
          });
          const expected = model.run(commands, linked);
          const results = await createTransfers(h.deps, system, {
            linked,
            transfers: commands.map((c) =>
              c.kind === 'single' || c.kind === 'pending'
                ? { kind: c.kind, id: c.id, debitAccountId: c.debit, creditAccountId: c.credit, amount: c.amount, code: c.kind === 'pending' ? 'reserve' : 'transfer' }
                : c.kind === 'post'
                  ? { kind: 'post', id: c.id, pendingId: c.pendingId, amount: c.amount, code: 'post' }
                  : { kind: 'void', id: c.id, pendingId: c.pendingId, code: 'void' },
            ),
          });
          expect(results.map((r) => r.error)).toEqual(expected);
          commands.forEach((c, i) => {
            if (c.kind === 'pending' && results[i]!.status === 'created') pendingIds.push(c.id);
          });
          const actual = await h.balances();
          for (const [id, m] of model.accounts) {
            const row = actual.get(id)!;
            expect({ dp: row.debits_pending, dpo: row.debits_posted, cp: row.credits_pending, cpo: row.credits_posted }).toEqual({ dp: m.dp, dpo: m.dpo, cp: m.cp, cpo: m.cpo });
          }
        }
      }),
      { seed: 5_20261123, numRuns: 25 },
    );
    expect(await h.checkInvariants()).toEqual([]);
  }, 120_000);
});
