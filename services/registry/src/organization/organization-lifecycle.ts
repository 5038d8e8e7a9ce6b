import type { Nameplate, OrganizationDto } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { scopeOf } from '../scope.js';
import * as repo from './organization.repository.js';
import { effectiveDateFor, recordChange, type ChangeBasis } from './organization-history.js';
import { assertCountChangeAllowed } from '../limit/limit.service.js';
import { assertAppliedByPlatform, assertJurisdictionInScope, jurisdictionOf, lockForChange, refuseLiveChildren, stripRecord, type RegistryDeps } from './organization.service.js';
import { nameInitials } from './search-key.js';

/**
 * Commands that change what an organization is or whether it goes on: nameplates, abolition,
 * conversion to an enterprise, merger and delegation downward. Creation and attribute updates
 * are in organization.service.ts.
 */
async function setNameplates(deps: RegistryDeps, principal: Principal, input: { id: string; expectedVersion?: number | undefined } & ChangeBasis, type: string, next: (current: Nameplate[]) => Nameplate[], requestId?: string) {
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockForChange(trx, principal, input.id, input.expectedVersion);
    const nameplates = next(current.nameplates);
    const effectiveDate = await effectiveDateFor(trx, current.id, input);
    const updated = await repo.updateOrganization(trx, current.id, { nameplates, effectiveDate, documentNumber: input.documentNumber ?? null });
    await recordChange(trx, principal, { type, before: { nameplates: current.nameplates }, after: updated, basis: input, effectiveDate, requestId });
    return stripRecord(updated);
  });
}

/** 加挂牌子 / 合署办公: another name on the same body, never a new organization. */
export function addNameplate(deps: RegistryDeps, principal: Principal, input: { id: string; expectedVersion?: number | undefined; nameplate: Nameplate } & ChangeBasis, requestId?: string) {
  return setNameplates(deps, principal, input, 'nameplate_added', (current) => {
    if (current.some((n) => n.name === input.nameplate.name)) throw new DomainError('CONFLICT', `nameplate ${input.nameplate.name} exists`);
    return [...current, input.nameplate];
  }, requestId);
}

export function removeNameplate(deps: RegistryDeps, principal: Principal, input: { id: string; expectedVersion?: number | undefined; nameplate: Nameplate } & ChangeBasis, requestId?: string) {
  return setNameplates(deps, principal, input, 'nameplate_removed', (current) => {
    if (!current.some((n) => n.name === input.nameplate.name)) throw new DomainError('NOT_FOUND', `nameplate ${input.nameplate.name} not found`);
    return current.filter((n) => n.name !== input.nameplate.name);
  }, requestId);
}


async function closeOrganization(
  deps: RegistryDeps,
  principal: Principal,
  input: { id: string; expectedVersion?: number | undefined } & ChangeBasis,
  type: 'abolished' | 'converted',
  requestId?: string,
): Promise<OrganizationDto> {
  assertAppliedByPlatform(principal, type === 'abolished' ? 'registry.organization.abolish' : 'registry.organization.convert');
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockForChange(trx, principal, input.id, input.expectedVersion);
    if (type === 'converted' && current.kind !== 'institution') {
      throw new DomainError('ORGANIZATION_STATE', 'only a public institution converts to an enterprise', undefined, {
        'zh-CN': '只有事业单位才能转企改制',
        en: 'Only a public institution can convert to an enterprise',
      });
    }
    await refuseLiveChildren(trx, current);
    const effectiveDate = await effectiveDateFor(trx, current.id, input);
    const updated = await repo.updateOrganization(trx, current.id, { status: type, effectiveDate, documentNumber: input.documentNumber ?? null });
    await recordChange(trx, principal, { type, before: { status: current.status }, after: updated, basis: input, effectiveDate, requestId });
    return stripRecord(updated);
  });
}

/** 撤销: the unit stops existing; its record and history stay readable. */
export function abolishOrganization(deps: RegistryDeps, principal: Principal, input: { id: string; expectedVersion?: number | undefined } & ChangeBasis, requestId?: string) {
  return closeOrganization(deps, principal, input, 'abolished', requestId);
}

/** 转企改制: a public institution leaves the registry as an enterprise. */
export function convertOrganization(deps: RegistryDeps, principal: Principal, input: { id: string; expectedVersion?: number | undefined } & ChangeBasis, requestId?: string) {
  return closeOrganization(deps, principal, input, 'converted', requestId);
}

/**
 * Merges units into a target in one step: each source is abolished with the target as successor,
 * its subordinate units move under the target, and its name may stay on as a nameplate. A merger
 * only ever lowers its jurisdiction's count, so the organization limits never refuse one.
 */
