import { DomainError } from '@bianzhi/domain/errors';
import type { JurisdictionScope } from '../scope.js';

/**
 * The registry's answer, held in memory for the audit service's own tests (the real registry port is
 * exercised on the full stack): users of `cityId` see every jurisdiction listed and every unit, a
 * district's users their own jurisdiction and its units.
 */
export function unitScope(cityId: string, jurisdictionIds: string[], units: { id: string; jurisdictionId: string; name: string }[]): JurisdictionScope {
  return {
    jurisdictionIdsOf: async (p) => (p.jurisdictionId === cityId ? jurisdictionIds : [p.jurisdictionId!]),
    organizationOf: async (p, id) => {
      const unit = units.find((u) => u.id === id);
      if (!unit) throw new DomainError('NOT_FOUND', `organization ${id}`);
      if (p.jurisdictionId !== cityId && unit.jurisdictionId !== p.jurisdictionId) throw new DomainError('OUT_OF_SCOPE', `organization ${id}`);
      return unit;
    },
    lookupOrganizations: async () => [],
  };
}
