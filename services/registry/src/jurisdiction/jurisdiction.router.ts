import { z } from 'zod';
import { createJurisdictionInput, listJurisdictionsInput } from '@bianzhi/contracts/registry';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDb } from '../db.js';
import { createJurisdiction, getJurisdiction, listJurisdictions } from './jurisdiction.service.js';

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
    get: authedProcedure
      .meta({ permission: 'registry.jurisdiction.read' })
      .input(z.object({ id: z.uuid() }))
      .query(({ ctx, input }) => getJurisdiction(db, ctx.principal, input.id)),
  });
}
