import { enterPersonInput, exitPersonInput, rollInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { enterPerson, exitPerson, unitRoll } from './roll.service.js';

export function personRouter(deps: LedgerDeps) {
  const change = authedProcedure.meta({ permission: 'ledger.person.manage' });
  return router({
    enter: change.input(enterPersonInput).mutation(({ ctx, input }) => enterPerson(deps, ctx.principal, input, ctx.requestId)),
    exit: change.input(exitPersonInput).mutation(({ ctx, input }) => exitPerson(deps, ctx.principal, input, ctx.requestId)),
    roll: authedProcedure
      .meta({ permission: 'ledger.person.read' })
      .input(rollInput)
      .query(({ ctx, input }) => unitRoll(deps, ctx.principal, input)),
  });
}
