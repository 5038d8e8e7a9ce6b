// The migration job of a deployment: applies pending migrations to DATABASE_URL and exits
// (0 when the schema is up to date). Run once before a release's services start.
// Its report goes to stderr, like every log line of the platform.
import { createDatabase } from './kysely.js';
import { migrateToLatest } from './migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const db = createDatabase<unknown>({ url, applicationName: 'migrate', max: 2 });
try {
  const reports = await migrateToLatest(db);
  const applied = reports.flatMap((r) => r.applied.map((m) => `${r.schema}/${m}`));
  console.warn(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
} finally {
  await db.destroy();
}
