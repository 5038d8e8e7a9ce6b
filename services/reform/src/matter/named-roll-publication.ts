import type { NamedRollPublicationRequest } from '@bianzhi/contracts/named-roll';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { higherOf, type MatterKind } from '@bianzhi/domain/matters';
import type { AuditClient } from '../service-clients.js';
import { visibleJurisdictions } from '../jurisdictions.js';
import type { MatterClockDeps } from './matter-clock.js';
import { asCaller, jurisdictionTree, matterInvalid } from './matter-context.js';
import * as repo from './matter.repository.js';
import { decidingLevel, type Tree } from './matter-rules.js';
import type { MatterDeps } from './matter.service.js';

// 实名制公示 (kind named_roll_publication, docs/audit.md "Named-roll publication"): a bureau files to
// switch a jurisdiction's named-roll publication on or off. It is decided where the jurisdiction is
// (a township's by its district), the city where it took the kind up, never below the filer's level —
// as the authority table decides a move inside one jurisdiction. Approved, the platform sets the
// switch in the audit service (audit.namedRoll.applySetting, system only); the next snapshot follows it.

function auditOf(deps: { audit?: AuditClient | undefined }): AuditClient {
  if (!deps.audit) throw new DomainError('DEPENDENCY_UNAVAILABLE', 'the reform service has no audit client');
  return deps.audit;
}

/**
 * Filing checks the jurisdiction is in the filer's reach, that the switch would change (on when off,
 * off when on), and that no other matter on the jurisdiction's switch is being decided.
 */
export async function routeNamedRollPublication(deps: MatterDeps, principal: Principal, request: NamedRollPublicationRequest, matterId: string, takenUp: (kind: MatterKind) => Promise<Set<string>>): Promise<{ tree: Tree; decidingJurisdictionId: string }> {
  if (!(await visibleJurisdictions(deps, principal)).some((j) => j.id === request.jurisdictionId)) {
    throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${request.jurisdictionId} is out of reach`, undefined, bilingual('所选区划不在您的管辖范围内', 'The jurisdiction is out of your reach'));
  }
  const current = await asCaller(() => auditOf(deps).audit.namedRoll.forMatter.query({ jurisdictionId: request.jurisdictionId }));
  if (current.enabled === request.enabled) throw matterInvalid(request.enabled ? '该区划已开启实名制公示' : '该区划尚未开启实名制公示', request.enabled ? 'Named-roll publication is already on for this jurisdiction' : 'Named-roll publication is not on for this jurisdiction');
  if ((await repo.openMattersNaming(deps.db, { kind: 'named_roll_publication', field: 'namedRoll', match: { jurisdictionId: request.jurisdictionId }, except: matterId })).length > 0) {
    throw matterInvalid('该区划的实名制公示事项已在报批中', 'A named-roll publication matter of this jurisdiction is already being decided');
  }
  const filer = principal.jurisdictionId!;
  const tree = await jurisdictionTree(deps.registry, [filer, request.jurisdictionId]);
  const taken = await takenUp('named_roll_publication');
  return { tree, decidingJurisdictionId: higherOf(tree, filer, decidingLevel(tree, request.jurisdictionId, (id) => taken.has(id))) };
}

/** Approved: the platform sets the switch with the approval's number; a retry finds it applied (the audit service keys it by the matter). */
export async function applyNamedRollPublication(deps: MatterClockDeps, matter: repo.MatterRow): Promise<void> {
  const request = matter.content.namedRoll!;
  await auditOf(deps).audit.namedRoll.applySetting.mutate({ ...request, matterId: matter.id, documentNumber: matter.approvalDocumentNumber });
}
