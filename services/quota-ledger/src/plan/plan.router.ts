import { decidePlanInput, filePlanInput, listPlansInput, planIdInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { approvePlan, cancelPlan, checkPlan, filePlan, getPlan, listPlans, rejectPlan } from './plan.service.js';

export function planRouter(deps: LedgerDeps) {
  const file = authedProcedure.meta({ permission: 'ledger.plan.file' });
  const decide = authedProcedure.meta({ permission: 'ledger.plan.approve' });
  return router({
    file: file.input(filePlanInput).mutation(({ ctx, input }) => filePlan(deps, ctx.principal, input, ctx.requestId)),
    cancel: file.input(decidePlanInput).mutation(({ ctx, input }) => cancelPlan(deps, ctx.principal, input, ctx.requestId)),
    approve: decide.input(decidePlanInput).mutation(({ ctx, input }) => approvePlan(deps, ctx.principal, input, ctx.requestId)),
    reject: authedProcedure.meta({ permission: 'ledger.plan.reject' }).input(decidePlanInput).mutation(({ ctx, input }) => rejectPlan(deps, ctx.principal, input, ctx.requestId)),
    get: authedProcedure.meta({ permission: 'ledger.plan.read' }).input(planIdInput).query(({ ctx, input }) => getPlan(deps, ctx.principal, input.id)),
    /** Whether a filed plan could be approved now, nothing written: asked by the matter that files it. */
    check: internalProcedure.meta({ permission: 'ledger.plan.approve' }).input(planIdInput).query(({ ctx, input }) => checkPlan(deps, ctx.principal, input.id)),
    list: authedProcedure
      .meta({ permission: 'ledger.plan.read' })
      .input(listPlansInput)
      .query(({ ctx, input }) => listPlans(deps, ctx.principal, input)),
  });
}
