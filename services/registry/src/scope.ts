import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import type { RegistryDb, RegistryTx } from './db.js';
import { findJurisdiction } from './jurisdiction/jurisdiction.repository.js';

/**
 * The materialized path that bounds what a principal sees, or null for platform services that
 * see the whole registry. A user whose home jurisdiction no longer exists sees nothing.
 */
export async function scopePathOf(db: RegistryDb | RegistryTx, principal: Principal): Promise<string | null> {
  if (principal.jurisdictionId === null) {
    if (principal.kind === 'service') return null;
    throw new DomainError('OUT_OF_SCOPE', 'user without a home jurisdiction');
  }
  const home = await findJurisdiction(db, principal.jurisdictionId);
  if (!home) throw new DomainError('OUT_OF_SCOPE', `home jurisdiction ${principal.jurisdictionId} not found`);
  return home.path;
}

export function isInScope(scopePath: string | null, path: string): boolean {
  return scopePath === null || path.startsWith(scopePath);
}
