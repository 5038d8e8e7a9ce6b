// Used by the services that hold data by jurisdiction but not the tree itself (audit, quota ledger).
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { createServiceClient, remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { RegistryRouter } from './router.js';

export interface JurisdictionScope {
  /** Ids of the jurisdictions the principal may see, or null for everything (platform services). */
  jurisdictionIdsOf(principal: Principal): Promise<string[] | null>;
  /** The organization as the principal may see it; refuses (OUT_OF_SCOPE, NOT_FOUND) otherwise. */
  organizationOf(principal: Principal, organizationId: string): Promise<{ id: string; jurisdictionId: string; name: string }>;
}

/**
 * The jurisdiction tree belongs to the registry, so the audit service asks it, on behalf of the
 * caller, which jurisdictions the caller sees: the registry applies the scope, not us.
 */
export function registryScope(options: { registryUrl: string; secret: string }): JurisdictionScope {
  const registryAs = (principal: Principal) => createServiceClient<RegistryRouter>({ url: options.registryUrl, service: 'registry', secret: options.secret, principal: () => principal });
  return {
    async jurisdictionIdsOf(principal) {
      if (principal.kind === 'service' && principal.jurisdictionId === null) return null;
      const jurisdictions = await registryAs(principal).registry.jurisdiction.list.query({});
      return jurisdictions.map((j) => j.id);
    },
    async organizationOf(principal, organizationId) {
      try {
        const organization = await registryAs(principal).registry.organization.get.query({ id: organizationId });
        return { id: organization.id, jurisdictionId: organization.jurisdictionId, name: organization.name };
      } catch (error) {
        const code = remoteDomainCode(error);
        if (code === 'OUT_OF_SCOPE' || code === 'NOT_FOUND') throw new DomainError(code, `organization ${organizationId}: ${code}`);
        throw error;
      }
    },
  };
}
