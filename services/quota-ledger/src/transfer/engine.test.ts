import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runTransfers, type AccountState, type PendingState, type TransferRequest } from './engine.js';

const account = (id: string, extra: Partial<AccountState> = {}): AccountState => ({
  id,
  ledger: 'administrative',
  debitsPending: 0,
  debitsPosted: 0,
  creditsPending: 0,
  creditsPosted: 0,
  debitsMustNotExceedCredits: false,
  closed: false,
  version: 0,
  ...extra,
});
const now = new Date('2026-11-23T00:00:00Z');
const accounts = () =>
  new Map([
    ['source', account('source')],
    ['pool', account('pool', { debitsMustNotExceedCredits: true })],
    ['vacant', account('vacant', { debitsMustNotExceedCredits: true })],
    ['occupied', account('occupied')],
    ['other-type', account('other-type', { ledger: 'institution' })],
  ]);
const single = (id: string, debitAccountId: string, creditAccountId: string, amount: number): TransferRequest => ({ id, kind: 'single', code: 'allocate', debitAccountId, creditAccountId, amount });

describe('transfer engine', () => {
  it('moves quota and refuses to use more than was credited', () => {
    const result = runTransfers(accounts(), new Map(), [single('t1', 'source', 'pool', 10), single('t2', 'pool', 'vacant', 6), single('t3', 'pool', 'vacant', 5)], { linked: false, now });
    expect(result.outcomes.map((o) => (o.ok ? 'ok' : o.error))).toEqual(['ok', 'ok', 'EXCEEDS_CREDITS']);
    expect(result.accounts.get('pool')).toMatchObject({ creditsPosted: 10, debitsPosted: 6 });
    expect(result.deltas).toHaveLength(4);
  });

  it('applies a linked batch all or nothing, naming the first failure', () => {
    const result = runTransfers(accounts(), new Map(), [single('t1', 'source', 'pool', 10), single('t2', 'pool', 'other-type', 1), single('t3', 'pool', 'vacant', 1)], { linked: true, now });
    expect(result.outcomes.map((o) => (o.ok ? 'ok' : o.error))).toEqual(['LINKED_EVENT_FAILED', 'LEDGER_MISMATCH', 'LINKED_EVENT_FAILED']);
    expect(result.applied).toEqual([]);
    expect(result.accounts.get('pool')!.creditsPosted).toBe(0);
  });

  it('reserves with a pending transfer and resolves it once: partial post, void, expiry', () => {
    const funded = runTransfers(accounts(), new Map(), [single('f', 'source', 'vacant', 5)], { linked: false, now }).accounts;
    const reserve: TransferRequest = { id: 'p1', kind: 'pending', code: 'reserve', debitAccountId: 'vacant', creditAccountId: 'occupied', amount: 3, timeoutAt: new Date('2026-12-31T00:00:00Z') };
    const reserved = runTransfers(funded, new Map(), [reserve], { linked: false, now });
    expect(reserved.accounts.get('vacant')).toMatchObject({ debitsPending: 3 });
    const pendings = new Map<string, PendingState>([['p1', { id: 'p1', ledger: 'administrative', debitAccountId: 'vacant', creditAccountId: 'occupied', amount: 3, timeoutAt: reserve.timeoutAt!, resolved: false }]]);
    const posted = runTransfers(reserved.accounts, pendings, [{ id: 'x1', kind: 'post', code: 'enter', pendingId: 'p1', amount: 2 }, { id: 'x2', kind: 'void', code: 'void', pendingId: 'p1' }], { linked: false, now });
    expect(posted.outcomes.map((o) => (o.ok ? 'ok' : o.error))).toEqual(['ok', 'PENDING_ALREADY_RESOLVED']);
    expect(posted.accounts.get('vacant')).toMatchObject({ debitsPending: 0, debitsPosted: 2 });
    expect(posted.accounts.get('occupied')).toMatchObject({ creditsPending: 0, creditsPosted: 2 });
    expect(posted.resolutions).toEqual([{ pendingId: 'p1', resolvedBy: 'x1', resolution: 'posted', amount: 2 }]);
    const early = runTransfers(reserved.accounts, pendings, [{ id: 'e1', kind: 'expire', code: 'expire', pendingId: 'p1' }], { linked: false, now });
    expect(early.outcomes[0]).toEqual({ ok: false, error: 'PENDING_NOT_EXPIRED' });
    const late = runTransfers(reserved.accounts, pendings, [{ id: 'e1', kind: 'expire', code: 'expire', pendingId: 'p1' }, { id: 'x3', kind: 'post', code: 'enter', pendingId: 'p1' }], { linked: false, now: new Date('2027-01-01T00:00:00Z') });
    expect(late.outcomes.map((o) => (o.ok ? 'ok' : o.error))).toEqual(['ok', 'PENDING_ALREADY_RESOLVED']);
    expect(late.accounts.get('vacant')!.debitsPending).toBe(0);
  });

  it('refuses bad input without changing anything', () => {
    const cases: [TransferRequest, string][] = [
      [single('a', 'source', 'source', 1), 'SAME_ACCOUNT'],
      [single('b', 'source', 'nowhere', 1), 'ACCOUNT_NOT_FOUND'],
      [single('c', 'source', 'pool', 0), 'AMOUNT_INVALID'],
      [single('d', 'source', 'pool', -3), 'AMOUNT_INVALID'],
      [{ id: 'e', kind: 'post', code: 'enter', pendingId: 'none' }, 'PENDING_NOT_FOUND'],
    ];
    for (const [request, error] of cases) {
      const result = runTransfers(accounts(), new Map(), [request], { linked: false, now });
      expect(result.outcomes[0]).toEqual({ ok: false, error });
      expect(result.applied).toEqual([]);
    }
    const closed = new Map(accounts()).set('pool', account('pool', { closed: true }));
    expect(runTransfers(closed, new Map(), [single('f', 'source', 'pool', 1)], { linked: false, now }).outcomes[0]).toEqual({ ok: false, error: 'ACCOUNT_CLOSED' });
  });

  it('conserves quota and never breaks a limit, whatever the batch (property)', () => {
    const ids = ['source', 'pool', 'vacant', 'occupied'];
    const request = fc.record({ d: fc.constantFrom(...ids), c: fc.constantFrom(...ids), amount: fc.integer({ min: -2, max: 20 }) });
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), fc.boolean(), (batch, linked) => {
        const result = runTransfers(accounts(), new Map(), batch.map((r, i) => single(`t${i}`, r.d, r.c, r.amount)), { linked, now });
        let net = 0;
        for (const a of result.accounts.values()) {
          net += a.creditsPosted - a.debitsPosted;
          if (a.debitsMustNotExceedCredits) expect(a.debitsPending + a.debitsPosted).toBeLessThanOrEqual(a.creditsPosted);
        }
        expect(net).toBe(0);
        const folded = new Map<string, number>();
        for (const d of result.deltas) folded.set(d.accountId, (folded.get(d.accountId) ?? 0) + d.creditsPosted - d.debitsPosted);
        for (const [id, a] of result.accounts) expect(folded.get(id) ?? 0).toBe(a.creditsPosted - a.debitsPosted);
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });
});
