import { assignPlacementInput, createProjectInput, decisionInput, listProjectsInput, previewPlanInput, projectIdInput, reformPlan, submitDocumentInput } from '@bianzhi/contracts/reform';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { createProject, decisions, getProject, listProjects, previewPlan, type ProjectDeps } from './project.service.js';

/** reform.project.*: each project is one Temporal workflow; decisions are its Updates. */
export function projectRouter(deps: ProjectDeps) {
  const read = authedProcedure.meta({ permission: 'reform.project.read' });
  const manage = authedProcedure.meta({ permission: 'reform.project.manage' });
  const decide = authedProcedure.meta({ permission: 'reform.project.decide' });
  return router({
    create: manage.input(createProjectInput).mutation(({ ctx, input }) => createProject(deps, ctx.principal, input, ctx.requestId)),
    preview: read.input(previewPlanInput).query(({ ctx, input }) => previewPlan(deps, ctx.principal, input)),
    list: read.input(listProjectsInput).query(({ ctx, input }) => listProjects(deps, ctx.principal, input)),
    get: read.input(projectIdInput).query(({ ctx, input }) => getProject(deps, ctx.principal, input.id)),
    approve: decide.input(decisionInput).mutation(({ ctx, input }) => decisions.approve(deps, ctx.principal, input, ctx.requestId)),
    reject: decide.input(decisionInput).mutation(({ ctx, input }) => decisions.reject(deps, ctx.principal, input, ctx.requestId)),
    requestChanges: decide.input(decisionInput).mutation(({ ctx, input }) => decisions.requestChanges(deps, ctx.principal, input, ctx.requestId)),
    revise: manage.input(decisionInput.extend({ plan: reformPlan })).mutation(({ ctx, input }) => decisions.revise(deps, ctx.principal, input, ctx.requestId)),
    cancel: manage.input(decisionInput).mutation(({ ctx, input }) => decisions.cancel(deps, ctx.principal, input, ctx.requestId)),
    assignPlacement: manage.input(assignPlacementInput).mutation(({ ctx, input }) => decisions.assignPlacement(deps, ctx.principal, input, ctx.requestId)),
    submitDocument: manage.input(submitDocumentInput).mutation(({ ctx, input }) => decisions.submitDocument(deps, ctx.principal, input, ctx.requestId)),
  });
}
