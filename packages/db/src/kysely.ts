import { Kysely, PostgresDialect, sql } from 'kysely';
import { createHash } from 'node:crypto';
import pg from 'pg';

// int8 columns (sequence numbers, counts) come back as JS numbers; quotas never approach 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return parsed;
});

// Calendar dates (effective dates, "as of") stay 'YYYY-MM-DD' strings: a JS Date would shift them by the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DatabaseOptions {
  url: string;
  /** Pool size per process; services are small and many, so keep it modest. */
  max?: number;
  applicationName?: string;
}

export function createDatabase<DB>(options: DatabaseOptions): Kysely<DB> {
  const settings = { connectionString: options.url, max: options.max ?? 10, application_name: options.applicationName ?? 'bianzhi', connectionTimeoutMillis: 5_000 };
  const pool = new pg.Pool(settings);
  // A client that loses its connection (idle, or mid-query when the backend is killed) must not
  // crash the process: the query in flight fails on its own and the pool drops the client.
  pool.on('error', () => undefined);
  // Prepared statements outside a transaction run on connections of their own that always keep the
  // generic plan (see PREPARED); created on the first such statement.
  let preparedPool: pg.Pool | null = null;
  const onPreparedPool = (name: string, text: string, values: unknown) => {
    if (!preparedPool) {
      preparedPool = new pg.Pool({ ...settings, options: '-c plan_cache_mode=force_generic_plan' });
      preparedPool.on('error', () => undefined);
      preparedPool.on('connect', (client) => client.on('error', () => undefined));
    }
    // A failed query's client is destroyed on release, so a lost connection is never reused.
    return preparedPool.query({ name, text, values: values as unknown[] });
  };
  const lost = new WeakSet<pg.PoolClient>();
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    let inTransaction = false;
    // The failure reaches the query before the socket closes, so a client handed back right after
    // it would still look usable and fail the next caller: remember it, and destroy it on release.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : null;
      if (text && /^(begin|start transaction)\b/i.test(text)) inTransaction = true;
      else if (text && /^(commit|rollback)$/i.test(text)) inTransaction = false;
      const name = text ? preparedNameOf(text) : null;
      if (name && !inTransaction) return onPreparedPool(name, text!, args[1]);
      const result = name ? query({ name, text, values: args[1] }) : query(...args);
      return result instanceof Promise ? result.catch((error: unknown) => { if (isConnectionLost(error)) lost.add(client); throw error; }) : result;
    }) as typeof client.query;
  });
  const end = pool.end.bind(pool) as () => Promise<void>;
  pool.end = (async () => {
    await end();
    await preparedPool?.end();
  }) as typeof pool.end;
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  pool.connect = (async () => {
    const client = await connect();
    const release = client.release.bind(client);
    client.release = (error?: Error | boolean) => release(error || (lost.has(client) ? new Error('connection lost') : undefined));
    return client;
  }) as typeof pool.connect;
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Marks a statement to be prepared once per connection and reused by name: see `preparedNameOf`. */
export const PREPARED = '/* prepared */';

const preparedNames = new Map<string, string>();

/**
 * A hot statement of fixed text (values only in parameters) that starts with PREPARED is sent as a
 * named prepared statement, parsed and planned once per connection instead of on every call. Left
 * to itself PostgreSQL plans such a statement afresh on most calls (its generic plan, estimated for
 * arrays of ten, looks dearer than a custom plan for one), which for a long statement costs more
 * than running it; so outside a transaction it runs on connections set to always use the generic
 * plan, and its text must give a good plan whatever the parameters (e.g. name the rows it touches
 * by key, `id = any($n)`). Inside a transaction it runs on the transaction's connection as usual.
 * The name is the text's hash; past 200 distinct texts (a statement whose text varies by mistake)
 * the rest run unnamed.
 */
function preparedNameOf(text: string): string | null {
  if (!text.startsWith(PREPARED)) return null;
  const known = preparedNames.get(text);
  if (known) return known;
  if (preparedNames.size >= 200) return null;
  const name = `bz_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  preparedNames.set(text, name);
  return name;
}

/** The backend went away (terminated, server shutting down) or the socket closed under the query. */
function isConnectionLost(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && code.startsWith('57P')) || (typeof message === 'string' && message.includes('Connection terminated'));
}

/** True when the database answers a trivial query within the timeout. */
export async function isDatabaseReachable(db: Kysely<unknown>, timeoutMs = 2_000): Promise<boolean> {
  const probe = sql`select 1`.execute(db);
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs));
  try {
    await Promise.race([probe, timeout]);
    return true;
  } catch {
    return false;
  }
}
