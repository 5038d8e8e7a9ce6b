import { router } from '@bianzhi/trpc/init';
import type { AuditDb } from './db.js';
import type { JurisdictionScope } from './scope.js';
import { logRouter } from './log/log.router.js';
import { violationRouter } from './violation/violation.router.js';

export function createAuditRouter(db: AuditDb, scope: JurisdictionScope) {
  return router({ audit: router({ log: logRouter(db, scope), violation: violationRouter(db, scope) }) });
}

export type AuditRouter = ReturnType<typeof createAuditRouter>;
