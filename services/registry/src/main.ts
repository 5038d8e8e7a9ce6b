import type { DB } from '@bianzhi/db/generated/registry';
import { runService } from '@bianzhi/trpc/run-service';
import { readRegistryEnv } from './env.js';
import { auditViolations } from './policy/audit-violations.js';
import { createRegistryRouter } from './router.js';

const env = readRegistryEnv();
const violations = auditViolations({ auditUrl: env.AUDIT_URL, secret: env.INTERNAL_JWT_SECRET });
await runService<DB, ReturnType<typeof createRegistryRouter>>({ name: 'registry', schema: 'registry', env, router: (db) => createRegistryRouter(db, violations) });
