import type { z } from 'zod';
import type { auditEventInput, ChainVerification, SignedHead } from '@bianzhi/contracts/audit';
import type { AuditDb, AuditTx } from '../db.js';
import { chainHash, GENESIS_HASH, linkHolds } from './chain.js';
import * as repo from './log.repository.js';
import { assertGenuine, hashesAt, signedHeads, type HeadSigner } from './signed-head.js';

type IncomingEvent = z.infer<typeof auditEventInput>;

/**
 * Appends delivered outbox events to the chain. Events already stored (a relay that died after
 * delivering and delivered again) are skipped, so each event is stored exactly once.
 */
export async function ingestEvents(db: AuditDb, events: IncomingEvent[]): Promise<{ stored: number; duplicates: number }> {
  return db.transaction().execute((trx) => appendToChain(trx, events));
}

/** Appends events to the chain inside the caller's transaction (the audit service's own changes use it directly). */
export async function appendToChain(trx: AuditTx, events: IncomingEvent[]): Promise<{ stored: number; duplicates: number }> {
  const head = await repo.lockChainHead(trx);
  const known = await repo.existingEventIds(trx, events.map((e) => e.id));
  const seen = new Set<string>();
  let { seq, hash } = head;
  const rows: repo.NewAuditRow[] = [];
  for (const event of events) {
    if (known.has(event.id) || seen.has(event.id)) continue;
    seen.add(event.id);
    const occurredAt = new Date(event.occurredAt);
    const jurisdictionId = event.jurisdictionId ?? null;
    const nextHash = chainHash(hash, {
      eventId: event.id,
      source: event.source,
      eventType: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      jurisdictionId,
      actor: event.actor,
      payload: event.payload,
      occurredAt,
    });
    seq += 1;
    rows.push({
      event_id: event.id,
      seq,
      source: event.source,
      event_type: event.type,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      jurisdiction_id: jurisdictionId,
      actor: event.actor,
      payload: event.payload,
      request_id: event.requestId ?? null,
      occurred_at: occurredAt,
      prev_hash: hash,
      hash: nextHash,
    });
    hash = nextHash;
  }
  await repo.appendEntries(trx, rows, { seq, hash });
  return { stored: rows.length, duplicates: events.length - rows.length };
}

/**
 * Recomputes every link from the genesis hash and reports the first one that does not hold; then
 * checks the signed daily heads (and one given from a file) against the hashes stored now, which
 * catches an edit whose author recomputed every later hash.
 */
export async function verifyChain(db: AuditDb, signer: HeadSigner, external?: SignedHead): Promise<ChainVerification> {
  if (external) assertGenuine(signer, external);
  let expectedPrev = GENESIS_HASH;
  let checked = 0;
  let lastSeq = 0;
  let firstBrokenSeq: number | null = null;
  for await (const entry of repo.chainInOrder(db)) {
    checked += 1;
    if (firstBrokenSeq === null && !linkHolds(expectedPrev, entry)) firstBrokenSeq = entry.seq;
    expectedPrev = entry.hash;
    lastSeq = entry.seq;
  }
  const head = await repo.chainHead(db);
  // A truncated tail leaves every remaining link intact; only the head row tells.
  const headMatches = head.hash === expectedPrev && head.seq === lastSeq;
  const stored = await signedHeads(db, 10_000);
  const heads = external ? [external, ...stored] : stored;
  const current = await hashesAt(db, heads.map((h) => h.seq));
  const signedHeadMismatches = heads.filter((h) => !signer.verify(h) || current.get(h.seq) !== h.hash).map(({ day, seq }) => ({ day, seq }));
  return {
    ok: firstBrokenSeq === null && headMatches && signedHeadMismatches.length === 0,
    checked,
    headHash: head.hash,
    firstBrokenSeq: firstBrokenSeq ?? (headMatches ? null : lastSeq + 1),
    signedHeadMismatches,
    lastSignedHead: stored[0] ?? null,
  };
}
