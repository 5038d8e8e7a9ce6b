import { liftPenaltyInput, penalizeInput, setUnitControlInput, unitControlInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { liftPenalty, penalize, setUnitControl, unitControl } from './control.service.js';

export function controlRouter(deps: LedgerDeps) {
  const manage = authedProcedure.meta({ permission: 'ledger.control.manage' });
  return router({
    get: authedProcedure
      .meta({ permission: 'ledger.account.read' })
      .input(unitControlInput)
      .query(({ ctx, input }) => unitControl(deps, ctx.principal, input.organizationId, input.ledger)),
    set: manage.input(setUnitControlInput).mutation(({ ctx, input }) => setUnitControl(deps, ctx.principal, input, ctx.requestId)),
    penalize: manage.input(penalizeInput).mutation(({ ctx, input }) => penalize(deps, ctx.principal, input, ctx.requestId)),
    lift: manage.input(liftPenaltyInput).mutation(({ ctx, input }) => liftPenalty(deps, ctx.principal, input, ctx.requestId)),
  });
}
