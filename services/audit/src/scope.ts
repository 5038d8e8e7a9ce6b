import type { JurisdictionScope as RegistryScope } from '@bianzhi/registry/scope-client';
export { registryScope } from '@bianzhi/registry/scope-client';

/** What audit asks the registry: the caller's jurisdictions, one organization as the caller sees it, units named in imported files. */
export type JurisdictionScope = Pick<RegistryScope, 'jurisdictionIdsOf' | 'organizationOf' | 'lookupOrganizations'>;
