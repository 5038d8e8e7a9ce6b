// `npm run seed`: loads the demo city into DATABASE_URL or the dev embedded database (dev users included only outside production).
import path from 'node:path';
import { DATA_DIR } from './lib/paths.js';
import { defaultPorts } from './lib/ports.js';
import { provideDatabase } from './lib/postgres.js';
import { migrateDatabase, seedDatabase } from './lib/database-setup.js';

const database = await provideDatabase({ dataDir: path.join(DATA_DIR, 'pg'), port: defaultPorts.postgres, database: 'bianzhi', persistent: true });
try {
  await migrateDatabase(database.url);
  await seedDatabase(database.url, { devUsers: process.env.NODE_ENV !== 'production' });
} finally {
  await database.stop();
}
