import { createTransfersInput, listTransfersInput } from '@bianzhi/contracts/ledger';
import { z } from 'zod';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { getTransfer, listTransfers, type LedgerDeps } from './transfer.service.js';
import { groupCommitter } from './group-commit.js';
import { transferAuthority } from './transfer-authority.js';

export function transferRouter(deps: LedgerDeps) {
  const submit = groupCommitter(deps);
  const assertAuthorized = transferAuthority(deps);
  return router({
    create: authedProcedure
      .meta({ permission: 'ledger.transfer.create' })
      .input(createTransfersInput)
      .mutation(async ({ ctx, input }) => {
        // The authority table decides who may apply which movement outside a matter or a command.
        await assertAuthorized(ctx.principal, input.transfers);
        return submit(ctx.principal, input, ctx.requestId);
      }),
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
