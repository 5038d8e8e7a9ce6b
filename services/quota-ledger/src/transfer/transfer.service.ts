import { hash, randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { TransferDto, TransferInput, TransferResult } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { derivedUuid } from '@bianzhi/domain/derived-id';
import { outboxInsert, type AuditActor, type OutboxEventInput } from '@bianzhi/db/outbox';
import { PREPARED } from '@bianzhi/db/kysely';
import { pgArray } from '@bianzhi/db/pg-array';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerScope } from '../scope.js';
import type { LedgerRulesPort } from '../rules/rules.port.js';
import type { LedgerDb, LedgerTx } from '../db.js';
import { runTransfers, type AppliedTransfer, type PendingState, type TransferRequest } from './engine.js';
import { accountCacheOf, type AccountCache, type KnownAccount } from './account-cache.js';

/** What the service applies: the public inputs, plus expiries, which only the sweeper makes. */
export type LedgerTransfer = TransferInput | { kind: 'expire'; id: string; pendingId: string; code: 'expire'; documentNumber?: undefined; effectiveDate?: undefined; approvalRef?: undefined };

export interface LedgerDeps {
  db: LedgerDb;
  scope: LedgerScope;
  rules: LedgerRulesPort;
  /** Injectable so that tests (and the expiry sweeper's tests) control time. */
  clock: () => Date;
}

/**
 * Canonical form of a request body: a retry must match it exactly to count as the same transfer.
 * The members in key order, as `JSON.stringify(input, sortedKeys)` wrote them before (stored hashes
 * stay comparable); a transfer's members are all scalars. One-shot hashing: 8,000 hashes of a batch
 * cost half of what a Hash object each did.
 */
export function requestHash(input: LedgerTransfer): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(input).sort()) sorted[key] = input[key as keyof LedgerTransfer];
  return hash('sha256', JSON.stringify(sorted), 'base64url');
}

function toRequest(input: LedgerTransfer): TransferRequest {
  switch (input.kind) {
    case 'single':
    case 'pending':
      return { id: input.id, kind: input.kind, code: input.code, debitAccountId: input.debitAccountId, creditAccountId: input.creditAccountId, amount: input.amount, timeoutAt: input.kind === 'pending' ? (input.timeoutAt ?? null) : null };
    case 'post':
      return { id: input.id, kind: 'post', code: input.code, pendingId: input.pendingId, amount: input.amount };
    case 'void':
    case 'expire':
      return { id: input.id, kind: input.kind, code: input.code, pendingId: input.pendingId };
  }
}

interface AccountRow {
  id: string;
  ledger: string;
  jurisdiction_id: string;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  debits_must_not_exceed_credits: boolean;
  closed: boolean;
  version: number;
}

const accountColumns = sql`id, ledger, jurisdiction_id, debits_pending, debits_posted, credits_pending, credits_posted, debits_must_not_exceed_credits, closed, version`;

const knownAccount = (a: AccountRow): KnownAccount => ({
  id: a.id,
  ledger: a.ledger,
  jurisdictionId: a.jurisdiction_id,
  debitsPending: a.debits_pending,
  debitsPosted: a.debits_posted,
  creditsPending: a.credits_pending,
  creditsPosted: a.credits_posted,
  debitsMustNotExceedCredits: a.debits_must_not_exceed_credits,
  closed: a.closed,
  version: a.version,
});

/** Locks every touched account in id order, so that concurrent batches never deadlock. */
async function lockAccounts(trx: LedgerTx, ids: string[]): Promise<KnownAccount[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<AccountRow>`select ${accountColumns} from ledger.accounts where id = any(${ids}::uuid[]) order by id for update`.execute(trx);
  return rows.map(knownAccount);
}

async function pendingsOf(trx: LedgerTx, ids: string[]): Promise<Map<string, PendingState>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string; ledger: string; debit_account_id: string; credit_account_id: string; amount: number; timeout_at: Date | null; resolved: boolean }>`
    select t.id, t.ledger, t.debit_account_id, t.credit_account_id, t.amount, t.timeout_at, (r.pending_id is not null) as resolved
    from ledger.transfers t left join ledger.pending_resolutions r on r.pending_id = t.id
    where t.id = any(${ids}::uuid[]) and t.kind = 'pending'`.execute(trx);
  return new Map(rows.map((r) => [r.id, { id: r.id, ledger: r.ledger, debitAccountId: r.debit_account_id, creditAccountId: r.credit_account_id, amount: r.amount, timeoutAt: r.timeout_at, resolved: r.resolved }]));
}

