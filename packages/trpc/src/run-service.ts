import type { AnyRouter } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createDatabase, isDatabaseReachable } from '@bianzhi/db/kysely';
import { createOutboxRelay } from '@bianzhi/db/outbox-relay';
import type { ServiceSchema } from '@bianzhi/db/schemas';
import { createAuditDelivery } from './audit-delivery.js';
import { createServiceHost, runServiceHost } from './service-host.js';

export interface RunServiceOptions<DB, TRouter extends AnyRouter> {
  name: string;
  schema: ServiceSchema;
  env: { HOST: string; PORT: number; LOG_LEVEL: string; DATABASE_URL: string; INTERNAL_JWT_SECRET: string; AUDIT_URL?: string };
  router: (db: Kysely<DB>) => TRouter;
  /** Further readiness checks besides the database (e.g. Temporal for reform). */
  readiness?: Record<string, () => Promise<boolean>>;
  configure?: (app: FastifyInstance, db: Kysely<DB>) => Promise<void> | void;
  onClose?: () => Promise<void>;
}

/**
 * The standard life of a service process: connect (waiting for the database with retries),
 * serve its router, relay its outbox to the audit service, and stop in order on a signal.
 */
export async function runService<DB, TRouter extends AnyRouter>(options: RunServiceOptions<DB, TRouter>): Promise<FastifyInstance> {
  const { env } = options;
  const db = createDatabase<DB>({ url: env.DATABASE_URL, applicationName: options.name });
  const databaseReachable = () => isDatabaseReachable(db as Kysely<unknown>);
  const auditUrl = env.AUDIT_URL;
  let app: FastifyInstance | null = null;
  const relay = auditUrl
    ? createOutboxRelay({
        db: db as Kysely<unknown>,
        schema: options.schema,
        deliver: createAuditDelivery({ auditUrl, secret: env.INTERNAL_JWT_SECRET, service: options.name }),
        onError: (error) => app?.log.warn({ err: error }, 'outbox delivery failed; will retry'),
      })
    : null;
  app = await createServiceHost({
    name: options.name,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    router: options.router(db),
    internalSecret: env.INTERNAL_JWT_SECRET,
    readiness: { database: databaseReachable, ...options.readiness },
    configure: (instance) => options.configure?.(instance, db),
    onClose: async () => {
      await relay?.stop();
      await options.onClose?.();
      await db.destroy();
    },
  });
  await runServiceHost(app, { host: env.HOST, port: env.PORT, waitFor: { database: databaseReachable } });
  relay?.start();
  return app;
}
