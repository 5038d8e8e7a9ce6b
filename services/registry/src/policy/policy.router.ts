import { listPolicyInput, updatePolicyInput } from '@bianzhi/contracts/registry';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDb } from '../db.js';
import { listPolicy, updatePolicy } from './policy.service.js';

export function policyRouter(db: RegistryDb) {
  return router({
    list: authedProcedure
      .meta({ permission: 'registry.policy.read' })
      .input(listPolicyInput)
      .query(({ ctx, input }) => listPolicy(db, ctx.principal, input.jurisdictionId, ctx.locale)),
    update: authedProcedure
      .meta({ permission: 'registry.policy.manage' })
      .input(updatePolicyInput)
      .mutation(async ({ ctx, input }) => {
        await updatePolicy(db, ctx.principal, input, ctx.requestId);
        return listPolicy(db, ctx.principal, input.jurisdictionId, ctx.locale);
      }),
  });
}
