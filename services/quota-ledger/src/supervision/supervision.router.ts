import { reductionTargetRequest, addWatchInput, freezeQuarterInput, freezeTargetInput, linkTargetViolationInput, listTargetsInput, monitoringListInput, monitoringReportInput, recordTargetInput, removeWatchInput, targetIdInput } from '@bianzhi/contracts/reduction';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { checkTargetRefusal, freezeTarget, getTarget, linkTargetViolation, listTargets, recordTarget } from './targets.service.js';
import { addWatch, freezeQuarter, monitoringList, monitoringReport, removeWatch } from './monitoring.service.js';

/** 控编减编任务: read by the bureaus and supervision; recorded and frozen by the platform only. */
export function targetRouter(deps: LedgerDeps) {
  const read = authedProcedure.meta({ permission: 'ledger.target.read' });
  const freeze = authedProcedure.meta({ permission: 'ledger.target.freeze' });
  return router({
    list: read.input(listTargetsInput).query(({ ctx, input }) => listTargets(deps, ctx.principal, input)),
    // The matter's filing check: the unit (or jurisdiction) in the caller's reach, holding the type, the amount within it.
    check: read.input(reductionTargetRequest).query(({ ctx, input }) => checkTargetRefusal(deps, ctx.principal, input)),
    get: read.input(targetIdInput).query(({ ctx, input }) => getTarget(deps, ctx.principal, input.id)),
    // A target is set as a matter (approval.matter.file, kind reduction_target); the platform records the approved one.
    record: authedProcedure.meta({ permission: 'ledger.target.record' }).input(recordTargetInput).mutation(({ ctx, input }) => recordTarget(deps, ctx.principal, input, ctx.requestId)),
    freeze: freeze.input(freezeTargetInput).mutation(({ ctx, input }) => freezeTarget(deps, ctx.principal, input, ctx.requestId)),
    linkViolation: freeze.input(linkTargetViolationInput).mutation(({ ctx, input }) => linkTargetViolation(deps, ctx.principal, input, ctx.requestId)),
  });
}

/** 季度监控 */
export function monitoringRouter(deps: LedgerDeps) {
  const read = authedProcedure.meta({ permission: 'ledger.monitoring.read' });
  const manage = authedProcedure.meta({ permission: 'ledger.monitoring.manage' });
  return router({
    list: read.input(monitoringListInput).query(({ ctx, input }) => monitoringList(deps, ctx.principal, input)),
    report: read.input(monitoringReportInput).query(({ ctx, input }) => monitoringReport(deps, ctx.principal, input)),
    add: manage.input(addWatchInput).mutation(({ ctx, input }) => addWatch(deps, ctx.principal, input, ctx.requestId)),
    remove: manage.input(removeWatchInput).mutation(({ ctx, input }) => removeWatch(deps, ctx.principal, input, ctx.requestId)),
    freeze: authedProcedure.meta({ permission: 'ledger.monitoring.freeze' }).input(freezeQuarterInput).mutation(({ ctx, input }) => freezeQuarter(deps, ctx.principal, input, ctx.requestId)),
  });
}
