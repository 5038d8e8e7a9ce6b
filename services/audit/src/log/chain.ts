import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so equal events always hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedFields {
  eventId: string;
  source: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  jurisdictionId: string | null;
  actor: unknown;
  payload: unknown;
  occurredAt: Date;
}

/** hash_n = sha256(hash_{n-1} ‖ canonical(event_n)): changing any stored field breaks every later link. */
export function chainHash(prevHash: string, event: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(event)).digest('hex');
}

export interface ChainEntry extends ChainedFields {
  seq: number;
  prevHash: string;
  hash: string;
}

/** Exactly the fields that are hashed, whatever else the entry carries. */
function chainedFieldsOf(entry: ChainedFields): ChainedFields {
  const { eventId, source, eventType, aggregateType, aggregateId, jurisdictionId, actor, payload, occurredAt } = entry;
  return { eventId, source, eventType, aggregateType, aggregateId, jurisdictionId, actor, payload, occurredAt };
}

/** True when the entry follows from the previous entry's hash and its own hashed fields are intact. */
export function linkHolds(expectedPrevHash: string, entry: ChainEntry): boolean {
  return entry.prevHash === expectedPrevHash && chainHash(entry.prevHash, chainedFieldsOf(entry)) === entry.hash;
}

/** Walks entries in sequence order and returns the seq of the first whose link does not hold. */
export function findFirstBrokenLink(entries: Iterable<ChainEntry>, startHash = GENESIS_HASH): number | null {
  let expectedPrev = startHash;
  for (const entry of entries) {
    if (!linkHolds(expectedPrev, entry)) return entry.seq;
    expectedPrev = entry.hash;
  }
  return null;
}
