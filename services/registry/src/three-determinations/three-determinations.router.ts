import { z } from 'zod';
import { listDepartmentsInput, publishThreeDeterminationsInput } from '@bianzhi/contracts/registry';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDeps } from '../organization/organization.service.js';
import { getThreeDeterminations, listThreeDeterminations, publishThreeDeterminations } from './three-determinations.service.js';

const read = authedProcedure.meta({ permission: 'registry.organization.read' });

export function threeDeterminationsRouter(deps: RegistryDeps) {
  return router({
    publish: authedProcedure
      .meta({ permission: 'registry.organization.manage' })
      .input(publishThreeDeterminationsInput)
      .mutation(({ ctx, input }) => publishThreeDeterminations(deps, ctx.principal, input, ctx.requestId)),
    list: read.input(listDepartmentsInput).query(({ ctx, input }) => listThreeDeterminations(deps.db, ctx.principal, input.organizationId)),
    get: read
      .input(z.object({ organizationId: z.uuid(), version: z.number().int().min(1).optional() }))
      .query(({ ctx, input }) => getThreeDeterminations(deps.db, ctx.principal, input)),
  });
}
