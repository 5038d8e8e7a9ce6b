import { router } from '@bianzhi/trpc/init';
import type { RegistryDb } from './db.js';
import { departmentRouter } from './department/department.router.js';
import { jurisdictionRouter } from './jurisdiction/jurisdiction.router.js';
import { limitRouter } from './limit/limit.router.js';
import { organizationRouter } from './organization/organization.router.js';
import { policyRouter } from './policy/policy.router.js';
import type { ViolationsPort } from './policy/policy.service.js';
import { powerListRouter } from './power-list/power-list.router.js';
import { charterRouter, registrationRouter } from './registration/registration.router.js';
import { authorityListRouter, publicPowerListRouter, serviceGuideRouter } from './power-list/service-guide.router.js';
import { threeDeterminationsRouter } from './three-determinations/three-determinations.router.js';

/** Mounted under the service name, so paths are the same at the gateway and at the service. */
export function createRegistryRouter(db: RegistryDb, violations: ViolationsPort) {
  const deps = { db, violations };
  return router({
    registry: router({
      jurisdiction: jurisdictionRouter(db),
      organization: organizationRouter(deps),
      department: departmentRouter(deps),
      threeDeterminations: threeDeterminationsRouter(deps),
      powerList: powerListRouter(db),
      serviceGuide: serviceGuideRouter(db),
      authorityList: authorityListRouter(db),
      publicPowerList: publicPowerListRouter(db),
      policy: policyRouter(db),
      limit: limitRouter(db),
      registration: registrationRouter(db),
      charter: charterRouter(db),
    }),
  });
}

export type RegistryRouter = ReturnType<typeof createRegistryRouter>;
