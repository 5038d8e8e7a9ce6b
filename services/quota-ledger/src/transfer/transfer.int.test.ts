import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { accountStatement, balanceAsOf, getAccount, openJurisdictionPools } from '../account/account.service.js';
import { ledgerHarness, system } from '../test/ledger-harness.js';
import { createDatabase } from '@bianzhi/db/kysely';
import type { DB } from '@bianzhi/db/generated/ledger';
import { createTransfers, expireOverdue } from './transfer.service.js';
import { accountCacheOf } from './account-cache.js';

let h: Awaited<ReturnType<typeof ledgerHarness>>;
beforeAll(async () => {
  h = await ledgerHarness('ledger-transfers');
});
afterAll(async () => h?.drop());

const move = (debitAccountId: string, creditAccountId: string, amount: number, code: 'approve_total' | 'allocate' | 'transfer' | 'recover' = 'allocate', extra: Record<string, unknown> = {}) => ({ kind: 'single' as const, id: randomUUID(), debitAccountId, creditAccountId, amount, code, ...extra });
const run = (transfers: Parameters<typeof createTransfers>[2]['transfers'], linked = false) => createTransfers(h.deps, system, { transfers, linked });

describe('transfers against PostgreSQL', () => {
  it('brings quota in from the level above, allocates it, and keeps every entry with its balances', async () => {
    const [unit] = h.units;
    expect(await run([move(h.pool('external'), h.pool('unallocated'), 100, 'approve_total', { effectiveDate: '2026-01-05', documentNumber: '省编〔2026〕1号' })])).toEqual([expect.objectContaining({ status: 'created' })]);
    await run([move(h.pool('unallocated'), unit!.vacant, 30, 'allocate', { effectiveDate: '2026-03-01' })]);
    expect(await getAccount(h.deps, system, unit!.vacant)).toMatchObject({ balance: 30, available: 30, version: 1 });
    expect(await getAccount(h.deps, system, h.pool('unallocated'))).toMatchObject({ balance: 70 });
    expect((await balanceAsOf(h.deps, system, { accountId: unit!.vacant, asOf: '2026-02-28' })).balance).toBe(0);
    expect((await balanceAsOf(h.deps, system, { accountId: unit!.vacant, asOf: '2026-03-01' })).balance).toBe(30);
    const statement = await accountStatement(h.deps, system, { accountId: h.pool('unallocated'), limit: 10 });
    expect(statement.map((l) => [l.code, l.balanceBefore, l.balanceAfter])).toEqual([['allocate', 100, 70], ['approve_total', 0, 100]]);
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('refuses to allocate more than the pool holds, changing nothing', async () => {
    const before = await h.balances();
    const [result] = await run([move(h.pool('unallocated'), h.units[1]!.vacant, 71)]);
    expect(result).toMatchObject({ status: 'failed', error: 'EXCEEDS_CREDITS' });
    expect(await h.balances()).toEqual(before);
  });

  it('refuses mixed quota types, a zero amount never reaches the engine, and closed or unknown accounts fail', async () => {
    expect((await run([move(h.pool('unallocated'), h.pool('unallocated', 'institution'), 1)]))[0]!.error).toBe('LEDGER_MISMATCH');
    expect((await run([move(h.pool('unallocated'), randomUUID(), 1)]))[0]!.error).toBe('ACCOUNT_NOT_FOUND');
    await sql`update ledger.accounts set closed = true where id = ${h.pool('reserve')}`.execute(h.db);
    expect((await run([move(h.pool('unallocated'), h.pool('reserve'), 1)]))[0]!.error).toBe('ACCOUNT_CLOSED');
  });

  it('answers a retry with the first result and refuses the same id for another body', async () => {
    const transfer = move(h.pool('unallocated'), h.units[1]!.vacant, 10);
    expect((await run([transfer]))[0]!.status).toBe('created');
    expect((await run([transfer]))[0]!.status).toBe('exists');
    expect((await run([{ ...transfer, amount: 11 }]))[0]).toMatchObject({ status: 'failed', error: 'ID_REUSED' });
    expect((await getAccount(h.deps, system, h.units[1]!.vacant)).balance).toBe(10);
  });

  it('applies a linked batch all or nothing', async () => {
    const before = await h.balances();
    const results = await run([move(h.pool('unallocated'), h.units[2]!.vacant, 5), move(h.units[2]!.vacant, h.pool('unallocated'), 6), move(h.pool('unallocated'), h.units[0]!.vacant, 1)], true);
    expect(results.map((r) => r.error)).toEqual(['LINKED_EVENT_FAILED', 'EXCEEDS_CREDITS', 'LINKED_EVENT_FAILED']);
    expect(await h.balances()).toEqual(before);
    const ok = await run([move(h.pool('unallocated'), h.units[2]!.vacant, 5), move(h.units[2]!.vacant, h.pool('unallocated'), 5)], true);
    expect(ok.map((r) => r.status)).toEqual(['created', 'created']);
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('reserves vacancies, posts part on entry, and resolves a reservation only once', async () => {
    const unit = h.units[0]!;
    const reserve = { kind: 'pending' as const, id: randomUUID(), debitAccountId: unit.vacant, creditAccountId: unit.occupied, amount: 4, code: 'reserve' as const, timeoutAt: new Date('2026-12-31T00:00:00Z') };
    await run([reserve]);
    expect(await getAccount(h.deps, system, unit.vacant)).toMatchObject({ balance: 30, available: 26 });
    // A vacancy held by a plan cannot be allocated away.
    expect((await run([move(unit.vacant, h.pool('unallocated'), 27, 'recover')]))[0]!.error).toBe('EXCEEDS_CREDITS');
    expect((await run([{ kind: 'post', id: randomUUID(), pendingId: reserve.id, amount: 3, code: 'enter' }]))[0]!.status).toBe('created');
    expect((await run([{ kind: 'void', id: randomUUID(), pendingId: reserve.id, code: 'void' }]))[0]!.error).toBe('PENDING_ALREADY_RESOLVED');
    expect(await getAccount(h.deps, system, unit.vacant)).toMatchObject({ balance: 27, available: 27, debitsPending: 0 });
    expect(await getAccount(h.deps, system, unit.occupied)).toMatchObject({ balance: 3 });
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('expires reservations past their end on the sweeper’s clock, once', async () => {
    const unit = h.units[1]!;
    const reserve = { kind: 'pending' as const, id: randomUUID(), debitAccountId: unit.vacant, creditAccountId: unit.occupied, amount: 2, code: 'reserve' as const, timeoutAt: new Date('2026-12-01T00:00:00Z') };
    await run([reserve]);
    expect(await expireOverdue(h.deps, system)).toBe(0);
    h.setNow(new Date('2026-12-02T00:00:00Z'));
    expect((await run([{ kind: 'post', id: randomUUID(), pendingId: reserve.id, code: 'enter' }]))[0]!.error).toBe('PENDING_EXPIRED');
    expect(await expireOverdue(h.deps, system)).toBe(1);
    expect(await expireOverdue(h.deps, system)).toBe(0);
    expect(await getAccount(h.deps, system, unit.vacant)).toMatchObject({ available: 10, debitsPending: 0 });
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('keeps transfers and entries append-only', async () => {
    await expect(sql`update ledger.transfers set amount = 1`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ledger.entries`.execute(h.db)).rejects.toThrow(/append-only/);
  });

  it('refuses an entry or a transfer whose references do not hold (checked once per statement), and keeps accounts', async () => {
    const [entry] = (await sql<{ account_id: string; transfer_id: string; version: number }>`select account_id, transfer_id, version from ledger.entries limit 1`.execute(h.db)).rows;
    const insert = (accountId: string, transferId: string) => sql`
      insert into ledger.entries (account_id, version, transfer_id, effective_date, d_debits_pending, d_debits_posted, d_credits_pending, d_credits_posted, debits_pending, debits_posted, credits_pending, credits_posted)
      values (${accountId}, 1000000, ${transferId}, '2026-12-03', 0, 0, 0, 0, 0, 0, 0, 0)`.execute(h.db);
    await expect(insert(entry!.account_id, randomUUID())).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/transfer that does not exist/) });
    await expect(insert(randomUUID(), entry!.transfer_id)).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/account that does not exist/) });
    // An account that entries name cannot go, nor change its identity: accounts are closed, never deleted.
    await expect(sql`delete from ledger.accounts where id = ${entry!.account_id}`.execute(h.db)).rejects.toMatchObject({ code: '23001', message: expect.stringMatching(/never deleted/) });
    await expect(sql`update ledger.accounts set ledger = 'political_legal' where id = ${entry!.account_id}`.execute(h.db)).rejects.toMatchObject({ code: '23001' });
    // A transfer between accounts of another quota type than its own, or naming no account, is refused (checked once per statement).
    const transfer = (ledger: string, credit: string) => sql`
      insert into ledger.transfers (id, ledger, kind, code, debit_account_id, credit_account_id, amount, effective_date, actor, request_hash)
      values (${randomUUID()}, ${ledger}, 'single', 'transfer', ${h.pool('unallocated')}, ${credit}, 1, '2026-12-03', '{}'::jsonb, 'x')`.execute(h.db);
    await expect(transfer('political_legal', h.pool('reserve'))).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/another quota type/) });
    await expect(transfer('administrative', randomUUID())).rejects.toMatchObject({ code: '23503' });
    expect(await h.checkInvariants()).toEqual([]);
  });
});

describe('figures per jurisdiction', () => {
  it('add up the approved total, the pools and the units’ quota, occupied, reserved and vacant', async () => {
    const { quotaByJurisdiction } = await import('../account/figures.service.js');
    const [row] = await quotaByJurisdiction(h.deps, system, { ledger: 'administrative' });
    const accounts = await h.balances();
    const sum = (ids: string[], f: (a: { credits_posted: number; debits_posted: number; debits_pending: number }) => number) => ids.reduce((total, id) => total + f(accounts.get(id)!), 0);
    const net = (a: { credits_posted: number; debits_posted: number }) => a.credits_posted - a.debits_posted;
    expect(row).toMatchObject({
      jurisdictionId: h.jurisdictionId,
      approvedTotal: -net(accounts.get(h.pool('external'))!),
      unallocated: net(accounts.get(h.pool('unallocated'))!),
      quota: sum(h.units.flatMap((u) => [u.vacant, u.occupied]), net),
      occupied: sum(h.units.map((u) => u.occupied), net),
      reserved: sum(h.units.map((u) => u.vacant), (a) => a.debits_pending),
      units: h.units.length,
    });
    // Conservation, as the bureau reads it: what came from above is in the pools or with the units.
    expect(row!.approvedTotal).toBe(row!.unallocated + row!.turnover + row!.reserve + row!.frozen + row!.quota);
    expect(row!.vacant).toBe(row!.quota - row!.occupied - row!.reserved);
  });
});

/**
 * The optimistic path decides on the accounts as its process last saw them. Another process (a
 * second handle, with its own view) changes them meanwhile: every decision must still be the one
 * the current balances give, and nothing may be written on a stale view.
 */
describe('a process whose view of the accounts is stale', () => {
  let other: typeof h.deps;
  beforeAll(() => {
    other = { ...h.deps, db: createDatabase<DB>({ url: h.url, max: 2 }) };
  });
  afterAll(async () => other?.db.destroy());
  const runOn = (deps: typeof h.deps, transfers: Parameters<typeof createTransfers>[2]['transfers'], linked = false) => createTransfers(deps, system, { transfers, linked });

  it('refuses what the current balance does not allow, though its view would, and applies what it does', async () => {
    const [a, b] = [h.units[0]!, h.units[1]!];
    await run([move(h.pool('external'), h.pool('unallocated'), 20, 'approve_total')]);
    const pool = (await getAccount(h.deps, system, h.pool('unallocated'))).balance;
    // The other process sees the pool now, then this one takes all but 2 of it.
    expect((await runOn(other, [move(h.pool('unallocated'), a.vacant, 1)]))[0]!.status).toBe('created');
    expect((await run([move(h.pool('unallocated'), b.vacant, pool - 3)]))[0]!.status).toBe('created');
    const conflicts = accountCacheOf(other.db).conflicts;
    expect((await runOn(other, [move(h.pool('unallocated'), a.vacant, 3)]))[0]).toMatchObject({ status: 'failed', error: 'EXCEEDS_CREDITS' });
    expect((await runOn(other, [move(h.pool('unallocated'), a.vacant, 2)]))[0]!.status).toBe('created');
    expect(accountCacheOf(other.db).conflicts).toBeGreaterThan(conflicts);
    expect((await getAccount(h.deps, system, h.pool('unallocated'))).balance).toBe(0);
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('applies what its view would refuse when the balance has grown, and sees a limit lifted behind its back', async () => {
    const [a, b] = [h.units[0]!, h.units[1]!];
    const held = (await getAccount(h.deps, system, a.vacant)).available;
    expect((await runOn(other, [move(a.vacant, b.vacant, held + 5, 'transfer')]))[0]).toMatchObject({ status: 'failed', error: 'EXCEEDS_CREDITS' });
    await run([move(h.pool('external'), h.pool('unallocated'), 5, 'approve_total'), move(h.pool('unallocated'), a.vacant, 5)], true);
    expect((await runOn(other, [move(a.vacant, b.vacant, held + 5, 'transfer')]))[0]!.status).toBe('created');
    // An over-quota approval lifts the unit's limit (control.service) without moving a balance.
    await sql`update ledger.accounts set debits_must_not_exceed_credits = false where id = ${a.vacant}`.execute(h.db);
    expect((await runOn(other, [move(a.vacant, b.vacant, 1, 'transfer')]))[0]!.status).toBe('created');
    // Cured and restored: the other process still holds the lifted limit, and must not use it.
    await run([move(b.vacant, a.vacant, 1, 'transfer')]);
    await sql`update ledger.accounts set debits_must_not_exceed_credits = true where id = ${a.vacant}`.execute(h.db);
    expect((await runOn(other, [move(a.vacant, b.vacant, 1, 'transfer')]))[0]).toMatchObject({ status: 'failed', error: 'EXCEEDS_CREDITS' });
    expect(await h.checkInvariants()).toEqual([]);
  });

  it('answers an id the other process created: exists with the same body, ID_REUSED with another', async () => {
    const first = move(h.units[1]!.vacant, h.units[2]!.vacant, 1, 'transfer');
    expect((await run([first]))[0]!.status).toBe('created');
    expect((await runOn(other, [first]))[0]!.status).toBe('exists');
    expect((await runOn(other, [{ ...first, amount: 2 }]))[0]).toMatchObject({ status: 'failed', error: 'ID_REUSED' });
    const linked = [move(h.units[2]!.vacant, h.units[1]!.vacant, 1, 'transfer'), first];
    expect((await runOn(other, linked, true)).map((r) => r.status)).toEqual(['created', 'exists']);
    expect(await h.checkInvariants()).toEqual([]);
  });
});

describe('audit events of transfers', () => {
  let e: Awaited<ReturnType<typeof ledgerHarness>>;
  beforeAll(async () => {
    e = await ledgerHarness('ledger-transfer-events');
  });
  afterAll(async () => e?.drop());
  const runOn = (harness: typeof e, transfers: Parameters<typeof createTransfers>[2]['transfers'], linked = false) => createTransfers(harness.deps, system, { transfers, linked });

  it('audits a transfer requested alone by itself and a batch once per credited jurisdiction, and lists a batch by its number', async () => {
    const other = randomUUID();
    const otherPool = (await openJurisdictionPools(e.deps, system, { jurisdictionId: other, quotaTypes: ['administrative'] })).find((a) => a.kind === 'unallocated')!.id;
    const alone = move(e.pool('external'), e.pool('unallocated'), 10, 'approve_total');
    await runOn(e, [alone]);
    const batch = [move(e.pool('unallocated'), e.units[0]!.vacant, 1), move(e.pool('unallocated'), e.units[1]!.vacant, 2), move(e.pool('unallocated'), otherPool, 3, 'transfer')];
    expect((await runOn(e, batch, true)).map((r) => r.status)).toEqual(['created', 'created', 'created']);

    const { rows: own } = await sql<{ event_type: string; aggregate_type: string }>`select event_type, aggregate_type from ledger.outbox where aggregate_id = ${alone.id}`.execute(e.db);
    expect(own).toEqual([{ event_type: 'ledger.transfer.approve_total', aggregate_type: 'transfer' }]);
    const [{ batch_id: batchId }] = (await sql<{ batch_id: string }>`select batch_id from ledger.transfers where id = ${batch[0]!.id}`.execute(e.db)).rows as [{ batch_id: string }];
    const { rows: events } = await sql<{ event_type: string; jurisdiction_id: string; payload: { count: number; amount: number; linked: boolean; common: Record<string, unknown>; transfers: Record<string, unknown>[] } }>`
      select event_type, jurisdiction_id, payload from ledger.outbox where aggregate_type = 'transfer_batch' and aggregate_id = ${batchId} order by seq`.execute(e.db);
    const summary = events.map((ev) => ({ type: ev.event_type, jurisdiction: ev.jurisdiction_id, count: ev.payload.count, amount: ev.payload.amount, linked: ev.payload.linked, ids: ev.payload.transfers.map((t) => t['id']) }));
    expect(summary).toEqual([
      { type: 'ledger.transfer.batch', jurisdiction: e.jurisdictionId, count: 2, amount: 3, linked: true, ids: [batch[0]!.id, batch[1]!.id] },
      { type: 'ledger.transfer.batch', jurisdiction: other, count: 1, amount: 3, linked: true, ids: [batch[2]!.id] },
    ]);
    // What the batch's transfers share is said once; a listed transfer leaves out what it has no value for.
    expect(events[0]!.payload.common).toEqual({ kind: 'single', code: 'allocate', ledger: 'administrative', effectiveDate: '2026-11-23' });
    expect(events[0]!.payload.transfers[0]).toEqual({ id: batch[0]!.id, debitAccountId: e.pool('unallocated'), creditAccountId: e.units[0]!.vacant, amount: 1 });
    expect(events[1]!.payload.common).toEqual({ kind: 'single', code: 'transfer', ledger: 'administrative', effectiveDate: '2026-11-23' });
    // None of the batch's transfers has an event of its own: each is audited once.
    expect((await sql<{ n: number }>`select count(*)::int as n from ledger.outbox where aggregate_id = any(${batch.map((t) => t.id)}::text[])`.execute(e.db)).rows[0]!.n).toBe(0);

    const listed = await e.callerAs(system).ledger.transfer.list({ batchId });
    expect(listed.map((t) => t.id).sort()).toEqual(batch.map((t) => t.id).sort());
    expect(listed.every((t) => t.batchId === batchId)).toBe(true);
    // Found through the entries of an account, as the write path keeps no index of transfers by account.
    expect((await e.callerAs(system).ledger.transfer.list({ accountId: otherPool })).map((t) => t.id)).toEqual([batch[2]!.id]);
    expect((await e.callerAs(system).ledger.transfer.list({ organizationId: e.units[1]!.organizationId })).map((t) => t.id)).toContain(batch[1]!.id);
    expect(await e.checkInvariants()).toEqual([]);
  });
});
