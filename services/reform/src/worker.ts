import { NativeConnection, Worker } from '@temporalio/worker';
import { readReformEnv } from './env.js';
import { createEstablishActivities } from './activities/establish-organization.js';
import { createReformActivities } from './activities/reform-project.js';
import { createMatterActivities } from './activities/matter-life.js';
import { createSupervisionActivities } from './activities/supervision.js';
import { matterIdKey } from './matter/matter-clock.js';
import { createDatabase } from '@bianzhi/db/kysely';
import type { DB } from '@bianzhi/db/generated/reform';
import { createServiceClients } from './service-clients.js';
import { loadWorkflowBundle } from './temporal/workflow-bundle.js';
import { connectWithRetry } from './temporal/connect.js';
import { ensureSearchAttributes } from './temporal/search-attributes.js';

const env = readReformEnv();
const clients = createServiceClients({ registryUrl: env.REGISTRY_URL, ledgerUrl: env.LEDGER_URL, auditUrl: env.AUDIT_URL, secret: env.INTERNAL_JWT_SECRET });
// Matters are the reform service's records; the worker keeps their time and applies their effects.
const db = createDatabase<DB>({ url: env.DATABASE_URL, applicationName: 'reform-worker', max: 4 });
const connection = await connectWithRetry(() => NativeConnection.connect({ address: env.TEMPORAL_ADDRESS }), env.TEMPORAL_ADDRESS, 'reform-worker');
await ensureSearchAttributes(connection, env.TEMPORAL_NAMESPACE);
const worker = await Worker.create({
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  workflowBundle: await loadWorkflowBundle(),
  activities: { ...createEstablishActivities(clients), ...createReformActivities(clients), ...createMatterActivities({ db, ledger: clients.ledger, registry: clients.registry, audit: clients.audit, now: () => new Date(), idKey: matterIdKey(env.INTERNAL_JWT_SECRET) }), ...createSupervisionActivities(clients) },
});
// Worker.run() resolves after SIGINT/SIGTERM, once in-flight tasks finished (the SDK installs the handlers).
console.warn(`[reform-worker] polling task queue ${env.TEMPORAL_TASK_QUEUE} on ${env.TEMPORAL_ADDRESS}`);
await worker.run();
await connection.close();
await db.destroy();
