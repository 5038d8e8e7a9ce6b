import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { pgArray } from './pg-array.js';
import type { ServiceSchema } from './schemas.js';

/** Who did it, as recorded in the audit log. */
export interface AuditActor {
  kind: 'user' | 'service' | 'system';
  id: string;
  name?: string | undefined;
  roles?: string[] | undefined;
  jurisdictionId?: string | null | undefined;
}

export interface OutboxEventInput {
  type: string;
  aggregateType: string;
  aggregateId: string;
  jurisdictionId?: string | null;
  actor: AuditActor;
  /** Before/after, document number, reason: whatever the audit reader needs. */
  payload: Record<string, unknown>;
  requestId?: string | undefined;
}

export interface OutboxEvent extends OutboxEventInput {
  id: string;
  source: ServiceSchema;
  occurredAt: string;
}

/**
 * Writes the audit event of a mutation into the owning schema's outbox. Must be called with the
 * mutation's own transaction so that the change and its audit event commit or fail together.
 */
export async function appendOutboxEvent<DB>(trx: Transaction<DB>, schema: ServiceSchema, event: OutboxEventInput): Promise<string> {
  const id = randomUUID();
  await sql`
    insert into ${sql.table(`${schema}.outbox`)}
      (id, event_type, aggregate_type, aggregate_id, jurisdiction_id, actor, payload, request_id)
    values (${id}, ${event.type}, ${event.aggregateType}, ${event.aggregateId}, ${event.jurisdictionId ?? null},
            ${JSON.stringify(event.actor)}::jsonb, ${JSON.stringify(event.payload)}::jsonb, ${event.requestId ?? null})`.execute(trx);
  return id;
}

/** Many events in one statement (a batch of transfers: one event each), in the caller's transaction. */
export async function appendOutboxEvents<DB>(trx: Transaction<DB>, schema: ServiceSchema, events: OutboxEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await outboxInsert(schema, events).execute(trx);
}

/**
 * The INSERT of `appendOutboxEvents` as a statement to run as part of a larger one (a data-modifying
 * WITH, so that a write path sends all its writes in one round trip). Each column goes as one binary
 * array parameter whatever the number of events, payloads as JSON text: nothing is escaped on the
 * way, and PostgreSQL reads each payload once, into the column's type (`json` in the ledger, whose
 * batch events run to megabytes and are only relayed; `jsonb` elsewhere). Rows keep the events'
 * order. With a `gate`, the rows are written only if it holds when the statement runs.
 */
export function outboxInsert(schema: ServiceSchema, events: OutboxEventInput[], gate?: RawBuilder<boolean>): RawBuilder<unknown> {
  const column = <T>(pick: (event: OutboxEventInput) => T) => events.map(pick);
  return sql`
    insert into ${sql.table(`${schema}.outbox`)}
      (id, event_type, aggregate_type, aggregate_id, jurisdiction_id, actor, payload, request_id)
    select id, event_type, aggregate_type, aggregate_id, jurisdiction_id, actor::jsonb, payload::json, request_id
    from unnest(${pgArray('uuid', column(() => randomUUID()))}, ${pgArray('text', column((e) => e.type))}, ${pgArray('text', column((e) => e.aggregateType))},
      ${pgArray('text', column((e) => e.aggregateId))}, ${pgArray('uuid', column((e) => e.jurisdictionId))}, ${pgArray('text', column((e) => JSON.stringify(e.actor)))},
      ${pgArray('text', column((e) => JSON.stringify(e.payload)))}, ${pgArray('text', column((e) => e.requestId))})
      with ordinality as x (id, event_type, aggregate_type, aggregate_id, jurisdiction_id, actor, payload, request_id, n)${gate ? sql` where ${gate}` : sql``}
    order by n`;
}

interface OutboxRow {
  id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  jurisdiction_id: string | null;
  actor: AuditActor;
  payload: Record<string, unknown>;
  request_id: string | null;
  occurred_at: Date;
}

/**
 * What one delivery carries at most, counted as PostgreSQL stores the payloads (`pg_column_size`:
 * compressed, or whole where a column is stored uncompressed, as the ledger's is): a batch event of
 * 8,000 transfers is about 2 MB of JSON, and a delivery must stay well below the audit service's
 * 20 MB body limit whatever waits in the outbox.
 */
export const DELIVERY_BYTES = 1024 * 1024;

/**
 * Oldest undelivered events, locked so that two relays never deliver the same batch at once: at most
 * `limit` of them, and no more than DELIVERY_BYTES of payload, though always the oldest one.
 */
export async function claimUndelivered(trx: Transaction<unknown>, schema: ServiceSchema, limit: number, bytes = DELIVERY_BYTES): Promise<OutboxEvent[]> {
  const { rows } = await sql<OutboxRow>`
    select id, event_type, aggregate_type, aggregate_id, jurisdiction_id, actor, payload, request_id, occurred_at
    from (
      select c.*, sum(pg_column_size(c.payload)) over (order by c.seq) - pg_column_size(c.payload) as bytes_before
      from (
        select id, seq, event_type, aggregate_type, aggregate_id, jurisdiction_id, actor, payload, request_id, occurred_at
        from ${sql.table(`${schema}.outbox`)}
        where delivered_at is null
        order by seq
        limit ${limit}
        for update skip locked) c) claimed
    where bytes_before = 0 or bytes_before + pg_column_size(payload) <= ${bytes}
    order by seq`.execute(trx);
  return rows.map((row) => ({
    id: row.id,
    source: schema,
    type: row.event_type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    jurisdictionId: row.jurisdiction_id,
    actor: row.actor,
    payload: row.payload,
    requestId: row.request_id ?? undefined,
    occurredAt: row.occurred_at.toISOString(),
  }));
}

export async function markDelivered(trx: Transaction<unknown>, schema: ServiceSchema, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update ${sql.table(`${schema}.outbox`)} set delivered_at = now() where id = any(${ids}::uuid[])`.execute(trx);
}

export async function countUndelivered(db: Kysely<unknown>, schema: ServiceSchema): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${schema}.outbox`)} where delivered_at is null`.execute(db);
  return rows[0]?.n ?? 0;
}
