import { ingestInput, listAuditLogInput } from '@bianzhi/contracts/audit';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { ingestEvents, verifyChain } from './log.service.js';
import { chainHead, listEntries } from './log.repository.js';

export function logRouter(db: AuditDb, scope: JurisdictionScope) {
  return router({
    ingest: internalProcedure
      .meta({ permission: 'audit.log.ingest' })
      .input(ingestInput)
      .mutation(({ input }) => ingestEvents(db, input.events)),
    list: authedProcedure
      .meta({ permission: 'audit.log.read' })
      .input(listAuditLogInput)
      .query(async ({ ctx, input }) => listEntries(db, { ...input, jurisdictionIds: await scope.jurisdictionIdsOf(ctx.principal) })),
    verify: authedProcedure.meta({ permission: 'audit.log.read' }).query(() => verifyChain(db)),
    head: authedProcedure.meta({ permission: 'audit.log.read' }).query(() => chainHead(db)),
  });
}
