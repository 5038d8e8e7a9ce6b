import { router } from '@bianzhi/trpc/init';
import type { RegistryDb } from './db.js';
import { jurisdictionRouter } from './jurisdiction/jurisdiction.router.js';
import { organizationRouter } from './organization/organization.router.js';

/** Mounted under the service name, so paths are the same at the gateway and at the service. */
export function createRegistryRouter(db: RegistryDb) {
  return router({
    registry: router({
      jurisdiction: jurisdictionRouter(db),
      organization: organizationRouter(db),
    }),
  });
}

export type RegistryRouter = ReturnType<typeof createRegistryRouter>;
