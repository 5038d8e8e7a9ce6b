import type { DB } from '@bianzhi/db/generated/audit';
import { runService } from '@bianzhi/trpc/run-service';
import { readAuditEnv } from './env.js';
import { createAuditRouter } from './router.js';
import { registryScope } from './scope.js';

const env = readAuditEnv();
const scope = registryScope({ registryUrl: env.REGISTRY_URL, secret: env.INTERNAL_JWT_SECRET });
// The audit service stores its own entries directly, so it runs no outbox relay (no AUDIT_URL).
await runService<DB, ReturnType<typeof createAuditRouter>>({ name: 'audit', schema: 'audit', env, router: (db) => createAuditRouter(db, scope) });
