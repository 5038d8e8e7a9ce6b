import { setBounded } from '@bianzhi/domain/bounded-map';
import type { AccountState } from './engine.js';

/** An account as the write path needs it: the engine's state and the jurisdiction it is scoped by. */
export interface KnownAccount extends AccountState {
  jurisdictionId: string;
}

/**
 * The account rows this process last saw committed, so that the write path can decide a batch
 * before it talks to PostgreSQL and send it in one statement (LEDGER.md: one round trip per batch).
 * Nothing here is trusted: the statement locks the accounts and applies only if every row still
 * equals what was decided on, and a mismatch sends the rows back to replace what is here. A stale
 * entry therefore costs one more round trip, never a wrong balance, and any number of processes
 * (replicas, the worker, a seed) may write the same accounts.
 */
export class AccountCache {
  private readonly rows = new Map<string, KnownAccount>();
  private readonly tails = new Map<string, Promise<void>>();
  /** Statements whose check failed (the accounts or ids had changed since they were decided): for tests and diagnosis. */
  conflicts = 0;

  constructor(private readonly limit = 200_000) {}

  get(id: string): KnownAccount | undefined {
    return this.rows.get(id);
  }

  /** Keeps the newer of two answers for an account (replies of concurrent statements may cross). */
  put(account: KnownAccount): void {
    const held = this.rows.get(account.id);
    if (held && held.version > account.version) return;
    setBounded(this.rows, account.id, account, this.limit);
  }

  /** Accounts changed in a transaction that may still roll back: ask the database next time. */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.rows.delete(id);
  }

  /**
   * Runs `work` once every earlier work on any of these accounts has finished. Within a process,
   * batches on one account are decided on the outcome of the one before, instead of failing each
   * other's check; a batch waits only for those registered before it, so nothing waits in a cycle.
   */
  async exclusive<T>(ids: readonly string[], work: () => Promise<T>): Promise<T> {
    const before = [...new Set(ids.flatMap((id) => this.tails.get(id) ?? []))];
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    for (const id of ids) this.tails.set(id, done);
    try {
      await Promise.all(before);
      return await work();
    } finally {
      release();
      for (const id of ids) if (this.tails.get(id) === done) this.tails.delete(id);
    }
  }

  get size(): number {
    return this.rows.size;
  }
}

const caches = new WeakMap<object, AccountCache>();

/** One cache per database handle: a process's services share it; separate test databases do not. */
export function accountCacheOf(db: object): AccountCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new AccountCache()));
  return cache;
}
