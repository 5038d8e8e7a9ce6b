import { sql } from 'kysely';
import type { AuditEntryDto } from '@bianzhi/contracts/audit';
import { pgArray } from '@bianzhi/db/pg-array';
import type { AuditDb, AuditTx } from '../db.js';

export async function lockChainHead(trx: AuditTx): Promise<{ seq: number; hash: string }> {
  return trx.selectFrom('audit.chain_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
}

export async function existingEventIds(trx: AuditTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ event_id: string }>`select event_id from audit.events where event_id = any(${pgArray('uuid', ids)})`.execute(trx);
  return new Set(rows.map((r) => r.event_id));
}

export interface NewAuditRow {
  event_id: string;
  seq: number;
  source: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  jurisdiction_id: string | null;
  actor: unknown;
  payload: unknown;
  request_id: string | null;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
}

/**
 * Stores chained events and moves the head. The rows go as one JSON array in one parameter: a
 * delivery of 500 events as a VALUES list bound 6,500 parameters, and building and binding them cost
 * the audit service more than hashing the chain.
 */
export async function appendEntries(trx: AuditTx, rows: NewAuditRow[], head: { seq: number; hash: string }): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into audit.events (event_id, seq, source, event_type, aggregate_type, aggregate_id, jurisdiction_id, actor, payload, request_id, occurred_at, prev_hash, hash)
    select event_id, seq, source, event_type, aggregate_type, aggregate_id, jurisdiction_id, actor, payload, request_id, occurred_at, prev_hash, hash
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x (event_id uuid, seq bigint, source text, event_type text, aggregate_type text, aggregate_id text,
      jurisdiction_id uuid, actor jsonb, payload jsonb, request_id text, occurred_at timestamptz, prev_hash text, hash text)
    order by seq`.execute(trx);
  await trx.updateTable('audit.chain_head').set(head).where('id', '=', 1).execute();
}

const entryColumns = ['event_id', 'seq', 'source', 'event_type', 'aggregate_type', 'aggregate_id', 'jurisdiction_id', 'actor', 'payload', 'occurred_at', 'prev_hash', 'hash'] as const;

type EntryRow = { event_id: string; seq: number; source: string; event_type: string; aggregate_type: string; aggregate_id: string; jurisdiction_id: string | null; actor: unknown; payload: unknown; occurred_at: Date; prev_hash: string; hash: string };

export function toEntryDto(row: EntryRow): AuditEntryDto & { prevHash: string } {
  return {
    eventId: row.event_id,
    seq: row.seq,
    source: row.source,
    eventType: row.event_type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    jurisdictionId: row.jurisdiction_id,
    actor: row.actor as AuditEntryDto['actor'],
    payload: row.payload as Record<string, unknown>,
    occurredAt: row.occurred_at,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

export interface EntryFilter {
  jurisdictionIds: string[] | null;
  aggregateType?: string | undefined;
  aggregateId?: string | undefined;
  eventType?: string | undefined;
  actor?: string | undefined;
  organizationId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

/** A listing shows this many of a batch event's transfers; the event itself keeps them all. */
export const LISTED_TRANSFERS = 20;

/**
 * The payload as listed: a batch event (`ledger.transfer.batch`) of thousands of transfers carries
 * megabytes, so a page of the log shows its first LISTED_TRANSFERS and says so (`transfersShown`);
 * its count and total amount stay. Every other payload is listed whole.
 */
const listedPayload = sql<unknown>`case when jsonb_typeof(payload->'transfers') = 'array' and jsonb_array_length(payload->'transfers') > ${sql.lit(LISTED_TRANSFERS)}
  then payload || jsonb_build_object('transfers', jsonb_path_query_array(payload->'transfers', ${sql.lit(`$[0 to ${LISTED_TRANSFERS - 1}]`)}), 'transfersShown', ${sql.lit(LISTED_TRANSFERS)})
  else payload end`;

/** Newest first, filtered by actor (id or part of the name), unit, type and time, within the caller's jurisdictions. */
export async function listEntries(db: AuditDb, filter: EntryFilter) {
  let query = db.selectFrom('audit.events').select([...entryColumns.filter((c) => c !== 'payload'), listedPayload.as('payload')]);
  if (filter.jurisdictionIds) {
    const ids = filter.jurisdictionIds;
    if (ids.length === 0) return [];
    query = query.where('jurisdiction_id', 'in', ids);
  }
  if (filter.aggregateType) query = query.where('aggregate_type', '=', filter.aggregateType);
  if (filter.aggregateId) query = query.where('aggregate_id', '=', filter.aggregateId);
  if (filter.eventType) query = query.where('event_type', '=', filter.eventType);
  if (filter.actor) {
    const actor = filter.actor;
    query = query.where((eb) => eb.or([eb(sql`actor->>'id'`, '=', actor), eb(sql`actor->>'name'`, 'ilike', `%${actor.replace(/[\\%_]/g, '\\$&')}%`)]));
  }
  if (filter.organizationId) {
    const id = filter.organizationId;
    query = query.where((eb) => eb.or([eb('aggregate_id', '=', id), eb(sql`payload->>'organizationId'`, '=', id)]));
  }
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<', filter.to);
  if (filter.beforeSeq) query = query.where('seq', '<', filter.beforeSeq);
  const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map(toEntryDto);
}

/** Streams the whole chain in order, a page at a time, for verification. */
export async function* chainInOrder(db: AuditDb, pageSize = 5_000) {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit.events').select(entryColumns).where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) return;
    for (const row of rows) yield toEntryDto(row);
    after = rows[rows.length - 1]!.seq;
  }
}

export async function chainHead(db: AuditDb) {
  return db.selectFrom('audit.chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}

export async function countEvents(db: AuditDb, eventId?: string): Promise<number> {
  let query = db.selectFrom('audit.events').select(sql<number>`count(*)::int`.as('n'));
  if (eventId) query = query.where('event_id', '=', eventId);
  const row = await query.executeTakeFirstOrThrow();
  return row.n;
}