export async function mergeOrganizations(
  deps: RegistryDeps,
  principal: Principal,
  input: { sourceIds: string[]; targetId: string; keepNamesAsNameplates: boolean } & ChangeBasis,
  requestId?: string,
): Promise<OrganizationDto> {
  assertAppliedByPlatform(principal, 'registry.organization.merge');
  if (new Set(input.sourceIds).size !== input.sourceIds.length || input.sourceIds.includes(input.targetId)) {
    throw new DomainError('VALIDATION_FAILED', 'sources must be distinct and differ from the target');
  }
  return deps.db.transaction().execute(async (trx) => {
    // Lock in id order so that two merges touching the same units cannot deadlock.
    const ids = [...input.sourceIds, input.targetId].sort();
    const locked = new Map<string, repo.OrganizationRecord>();
    for (const id of ids) locked.set(id, await lockForChange(trx, principal, id));
    const target = locked.get(input.targetId)!;
    const sources = input.sourceIds.map((id) => locked.get(id)!);
    const foreign = sources.find((s) => s.jurisdictionId !== target.jurisdictionId);
    if (foreign) throw new DomainError('ORGANIZATION_STATE', `${foreign.name} belongs to another jurisdiction`, undefined, {
      'zh-CN': `“${foreign.name}”与“${target.name}”不属于同一行政区划，不能合并`,
      en: `${foreign.name} and ${target.name} are in different jurisdictions and cannot merge`,
    });
    const dates = await Promise.all(ids.map((id) => effectiveDateFor(trx, id, input)));
    const effectiveDate = dates.sort().at(-1)!;
    const reason = input.reason ?? `并入“${target.name}”`;

    for (const source of sources) {
      for (const child of await repo.liveChildren(trx, source.id)) {
        const childBefore = await lockForChange(trx, principal, child.id);
        const moved = await repo.updateOrganization(trx, child.id, { parentId: target.id });
        await recordChange(trx, principal, { type: 'parent_changed', before: { parentId: childBefore.parentId }, after: moved, basis: { ...input, reason }, effectiveDate: await effectiveDateFor(trx, child.id, { effectiveDate }), requestId });
      }
      const abolished = await repo.updateOrganization(trx, source.id, { status: 'abolished', successorId: target.id, effectiveDate, documentNumber: input.documentNumber ?? null });
      await recordChange(trx, principal, { type: 'merged', before: { status: source.status }, after: abolished, basis: { ...input, reason }, effectiveDate, requestId, detail: { mergedInto: target.id } });
    }
    const added = input.keepNamesAsNameplates ? sources.filter((s) => !target.nameplates.some((n) => n.name === s.name)).map((s) => ({ name: s.name, kind: 'nameplate' as const })) : [];
    const merged = await repo.updateOrganization(trx, target.id, { nameplates: [...target.nameplates, ...added], effectiveDate, documentNumber: input.documentNumber ?? null });
    await recordChange(trx, principal, { type: 'merged_in', before: { nameplates: target.nameplates }, after: merged, basis: input, effectiveDate, requestId, detail: { sources: sources.map((s) => ({ id: s.id, name: s.name })) } });
    return stripRecord(merged);
  });
}

/**
 * 下放: the unit moves down to a jurisdiction below its own. The old record ends as delegated and
 * names its successor, a new record in the target jurisdiction with the same attributes and
 * departments, so each jurisdiction's own history stays whole.
 */
export async function delegateOrganization(
  deps: RegistryDeps,
  principal: Principal,
  input: { id: string; expectedVersion?: number | undefined; targetJurisdictionId: string; newName?: string | undefined } & ChangeBasis,
  requestId?: string,
): Promise<OrganizationDto> {
  assertAppliedByPlatform(principal, 'registry.organization.delegate');
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockForChange(trx, principal, input.id, input.expectedVersion);
    const scope = await scopeOf(trx, principal);
    const target = await assertJurisdictionInScope(trx, scope, input.targetJurisdictionId);
    const home = await jurisdictionOf(trx, current.jurisdictionId);
    if (target.id === home.id || !target.path.startsWith(home.path)) {
      throw new DomainError('ORGANIZATION_STATE', 'delegation goes to a jurisdiction below the current one', undefined, {
        'zh-CN': `只能下放到“${home.name}”的下级行政区划`,
        en: `An organization can only be delegated below ${home.name}`,
      });
    }
    await refuseLiveChildren(trx, current);
    await assertCountChangeAllowed(trx, target.id, { added: [current], removed: [] });
    const effectiveDate = await effectiveDateFor(trx, current.id, input);
    const name = input.newName ?? current.name;
    const successor = await repo.insertOrganization(trx, {
      jurisdictionId: target.id,
      name,
      nameInitials: nameInitials(name),
      kind: current.kind,
      status: 'active',
      parentId: null,
      institutionClass: current.institutionClass,
      organBranch: current.organBranch,
      funding: current.funding,
      rank: current.rank,
      classified: current.classified,
      nameplates: current.nameplates,
      plannedQuota: current.plannedQuota,
      basis: 'delegation',
      legalRegistration: current.legalRegistration,
      charter: current.charter,
      effectiveDate,
      documentNumber: input.documentNumber ?? null,
    });
    // The credit code follows the body to its new record.
    const ended = await repo.updateOrganization(trx, current.id, { status: 'delegated', successorId: successor.id, creditCode: null, effectiveDate, documentNumber: input.documentNumber ?? null });
    const moved = current.creditCode ? await repo.updateOrganization(trx, successor.id, { creditCode: current.creditCode }) : successor;
    await trx
      .insertInto('registry.departments')
      .columns(['organization_id', 'name', 'type', 'headcount', 'leadership_posts', 'functions'])
      .expression((eb) =>
        eb
          .selectFrom('registry.departments')
          .select([eb.val(successor.id).as('organization_id'), 'name', 'type', 'headcount', 'leadership_posts', 'functions'])
          .where('organization_id', '=', current.id)
          .where('status', '=', 'active'),
      )
      .execute();
    await recordChange(trx, principal, { type: 'delegated_in', before: null, after: moved, basis: input, effectiveDate, requestId, detail: { from: current.id } });
    await recordChange(trx, principal, { type: 'delegated', before: { status: current.status, jurisdictionId: current.jurisdictionId }, after: ended, basis: input, effectiveDate, requestId, detail: { to: successor.id } });
    return stripRecord(moved);
  });
}
