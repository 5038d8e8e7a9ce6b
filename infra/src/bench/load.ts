// `npm run bench -- load`: the Wuhan-scale city (≈5,500 organizations, ≈170,000 people) and the
// province-scale set (9 such cities, ≈49,000 organizations, ≈1.5 million people) loaded with COPY
// into fresh databases, against `pgbench -i` writing the same number of rows on the same
// PostgreSQL in the same run (its initialisation is a COPY too).
import { checkLedgerInvariants } from '@bianzhi/quota-ledger/invariants';
import { performance } from 'node:perf_hooks';
import { ensureDatabase } from '@bianzhi/db/embedded-postgres';
import { createDatabase } from '@bianzhi/db/kysely';
import { migrateDatabase } from '../lib/database-setup.js';
import { say } from '../lib/log.js';
import { loadScale, scales } from '../seed/scale.js';
import { benchEnvironment, pgbenchPath, run } from './common.js';

export async function benchLoad(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const rows: string[] = [];
    for (const scale of Object.keys(scales) as (keyof typeof scales)[]) {
      const name = `load_${scale}`;
      await ensureDatabase(env.adminUrl, name);
      const url = env.adminUrl.replace(/\/[^/]*$/, `/${name}`);
      await migrateDatabase(url);
      const t0 = performance.now();
      const report = await loadScale(url, scale);
      const seconds = (performance.now() - t0) / 1000;

      let baseline = 'pgbench n/a';
      const pgbench = pgbenchPath();
      if (pgbench) {
        await ensureDatabase(env.adminUrl, `pgbench_${scale}`);
        const target = new URL(env.adminUrl);
        process.env.PGPASSWORD = decodeURIComponent(target.password);
        // pgbench's scale 1 is 100,000 account rows; the same row count as persons + slots.
        const pgScale = Math.max(1, Math.round((2 * report.people) / 100_000));
        const p0 = performance.now();
        await run(pgbench, ['-h', target.hostname, '-p', target.port, '-U', decodeURIComponent(target.username), '-i', '-q', '-s', String(pgScale), `pgbench_${scale}`]);
        const pgSeconds = (performance.now() - p0) / 1000;
        baseline = `pgbench -i -s ${pgScale} (${(pgScale * 100_000).toLocaleString('en-US')} rows) ${pgSeconds.toFixed(1)} s, ratio ${(seconds / pgSeconds).toFixed(2)}`;
      }
      rows.push(
        `${scale}: ${report.organizations.toLocaleString('en-US')} organizations, ${report.people.toLocaleString('en-US')} people, ${report.accounts.toLocaleString('en-US')} accounts, ${report.transfers.toLocaleString('en-US')} transfers in ${seconds.toFixed(1)} s (registry ${report.registrySeconds.toFixed(1)} s, ledger ${report.ledgerSeconds.toFixed(1)} s, analyze ${report.analyzeSeconds.toFixed(1)} s) | ${baseline}`,
      );
      say(rows.at(-1)!);

      // The loaded set obeys the ledger's invariants (the same check as `npm run ledger:verify`).
      const db = createDatabase<unknown>({ url, applicationName: 'bench-check', max: 1 });
      try {
        const problems = await checkLedgerInvariants(db, { roll: true });
        say(`${scale} check: ${problems.length === 0 ? 'the ledger holds (conservation, limits, balances and versions, roll)' : problems.slice(0, 5).join('; ')}`);
        if (problems.length > 0) throw new Error(`${scale}: the loaded data breaks the ledger's invariants`);
      } finally {
        await db.destroy();
      }
    }
  } finally {
    await env.close();
  }
}
