import { listViolationsInput, openViolationsInput, rectifyViolationInput, recordViolationInput } from '@bianzhi/contracts/audit';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { listViolations, openViolationsOf, rectifyViolation, recordViolation } from './violation.service.js';

export function violationRouter(db: AuditDb, scope: JurisdictionScope) {
  const record = authedProcedure.meta({ permission: 'audit.violation.record' });
  return router({
    record: record.input(recordViolationInput).mutation(({ ctx, input }) => recordViolation(db, scope, ctx.principal, input, ctx.requestId)),
    rectify: record.input(rectifyViolationInput).mutation(({ ctx, input }) => rectifyViolation(db, scope, ctx.principal, input, ctx.requestId)),
    list: authedProcedure
      .meta({ permission: 'audit.violation.read' })
      .input(listViolationsInput)
      .query(({ ctx, input }) => listViolations(db, scope, ctx.principal, input)),
    openFor: internalProcedure
      .meta({ permission: 'audit.violation.check' })
      .input(openViolationsInput)
      .query(({ input }) => openViolationsOf(db, input.organizationId)),
  });
}
