import { router } from '@bianzhi/trpc/init';
import type { AuditDb } from './db.js';
import type { JurisdictionScope } from './scope.js';
import { logRouter } from './log/log.router.js';
import { linkageRouter, violationRouter } from './violation/violation.router.js';
import type { HeadSigner } from './log/signed-head.js';

export function createAuditRouter(db: AuditDb, scope: JurisdictionScope, signer: HeadSigner) {
  return router({ audit: router({ log: logRouter(db, scope, signer), violation: violationRouter(db, scope), linkage: linkageRouter(db) }) });
}

export type AuditRouter = ReturnType<typeof createAuditRouter>;
