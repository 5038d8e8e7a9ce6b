import { router } from '@bianzhi/trpc/init';
import { establishmentRouter } from './establishment/establishment.router.js';
import type { EstablishmentDeps } from './establishment/establishment.service.js';

export function createReformRouter(deps: EstablishmentDeps) {
  return router({ reform: router({ establishment: establishmentRouter(deps) }) });
}

export type ReformRouter = ReturnType<typeof createReformRouter>;
