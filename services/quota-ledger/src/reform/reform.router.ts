import { reformPeopleInput, reformSnapshotInput, reformStepInput, reverseReformStepInput } from '@bianzhi/contracts/ledger';
import { internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { applyReformStep, reformPeople, reformSnapshot, reverseReformStep } from './reform-step.service.js';

/** ledger.reform.*: for the reform worker only (the platform's own service principal). */
export function reformStepRouter(deps: LedgerDeps) {
  const worker = internalProcedure.meta({ permission: 'ledger.reform.apply' });
  return router({
    execute: worker.input(reformStepInput).mutation(({ ctx, input }) => applyReformStep(deps, ctx.principal, input, ctx.requestId)),
    reverse: worker.input(reverseReformStepInput).mutation(({ ctx, input }) => reverseReformStep(deps, ctx.principal, input, ctx.requestId)),
    people: worker.input(reformPeopleInput).query(({ input }) => reformPeople(deps, input.personIds)),
    snapshot: worker.input(reformSnapshotInput).query(({ input }) => reformSnapshot(deps, input)),
  });
}
