// Regenerates the per-schema Kysely table types from a freshly migrated database
// (`npm run codegen`), or with --verify fails when the committed types have drifted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '@bianzhi/db/kysely';
import { migrateToLatest } from '@bianzhi/db/migrate';
import { serviceSchemas } from '@bianzhi/db/schemas';
import { startEmbeddedPostgres, ensureDatabase } from '@bianzhi/db/embedded-postgres';
import { freePort } from './lib/ports.js';
import { ROOT } from './lib/paths.js';
import { say } from './lib/log.js';

const verify = process.argv.includes('--verify');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bianzhi-codegen-'));
const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), persistent: false });
let failed = false;
try {
  await ensureDatabase(server.adminUrl, 'codegen');
  const url = server.urlFor('codegen');
  const db = createDatabase({ url });
  await migrateToLatest(db);
  await db.destroy();
  for (const schema of serviceSchemas) {
    const outFile = path.join(ROOT, 'packages', 'db', 'src', 'generated', `${schema}.ts`);
    const args = ['exec', 'kysely-codegen', '--dialect', 'postgres', '--url', url, '--include-pattern', `${schema}.*`, '--exclude-pattern', `${schema}.kysely_migration*`, '--out-file', outFile, '--type-mapping', JSON.stringify({ int8: 'number', date: 'string' })];
    if (verify) args.push('--verify');
    const result = spawnSync('pnpm', args, { cwd: path.join(ROOT, 'packages', 'db'), encoding: 'utf8' });
    if (result.status !== 0) {
      failed = true;
      console.error(`[codegen] ${schema}: ${verify ? 'generated types differ from the migrations; run `npm run codegen` and commit' : 'failed'}\n${result.stdout}${result.stderr}`);
    } else {
      say(`${verify ? 'verified' : 'generated'} ${path.relative(ROOT, outFile)}`);
    }
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
