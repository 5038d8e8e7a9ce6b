import type { TransferResult } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { commitTransfers, createTransfers, type LedgerDeps, type LedgerTransfer } from './transfer.service.js';

/** At most this many transfers share one commit (the size of a linked batch). */
const MAX_GROUP = 8_000;

interface Waiting {
  principal: Principal;
  visible: string[] | null;
  transfers: LedgerTransfer[];
  requestId: string | undefined;
  resolve: (results: TransferResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for unlinked requests (LEDGER.md, "write path"): requests that arrive while a
 * commit is in flight wait for it and then go together in one commit, each transfer still
 * independent of the others (linked = false), each keeping its own request id in its audit event.
 * Requests of one caller with one scope share a group. When a group's transaction fails as a
 * whole (a scope refusal, an id repeated across requests), nothing of it was written and every
 * request is retried alone, so one caller's mistake never fails another's transfer.
 */
export function groupCommitter(deps: LedgerDeps) {
  const queue: Waiting[] = [];
  let draining = false;

  async function commitGroup(group: Waiting[]): Promise<void> {
    const alone = (w: Waiting) => createTransfers(deps, w.principal, { transfers: w.transfers, linked: false }, w.requestId).then(w.resolve, w.reject);
    const transfers = group.flatMap((w) => w.transfers);
    // A retry racing its first attempt repeats an id: each then answers alone (`exists` for the second).
    if (group.length === 1 || new Set(transfers.map((t) => t.id)).size !== transfers.length) {
      await Promise.all(group.map(alone));
      return;
    }
    const requestIdOf = new Map(group.flatMap((w) => w.transfers.map((t) => [t.id, w.requestId] as const)));
    let results: TransferResult[];
    try {
      results = await commitTransfers(deps, group[0]!.principal, { transfers, linked: false, requestIdOf }, group[0]!.visible, undefined);
    } catch {
      await Promise.all(group.map(alone));
      return;
    }
    let at = 0;
    for (const w of group) {
      w.resolve(results.slice(at, at + w.transfers.length));
      at += w.transfers.length;
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        const taken: Waiting[] = [];
        let size = 0;
        while (queue.length > 0 && (taken.length === 0 || size + queue[0]!.transfers.length <= MAX_GROUP)) {
          const next = queue.shift()!;
          taken.push(next);
          size += next.transfers.length;
        }
        const groups = new Map<string, Waiting[]>();
        for (const w of taken) {
          const key = `${w.principal.kind}:${w.principal.id}:${w.visible?.join(',') ?? '*'}`;
          groups.set(key, [...(groups.get(key) ?? []), w]);
        }
        await Promise.all([...groups.values()].map(commitGroup));
      }
    } finally {
      draining = false;
    }
  }

  /** Same contract as createTransfers; linked requests and batches go straight through. */
  return async function submit(principal: Principal, input: { transfers: LedgerTransfer[]; linked: boolean }, requestId?: string): Promise<TransferResult[]> {
    if (input.linked || input.transfers.length !== 1) return createTransfers(deps, principal, input, requestId);
    const visible = await deps.scope.jurisdictionIdsOf(principal);
    return new Promise<TransferResult[]>((resolve, reject) => {
      queue.push({ principal, visible, transfers: input.transfers, requestId, resolve, reject });
      if (!draining) void drain();
    });
  };
}
