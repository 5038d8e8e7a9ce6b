import type { CharterRequest } from '@bianzhi/contracts/legal-registration';
import type { Principal } from '@bianzhi/domain/access';
import { higherOf, type MatterKind } from '@bianzhi/domain/matters';
import type { MatterClockDeps } from './matter-clock.js';
import { asCaller, jurisdictionTree, matterInvalid } from './matter-context.js';
import * as repo from './matter.repository.js';
import { decidingLevel, type Tree } from './matter-rules.js';
import type { MatterDeps } from './matter.service.js';

// 章程核准 (kind charter_approval, docs/registry.md "Charters"): a public institution's charter, drafted
// by its bureau, is decided where the unit is (a township's by its district), as its establishment
// is, unless the city took the kind up; never below the filer's level. Approved, the platform records
// it in the registry as the unit's next version (registry.charter.record), published at once.

/**
 * Filing checks the unit as the filer sees it (a live public institution), that the charter it
 * replaces is still the latest, and that no other charter of the unit is being decided.
 */
export async function routeCharterApproval(deps: MatterDeps, principal: Principal, request: CharterRequest, matterId: string, takenUp: (kind: MatterKind) => Promise<Set<string>>): Promise<{ tree: Tree; decidingJurisdictionId: string }> {
  const unit = await asCaller(() => deps.registryAs(principal).registry.charter.check.query({ organizationId: request.organizationId }));
  if (unit.currentVersion !== request.basedOnVersion) throw matterInvalid(`${unit.organizationName}的章程已有第${unit.currentVersion}版，请在最新版本上修订后报批`, `${unit.organizationName}’s charter is at version ${unit.currentVersion}; revise the latest version and file again`);
  if ((await repo.openMattersNaming(deps.db, { kind: 'charter_approval', field: 'charter', match: { organizationId: request.organizationId }, except: matterId })).length > 0) throw matterInvalid(`${unit.organizationName}已有章程在报批中`, `A charter of ${unit.organizationName} is already being decided`);
  const filer = principal.jurisdictionId!;
  const tree = await jurisdictionTree(deps.registry, [filer, unit.jurisdictionId]);
  const taken = await takenUp('charter_approval');
  return { tree, decidingJurisdictionId: higherOf(tree, filer, decidingLevel(tree, unit.jurisdictionId, (id) => taken.has(id))) };
}

/** Approved: the registry records the charter once (keyed by the matter); a retry finds it recorded. */
export async function applyCharterApproval(deps: MatterClockDeps, matter: repo.MatterRow): Promise<void> {
  await deps.registry.registry.charter.record.mutate({ matterId: matter.id, documentNumber: matter.approvalDocumentNumber, charter: matter.content.charter! });
}
