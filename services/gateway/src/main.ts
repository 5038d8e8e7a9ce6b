import type { Kysely } from 'kysely';
import type { DB } from '@bianzhi/db/generated/identity';
import { createDatabase, isDatabaseReachable } from '@bianzhi/db/kysely';
import { createOutboxRelay } from '@bianzhi/db/outbox-relay';
import { createAuditDelivery } from '@bianzhi/trpc/audit-delivery';
import { runServiceHost } from '@bianzhi/trpc/service-host';
import { readGatewayEnv } from './env.js';
import { createGateway } from './app.js';

const env = readGatewayEnv();
const db = createDatabase<DB>({ url: env.DATABASE_URL, applicationName: 'gateway', max: 5 });
const app = await createGateway(env, db);
// Sign-ins, account changes and refusals reach the audit log through the identity outbox.
const relay = createOutboxRelay({
  db: db as Kysely<unknown>,
  schema: 'identity',
  deliver: createAuditDelivery({ auditUrl: env.AUDIT_URL, secret: env.INTERNAL_JWT_SECRET, service: 'gateway' }),
  onError: (error) => app.log.warn({ err: error }, 'outbox delivery failed; will retry'),
});
app.addHook('onClose', () => relay.stop());
await runServiceHost(app, { host: env.HOST, port: env.PORT, waitFor: { database: () => isDatabaseReachable(db as Kysely<unknown>) } });
relay.start();
