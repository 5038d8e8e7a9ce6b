import type { OrganizationRef } from '@bianzhi/contracts/registry';
import type { JurisdictionScope } from '@bianzhi/registry/scope-client';

/** What the ledger asks the registry: who sees which jurisdictions, and which units a sheet names. */
export type LedgerScope = Pick<JurisdictionScope, 'jurisdictionIdsOf' | 'jurisdictionsOf' | 'lookupOrganizations'> &
  /** The registry's organization counts for the annual report; absent where the ledger runs without the registry (fixed scopes). */
  Partial<Pick<JurisdictionScope, 'organizationCounts'>>;

/**
 * A scope answered from fixed lists, for running the ledger without the registry service: its own
 * integration tests and in-process seeding. Every caller sees everything listed.
 */
type JurisdictionRow = { id: string; parentId: string | null; name: string; level: string };

/** `jurisdictions`: a list, or a function that reads them when asked (tests that create jurisdictions as they go). */
export function fixedScope(options: { jurisdictions?: JurisdictionRow[] | (() => Promise<JurisdictionRow[]>); organizations?: OrganizationRef[] } = {}): LedgerScope & {
  addOrganization(ref: OrganizationRef): void;
} {
  const organizations = [...(options.organizations ?? [])];
  return {
    jurisdictionIdsOf: async () => null,
    jurisdictionsOf: async () => (typeof options.jurisdictions === 'function' ? options.jurisdictions() : (options.jurisdictions ?? [])),
    lookupOrganizations: async (_principal, input) =>
      organizations.filter((o) => (input.ids ?? []).includes(o.id) || (o.creditCode !== null && (input.creditCodes ?? []).includes(o.creditCode)) || (input.names ?? []).includes(o.name)),
    addOrganization: (ref) => organizations.push(ref),
  };
}
