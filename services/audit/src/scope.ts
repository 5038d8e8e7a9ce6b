import type { JurisdictionScope as RegistryScope } from '@bianzhi/registry/scope-client';
export { registryScope } from '@bianzhi/registry/scope-client';

/** What audit asks the registry: the caller's jurisdictions, and one organization as the caller sees it. */
export type JurisdictionScope = Pick<RegistryScope, 'jurisdictionIdsOf' | 'organizationOf'>;
