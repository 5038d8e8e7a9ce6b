import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DB as ReformDB } from '@bianzhi/db/generated/reform';
import type { TestDatabase } from '@bianzhi/testing/database';
import { createMatterActivities } from '../activities/matter-life.js';
import { createServiceClients } from '../service-clients.js';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';

/**
 * The matter worker of an end-to-end matter test (the services served over HTTP, a real Temporal
 * server), and the teardown such a test ends with: the worker, the hosts, Temporal, the database.
 */
export async function startMatterWorker(options: { env: TestWorkflowEnvironment; testDb: TestDatabase<unknown>; urls: Parameters<typeof createServiceClients>[0]; secret: string; taskQueue: string }) {
  const worker = await Worker.create({
    connection: options.env.nativeConnection,
    taskQueue: options.taskQueue,
    workflowBundle: await buildWorkflowBundle(),
    activities: createMatterActivities({ db: options.testDb.db as Kysely<ReformDB>, ...createServiceClients(options.urls), now: () => new Date(), idKey: options.secret }),
  });
  const running = worker.run();
  return { worker, running };
}

export async function stopMatterTest(parts: { worker?: Worker | undefined; running?: Promise<void> | undefined; hosts: FastifyInstance[]; env?: TestWorkflowEnvironment | undefined; testDb?: TestDatabase<unknown> | undefined }): Promise<void> {
  parts.worker?.shutdown();
  await parts.running?.catch(() => undefined);
  for (const host of parts.hosts) await host.close();
  await parts.env?.teardown();
  await parts.testDb?.drop();
}
