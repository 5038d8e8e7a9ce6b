// Used by the services that hold data by jurisdiction but not the tree itself (audit, quota ledger).
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { setBounded } from '@bianzhi/domain/bounded-map';
import { createServiceClient, remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { OrganizationLookupInput, OrganizationRef } from '@bianzhi/contracts/registry';
import type { OrganizationCountRow } from '@bianzhi/contracts/annual-report';
import type { RegistryRouter } from './router.js';

export interface JurisdictionScope {
  /** Forgets every caller's jurisdictions (the tree changed: a notification from the registry's table). */
  invalidate?(): void;
  /** Ids of the jurisdictions the principal may see, or null for everything (platform services). */
  jurisdictionIdsOf(principal: Principal): Promise<string[] | null>;
  /** The organization as the principal may see it; refuses (OUT_OF_SCOPE, NOT_FOUND) otherwise. */
  organizationOf(principal: Principal, organizationId: string): Promise<{ id: string; jurisdictionId: string; name: string }>;
  /** The jurisdictions the principal may see, with their parents (for subtree sums and names). */
  jurisdictionsOf(principal: Principal): Promise<{ id: string; parentId: string | null; name: string; level: string }[]>;
  /** Units in the principal's scope named by id, credit code or exact name. */
  lookupOrganizations(principal: Principal, input: Partial<OrganizationLookupInput>): Promise<OrganizationRef[]>;
  /** Live organizations as of a day in a subtree of the principal's scope, counted (the annual report's organizations table). */
  organizationCounts(principal: Principal, input: { asOf: string; jurisdictionId?: string | undefined }): Promise<OrganizationCountRow[]>;
}

/** The ids of a jurisdiction and everything below it, from a flat list with parents. */
export function subtreeIds(jurisdictions: { id: string; parentId: string | null }[], rootId: string): string[] {
  const children = new Map<string | null, string[]>();
  for (const j of jurisdictions) children.set(j.parentId, [...(children.get(j.parentId) ?? []), j.id]);
  const found: string[] = [];
  const stack = jurisdictions.some((j) => j.id === rootId) ? [rootId] : [];
  while (stack.length) {
    const id = stack.pop()!;
    found.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}

/**
 * The jurisdiction tree belongs to the registry, so the audit service asks it, on behalf of the
 * caller, which jurisdictions the caller sees: the registry applies the scope, not us.
 */
export function registryScope(options: { registryUrl: string; secret: string; cacheMs?: number }): JurisdictionScope {
  const registryAs = (principal: Principal) => createServiceClient<RegistryRouter>({ url: options.registryUrl, service: 'registry', secret: options.secret, principal: () => principal });
  /**
   * A caller's jurisdictions, remembered for a few seconds: every scoped read asks, and a province's
   * 2,000 jurisdictions cost a round trip each time. The service forgets them when the tree changes
   * (`invalidate`, on the registry's `bianzhi_jurisdictions` notification), so a new jurisdiction is
   * in its creator's scope at once; the TTL bounds staleness should a notification be lost.
   */
  const cache = new Map<string, { at: number; list: Promise<{ id: string; parentId: string | null; name: string; level: string }[]> }>();
  const listFor = (principal: Principal) => {
    const key = `${principal.kind}|${principal.id}|${principal.roles.join(',')}|${principal.jurisdictionId}|${principal.organizationId}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < (options.cacheMs ?? 10_000)) return hit.list;
    const list = registryAs(principal)
      .registry.jurisdiction.list.query({})
      .then((rows) => rows.map((j) => ({ id: j.id, parentId: j.parentId, name: j.name, level: j.level })));
    list.catch(() => cache.delete(key));
    setBounded(cache, key, { at: now, list }, 1_000);
    return list;
  };
  return {
    invalidate: () => cache.clear(),
    async jurisdictionIdsOf(principal) {
      if (principal.kind === 'service' && principal.jurisdictionId === null) return null;
      return (await listFor(principal)).map((j) => j.id);
    },
    jurisdictionsOf: async (principal) => [...(await listFor(principal))],
    async lookupOrganizations(principal, input) {
      const found: OrganizationRef[] = [];
      // In slices, so that a whole city's units fit the request size.
      const ids = input.ids ?? [];
      const creditCodes = input.creditCodes ?? [];
      const names = input.names ?? [];
      for (let i = 0; i < Math.max(ids.length, creditCodes.length, names.length); i += 5000) {
        const slice = { ids: ids.slice(i, i + 5000), creditCodes: creditCodes.slice(i, i + 5000), names: names.slice(i, i + 5000) };
        found.push(...(await registryAs(principal).registry.organization.lookup.query(slice)));
      }
      return found;
    },
    organizationCounts: (principal, input) => registryAs(principal).registry.organization.statistics.query(input),
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
