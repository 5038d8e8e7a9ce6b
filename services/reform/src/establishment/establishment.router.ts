import { getEstablishmentInput, startEstablishmentInput } from '@bianzhi/contracts/reform';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { getEstablishment, startEstablishment, type EstablishmentDeps } from './establishment.service.js';

export function establishmentRouter(deps: EstablishmentDeps) {
  return router({
    start: authedProcedure
      .meta({ permission: 'reform.establishment.start' })
      .input(startEstablishmentInput)
      .mutation(({ ctx, input }) => startEstablishment(deps, ctx.principal, input, ctx.requestId)),
    get: authedProcedure
      .meta({ permission: 'reform.establishment.read' })
      .input(getEstablishmentInput)
      .query(({ input }) => getEstablishment(deps, input.requestId)),
  });
}
