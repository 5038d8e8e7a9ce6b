import { abolishDepartmentInput, createDepartmentInput, listDepartmentsInput, updateDepartmentInput } from '@bianzhi/contracts/registry';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDeps } from '../organization/organization.service.js';
import { abolishDepartment, createDepartment, listDepartments, updateDepartment } from './department.service.js';

const manage = authedProcedure.meta({ permission: 'registry.organization.manage' });

export function departmentRouter(deps: RegistryDeps) {
  return router({
    list: authedProcedure
      .meta({ permission: 'registry.organization.read' })
      .input(listDepartmentsInput)
      .query(({ ctx, input }) => listDepartments(deps.db, ctx.principal, input.organizationId)),
    create: manage.input(createDepartmentInput).mutation(({ ctx, input }) => createDepartment(deps, ctx.principal, input, ctx.requestId)),
    update: manage.input(updateDepartmentInput).mutation(({ ctx, input }) => updateDepartment(deps, ctx.principal, input, ctx.requestId)),
    abolish: manage.input(abolishDepartmentInput).mutation(({ ctx, input }) => abolishDepartment(deps, ctx.principal, input, ctx.requestId)),
  });
}
