import { publicRollInput, setClassifiedPostInput } from '@bianzhi/contracts/named-roll';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { publicRoll, setClassifiedPost } from './named-roll.service.js';

/** 实名制公示: the classified-post flag on roll entries (the roll's writers) and the public roll (the audit service only). */
export function namedRollRouter(deps: LedgerDeps) {
  return router({
    setClassifiedPost: authedProcedure
      .meta({ permission: 'ledger.person.manage' })
      .input(setClassifiedPostInput)
      .mutation(({ ctx, input }) => setClassifiedPost(deps, ctx.principal, input, ctx.requestId)),
    publicRoll: internalProcedure
      .meta({ permission: 'ledger.namedRoll.read' })
      .input(publicRollInput)
      .query(({ input }) => publicRoll(deps, input.organizationIds)),
  });
}
