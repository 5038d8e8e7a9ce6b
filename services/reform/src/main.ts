import { Client, Connection } from '@temporalio/client';
import type { DB } from '@bianzhi/db/generated/reform';
import { runService } from '@bianzhi/trpc/run-service';
import { readReformEnv } from './env.js';
import { createReformRouter } from './router.js';
import { matterIdKey } from './matter/matter-clock.js';
import { ensureMonitoringQuarters } from './matter/reduction-target.js';
import { createServiceClients } from './service-clients.js';
import { connectWithRetry } from './temporal/connect.js';
import { ensureSearchAttributes } from './temporal/search-attributes.js';

const env = readReformEnv();
const connection = await connectWithRetry(() => Connection.connect({ address: env.TEMPORAL_ADDRESS }), env.TEMPORAL_ADDRESS, 'reform');
await ensureSearchAttributes(connection, env.TEMPORAL_NAMESPACE);
const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
// 季度监控: the quarter ends are kept by one workflow (docs/ledger.md).
await ensureMonitoringQuarters(temporal, env.TEMPORAL_TASK_QUEUE);
const urls = { registryUrl: env.REGISTRY_URL, ledgerUrl: env.LEDGER_URL, auditUrl: env.AUDIT_URL, secret: env.INTERNAL_JWT_SECRET };

await runService<DB, ReturnType<typeof createReformRouter>>({
  name: 'reform',
  schema: 'reform',
  env,
  router: (db) => createReformRouter({ db, temporal, taskQueue: env.TEMPORAL_TASK_QUEUE, registryAs: (principal) => createServiceClients(urls, () => principal).registry, ...createServiceClients(urls), followUpDays: env.REFORM_FOLLOW_UP_DAYS, idKey: matterIdKey(env.INTERNAL_JWT_SECRET) }),
  readiness: {
    temporal: async () => {
      await connection.workflowService.getSystemInfo({});
      return true;
    },
  },
  onClose: () => connection.close(),
});
