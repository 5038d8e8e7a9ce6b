// `npm run ledger:verify`: checks the quota ledger of DATABASE_URL (or the dev database) against its
// invariants — conservation per quota type, limits, balances equal to their entries, gapless
// versions, pending transfers resolved once, occupied quota equal to the real-name roll — and names
// what is broken. Exits 1 when anything does not hold. `--audit` also checks one audit event per transfer.
import path from 'node:path';
import { createDatabase } from '@bianzhi/db/kysely';
import { checkLedgerInvariants } from '@bianzhi/quota-ledger/invariants';
import { DATA_DIR } from './lib/paths.js';
import { defaultPorts } from './lib/ports.js';
import { provideDatabase } from './lib/postgres.js';
import { say } from './lib/log.js';

const database = await provideDatabase({ dataDir: path.join(DATA_DIR, 'pg'), port: defaultPorts.postgres, database: 'bianzhi', persistent: true });
const db = createDatabase<unknown>({ url: database.url, applicationName: 'ledger-verify', max: 1 });
let failed = false;
try {
  const started = Date.now();
  const problems = await checkLedgerInvariants(db, { roll: true, audit: process.argv.includes('--audit') });
  if (problems.length === 0) say(`ledger holds: conservation, limits, balances and versions, pending resolutions, roll (${Date.now() - started} ms)`, 'ok');
  else {
    failed = true;
    for (const problem of problems.slice(0, 50)) say(problem, 'error');
    if (problems.length > 50) say(`… and ${problems.length - 50} more`, 'error');
  }
} catch (error) {
  failed = true;
  const missing = (error as { code?: string }).code === '42P01';
  say(missing ? 'this database has no ledger yet: run `npm run migrate`, or point DATABASE_URL at the platform’s database' : error instanceof Error ? error.message : String(error), 'error');
} finally {
  await db.destroy();
  await database.stop();
}
process.exit(failed ? 1 : 0);
