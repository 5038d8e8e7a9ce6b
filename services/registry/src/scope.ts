import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import type { RegistryDb, RegistryTx } from './db.js';
import { findJurisdiction } from './jurisdiction/jurisdiction.repository.js';

/**
 * What a principal may see of the registry. Admins, inspectors and the like: their home
 * jurisdiction's subtree (`path` is its materialized path). Department users: their own
 * jurisdiction only, and of the organizations only their own unit. Platform services: everything.
 */
export interface Scope {
  path: string | null;
  onlyOwnJurisdiction: boolean;
  organizationId: string | null;
}

export async function scopeOf(db: RegistryDb | RegistryTx, principal: Principal): Promise<Scope> {
  if (principal.jurisdictionId === null) {
    if (principal.kind === 'service') return { path: null, onlyOwnJurisdiction: false, organizationId: null };
    throw new DomainError('OUT_OF_SCOPE', 'user without a home jurisdiction');
  }
  const home = await findJurisdiction(db, principal.jurisdictionId);
  if (!home) throw new DomainError('OUT_OF_SCOPE', `home jurisdiction ${principal.jurisdictionId} not found`);
  const departmentUser = principal.roles.includes('department_user');
  // A department user without a unit sees no organization at all ('' matches no id).
  return { path: home.path, onlyOwnJurisdiction: departmentUser, organizationId: departmentUser ? (principal.organizationId ?? '') : null };
}

export function jurisdictionInScope(scope: Scope, path: string): boolean {
  if (scope.path === null) return true;
  return scope.onlyOwnJurisdiction ? path === scope.path : path.startsWith(scope.path);
}

/**
 * A department user sees their own unit, and only while it lies in their home jurisdiction's
 * subtree: an account bound to a unit elsewhere in the city (a mistake, or worse) sees nothing.
 */
export function organizationInScope(scope: Scope, organizationId: string, jurisdictionPath: string): boolean {
  if (scope.organizationId !== null) return organizationId === scope.organizationId && (scope.path === null || jurisdictionPath.startsWith(scope.path));
  return jurisdictionInScope(scope, jurisdictionPath);
}
