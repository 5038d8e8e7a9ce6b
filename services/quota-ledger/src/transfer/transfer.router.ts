import { createTransfersInput, listTransfersInput } from '@bianzhi/contracts/ledger';
import { z } from 'zod';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { createTransfers, getTransfer, listTransfers, type LedgerDeps } from './transfer.service.js';

export function transferRouter(deps: LedgerDeps) {
  return router({
    create: authedProcedure
      .meta({ permission: 'ledger.transfer.create' })
      .input(createTransfersInput)
      .mutation(({ ctx, input }) => createTransfers(deps, ctx.principal, input, ctx.requestId)),
    get: authedProcedure
      .meta({ permission: 'ledger.account.read' })
      .input(z.object({ id: z.uuid() }))
      .query(({ ctx, input }) => getTransfer(deps, ctx.principal, input.id)),
    list: authedProcedure
      .meta({ permission: 'ledger.account.read' })
      .input(listTransfersInput)
      .query(({ ctx, input }) => listTransfers(deps, ctx.principal, input)),
  });
}
