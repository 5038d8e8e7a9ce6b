import { crosscheckFindingsInput, crosscheckImportInput, crosscheckRunInput, crosscheckStatusInput, findingToViolationInput } from '@bianzhi/contracts/audit';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { findingToViolation, importBatch, listFindings, runStatus, startRun, type RollPort } from './crosscheck.service.js';

export function crosscheckRouter(db: AuditDb, scope: JurisdictionScope, roll: RollPort) {
  const check = authedProcedure.meta({ permission: 'audit.crosscheck.run' });
  return router({
    import: check.input(crosscheckImportInput).mutation(({ ctx, input }) => importBatch(db, scope, ctx.principal, input)),
    run: check.input(crosscheckRunInput).mutation(({ ctx, input }) => startRun(db, scope, roll, ctx.principal, input)),
    status: check.input(crosscheckStatusInput).query(({ ctx, input }) => runStatus(db, ctx.principal, input.id)),
    findings: check.input(crosscheckFindingsInput).query(({ ctx, input }) => listFindings(db, ctx.principal, input)),
    toViolation: authedProcedure
      .meta({ permission: 'audit.violation.record' })
      .input(findingToViolationInput)
      .mutation(({ ctx, input }) => findingToViolation(db, scope, ctx.principal, input, ctx.requestId)),
  });
}
