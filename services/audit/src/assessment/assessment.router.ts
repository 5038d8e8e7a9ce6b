import { assessmentYearInput, scoreAssessmentInput, setSheetInput } from '@bianzhi/contracts/evaluation';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import * as assessment from './assessment.service.js';

/** 考核: the city bureau keeps the sheet, scores, reviews and publishes; every bureau reads its own published scores. */
export function assessmentRouter(deps: assessment.AssessmentDeps) {
  const read = authedProcedure.meta({ permission: 'audit.assessment.read' });
  const manage = authedProcedure.meta({ permission: 'audit.assessment.manage' });
  return router({
    years: read.query(({ ctx }) => assessment.assessmentYears(deps, ctx.principal)),
    get: read.input(assessmentYearInput).query(({ ctx, input }) => assessment.getAssessment(deps, ctx.principal, input.year)),
    export: read.input(assessmentYearInput).query(({ ctx, input }) => assessment.exportAssessment(deps, ctx.principal, input.year)),
    setSheet: manage.input(setSheetInput).mutation(({ ctx, input }) => assessment.setSheet(deps, ctx.principal, input, ctx.requestId)),
    score: manage.input(scoreAssessmentInput).mutation(({ ctx, input }) => assessment.scoreAssessment(deps, ctx.principal, input, ctx.requestId)),
    review: manage.input(assessmentYearInput).mutation(({ ctx, input }) => assessment.advanceAssessment(deps, ctx.principal, input.year, 'reviewed', ctx.requestId)),
    publish: manage.input(assessmentYearInput).mutation(({ ctx, input }) => assessment.advanceAssessment(deps, ctx.principal, input.year, 'published', ctx.requestId)),
  });
}
