// `npm run migrate`: applies pending migrations to DATABASE_URL, or to the dev embedded database.
import path from 'node:path';
import { DATA_DIR } from './lib/paths.js';
import { defaultPorts } from './lib/ports.js';
import { provideDatabase } from './lib/postgres.js';
import { migrateDatabase } from './lib/database-setup.js';

const database = await provideDatabase({ dataDir: path.join(DATA_DIR, 'pg'), port: defaultPorts.postgres, database: 'bianzhi', persistent: true });
try {
  await migrateDatabase(database.url);
} finally {
  await database.stop();
}
