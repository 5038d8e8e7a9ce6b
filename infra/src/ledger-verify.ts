// `npm run ledger:verify`: checks the quota ledger of DATABASE_URL (or the dev database) against its
// invariants — conservation per quota type, limits, balances equal to their entries, gapless
// versions, pending transfers resolved once, occupied quota equal to the real-name roll — and names
// what is broken. Exits 1 when anything does not hold. `--audit` also checks one audit event per transfer.
import { checkLedgerInvariants } from '@bianzhi/quota-ledger/invariants';
import { runVerifier } from './lib/verifier.js';
import { say } from './lib/log.js';

await runVerifier<unknown>('ledger-verify', 'ledger', async (db) => {
  const started = Date.now();
  const problems = await checkLedgerInvariants(db, { roll: true, audit: process.argv.includes('--audit') });
  if (problems.length === 0) say(`ledger holds: conservation, limits, balances and versions, pending resolutions, roll (${Date.now() - started} ms)`, 'ok');
  for (const problem of problems.slice(0, 50)) say(problem, 'error');
  if (problems.length > 50) say(`… and ${problems.length - 50} more`, 'error');
  return problems.length === 0;
});
