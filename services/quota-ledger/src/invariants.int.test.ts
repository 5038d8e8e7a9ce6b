import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { checkLedgerInvariants } from './invariants.js';
import { ledgerHarness } from './test/ledger-harness.js';

/** The ledger's invariants, and `npm run ledger:verify` on a database that holds them and on one that does not. */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
beforeAll(async () => {
  h = await ledgerHarness('ledger-invariants', { units: 2 });
  await h.allocate(0, 5);
  await h.allocate(1, 3);
});
afterAll(async () => h?.drop());

const root = path.resolve(import.meta.dirname, '../../..');
const verify = () => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'infra/src/ledger-verify.ts')], { cwd: root, env: { ...process.env, DATABASE_URL: h.url }, encoding: 'utf8', timeout: 60_000 });

describe('the ledger’s invariants', () => {
  it('hold after ordinary work, and `npm run ledger:verify` says so and exits 0', async () => {
    expect(await checkLedgerInvariants(h.db, { audit: true, roll: true })).toEqual([]);
    const run = verify();
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain('ledger holds');
  });

  it('name a balance that no longer folds from its entries and the broken conservation, and the command exits 1', async () => {
    const vacant = h.units[0]!.vacant;
    // Tampering behind the ledger's back (as a broken migration or a manual edit would).
    await sql`alter table ledger.accounts disable trigger user`.execute(h.db);
    await sql`update ledger.accounts set credits_posted = credits_posted + 1 where id = ${vacant}`.execute(h.db);
    await sql`alter table ledger.accounts enable trigger user`.execute(h.db);
    const problems = await checkLedgerInvariants(h.db);
    expect(problems).toEqual(expect.arrayContaining([`fold ${vacant}`, 'conservation administrative']));
    const run = verify();
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain(`fold ${vacant}`);
  });
});
