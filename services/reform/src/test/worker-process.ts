/**
 * A reform worker in its own process, for the test that kills a worker in the middle of execution
 * (SIGKILL: no shutdown, no completion reported). With BIANZHI_TEST_HANG_AFTER_LEDGER=1 it applies
 * a ledger step for real and then hangs before reporting it, so the kill lands at the worst moment.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createReformActivities } from '../activities/reform-project.js';
import { createServiceClients } from '../service-clients.js';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';

const env = process.env as Record<string, string>;
const clients = createServiceClients({ registryUrl: env.REGISTRY_URL!, ledgerUrl: env.LEDGER_URL!, auditUrl: env.AUDIT_URL!, secret: env.INTERNAL_JWT_SECRET! });
const activities = createReformActivities(clients);
const hang = env.BIANZHI_TEST_HANG_AFTER_LEDGER === '1';
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  taskQueue: env.TEMPORAL_TASK_QUEUE!,
  workflowBundle: await buildWorkflowBundle(),
  activities: {
    ...activities,
    async applyLedgerStep(input: Parameters<typeof activities.applyLedgerStep>[0]) {
      const result = await activities.applyLedgerStep(input);
      if (hang) {
        process.stdout.write(`LEDGER-APPLIED ${result.id}\n`);
        await new Promise(() => undefined);
      }
      return result;
    },
  },
});
process.stdout.write('WORKER-READY\n');
await worker.run();
