// `npm test`: lint, typecheck, generated-type drift, unit and integration tests against a real
// PostgreSQL and real Temporal servers, then browser tests in the system Chromium against the full
// stack. Ends with one line `tests: N passed, M failed` summed over every vitest run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/paths.js';
import { freePort } from './lib/ports.js';
import { findChromium, hasCjkFont } from './lib/chromium.js';
import { say } from './lib/log.js';
import { sumReports } from './lib/test-report.js';
import { provideTemporal } from './lib/temporal.js';
import { migrateDatabase, seedDatabase } from './lib/database-setup.js';
import { createStack } from './lib/stack.js';
import { seedDemoMatters } from './seed/demo-matters.js';
import { ephemeralSecrets } from './lib/secrets.js';
import { startTestOidcProvider } from './lib/oidc-test-provider.js';
import { startEmbeddedPostgres, ensureDatabase, type RunningPostgres } from '@bianzhi/db/embedded-postgres';

const started = Date.now();
const E2E_LOGIN_LIMIT = 30;
const only = process.argv.slice(2);
const wants = (stage: string) => only.length === 0 || only.includes(stage);
const timings: [string, number][] = [];
const failures: string[] = [];

/** Runs one stage; asynchronously, because servers this process hosts (the test OIDC provider) must keep answering. */
async function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const t0 = Date.now();
  say(`▶ ${name}`);
  const status = await new Promise<number | null>((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code));
  });
  timings.push([name, Date.now() - t0]);
  if (status !== 0) {
    failures.push(name);
    say(`✗ ${name} failed`, 'error');
    return false;
  }
  say(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`, 'ok');
  return true;
}

// The browser tests and the PDF reports (tested in the unit and integration stage) print with the system Chromium and CJK fonts.
const chromium = findChromium();
if (!chromium && (wants('e2e') || wants('unit'))) {
  say('No Chromium found for the browser tests and PDF reports. Install the system package (Debian/Ubuntu: `apt-get install -y chromium`) or set CHROMIUM_PATH.', 'error');
  process.exit(1);
}
if (!hasCjkFont() && (wants('e2e') || wants('unit'))) {
  say('No Chinese font found for PDF reports and screenshots. Install one (Debian/Ubuntu: `apt-get install -y fonts-noto-cjk`).', 'error');
  process.exit(1);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'bianzhi-test-'));
const reportDir = path.join(scratch, 'reports');
let postgres: RunningPostgres | null = null;
const cleanups: (() => Promise<void>)[] = [];
const turbo = ['exec', 'turbo', 'run', '--concurrency=2', '--output-logs=errors-only'];

try {
  if (wants('lint')) await step('lint', 'pnpm', [...turbo, 'lint']);
  if (wants('typecheck')) await step('typecheck', 'pnpm', [...turbo, 'typecheck']);
  if (wants('lint')) {
    // The production manifests against the Kubernetes API schema (strict: unknown fields fail too).
    const manifests = readdirSync(path.join(ROOT, 'infra/deploy/k8s')).filter((f) => f.endsWith('.yaml')).map((f) => path.join(ROOT, 'infra/deploy/k8s', f));
    await step('deployment manifests match the Kubernetes 1.33 schema', process.env.BIANZHI_KUBERNETES_VALIDATE ?? 'kubernetes-validate', ['--strict', '--kubernetes-version', '1.33.0', ...manifests]);
  }
  if (wants('codegen')) await step('generated table types match the migrations', 'pnpm', ['exec', 'tsx', 'infra/src/codegen.ts', '--verify']);

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

  if (wants('unit')) await step('unit and integration tests (PostgreSQL, Temporal)', 'pnpm', [...turbo, 'test', '--continue', '--filter=!@bianzhi/admin'], testEnv);
  if (wants('unit')) await step('admin UI unit tests', 'pnpm', ['--filter', '@bianzhi/admin', 'test'], testEnv);

  if (wants('e2e') && postgres) {
    if (await step('build the admin UI', 'pnpm', ['--filter', '@bianzhi/admin', 'exec', 'vite', 'build', '--logLevel', 'warn'])) {
      const t0 = Date.now();
      await ensureDatabase(postgres.adminUrl, 'bianzhi_e2e', 'bianzhi_template');
      const databaseUrl = postgres.urlFor('bianzhi_e2e');
      await seedDatabase(databaseUrl, { devUsers: true });
      const temporal = await provideTemporal({ port: await freePort(), uiPort: null, dbFile: null, namespace: 'default' });
      cleanups.push(temporal.stop);
      const ports = { gateway: await freePort(), registry: await freePort(), ledger: await freePort(), audit: await freePort(), reform: await freePort(), admin: null };
      // A local OpenID Connect provider, standing in for the government's unified identity platform.
      const oidc = await startTestOidcProvider({ port: await freePort(), redirectUri: `http://localhost:${ports.gateway}/api/auth/callback/gov-idp` });
      cleanups.push(oidc.stop);
      const stack = createStack({
        databaseUrl,
        temporalAddress: temporal.address,
        temporalNamespace: 'default',
        ports,
        secrets: ephemeralSecrets(),
        nodeEnv: 'test',
        logLevel: 'warn',
        adminMode: 'dist',
        quiet: !process.env.BIANZHI_E2E_VERBOSE,
        // Several test files sign the same users in within a minute.
        // Follow-ups 2, 4 and 6 seconds after a reform's execution, so a browser test sees a project close.
        // Subscriptions reach the browser test's local receiver, and retry within a second or two.
        auditEnv: { LINKAGE_ALLOW_LOCAL_TARGETS: 'true', LINKAGE_RETRY_BASE_MS: '1000', LINKAGE_RETRY_MAX_MS: '2000', LINKAGE_POLL_MS: '300' },
        reformEnv: { REFORM_FOLLOW_UP_DAYS: [2, 4, 6].map((s) => s / 86_400).join(',') },
        gatewayEnv: { LOGIN_RATE_LIMIT: String(E2E_LOGIN_LIMIT), OIDC_ISSUER_URL: oidc.issuer, OIDC_CLIENT_ID: oidc.clientId, OIDC_CLIENT_SECRET: oidc.clientSecret },
      });
      cleanups.unshift(stack.stop);
      await stack.start();
      await seedDemoMatters(stack.publicUrl);
      timings.push(['full stack start for browser tests', Date.now() - t0]);
      // BIANZHI_E2E_ONLY='reform-ui plans' runs only the browser/API test files whose names contain one of the words.
      await step('browser and API tests against the full stack', 'pnpm', ['--filter', '@bianzhi/admin', 'e2e', ...(process.env.BIANZHI_E2E_ONLY ? process.env.BIANZHI_E2E_ONLY.split(' ') : [])], {
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
