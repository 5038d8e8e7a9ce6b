import type { Kysely } from 'kysely';
import { claimUndelivered, markDelivered, type OutboxEvent } from './outbox.js';
import type { ServiceSchema } from './schemas.js';

export interface OutboxRelayOptions {
  db: Kysely<unknown>;
  schema: ServiceSchema;
  /** Hands a batch to the audit service; must throw unless the audit service stored all of it. */
  deliver: (events: OutboxEvent[]) => Promise<void>;
  batchSize?: number;
  /** The wait after a drain that found nothing. */
  idleDelayMs?: number;
  /**
   * The wait after a drain that found less than a full batch: events written meanwhile go in the next
   * batch together, instead of one delivery (and one audit transaction) per committed write.
   */
  settleMs?: number;
  onError?: (error: unknown) => void;
}

export interface OutboxRelay {
  /** Delivers one batch; returns how many events went out. */
  drainOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Delivers a schema's outbox to the audit service at least once, in order. The rows stay locked
 * while the batch is in flight and are marked delivered in the same transaction; if the process
 * dies in between, the batch is delivered again and the audit service drops the duplicates by
 * event id. Together that is exactly-once storage.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 500;
  const idleDelayMs = options.idleDelayMs ?? 500;
  const settleMs = options.settleMs ?? 100;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function drainOnce(): Promise<number> {
    return options.db.transaction().execute(async (trx) => {
      const events = await claimUndelivered(trx, options.schema, batchSize);
      if (events.length === 0) return 0;
      await options.deliver(events);
      await markDelivered(trx, options.schema, events.map((e) => e.id));
      return events.length;
    });
  }

  async function run(): Promise<void> {
    while (running) {
      let delivered = 0;
      try {
        delivered = await drainOnce();
      } catch (error) {
        options.onError?.(error);
      }
      if (delivered < batchSize && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delivered === 0 ? idleDelayMs : settleMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    drainOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
