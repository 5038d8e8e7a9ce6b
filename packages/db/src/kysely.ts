import { Kysely, PostgresDialect, sql } from 'kysely';
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
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'bianzhi',
    connectionTimeoutMillis: 5_000,
  });
  // A client that loses its connection (idle, or mid-query when the backend is killed) must not
  // crash the process: the query in flight fails on its own and the pool drops the client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
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
