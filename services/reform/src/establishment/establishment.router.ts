import { getEstablishmentInput, listEstablishmentsInput, startEstablishmentInput } from '@bianzhi/contracts/reform';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { getEstablishment, listEstablishments, startEstablishment, type EstablishmentDeps } from './establishment.service.js';

export function establishmentRouter(deps: EstablishmentDeps) {
  const read = authedProcedure.meta({ permission: 'reform.establishment.read' });
  return router({
    start: authedProcedure
      .meta({ permission: 'reform.establishment.start' })
      .input(startEstablishmentInput)
      .mutation(({ ctx, input }) => startEstablishment(deps, ctx.principal, input, ctx.requestId)),
    get: read.input(getEstablishmentInput).query(({ ctx, input }) => getEstablishment(deps, ctx.principal, input.requestId)),
    list: read.input(listEstablishmentsInput).query(({ ctx, input }) => listEstablishments(deps, ctx.principal, input)),
  });
}
