import { getEstablishmentInput, listEstablishmentsInput } from '@bianzhi/contracts/reform';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { getEstablishment, listEstablishments, type EstablishmentDeps } from './establishment.service.js';

/** Establishments' progress. A unit is established by an approved matter (approval.matter.file, kind organization_change), which runs the workflow. */
export function establishmentRouter(deps: EstablishmentDeps) {
  const read = authedProcedure.meta({ permission: 'reform.establishment.read' });
  return router({
    get: read.input(getEstablishmentInput).query(({ ctx, input }) => getEstablishment(deps, ctx.principal, input.requestId)),
    list: read.input(listEstablishmentsInput).query(({ ctx, input }) => listEstablishments(deps, ctx.principal, input)),
  });
}
