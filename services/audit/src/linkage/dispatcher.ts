import { sql } from 'kysely';
import { afterFailure, deliveredStatus, type RetrySchedule } from '@bianzhi/domain/linkage';
import type { AuditDb } from '../db.js';
import type { JobLog } from '../hourly.js';
import { accountHolders, eventsOf, isMappedLogType, mappedLogTypes, quotaAccountsOf, type LogEntry } from './events.js';
import { signatureOf, type SecretBox } from './secret-box.js';
import { postTo, type PostResult } from './target.js';

export interface DispatcherSettings {
  box: SecretBox;
  schedule: RetrySchedule;
  allowLocal: boolean;
  /** How long one POST may take before it counts as failed. */
  timeoutMs?: number;
  /** Deliveries posted at once by one worker (each a different subject). */
  parallel?: number;
  /** Workers claiming and posting side by side, each its own rounds (default 4). */
  workers?: number;
  clock?: () => Date;
}

/**
 * Maps the log after the cursor to deliveries, one transaction per page: the cursor row is locked,
 * the page's events are queued for every subscription that wants them (its types, one of its
 * jurisdictions, registered before the entry), and the cursor moves — so after a restart nothing
 * is queued twice or skipped. Returns how many entries were read.
 */
export async function queueNewEvents(db: AuditDb, pageSize = 1_000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const cursor = await trx.selectFrom('audit.event_cursor').select('seq').where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
    const mapped = sql<boolean>`(event_type = any(${sql.val(mappedLogTypes)}::text[]) or event_type like 'ledger.transfer.%')`;
    const rows = await trx
      .selectFrom('audit.events')
      .select(['seq', 'event_id', 'source', 'event_type', 'aggregate_id', 'jurisdiction_id', 'occurred_at', sql<Record<string, unknown> | null>`case when ${mapped} then payload end`.as('payload')])
      .where('seq', '>', cursor.seq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return 0;
    const subscriptions = await trx.selectFrom('audit.event_subscriptions').select(['id', 'event_types', 'jurisdiction_ids', 'start_seq']).execute();
    const deliveries: { subscription_id: string; event_id: string; seq: number; event_type: string; subject: string; jurisdiction_id: string | null; body: string }[] = [];
    const entries = rows as LogEntry[];
    const holders = await accountHolders(trx, quotaAccountsOf(entries));
    for (const row of entries) {
      if (!isMappedLogType(row.event_type)) continue;
      for (const { event, jurisdictionIds } of await eventsOf(trx, row, holders)) {
        const body = JSON.stringify(event);
        for (const s of subscriptions) {
          if (Number(s.start_seq) >= row.seq || !s.event_types.includes(event.type) || !jurisdictionIds.some((j) => s.jurisdiction_ids.includes(j))) continue;
          deliveries.push({ subscription_id: s.id, event_id: event.id, seq: row.seq, event_type: event.type, subject: event.subject, jurisdiction_id: row.jurisdiction_id, body });
        }
      }
    }
    if (deliveries.length > 0) {
      await trx.insertInto('audit.event_deliveries').values(deliveries).onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing()).execute();
    }
    await trx.updateTable('audit.event_cursor').set({ seq: rows[rows.length - 1]!.seq }).where('id', '=', 1).execute();
    return rows.length;
  });
}

/** How long a claimed delivery is kept from other dispatchers while it is being posted. */
const LEASE = '2 minutes';

/**
 * Claims due deliveries — for each subject only its oldest pending one, so a failing subject holds
 * its later events and no other subject's — and leases them (another replica skips them).
 */
