import { z } from 'zod';
import { createJurisdictionInput, listJurisdictionsInput, renameJurisdictionInput } from '@bianzhi/contracts/registry';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDb } from '../db.js';
import { createJurisdiction, getJurisdiction, jurisdictionTree, listJurisdictions, renameJurisdiction } from './jurisdiction.service.js';

export function jurisdictionRouter(db: RegistryDb) {
  return router({
    create: authedProcedure
      .meta({ permission: 'registry.jurisdiction.create' })
      .input(createJurisdictionInput)
      .mutation(({ ctx, input }) => createJurisdiction(db, ctx.principal, input, ctx.requestId)),
    list: authedProcedure
      .meta({ permission: 'registry.jurisdiction.read' })
      .input(listJurisdictionsInput)
      .query(({ ctx, input }) => listJurisdictions(db, ctx.principal, input)),
    rename: authedProcedure
      .meta({ permission: 'registry.jurisdiction.rename' })
      .input(renameJurisdictionInput)
      .mutation(({ ctx, input }) => renameJurisdiction(db, ctx.principal, input, ctx.requestId)),
    tree: authedProcedure.meta({ permission: 'registry.jurisdiction.read' }).query(({ ctx }) => jurisdictionTree(db, ctx.principal)),
    get: authedProcedure
      .meta({ permission: 'registry.jurisdiction.read' })
      .input(z.object({ id: z.uuid() }))
      .query(({ ctx, input }) => getJurisdiction(db, ctx.principal, input.id)),
  });
}
