import type { NamedUnit, OrganizationChange, OrganizationChangePreview } from '@bianzhi/contracts/approval';
import type { OrganizationDto } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import type { DomainError } from '@bianzhi/domain/errors';
import { pathUp } from '@bianzhi/domain/jurisdiction';
import { higherOf, type MatterKind } from '@bianzhi/domain/matters';
import { isLive } from '@bianzhi/domain/organization';
import { checkEstablishment, establishmentWorkflowId, matterEstablishmentId } from '../establishment/establishment.service.js';
import type { EstablishOrganizationInput } from '../workflows/establish-organization.types.js';
import type { MatterClockDeps } from './matter-clock.js';
import { asCaller, jurisdictionTree, matterInvalid } from './matter-context.js';
import type { MatterRow } from './matter.repository.js';
import { decidingLevel, type Tree } from './matter-rules.js';
import type { MatterDeps } from './matter.service.js';

// 机构编制事项 (kind organization_change): what a filing is checked against, where it is decided, what
// the platform does once it is approved, and how a reader sees it (docs/authority.md).

/** The existing units a change names: its subject, or the merged units and their target, or the unit an establishment replaces (撤一建一). */
export function namedUnitIds(change: OrganizationChange): string[] {
  if (change.action === 'establish') return change.unit.offsetOrganizationId ? [change.unit.offsetOrganizationId] : [];
  if (change.action === 'merge') return [...change.sourceIds, change.targetId];
  return [change.organizationId];
}

/** What is wrong with a change of these units as they stand, if anything (the filing's checks; the registry checks again when it applies it). */
function refusalOf(change: OrganizationChange, units: OrganizationDto[]): DomainError | null {
  const dead = units.find((u) => !isLive(u.status));
  if (dead) return matterInvalid(`“${dead.name}”已撤销或不再存续，不能再办理机构编制事项`, `${dead.name} no longer exists`, { organizationId: dead.id });
  if (change.action === 'merge') {
    if (new Set(change.sourceIds).size !== change.sourceIds.length || change.sourceIds.includes(change.targetId)) return matterInvalid('并入的机构不能重复，也不能是合并后的机构本身', 'The merged units must be distinct and differ from the target');
    const target = units.at(-1)!;
    const foreign = units.find((u) => u.jurisdictionId !== target.jurisdictionId);
    if (foreign) return matterInvalid(`“${foreign.name}”与“${target.name}”不属于同一行政区划，不能合并`, `${foreign.name} and ${target.name} are in different jurisdictions`);
  }
  if (change.action === 'rename' && units[0]!.name === change.name) return matterInvalid('新名称与现名称相同', 'The new name is the current name');
  if (change.action === 'rerank' && units[0]!.rank === change.rank) return matterInvalid('新规格与现规格相同', 'The new rank is the current rank');
  if (change.action === 'convert' && units[0]!.kind !== 'institution') return matterInvalid('只有事业单位才能转企改制', 'Only a public institution converts to an enterprise');
  return null;
}

/**
 * Checks an establishment matter as its filer may see it, and finds the level that decides it: where
 * the unit lies (a township's by its district; the city's when the city took these matters up there,
 * 审批权上收), and for an establishment with a first allocation also where that quota is decided.
 */
export async function routeOrganizationChange(deps: MatterDeps, principal: Principal, change: OrganizationChange, takenUp: (kind: MatterKind) => Promise<Set<string>>): Promise<{ tree: Tree; decidingJurisdictionId: string }> {
  // Every unit the change names, as the filer sees it (an establishment's 撤一建一 unit too): each one's jurisdiction is where the change touches.
  const units = await Promise.all(namedUnitIds(change).map((id) => asCaller(() => deps.registryAs(principal).registry.organization.get.query({ id }))));
  if (change.action === 'establish') {
    await checkEstablishment(deps, deps.ledger, principal, change.unit);
  } else {
    const refusal = refusalOf(change, units);
    if (refusal) throw refusal;
  }
  const touched = [...new Set([...(change.action === 'establish' ? [change.unit.jurisdictionId] : []), ...units.map((u) => u.jurisdictionId)])];
  const filer = principal.jurisdictionId!;
  const tree = await jurisdictionTree(deps.registry, [filer, ...touched]);
  const decidedBy = async (kind: MatterKind, at: string) => {
    const taken = await takenUp(kind);
    return decidingLevel(tree, at, (id) => taken.has(id));
  };
  let deciding = filer;
  for (const at of touched) deciding = higherOf(tree, deciding, await decidedBy('organization_change', at));
  if (change.action === 'establish' && Object.keys(change.unit.allocation).length > 0) deciding = higherOf(tree, deciding, await decidedBy('quota_movement', change.unit.jurisdictionId));
  return { tree, decidingJurisdictionId: deciding };
}

