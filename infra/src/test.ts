// `npm test`: lint, typecheck, generated-type drift, unit and integration tests against a real
// PostgreSQL and real Temporal servers, then browser tests in the system Chromium against the full
// stack. Ends with one line `tests: N passed, M failed` summed over every vitest run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/paths.js';
import { freePort } from './lib/ports.js';
import { findChromium } from './lib/chromium.js';
import { say } from './lib/log.js';
import { sumReports } from './lib/test-report.js';
import { provideTemporal } from './lib/temporal.js';
import { migrateDatabase, seedDatabase } from './lib/database-setup.js';
import { createStack } from './lib/stack.js';
import { startEmbeddedPostgres, ensureDatabase, type RunningPostgres } from '@bianzhi/db/embedded-postgres';

const started = Date.now();
const E2E_LOGIN_LIMIT = 30;
const only = process.argv.slice(2);
const wants = (stage: string) => only.length === 0 || only.includes(stage);
const timings: [string, number][] = [];
const failures: string[] = [];

function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const t0 = Date.now();
  say(`▶ ${name}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  timings.push([name, Date.now() - t0]);
  if (result.status !== 0) {
    failures.push(name);
    say(`✗ ${name} failed`, 'error');
    return false;
  }
  say(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`, 'ok');
  return true;
}

const chromium = findChromium();
if (!chromium && wants('e2e')) {
  say('No Chromium found for the browser tests. Install the system package (Debian/Ubuntu: `apt-get install -y chromium`) or set CHROMIUM_PATH.', 'error');
  process.exit(1);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'bianzhi-test-'));
const reportDir = path.join(scratch, 'reports');
let postgres: RunningPostgres | null = null;
const cleanups: (() => Promise<void>)[] = [];
const turbo = ['exec', 'turbo', 'run', '--concurrency=2', '--output-logs=errors-only'];

try {
  if (wants('lint')) step('lint', 'pnpm', [...turbo, 'lint']);
  if (wants('typecheck')) step('typecheck', 'pnpm', [...turbo, 'typecheck']);
  if (wants('codegen')) step('generated table types match the migrations', 'pnpm', ['exec', 'tsx', 'infra/src/codegen.ts', '--verify']);

  if (wants('unit') || wants('e2e')) {
    const t0 = Date.now();
    postgres = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg'), port: await freePort(), persistent: false });
    await ensureDatabase(postgres.adminUrl, 'bianzhi_template');
    await migrateDatabase(postgres.urlFor('bianzhi_template'));
    timings.push(['PostgreSQL + template database', Date.now() - t0]);
  }
  const testEnv: NodeJS.ProcessEnv = {
    ...process.env,
    BIANZHI_TEST_PG_ADMIN_URL: postgres?.adminUrl,
    BIANZHI_TEST_PG_TEMPLATE: 'bianzhi_template',
    BIANZHI_TEST_REPORT_DIR: reportDir,
    CHROMIUM_PATH: chromium ?? '',
  };

  if (wants('unit')) step('unit and integration tests (PostgreSQL, Temporal)', 'pnpm', [...turbo, 'test', '--continue', '--filter=!@bianzhi/admin'], testEnv);
  if (wants('unit')) step('admin UI unit tests', 'pnpm', ['--filter', '@bianzhi/admin', 'test'], testEnv);

  if (wants('e2e') && postgres) {
    if (step('build the admin UI', 'pnpm', ['--filter', '@bianzhi/admin', 'exec', 'vite', 'build', '--logLevel', 'warn'])) {
      const t0 = Date.now();
      await ensureDatabase(postgres.adminUrl, 'bianzhi_e2e', 'bianzhi_template');
      const databaseUrl = postgres.urlFor('bianzhi_e2e');
      await seedDatabase(databaseUrl, { devUsers: true });
      const temporal = await provideTemporal({ port: await freePort(), uiPort: null, dbFile: null, namespace: 'default' });
      cleanups.push(temporal.stop);
      const ports = { gateway: await freePort(), registry: await freePort(), ledger: await freePort(), audit: await freePort(), reform: await freePort(), admin: null };
      const stack = createStack({
        databaseUrl,
        temporalAddress: temporal.address,
        temporalNamespace: 'default',
        ports,
        secrets: { internalJwtSecret: 'e2e-internal-secret-'.padEnd(48, 'x'), authSecret: 'e2e-auth-secret-'.padEnd(48, 'y') },
        nodeEnv: 'test',
        logLevel: 'warn',
        adminMode: 'dist',
        quiet: !process.env.BIANZHI_E2E_VERBOSE,
        // Several test files sign the same users in within a minute.
        gatewayEnv: { LOGIN_RATE_LIMIT: String(E2E_LOGIN_LIMIT) },
      });
      cleanups.unshift(stack.stop);
      await stack.start();
      timings.push(['full stack start for browser tests', Date.now() - t0]);
      step('browser and API tests against the full stack', 'pnpm', ['--filter', '@bianzhi/admin', 'e2e'], {
        ...testEnv,
        BIANZHI_E2E_URL: stack.publicUrl,
        BIANZHI_E2E_DATABASE_URL: databaseUrl,
        BIANZHI_E2E_LOGIN_LIMIT: String(E2E_LOGIN_LIMIT),
      });
    }
  }
} catch (error) {
  failures.push(`harness: ${(error as Error).message}`);
  say(`test harness failed: ${(error as Error).stack ?? error}`, 'error');
} finally {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  await postgres?.stop().catch(() => undefined);
}

const totals = sumReports(reportDir);
rmSync(scratch, { recursive: true, force: true });
say('timings:');
for (const [name, ms] of timings) say(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${name}`);
say(`total ${((Date.now() - started) / 1000).toFixed(1)} s; ${totals.files} test reports${failures.length ? `; failed: ${failures.join(', ')}` : ''}`);
// The one closing line CI reads.
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
const ranTests = wants('unit') || wants('e2e');
process.exit(failures.length === 0 && totals.failed === 0 && (!ranTests || totals.passed > 0) ? 0 : 1);
