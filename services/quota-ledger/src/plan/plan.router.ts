import { decidePlanInput, filePlanInput, listPlansInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { approvePlan, cancelPlan, filePlan, listPlans, rejectPlan } from './plan.service.js';

export function planRouter(deps: LedgerDeps) {
  const file = authedProcedure.meta({ permission: 'ledger.plan.file' });
  const decide = authedProcedure.meta({ permission: 'ledger.plan.approve' });
  return router({
    file: file.input(filePlanInput).mutation(({ ctx, input }) => filePlan(deps, ctx.principal, input, ctx.requestId)),
    cancel: file.input(decidePlanInput).mutation(({ ctx, input }) => cancelPlan(deps, ctx.principal, input, ctx.requestId)),
    approve: decide.input(decidePlanInput).mutation(({ ctx, input }) => approvePlan(deps, ctx.principal, input, ctx.requestId)),
    reject: decide.input(decidePlanInput).mutation(({ ctx, input }) => rejectPlan(deps, ctx.principal, input, ctx.requestId)),
    list: authedProcedure
      .meta({ permission: 'ledger.plan.read' })
      .input(listPlansInput)
      .query(({ ctx, input }) => listPlans(deps, ctx.principal, input)),
  });
}
