import type { OrganizationCountRow } from '@bianzhi/contracts/annual-report';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import type { RegistryDb } from '../db.js';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import { jurisdictionInScope, scopeOf } from '../scope.js';
import { organizationCountsAsOf } from './organization-statistics.repository.js';

/**
 * The organizations of a subtree as of a day, counted by jurisdiction, kind, rank and class: what the
 * ledger's annual report (统计年报) prints in its organizations table. A unit abolished by then is not
 * counted; one established by then is, where it stood that day.
 */
export async function organizationStatistics(db: RegistryDb, principal: Principal, input: { asOf: string; jurisdictionId?: string | undefined }): Promise<OrganizationCountRow[]> {
  const scope = await scopeOf(db, principal);
  let subtreePath: string | null = null;
  if (input.jurisdictionId !== undefined) {
    const jurisdiction = await findJurisdiction(db, input.jurisdictionId);
    if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${input.jurisdictionId}`);
    if (!jurisdictionInScope({ ...scope, onlyOwnJurisdiction: false }, jurisdiction.path)) throw new DomainError('OUT_OF_SCOPE');
    subtreePath = jurisdiction.path;
  }
  const rows = await organizationCountsAsOf(db, { asOf: input.asOf, scopePath: scope.path, exactPath: scope.onlyOwnJurisdiction, organizationId: scope.organizationId, subtreePath });
  return rows.map((r) => ({
    jurisdictionId: r.jurisdiction_id,
    kind: r.kind as OrganizationCountRow['kind'],
    rank: (r.rank ?? 'none') as OrganizationCountRow['rank'],
    institutionClass: r.institution_class as OrganizationCountRow['institutionClass'],
    count: Number(r.count),
  }));
}
