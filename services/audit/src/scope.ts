import type { Principal } from '@bianzhi/domain/access';
import { createServiceClient } from '@bianzhi/trpc/service-client';
import type { RegistryRouter } from '@bianzhi/registry/router';

export interface JurisdictionScope {
  /** Ids of the jurisdictions the principal may see, or null for everything (platform services). */
  jurisdictionIdsOf(principal: Principal): Promise<string[] | null>;
}

/**
 * The jurisdiction tree belongs to the registry, so the audit service asks it, on behalf of the
 * caller, which jurisdictions the caller sees: the registry applies the scope, not us.
 */
export function registryScope(options: { registryUrl: string; secret: string }): JurisdictionScope {
  return {
    async jurisdictionIdsOf(principal) {
      if (principal.kind === 'service' && principal.jurisdictionId === null) return null;
      const registry = createServiceClient<RegistryRouter>({ url: options.registryUrl, service: 'registry', secret: options.secret, principal: () => principal });
      const jurisdictions = await registry.registry.jurisdiction.list.query({});
      return jurisdictions.map((j) => j.id);
    },
  };
}
