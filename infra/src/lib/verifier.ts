import path from 'node:path';
import type { Kysely } from 'kysely';
import { createDatabase } from '@bianzhi/db/kysely';
import { DATA_DIR } from './paths.js';
import { defaultPorts } from './ports.js';
import { provideDatabase } from './postgres.js';
import { say } from './log.js';

/**
 * A verifier command (`npm run audit:verify`, `npm run ledger:verify`): runs `check` against
 * DATABASE_URL (or the dev database) and exits 1 when it finds something broken (it answers false)
 * or fails; a database without the verified tables is told to migrate first.
 */
export async function runVerifier<DB>(name: string, what: string, check: (db: Kysely<DB>) => Promise<boolean>): Promise<never> {
  const database = await provideDatabase({ dataDir: path.join(DATA_DIR, 'pg'), port: defaultPorts.postgres, database: 'bianzhi', persistent: true });
  const db = createDatabase<DB>({ url: database.url, applicationName: name, max: 1 }) as Kysely<DB>;
  let failed = false;
  try {
    failed = !(await check(db));
  } catch (error) {
    failed = true;
    const missing = (error as { code?: string }).code === '42P01';
    say(missing ? `this database has no ${what} yet: run \`npm run migrate\`, or point DATABASE_URL at the platform’s database` : error instanceof Error ? error.message : String(error), 'error');
  } finally {
    await db.destroy();
    await database.stop();
  }
  process.exit(failed ? 1 : 0);
}