async function claimDue(db: AuditDb, limit: number) {
  const { rows } = await sql<{ id: number; subscription_id: string; event_id: string; body: string; attempts: number; first_attempt_at: Date | null; url: string; secret_ciphertext: string }>`
    with due as (
      select d.id from audit.event_deliveries d
      join audit.event_subscriptions s on s.id = d.subscription_id and s.status = 'active'
      where d.status = 'pending' and d.next_attempt_at <= now()
        and not exists (select 1 from audit.event_deliveries e where e.subscription_id = d.subscription_id and e.subject = d.subject and e.status = 'pending' and e.id < d.id)
      order by d.id
      limit ${limit}
      for update of d skip locked
    )
    update audit.event_deliveries d set next_attempt_at = now() + interval ${sql.lit(LEASE)}
    from due, audit.event_subscriptions s
    where d.id = due.id and s.id = d.subscription_id
    returning d.id, d.subscription_id, d.event_id, d.body, d.attempts, d.first_attempt_at, s.url, s.secret_ciphertext`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

type Claimed = Awaited<ReturnType<typeof claimDue>>[number];
interface Attempt {
  delivery: Claimed;
  now: Date;
  finished: Date;
  result: PostResult;
}

/** Posts one delivery, signed; answers the attempt (recorded with the others of its round). */
async function deliverOne(settings: DispatcherSettings, delivery: Claimed): Promise<Attempt> {
  const now = settings.clock?.() ?? new Date();
  const timestamp = Math.floor(now.getTime() / 1000);
  let secret: string;
  try {
    secret = settings.box.open(delivery.subscription_id, delivery.secret_ciphertext);
  } catch {
    // Sealed under another LINKAGE_SECRET_KEY: nothing can be signed until the secret is rotated; counted as a failed attempt.
    return { delivery, now, finished: now, result: { statusCode: null, error: 'signing secret unreadable under the current LINKAGE_SECRET_KEY: rotate it', durationMs: 0 } };
  }
  const headers = {
    'content-type': 'application/cloudevents+json; charset=utf-8',
    'user-agent': 'bianzhi-linkage/1',
    'webhook-id': delivery.event_id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureOf(secret, timestamp, delivery.body),
  };
  const result = await postTo(delivery.url, headers, delivery.body, { allowLocal: settings.allowLocal, timeoutMs: settings.timeoutMs ?? 10_000 });
  return { delivery, now, finished: settings.clock?.() ?? new Date(), result };
}

/**
 * Keeps a round's attempts and what follows from each — delivered, retried later, or dead — in one
 * transaction (one statement for the attempts, one for the deliveries).
 */
async function record(db: AuditDb, settings: DispatcherSettings, attempts: Attempt[]): Promise<void> {
  const rows = attempts.map(({ delivery, now, finished, result }) => {
    const ok = deliveredStatus(result.statusCode);
    const count = delivery.attempts + 1;
    const firstAttemptAt = delivery.first_attempt_at ?? now;
    const next = ok ? null : afterFailure(settings.schedule, count, firstAttemptAt, finished);
    return {
      id: delivery.id,
      attempts: count,
      first_attempt_at: firstAttemptAt.toISOString(),
      attempted_at: now.toISOString(),
      status_code: result.statusCode,
      error: result.error,
      duration_ms: result.durationMs,
      status: ok ? 'delivered' : next?.dead ? 'dead' : 'pending',
      delivered_at: ok ? finished.toISOString() : null,
      next_attempt_at: next && !next.dead ? next.nextAttemptAt.toISOString() : null,
    };
  });
  const json = JSON.stringify(rows);
  const columns = sql`x (id bigint, attempts int, first_attempt_at timestamptz, attempted_at timestamptz, status_code int, error text, duration_ms int, status text, delivered_at timestamptz, next_attempt_at timestamptz)`;
  await db.transaction().execute(async (trx) => {
    await sql`insert into audit.event_delivery_attempts (delivery_id, attempted_at, status_code, error, duration_ms)
      select id, attempted_at, status_code, error, duration_ms from jsonb_to_recordset(${json}::jsonb) as ${columns} order by id`.execute(trx);
    await sql`update audit.event_deliveries d set attempts = x.attempts, first_attempt_at = x.first_attempt_at, last_attempt_at = x.attempted_at,
        last_status_code = x.status_code, last_error = x.error, status = x.status, delivered_at = x.delivered_at,
        next_attempt_at = coalesce(x.next_attempt_at, d.next_attempt_at)
      from jsonb_to_recordset(${json}::jsonb) as ${columns}
      where d.id = x.id and d.status = 'pending'`.execute(trx);
  });
}

/** Posts what is due, round after round while there is work (at most `maxRounds`); answers how many posts were made. */
export async function deliverDue(db: AuditDb, settings: DispatcherSettings, maxRounds = 1_000): Promise<number> {
  let attempted = 0;
  for (let round = 0; round < maxRounds; round++) {
    const due = await claimDue(db, settings.parallel ?? 32);
    if (due.length === 0) break;
    await record(db, settings, await Promise.all(due.map((d) => deliverOne(settings, d))));
    attempted += due.length;
  }
  return attempted;
}

/**
 * Loops until stopped: one queues what the log gains, the workers deliver what is due. Each goes on at
 * once while it finds work and waits `pollMs` when it finds none, so a log that grows under load
 * does not keep deliveries waiting (nor the other way round).
 */
export function startDispatcher(db: AuditDb, settings: DispatcherSettings & { pollMs: number; log: JobLog }): () => Promise<void> {
  let stopped = false;
  const waiting = new Map<NodeJS.Timeout, () => void>();
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (waiting.delete(timer), resolve()), settings.pollMs);
      timer.unref();
      waiting.set(timer, resolve);
    });
  const loop = async (step: () => Promise<number>, failure: string) => {
    while (!stopped) {
      let found = 0;
      try {
        found = await step();
      } catch (error) {
        settings.log.warn({ err: error }, failure);
      }
      if (found === 0 && !stopped) await pause();
    }
  };
  // A worker's round waits for its slowest post; several workers keep the receivers busy meanwhile.
  // Each claims only the oldest pending delivery of a subject, and a claimed one stays pending, so
  // workers never post two events of one subject at once.
  const running = Promise.all([
    loop(() => queueNewEvents(db), 'linkage: queueing events failed; trying again'),
    ...Array.from({ length: settings.workers ?? 4 }, () => loop(() => deliverDue(db, settings, 1), 'linkage: delivering events failed; trying again')),
  ]);
  return async () => {
    stopped = true;
    for (const [timer, resolve] of waiting) {
      clearTimeout(timer);
      resolve();
    }
    waiting.clear();
    await running;
  };
}