const UNIQUE_VIOLATION = '23505';

/** Two requests raced to create the same new id (the retry sees the winner's row), or two statements deadlocked. */
const isRetryable = (error: unknown) => [UNIQUE_VIOLATION, '40P01'].includes((error as { code?: string }).code ?? '');

/** The request hash stored under each of these ids that is taken. */
async function storedHashes(db: LedgerDb | LedgerTx, ids: string[]): Promise<{ id: string; request_hash: string }[]> {
  const { rows } = await sql<{ id: string; request_hash: string }>`select id, request_hash from ledger.transfers where id = any(${pgArray('uuid', ids)})`.execute(db);
  return rows;
}

function assertVisible(accounts: Iterable<KnownAccount>, visible: string[] | null): void {
  if (!visible) return;
  for (const a of accounts) if (!visible.includes(a.jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', `account ${a.id} is outside the caller's jurisdiction`);
}

/** A batch as the write path takes it; `requestIdOf` names each transfer's own request when group commit joined several. */
export interface TransferBatch {
  transfers: LedgerTransfer[];
  linked: boolean;
  requestIdOf?: Map<string, string | undefined>;
}

/**
 * Applies a batch of transfers (LEDGER.md, "write path"). Ids already used with the same body
 * answer `exists`; with another body, `ID_REUSED`. A linked batch applies all or nothing. Every
 * applied transfer gets its two entries and its audit event.
 */
export async function createTransfers(deps: LedgerDeps, principal: Principal, input: { transfers: LedgerTransfer[]; linked: boolean }, requestId?: string): Promise<TransferResult[]> {
  const ids = input.transfers.map((t) => t.id);
  if (new Set(ids).size !== ids.length) throw new DomainError('VALIDATION_FAILED', 'transfer ids repeat within the batch');
  return commitTransfers(deps, principal, input, await deps.scope.jurisdictionIdsOf(principal), requestId);
}

/**
 * A batch committed on its own: in one statement when it moves quota between known accounts (the
 * optimistic path), else in a transaction that locks the accounts first and then writes.
 */
export async function commitTransfers(deps: LedgerDeps, principal: Principal, input: TransferBatch, visible: string[] | null, requestId: string | undefined): Promise<TransferResult[]> {
  if (input.transfers.every((t) => t.kind === 'single' || t.kind === 'pending')) {
    const results = await applyOptimistically(deps, principal, input, visible, requestId);
    if (results) return results;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction().execute((trx) => applyTransfers(deps, trx, principal, input, visible, requestId));
    } catch (error) {
      if (attempt === 0 && isRetryable(error)) continue;
      throw error;
    }
  }
}

/** The body of the locking path in a caller's transaction (entries and exits of people, plans use it). */
export async function applyTransfers(deps: LedgerDeps, trx: LedgerTx, principal: Principal, input: TransferBatch, visible: string[] | null, requestId: string | undefined): Promise<TransferResult[]> {
  const pendingIds = input.transfers.flatMap((t) => (t.kind === 'post' || t.kind === 'void' || t.kind === 'expire' ? [t.pendingId] : []));
  const pendings = await pendingsOf(trx, pendingIds);
  const accountIds = new Set<string>();
  for (const t of input.transfers) {
    if (t.kind === 'single' || t.kind === 'pending') accountIds.add(t.debitAccountId).add(t.creditAccountId);
  }
  for (const p of pendings.values()) accountIds.add(p.debitAccountId).add(p.creditAccountId);
  const locked = await lockAccounts(trx, [...accountIds].sort());
  // They change in a transaction that may yet roll back: the optimistic path reads them afresh.
  accountCacheOf(deps.db).forget(accountIds);
  assertVisible(locked, visible);

  // Ids seen before (read after the locks, so a concurrent first attempt has committed by now).
  const seen = await storedHashes(trx, input.transfers.map((t) => t.id));
  const decision = decide(deps, principal, input, requestId, { accounts: new Map(locked.map((a) => [a.id, a])), pendings, seenHash: new Map(seen.map((r) => [r.id, r.request_hash])) }, null);
  if (decision.rows) await sql`with applied as (${decision.rows}), ${sql.join(decision.writes.map((write, i) => sql`${sql.raw(`w${i}`)} as (${write})`))} select 1`.execute(trx);
  return decision.results;
}

/** Statements sent before the optimistic path gives way to the locking one (a hot account under contention). */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * The optimistic path (LEDGER.md: one round trip per batch). The batch is decided against the
 * accounts as this process last saw them (read first if it never did), then sent as one statement
 * that locks the accounts in id order, checks that each still equals what was decided on, and writes
 * only if so; in autocommit, so no BEGIN and COMMIT either. When the check fails, nothing is written
 * and the statement returns the accounts as they are: the batch is decided again on those. An id
 * that is taken already (a retry) is not looked up beforehand, which would cost every batch a lookup
 * per transfer: the transfers' primary key refuses it, nothing is written, and the batch is decided
 * again knowing what each taken id holds. Null after OPTIMISTIC_ATTEMPTS attempts. Batches of this
 * process that share an account take turns (AccountCache.exclusive), so only other processes and
 * the locking path can make a check fail.
 */
async function applyOptimistically(deps: LedgerDeps, principal: Principal, input: TransferBatch, visible: string[] | null, requestId: string | undefined): Promise<TransferResult[] | null> {
  const cache = accountCacheOf(deps.db);
  const accountIds = [...new Set(input.transfers.flatMap((t) => (t.kind === 'single' || t.kind === 'pending' ? [t.debitAccountId, t.creditAccountId] : [])))].sort();
  return cache.exclusive(accountIds, () => optimisticAttempts(deps, cache, principal, input, visible, requestId, accountIds));
}

async function optimisticAttempts(deps: LedgerDeps, cache: AccountCache, principal: Principal, input: TransferBatch, visible: string[] | null, requestId: string | undefined, accountIds: string[]): Promise<TransferResult[] | null> {
  const seenHash = new Map<string, string>();
  let absent = new Set<string>();
  const learn = (rows: AccountRow[], asked: string[]) => {
    for (const row of rows) cache.put(knownAccount(row));
    const found = new Set(rows.map((r) => r.id));
    absent = new Set(asked.filter((id) => !found.has(id)));
  };
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const missing = accountIds.filter((id) => !cache.get(id) && !absent.has(id));
    if (missing.length > 0) {
      const { rows } = await sql<AccountRow>`select ${accountColumns} from ledger.accounts where id = any(${pgArray('uuid', missing)})`.execute(deps.db);
      learn(rows, missing);
    }
    const accounts = new Map(accountIds.flatMap((id) => (cache.get(id) ? [[id, cache.get(id)!] as const] : [])));
    assertVisible(accounts.values(), visible);
    const decision = decide(deps, principal, input, requestId, { accounts, pendings: new Map(), seenHash }, sql<boolean>`(select ok from cas)`);
    const expected = [...accounts.values()];
    const column = <T>(pick: (a: KnownAccount) => T) => expected.map(pick);
    const writes = decision.rows ? [sql`, applied as (${decision.rows})`, ...decision.writes.map((write, i) => sql`, ${sql.raw(`w${i}`)} as (${write})`)] : [];
    try {
      // Its text depends only on whether anything is written, so it is prepared once per connection.
      const { rows } = await sql<{ ok: boolean; accounts: AccountRow[] | null }>`${sql.raw(PREPARED)}
        with expected (id, ledger, jurisdiction_id, debits_pending, debits_posted, credits_pending, credits_posted, debits_must_not_exceed_credits, closed, version) as (
          select * from unnest(${pgArray('uuid', column((a) => a.id))}, ${pgArray('text', column((a) => a.ledger))}, ${pgArray('uuid', column((a) => a.jurisdictionId))},
            ${pgArray('bigint', column((a) => a.debitsPending))}, ${pgArray('bigint', column((a) => a.debitsPosted))}, ${pgArray('bigint', column((a) => a.creditsPending))}, ${pgArray('bigint', column((a) => a.creditsPosted))},
            ${pgArray('boolean', column((a) => a.debitsMustNotExceedCredits))}, ${pgArray('boolean', column((a) => a.closed))}, ${pgArray('int', column((a) => a.version))})),
        locked as (select ${accountColumns} from ledger.accounts where id = any(${pgArray('uuid', accountIds)}) order by id for update),
        cas as (
          select not exists (
            select from locked l full join expected e on e.id = l.id
            where l.id is null or e.id is null
              or (l.ledger, l.jurisdiction_id, l.debits_pending, l.debits_posted, l.credits_pending, l.credits_posted, l.debits_must_not_exceed_credits, l.closed, l.version)
                 is distinct from (e.ledger, e.jurisdiction_id, e.debits_pending, e.debits_posted, e.credits_pending, e.credits_posted, e.debits_must_not_exceed_credits, e.closed, e.version)
          ) as ok)
        ${sql.join(writes, sql``)}
        select ok, case when ok then null else (select json_agg(l) from locked l) end as accounts
        from cas`.execute(deps.db);
      const answer = rows[0]!;
      if (answer.ok) {
        for (const account of decision.after) cache.put(account);
        return decision.results;
      }
      cache.conflicts += 1;
      learn(answer.accounts ?? [], accountIds);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      // An id of the batch is taken (a retry, or another request's first attempt that committed):
      // nothing was written; what is stored under each taken id decides the batch again.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        for (const row of await storedHashes(deps.db, input.transfers.map((t) => t.id))) seenHash.set(row.id, row.request_hash);
      }
    }
  }
  return null;
}

interface Decision {
  results: TransferResult[];
  /** The statements that write what the batch does (none when nothing applies). */
  writes: RawBuilder<unknown>[];
  /** The applied transfers' rows, in order, numbered from 1 (`n`): the writes read them as `applied`. */
  rows: RawBuilder<unknown> | null;
  /** The changed accounts as they stand once the writes commit. */
  after: KnownAccount[];
}

/**
 * What a batch does against the accounts, pendings and ids seen before: the results, and the writes
 * (transfers, resolutions, entries, balances, audit events) for one data-modifying WITH. With a
 * `gate`, every write happens only if the gate holds when the statement runs.
 */
function decide(
  deps: LedgerDeps,
  principal: Principal,
  input: TransferBatch,
  requestId: string | undefined,
  state: { accounts: Map<string, KnownAccount>; pendings: Map<string, PendingState>; seenHash: Map<string, string> },
  gate: RawBuilder<boolean> | null,
): Decision {
  const { accounts, seenHash } = state;
  const hashes = input.transfers.map(requestHash);
  const reused = input.transfers.findIndex((t, i) => seenHash.has(t.id) && seenHash.get(t.id) !== hashes[i]);
  const fresh = input.transfers.filter((t) => !seenHash.has(t.id));
  const engine = runTransfers(accounts, state.pendings, reused >= 0 && input.linked ? [] : fresh.map(toRequest), { linked: input.linked, now: deps.clock() });
  const outcomeOf = new Map(fresh.map((t, i) => [t.id, engine.outcomes[i]]));

  const results: TransferResult[] = input.transfers.map((t, i) => {
    if (seenHash.has(t.id)) return { id: t.id, status: seenHash.get(t.id) === hashes[i] ? 'exists' : 'failed', error: seenHash.get(t.id) === hashes[i] ? null : 'ID_REUSED' };
    const outcome = outcomeOf.get(t.id);
    if (!outcome) return { id: t.id, status: 'failed', error: 'LINKED_EVENT_FAILED' };
    return outcome.ok ? { id: t.id, status: 'created', error: null } : { id: t.id, status: 'failed', error: outcome.error };
  });
  if (engine.applied.length === 0) return { results, rows: null, writes: [], after: [] };

  const where = gate ? sql` where ${gate}` : sql``;
  const today = todayInChina(deps.clock());
  const byId = new Map(input.transfers.map((t, i) => [t.id, { t, hash: hashes[i]! }]));
  const actor = auditActorOf(principal);
  // Separate requests committed together (group commit) are not a batch of the caller's.
  const batchId = input.transfers.length > 1 && !input.requestIdOf ? randomUUID() : null;
  const effectiveDateOf = (t: LedgerTransfer) => t.effectiveDate ?? today;
  const effectiveOf = (id: string) => effectiveDateOf(byId.get(id)!.t);
  // One array per column (unnest): an 8,000-transfer batch binds a parameter per column. The foreign
  // keys are checked at the end of the statement, when every row it inserts exists.
  const applied = engine.applied;
  const requested = applied.map((a) => byId.get(a.id)!);
  const of = <T>(pick: (a: (typeof applied)[number], t: LedgerTransfer, hash: string) => T) => applied.map((a, i) => pick(a, requested[i]!.t, requested[i]!.hash));
  const balances = entryWrites(accounts, engine, gate);
  const rows = sql`select * from unnest(
      ${pgArray('uuid', of((a) => a.id))}, ${pgArray('text', of((a) => a.ledger))}, ${pgArray('text', of((a) => a.kind))}, ${pgArray('text', of((a) => a.code))},
      ${pgArray('uuid', of((a) => a.debitAccountId))}, ${pgArray('uuid', of((a) => a.creditAccountId))}, ${pgArray('bigint', of((a) => a.amount))}, ${pgArray('uuid', of((a) => a.pendingId))},
      ${pgArray('timestamptz', of((a) => a.timeoutAt))}, ${pgArray('text', of((_, t) => t.documentNumber ?? null))}, ${pgArray('date', of((_, t) => effectiveDateOf(t)))},
      ${pgArray('text', of((_, t) => t.approvalRef ?? null))}, ${pgArray('text', of((_, __, hash) => hash))}
    ) with ordinality as u(id, ledger, kind, code, debit, credit, amount, pending_id, timeout_at, document_number, effective_date, approval_ref, request_hash, n)`;
  const writes = [
    sql`insert into ledger.transfers (id, ledger, kind, code, debit_account_id, credit_account_id, amount, pending_id, timeout_at, document_number, effective_date, approval_ref, actor, request_hash, batch_id)
    select u.id, u.ledger, u.kind, u.code, u.debit, u.credit, u.amount, u.pending_id, u.timeout_at, u.document_number, u.effective_date, u.approval_ref, ${JSON.stringify(actor)}::jsonb, u.request_hash, ${batchId}::uuid
    from applied u${where}`,
    ...(engine.resolutions.length > 0
      ? [
          sql`insert into ledger.pending_resolutions (pending_id, resolved_by, resolution, amount)
          select * from unnest(${pgArray('uuid', engine.resolutions.map((r) => r.pendingId))}, ${pgArray('uuid', engine.resolutions.map((r) => r.resolvedBy))}, ${pgArray('text', engine.resolutions.map((r) => r.resolution))}, ${pgArray('bigint', engine.resolutions.map((r) => r.amount))})${where}`,
        ]
      : []),
    ...balances.writes,
    outboxInsert('ledger', transferEvents(applied, { accounts, input, requestId, actor, batchId, documentOf: (id) => byId.get(id)!.t.documentNumber ?? null, effectiveOf }), gate ?? undefined),
  ];
  return { results, rows, writes, after: balances.after };
}

/** Items by key, in the order each key first appears, each group in the items' order. */
function groupBy<K, T>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * The audit events of the applied transfers (LEDGER.md: the write path writes "the outbox row" of
 * its batch). A transfer requested alone gets its own event, `ledger.transfer.<code>`; a request's
 * batch gets one `ledger.transfer.batch` event listing its transfers, so that a batch of 8,000 is one
 * event to relay, chain and store, not 8,000. Events stay within a jurisdiction (the credited
 * account's, as for a single transfer), so a batch that credits several jurisdictions gets one event
 * in each, and every reader scoped to a jurisdiction sees exactly the transfers credited there. A
 * request of which only one transfer applied (the others refused) is reported as that transfer.
 * Requests joined by group commit keep one event each, with their own request id.
 */
function transferEvents(
  applied: AppliedTransfer[],
  context: { accounts: Map<string, KnownAccount>; input: TransferBatch; requestId: string | undefined; actor: AuditActor; batchId: string | null; documentOf: (id: string) => string | null; effectiveOf: (id: string) => string },
): OutboxEventInput[] {
  const { accounts, input, actor, batchId } = context;
  const requests = groupBy(applied, (a) => input.requestIdOf?.get(a.id) ?? context.requestId);
  const jurisdictionOf = (a: AppliedTransfer) => accounts.get(a.creditAccountId)?.jurisdictionId ?? null;
  const detail = (a: AppliedTransfer) => ({ transfer: a, documentNumber: context.documentOf(a.id), effectiveDate: context.effectiveOf(a.id) });
  // A batch's list says once what all its transfers share (`common`) and leaves out what a transfer
  // has no value for: a third fewer bytes to store, relay, chain and keep than one detail per transfer.
  const listed = (members: AppliedTransfer[]) => {
    const rows = members.map((a): Record<string, unknown> => ({ id: a.id, kind: a.kind, code: a.code, ledger: a.ledger, debitAccountId: a.debitAccountId, creditAccountId: a.creditAccountId, amount: a.amount, pendingId: a.pendingId, timeoutAt: a.timeoutAt, documentNumber: context.documentOf(a.id), effectiveDate: context.effectiveOf(a.id) }));
    const common: Record<string, unknown> = {};
    for (const key of ['kind', 'code', 'ledger', 'documentNumber', 'effectiveDate']) {
      const value = rows[0]![key];
      if (value !== null && rows.every((row) => row[key] === value)) common[key] = value;
    }
    const transfers = rows.map((row) => {
      const own: Record<string, unknown> = {};
      for (const key in row) if (row[key] !== null && !(key in common)) own[key] = row[key];
      return own;
    });
    return { common, transfers };
  };
  return [...requests].flatMap(([requestId, transfers]): OutboxEventInput[] => {
    if (transfers.length === 1) {
      const [a] = transfers as [AppliedTransfer];
      return [{ type: `ledger.transfer.${a.kind === 'single' ? a.code : a.kind}`, aggregateType: 'transfer', aggregateId: a.id, jurisdictionId: jurisdictionOf(a), actor, payload: { ...detail(a), batchId }, requestId }];
    }
    return [...groupBy(transfers, jurisdictionOf)].map(([jurisdictionId, members]) => ({
      type: 'ledger.transfer.batch',
      aggregateType: 'transfer_batch',
      aggregateId: batchId ?? members[0]!.id,
      jurisdictionId,
      actor,
      payload: { batchId, linked: input.linked, count: members.length, amount: members.reduce((sum, a) => sum + a.amount, 0), ...listed(members) },
      requestId,
    }));
  });
}

/**
 * Entries (one per account per transfer, gapless versions) and the accounts' new balances, as
 * statements for the write path's single WITH. The engine gives each applied transfer's two deltas
 * in order, debit then credit, so the entries of the n-th row of `applied` are the (2n − 1)-th and
 * 2n-th: they take their account, transfer and date from that row, and only versions, deltas and
 * balances travel as arrays of numbers (binding 16,000 uuids twice cost the statement more than
 * looking them up by position). The account update re-states each balance, so the CHECK
 * constraints see the final values.
 */
function entryWrites(start: Map<string, KnownAccount>, engine: ReturnType<typeof runTransfers>, gate: RawBuilder<boolean> | null) {
  const { applied, deltas } = engine;
  if (deltas.length !== 2 * applied.length || applied.some((a, i) => deltas[2 * i]!.accountId !== a.debitAccountId || deltas[2 * i + 1]!.accountId !== a.creditAccountId)) {
    throw new Error('the engine gave deltas out of step with the applied transfers');
  }
  const where = gate ? sql` where ${gate}` : sql``;
  const running = new Map([...start].map(([id, a]) => [id, { ...a }]));
  const rows = deltas.map((d) => {
    const account = running.get(d.accountId)!;
    account.debitsPending += d.debitsPending;
    account.debitsPosted += d.debitsPosted;
    account.creditsPending += d.creditsPending;
    account.creditsPosted += d.creditsPosted;
    account.version += 1;
    return { d, version: account.version, debitsPending: account.debitsPending, debitsPosted: account.debitsPosted, creditsPending: account.creditsPending, creditsPosted: account.creditsPosted };
  });
  const at = (pick: (row: (typeof rows)[number]) => number, type: 'int' | 'bigint') => sql`(${pgArray(type, rows.map(pick))})[2 * u.n - 1 + s.side]`;
  const changed = [...running.values()].filter((a) => a.version !== start.get(a.id)!.version);
  const balance = <T>(pick: (a: KnownAccount) => T) => changed.map(pick);
  const changedIds = pgArray('uuid', balance((a) => a.id));
  return {
    after: changed,
    writes: [
      sql`insert into ledger.entries (account_id, version, transfer_id, effective_date, d_debits_pending, d_debits_posted, d_credits_pending, d_credits_posted, debits_pending, debits_posted, credits_pending, credits_posted)
      select case s.side when 0 then u.debit else u.credit end, ${at((r) => r.version, 'int')}, u.id, u.effective_date,
        ${at((r) => r.d.debitsPending, 'bigint')}, ${at((r) => r.d.debitsPosted, 'bigint')}, ${at((r) => r.d.creditsPending, 'bigint')}, ${at((r) => r.d.creditsPosted, 'bigint')},
        ${at((r) => r.debitsPending, 'bigint')}, ${at((r) => r.debitsPosted, 'bigint')}, ${at((r) => r.creditsPending, 'bigint')}, ${at((r) => r.creditsPosted, 'bigint')}
      from applied u cross join (values (0), (1)) as s (side)${where}`,
      sql`update ledger.accounts as a
      set debits_pending = v.dp, debits_posted = v.dpo, credits_pending = v.cp, credits_posted = v.cpo, version = v.version, updated_at = now()
      from unnest(${changedIds}, ${pgArray('bigint', balance((a) => a.debitsPending))}, ${pgArray('bigint', balance((a) => a.debitsPosted))},
        ${pgArray('bigint', balance((a) => a.creditsPending))}, ${pgArray('bigint', balance((a) => a.creditsPosted))}, ${pgArray('int', balance((a) => a.version))}) as v (id, dp, dpo, cp, cpo, version)
      where a.id = v.id and a.id = any(${changedIds})${gate ? sql` and ${gate}` : sql``}`,
    ],
  };
}

function transferDto(row: { id: string; ledger: string; kind: string; code: string; debit_account_id: string; credit_account_id: string; amount: number; pending_id: string | null; timeout_at: Date | null; document_number: string | null; effective_date: string; approval_ref: string | null; batch_id: string | null; created_at: Date }): TransferDto {
  return {
    id: row.id,
    ledger: row.ledger as TransferDto['ledger'],
    kind: row.kind as TransferDto['kind'],
    code: row.code,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amount: row.amount,
    pendingId: row.pending_id,
    timeoutAt: row.timeout_at,
    documentNumber: row.document_number,
    effectiveDate: row.effective_date,
    approvalRef: row.approval_ref,
    batchId: row.batch_id,
    createdAt: row.created_at,
  };
}

/**
 * Transfers touching an account or a unit's accounts, or carrying a document number, or of one
 * batch, newest first; only those whose accounts lie in the caller's jurisdictions. An account's
 * transfers are found through its entries (every transfer has one on each of its accounts), so the
 * write path keeps no index of transfers by account.
 */
export async function listTransfers(
  deps: LedgerDeps,
  principal: Principal,
  input: { accountId?: string | undefined; organizationId?: string | undefined; documentNumber?: string | undefined; batchId?: string | undefined; code?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number; offset: number },
): Promise<TransferDto[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && visible.length === 0) return [];
  let accountIds: string[] | null = input.accountId ? [input.accountId] : null;
  if (input.organizationId) {
    const owned = await deps.db.selectFrom('ledger.accounts').select('id').where('holder_id', '=', input.organizationId).execute();
    accountIds = [...(accountIds ?? []), ...owned.map((a) => a.id)];
  }
  if (!accountIds && !input.documentNumber && !input.batchId) throw new DomainError('VALIDATION_FAILED', 'name an account, a unit, a document number or a batch', undefined, { 'zh-CN': '请指定账户、单位、文号或批次号', en: 'Name an account, a unit, a document number or a batch' });
  if (accountIds && accountIds.length === 0) return [];
  let query = deps.db.selectFrom('ledger.transfers as t').innerJoin('ledger.accounts as c', 'c.id', 't.credit_account_id').innerJoin('ledger.accounts as d', 'd.id', 't.debit_account_id').selectAll('t');
  if (accountIds) {
    const ids = accountIds;
    query = query.where('t.id', 'in', (eb) => eb.selectFrom('ledger.entries as e').select('e.transfer_id').where('e.account_id', 'in', ids));
  }
  if (input.documentNumber) query = query.where('t.document_number', '=', input.documentNumber);
  if (input.batchId) query = query.where('t.batch_id', '=', input.batchId);
  if (input.code) query = query.where('t.code', '=', input.code);
  if (input.from) query = query.where('t.effective_date', '>=', input.from);
  if (input.to) query = query.where('t.effective_date', '<=', input.to);
  if (visible) query = query.where('c.jurisdiction_id', 'in', visible).where('d.jurisdiction_id', 'in', visible);
  const rows = await query.orderBy('t.created_at', 'desc').orderBy('t.id').limit(input.limit).offset(input.offset).execute();
  return rows.map(transferDto);
}

export async function getTransfer(deps: LedgerDeps, principal: Principal, id: string): Promise<TransferDto> {
  const row = await deps.db.selectFrom('ledger.transfers as t').innerJoin('ledger.accounts as c', 'c.id', 't.credit_account_id').selectAll('t').select('c.jurisdiction_id').where('t.id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `transfer ${id} not found`);
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && !visible.includes(row.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
  return transferDto(row);
}

/** The sweeper: expires pending transfers whose timeout has passed, as the platform, in batches. */
export async function expireOverdue(deps: LedgerDeps, principal: Principal, limit = 1000): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    select t.id from ledger.transfers t
    where t.kind = 'pending' and t.timeout_at <= ${deps.clock()}
      and not exists (select 1 from ledger.pending_resolutions r where r.pending_id = t.id)
    order by t.timeout_at limit ${limit}`.execute(deps.db);
  if (rows.length === 0) return 0;
  // Each expiry is an ordinary transfer with a derived id, so a sweeper that runs twice expires once.
  const outcome = await createTransfers(deps, principal, { transfers: rows.map((r) => ({ kind: 'expire', id: expiryIdOf(r.id), pendingId: r.id, code: 'expire' })), linked: false });
  return outcome.filter((r) => r.status === 'created').length;
}

/** A transfer id derived from a name (an expiry of a pending, a plan's n-th place): the same name, the same id. */
export const derivedTransferId = derivedUuid;

const expiryIdOf = (pendingId: string) => derivedTransferId(`expire:${pendingId}`);

/**
 * Applies linked transfers inside the caller's transaction, or throws: a stale reservation is
 * RESERVATION_INVALID, any other refusal TRANSFER_REFUSED naming the ledger's reason (or the
 * caller's own wording of it).
 */
export async function applyOrRefuse(
  deps: LedgerDeps,
  trx: LedgerTx,
  principal: Principal,
  transfers: LedgerTransfer[],
  context: { visible: string[] | null; requestId?: string | undefined; explain?: (error: string) => DomainError | null },
): Promise<void> {
  const results = await applyTransfers(deps, trx, principal, { transfers, linked: true }, context.visible, context.requestId);
  const failed = results.find((r) => r.status === 'failed' && r.error !== 'LINKED_EVENT_FAILED');
  if (!failed) return;
  const error = failed.error ?? 'UNKNOWN';
  const explained = context.explain?.(error);
  if (explained) throw explained;
  if (['PENDING_ALREADY_RESOLVED', 'PENDING_EXPIRED', 'PENDING_NOT_FOUND'].includes(error)) throw new DomainError('RESERVATION_INVALID', error);
  throw new DomainError('TRANSFER_REFUSED', `quota movement refused: ${error}`, { transferError: error });
}

/** A unit's vacancy and occupancy accounts for one quota type, locked in id order when asked. */
export async function unitAccounts(trx: LedgerTx, organizationId: string, ledger: string) {
  const rows = await trx.selectFrom('ledger.accounts').selectAll().where('holder_id', '=', organizationId).where('ledger', '=', ledger).where('kind', 'in', ['vacant', 'occupied']).orderBy('id').execute();
  const vacant = rows.find((r) => r.kind === 'vacant');
  const occupied = rows.find((r) => r.kind === 'occupied');
  if (!vacant || !occupied) throw new DomainError('NOT_FOUND', `organization ${organizationId} has no ${ledger} accounts`, undefined, { 'zh-CN': '该单位没有此类编制账户', en: 'The unit has no accounts of this quota type' });
  return { vacant, occupied, jurisdictionId: vacant.jurisdiction_id };
}

/** A jurisdiction's pool account of one kind (unallocated, turnover, reserve, frozen, external). */
export async function poolAccount(trx: LedgerTx, jurisdictionId: string, ledger: string, kind: string) {
  const row = await trx.selectFrom('ledger.accounts').selectAll().where('holder_id', '=', jurisdictionId).where('ledger', '=', ledger).where('kind', '=', kind).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} has no ${ledger} ${kind} pool`, undefined, { 'zh-CN': `本地区尚未开设${kind}编制池`, en: `The jurisdiction has no ${kind} pool of this type` });
  return row;
}
