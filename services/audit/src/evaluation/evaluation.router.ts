import { applyConclusionInput, concludeEvaluationInput, conclusionForMatterInput, createEvaluationInput, evaluationConclusion, evaluationIdInput, importWorkloadInput, listEvaluationsInput, setWorkloadInput } from '@bianzhi/contracts/evaluation';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import * as evaluation from './evaluation.service.js';

/** 机构编制评估: bureaus and inspectors evaluate units in their scope; the platform records a conclusion once its matter is approved. */
export function evaluationRouter(deps: evaluation.EvaluationDeps) {
  const read = authedProcedure.meta({ permission: 'audit.evaluation.read' });
  const manage = authedProcedure.meta({ permission: 'audit.evaluation.manage' });
  const platform = internalProcedure.meta({ permission: 'audit.evaluation.apply' });
  return router({
    list: read.input(listEvaluationsInput).query(({ ctx, input }) => evaluation.listEvaluations(deps, ctx.principal, input)),
    get: read.input(evaluationIdInput).query(({ ctx, input }) => evaluation.getEvaluation(deps, ctx.principal, input.id)),
    export: read.input(listEvaluationsInput).query(({ ctx, input }) => evaluation.exportEvaluations(deps, ctx.principal, input)),
    create: manage.input(createEvaluationInput).mutation(({ ctx, input }) => evaluation.createEvaluation(deps, ctx.principal, input, ctx.requestId)),
    setWorkload: manage.input(setWorkloadInput).mutation(({ ctx, input }) => evaluation.setWorkload(deps, ctx.principal, input, ctx.requestId)),
    importWorkload: manage.input(importWorkloadInput).mutation(({ ctx, input }) => evaluation.importWorkload(deps, ctx.principal, input, ctx.requestId)),
    score: manage.input(evaluationIdInput).mutation(({ ctx, input }) => evaluation.scoreEvaluationNow(deps, ctx.principal, input.id, ctx.requestId)),
    conclude: manage.input(concludeEvaluationInput).mutation(({ ctx, input }) => evaluation.concludeEvaluation(deps, ctx.principal, input, ctx.requestId)),
    forMatter: platform.input(conclusionForMatterInput).query(({ input }) => evaluation.conclusionForMatter(deps.db, input)),
    applyConclusion: platform.input(applyConclusionInput.extend({ conclusion: evaluationConclusion })).mutation(({ ctx, input }) => evaluation.applyConclusion(deps.db, ctx.principal, input, ctx.requestId)),
  });
}
