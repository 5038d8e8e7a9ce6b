import { listPolicyInput, updatePolicyInput } from '@bianzhi/contracts/registry';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import { uuid } from '@bianzhi/contracts/common';
import { z } from 'zod';
import type { RegistryDb } from '../db.js';
import { listPolicy, settingsFor, updatePolicy } from './policy.service.js';

export function policyRouter(db: RegistryDb) {
  return router({
    list: authedProcedure
      .meta({ permission: 'registry.policy.read' })
      .input(listPolicyInput)
      .query(({ ctx, input }) => listPolicy(db, ctx.principal, input.jurisdictionId, ctx.locale)),
    // The settings in force, for the services that enforce rules of their own (the quota ledger).
    effective: internalProcedure
      .meta({ permission: 'registry.policy.enforce' })
      .input(z.object({ jurisdictionId: uuid }))
      .query(({ input }) => settingsFor(db, input.jurisdictionId)),
    update: authedProcedure
      .meta({ permission: 'registry.policy.manage' })
      .input(updatePolicyInput)
      .mutation(async ({ ctx, input }) => {
        await updatePolicy(db, ctx.principal, input, ctx.requestId);
        return listPolicy(db, ctx.principal, input.jurisdictionId, ctx.locale);
      }),
  });
}