/** The establishment an approved matter runs: the unit as filed, with the approval's document number, as the filer asked. */
export interface EstablishmentRun {
  workflowId: string;
  jurisdictionPath: string[];
  input: EstablishOrganizationInput;
}

export type OrganizationOutcome = { failure: string | null } | { establish: EstablishmentRun };

/**
 * The effect of an approved establishment matter, as the platform. Each change is applied only if
 * the unit is not already as the matter leaves it, so a retry after a crash changes nothing twice.
 * An establishment is handed to its workflow (run as the matter workflow's child).
 */
export async function applyOrganizationChange(deps: MatterClockDeps, matter: MatterRow): Promise<OrganizationOutcome> {
  const change = matter.content.organization!;
  const basis = { documentNumber: matter.approvalDocumentNumber ?? undefined, reason: matter.title.slice(0, 500) };
  const registry = deps.registry.registry.organization;
  if (change.action === 'establish') {
    const tree = await jurisdictionTree(deps.registry, [change.unit.jurisdictionId]);
    return {
      establish: {
        workflowId: establishmentWorkflowId(matterEstablishmentId(deps.idKey, matter.id)),
        jurisdictionPath: pathUp(tree, change.unit.jurisdictionId),
        input: { ...change.unit, documentNumber: matter.approvalDocumentNumber ?? undefined, requestedBy: { id: matter.filedBy.id, name: matter.filedBy.name }, approvalRef: `matter/${matter.id}` },
      },
    };
  }
  const done = await changeInEffect(deps, change);
  if (done) return { failure: null };
  const units = await Promise.all(namedUnitIds(change).map((id) => registry.get.query({ id })));
  const unit = units[0]!;
  try {
    await applyChange(deps, change, unit, units, basis);
  } catch (error) {
    // Another apply of the same matter (the approving request and the workflow at once) may have made the change first.
    if (await changeInEffect(deps, change)) return { failure: null };
    throw error;
  }
  return { failure: null };
}

/** Whether the units are already as the change leaves them. */
async function changeInEffect(deps: MatterClockDeps, change: Exclude<OrganizationChange, { action: 'establish' }>): Promise<boolean> {
  const units = await Promise.all(namedUnitIds(change).map((id) => deps.registry.registry.organization.get.query({ id })));
  const unit = units[0]!;
  switch (change.action) {
    case 'abolish':
      return unit.status === 'abolished';
    case 'convert':
      return unit.status === 'converted';
    case 'merge':
      return units.slice(0, -1).every((u) => u.status === 'abolished' && u.successorId === change.targetId);
    case 'rename':
      return unit.name === change.name;
    case 'rerank':
      return unit.rank === change.rank;
  }
}

async function applyChange(deps: MatterClockDeps, change: Exclude<OrganizationChange, { action: 'establish' }>, unit: OrganizationDto, units: OrganizationDto[], basis: { documentNumber: string | undefined; reason: string }): Promise<void> {
  const registry = deps.registry.registry.organization;
  switch (change.action) {
    case 'abolish':
      if (unit.status !== 'abolished') await registry.abolish.mutate({ id: unit.id, ...basis });
      break;
    case 'convert':
      if (unit.status !== 'converted') await registry.convert.mutate({ id: unit.id, ...basis });
      break;
    case 'merge': {
      const pending = units.slice(0, -1).filter((u) => !(u.status === 'abolished' && u.successorId === change.targetId));
      if (pending.length > 0) await registry.merge.mutate({ sourceIds: pending.map((u) => u.id), targetId: change.targetId, keepNamesAsNameplates: change.keepNamesAsNameplates, ...basis });
      break;
    }
    case 'rename':
      if (unit.name !== change.name) await registry.update.mutate({ id: unit.id, changes: { name: change.name }, ...basis });
      break;
    case 'rerank':
      if (unit.rank !== change.rank) await registry.update.mutate({ id: unit.id, changes: { rank: change.rank }, ...basis });
      break;
  }
}

/** The change and the units it names as they stand now, those the reader may see. */
export async function organizationPreviewOf(deps: MatterDeps, matter: MatterRow, visible: Set<string>): Promise<OrganizationChangePreview | null> {
  const change = matter.content.organization;
  if (!change) return null;
  const ids = namedUnitIds(change);
  const established = matter.content.establishedOrganizationId ?? null;
  const found = await Promise.all((established ? [...ids, established] : ids).map((id) => deps.registry.registry.organization.get.query({ id }).catch(() => null)));
  const units: NamedUnit[] = found.filter((u) => u !== null).filter((u) => visible.has(u.jurisdictionId)).map((u) => ({ id: u.id, name: u.name, rank: u.rank, status: u.status, jurisdictionId: u.jurisdictionId }));
  return { action: change.action, change, units, establishedOrganizationId: established, establishmentRequestId: change.action === 'establish' && deps.idKey && ['approved', 'applied', 'failed'].includes(matter.state) ? matterEstablishmentId(deps.idKey, matter.id) : null };
}
