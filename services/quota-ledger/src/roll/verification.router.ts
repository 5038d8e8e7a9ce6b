import { verifyRollInput } from '@bianzhi/contracts/linkage';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { verifyRoll } from './verification.js';

/** 在编核验: a mutation, because every call is recorded. */
export function verificationRouter(deps: LedgerDeps) {
  return router({
    roll: authedProcedure
      .meta({ permission: 'ledger.roll.verify' })
      .input(verifyRollInput)
      .mutation(({ ctx, input }) => verifyRoll(deps, ctx.principal, input, ctx.requestId)),
  });
}
