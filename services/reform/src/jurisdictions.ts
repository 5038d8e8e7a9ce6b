import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import type { RegistryClient } from './service-clients.js';

export interface JurisdictionDeps {
  /** Registry client acting as the caller, so that the registry applies the caller's scope. */
  registryAs: (principal: Principal) => RegistryClient;
  /** Registry client acting as the reform service. */
  registry: RegistryClient;
}

/** The jurisdictions the caller may see. */
export async function visibleJurisdictions(deps: Pick<JurisdictionDeps, 'registryAs'>, principal: Principal) {
  try {
    return await deps.registryAs(principal).registry.jurisdiction.list.query({});
  } catch (error) {
    throw new DomainError('DEPENDENCY_UNAVAILABLE', 'registry unavailable', { cause: String(error) });
  }
}

function ancestorsOf(all: { id: string; parentId: string | null }[], from: string): string[] {
  const byId = new Map(all.map((j) => [j.id, j]));
  const out: string[] = [];
  for (let at = byId.get(from); at; at = at.parentId ? byId.get(at.parentId) : undefined) out.push(at.id);
  return out;
}

/**
 * A jurisdiction and its ancestors, what a workflow is found by (BianzhiJurisdictions): those above
 * the caller's own root are outside their view, so the rest of the chain comes from the registry
 * as the reform service.
 */
export async function jurisdictionPath(deps: JurisdictionDeps, visible: { id: string; parentId: string | null }[], jurisdictionId: string): Promise<string[]> {
  const path = ancestorsOf(visible, jurisdictionId);
  const top = visible.find((j) => j.id === path.at(-1));
  if (top?.parentId) path.push(...ancestorsOf(await deps.registry.registry.jurisdiction.list.query({}), top.parentId));
  return path;
}

/** A visibility query's string literal. */
export const visibilityLiteral = (v: string) => `'${v.replace(/'/g, '')}'`;
