import { router } from '@bianzhi/trpc/init';
import { establishmentRouter } from './establishment/establishment.router.js';
import type { EstablishmentDeps } from './establishment/establishment.service.js';
import { projectRouter } from './project/project.router.js';
import { approvalRouter } from './matter/matter.router.js';
import type { MatterDeps } from './matter/matter.service.js';
import type { ProjectDeps } from './project/project.service.js';

export function createReformRouter(deps: EstablishmentDeps & ProjectDeps & Pick<MatterDeps, 'idKey'>) {
  return router({ reform: router({ establishment: establishmentRouter(deps), project: projectRouter(deps) }), approval: approvalRouter(deps) });
}

export type ReformRouter = ReturnType<typeof createReformRouter>;
