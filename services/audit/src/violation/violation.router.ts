import { closeViolationInput, evidenceIdInput, isBlockedInput, listViolationsInput, openViolationsInput, openViolationInput, updateViolationInput, violationIdInput } from '@bianzhi/contracts/audit';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { openTargetViolationInput } from '@bianzhi/contracts/reduction';
import { openTargetViolation } from './target-violation.js';
import { blockStatusOf, closeViolation, evidenceFile, getViolation, listViolations, openViolation, updateViolation, openViolationsOf } from './violation.service.js';

export function violationRouter(db: AuditDb, scope: JurisdictionScope) {
  const read = authedProcedure.meta({ permission: 'audit.violation.read' });
  return router({
    open: authedProcedure
      .meta({ permission: 'audit.violation.record' })
      .input(openViolationInput)
      .mutation(({ ctx, input }) => openViolation(db, scope, ctx.principal, input, ctx.requestId)),
    update: authedProcedure
      .meta({ permission: 'audit.violation.rectify' })
      .input(updateViolationInput)
      .mutation(({ ctx, input }) => updateViolation(db, scope, ctx.principal, input, ctx.requestId)),
    close: authedProcedure
      .meta({ permission: 'audit.violation.close' })
      .input(closeViolationInput)
      .mutation(({ ctx, input }) => closeViolation(db, scope, ctx.principal, input, ctx.requestId)),
    list: read.input(listViolationsInput).query(({ ctx, input }) => listViolations(db, scope, ctx.principal, input)),
    get: read.input(violationIdInput).query(({ ctx, input }) => getViolation(db, scope, ctx.principal, input.id)),
    evidence: read.input(evidenceIdInput).query(({ ctx, input }) => evidenceFile(db, scope, ctx.principal, input.id)),
    // A reduction target's missed deadline (the target's workflow): the platform's alone.
    openForTarget: internalProcedure
      .meta({ permission: 'audit.violation.openForTarget' })
      .input(openTargetViolationInput)
      .mutation(({ ctx, input }) => openTargetViolation(db, scope, ctx.principal, input, ctx.requestId)),
  });
}

/** 问题整改与审批联动: the other services ask before an approval; only they may ask. */
export function linkageRouter(db: AuditDb) {
  return router({
    isBlocked: internalProcedure
      .meta({ permission: 'audit.violation.check' })
      .input(isBlockedInput)
      .query(({ input }) => blockStatusOf(db, input.organizationId)),
    openByUnit: internalProcedure
      .meta({ permission: 'audit.violation.check' })
      .input(openViolationsInput)
      .query(({ input }) => openViolationsOf(db, input.organizationIds)),
  });
}
