import { exportAuditLogInput, ingestInput, listAuditLogInput, verifyAuditLogInput } from '@bianzhi/contracts/audit';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { exportEntries } from './log-export.js';
import { ingestEvents, verifyChain } from './log.service.js';
import { chainHead, listEntries } from './log.repository.js';
import { signedHeads, type HeadSigner } from './signed-head.js';

export function logRouter(db: AuditDb, scope: JurisdictionScope, signer: HeadSigner) {
  const read = authedProcedure.meta({ permission: 'audit.log.read' });
  return router({
    ingest: internalProcedure
      .meta({ permission: 'audit.log.ingest' })
      .input(ingestInput)
      .mutation(({ input }) => ingestEvents(db, input.events)),
    list: read.input(listAuditLogInput).query(async ({ ctx, input }) => listEntries(db, { ...input, jurisdictionIds: await scope.jurisdictionIdsOf(ctx.principal) })),
    export: read
      .input(exportAuditLogInput)
      .query(async ({ ctx, input }) => exportEntries(db, { ...input, jurisdictionIds: await scope.jurisdictionIdsOf(ctx.principal) })),
    verify: read.input(verifyAuditLogInput).query(({ input }) => verifyChain(db, signer, input.signedHead)),
    head: read.query(async () => ({
      ...(await chainHead(db)),
      keyId: signer.keyId,
      publicKey: signer.publicKeyPem,
      signed: await signedHeads(db, 30),
    })),
  });
}
