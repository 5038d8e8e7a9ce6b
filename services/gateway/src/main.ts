import { createDatabase, isDatabaseReachable } from '@bianzhi/db/kysely';
import { runServiceHost } from '@bianzhi/trpc/service-host';
import { readGatewayEnv } from './env.js';
import { createGateway } from './app.js';

const env = readGatewayEnv();
const db = createDatabase<unknown>({ url: env.DATABASE_URL, applicationName: 'gateway', max: 5 });
const app = await createGateway(env, db);
await runServiceHost(app, { host: env.HOST, port: env.PORT, waitFor: { database: () => isDatabaseReachable(db) } });
