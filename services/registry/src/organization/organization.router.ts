import { z } from 'zod';
import { activateOrganizationInput, createOrganizationInput, exportOrganizationsInput, listOrganizationsInput } from '@bianzhi/contracts/registry';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDb } from '../db.js';
import { activateOrganization, createOrganization, exportOrganizations, getOrganization, listOrganizations } from './organization.service.js';

export function organizationRouter(db: RegistryDb) {
  return router({
    create: authedProcedure
      .meta({ permission: 'registry.organization.create' })
      .input(createOrganizationInput)
      .mutation(({ ctx, input }) => createOrganization(db, ctx.principal, input, ctx.requestId)),
    activate: authedProcedure
      .meta({ permission: 'registry.organization.activate' })
      .input(activateOrganizationInput)
      .mutation(({ ctx, input }) => activateOrganization(db, ctx.principal, input.id, ctx.requestId)),
    get: authedProcedure
      .meta({ permission: 'registry.organization.read' })
      .input(z.object({ id: z.uuid() }))
      .query(({ ctx, input }) => getOrganization(db, ctx.principal, input.id)),
    list: authedProcedure
      .meta({ permission: 'registry.organization.read' })
      .input(listOrganizationsInput)
      .query(({ ctx, input }) => listOrganizations(db, ctx.principal, input)),
    exportXlsx: authedProcedure
      .meta({ permission: 'registry.organization.read' })
      .input(exportOrganizationsInput)
      .query(({ ctx, input }) => exportOrganizations(db, ctx.principal, input)),
  });
}
