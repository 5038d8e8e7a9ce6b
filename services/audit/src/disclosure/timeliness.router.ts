import { correctionOrdersInput, issueCorrectionOrderInput, lateUnitsInput, timelinessChangesInput } from '@bianzhi/contracts/disclosure-timeliness';
import { authedProcedure, publicProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import * as timeliness from './timeliness.service.js';

/**
 * audit.timeliness.*: 及时公开 — changes with their disclosure deadlines, correction orders
 * (责令限期补正通知), and the yearly public list of late units (`lateUnits`, the only public procedure
 * here, let through by the gateway without a session: units on the public site only, no person).
 */
export function timelinessRouter(db: AuditDb, scope: JurisdictionScope) {
  const read = authedProcedure.meta({ permission: 'audit.timeliness.read' });
  return router({
    changes: read.input(timelinessChangesInput).query(({ ctx, input }) => timeliness.disclosureChanges(db, scope, ctx.principal, input)),
    orders: read.input(correctionOrdersInput).query(({ ctx, input }) => timeliness.correctionOrders(db, scope, ctx.principal, input)),
    issueOrder: authedProcedure
      .meta({ permission: 'audit.timeliness.order' })
      .input(issueCorrectionOrderInput)
      .mutation(({ ctx, input }) => timeliness.issueCorrectionOrder(db, scope, ctx.principal, input, ctx.requestId)),
    lateUnits: publicProcedure.input(lateUnitsInput).query(({ input }) => timeliness.lateUnits(db, input.year)),
  });
}
