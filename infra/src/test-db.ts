// `pnpm exec tsx infra/src/test-db.ts`: a throwaway PostgreSQL with the migrated template database,
// kept running for a developer's edit-test loop. It prints the two variables integration tests
// read; run single files with them set, e.g. `BIANZHI_TEST_PG_ADMIN_URL=… npx vitest run src/x`.
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { ensureDatabase, startEmbeddedPostgres } from '@bianzhi/db/embedded-postgres';
import { migrateDatabase } from './lib/database-setup.js';
import { freePort } from './lib/ports.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'bianzhi-test-db-'));
const postgres = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg'), port: await freePort(), persistent: false });
await ensureDatabase(postgres.adminUrl, 'bianzhi_template');
await migrateDatabase(postgres.urlFor('bianzhi_template'));
console.log(`export BIANZHI_TEST_PG_ADMIN_URL=${postgres.adminUrl} BIANZHI_TEST_PG_TEMPLATE=bianzhi_template`);
const stop = () => void postgres.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);
