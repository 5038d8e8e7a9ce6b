import { listLimitsInput, setLimitsInput } from '@bianzhi/contracts/registry';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDb } from '../db.js';
import { limitHistory, listLimits, setLimits } from './limit.service.js';

const read = authedProcedure.meta({ permission: 'registry.jurisdiction.read' });

export function limitRouter(db: RegistryDb) {
  return router({
    list: read.input(listLimitsInput).query(({ ctx, input }) => listLimits(db, ctx.principal, input.jurisdictionId)),
    history: read.input(listLimitsInput).query(({ ctx, input }) => limitHistory(db, ctx.principal, input.jurisdictionId)),
    set: authedProcedure
      .meta({ permission: 'registry.limit.manage' })
      .input(setLimitsInput)
      .mutation(async ({ ctx, input }) => {
        await setLimits(db, ctx.principal, input, ctx.requestId);
        return listLimits(db, ctx.principal, input.jurisdictionId);
      }),
  });
}
