import type {
  CreateOrganizationInput,
  Nameplate,
  OrganizationDetailDto,
  OrganizationDto,
  OrganizationFilterInput,
  OrganizationHit,
  OrganizationListDto,
  OrganizationTreeAnswer,
  OrganizationTreeDto,
  OrganizationVersionDto,
  UpdateOrganizationInput,
} from '@bianzhi/contracts/registry';
import { hasPermission, type Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { isValidCreditCode } from '@bianzhi/domain/identifiers';
import { isLive } from '@bianzhi/domain/organization';
import { assertNoViolations, checkNewOrganization, checkRectification } from '@bianzhi/domain/policy';
import type { RegistryDb, RegistryTx } from '../db.js';
import { findJurisdiction, listJurisdictions as listJurisdictionRows } from '../jurisdiction/jurisdiction.repository.js';
import { jurisdictionInScope, organizationInScope, scopeOf, type Scope } from '../scope.js';
import { settingsFor, type ViolationsPort } from '../policy/policy.service.js';
import * as repo from './organization.repository.js';
import { effectiveDateFor, recordChange, snapshotAsOf, versionsOf, type ChangeBasis } from './organization-history.js';
import { nameInitials } from './search-key.js';
import { organizationsWorkbook } from './organization-sheet.js';
import { encodeOrganizationRows } from '@bianzhi/contracts/organization-tree';

export interface RegistryDeps {
  db: RegistryDb;
  violations: ViolationsPort;
}

type Db = RegistryDb | RegistryTx;

async function jurisdictionOf(db: Db, jurisdictionId: string) {
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
  return jurisdiction;
}

async function assertJurisdictionInScope(db: Db, scope: Scope, jurisdictionId: string) {
  const jurisdiction = await jurisdictionOf(db, jurisdictionId);
  if (!jurisdictionInScope(scope, jurisdiction.path)) throw new DomainError('OUT_OF_SCOPE');
  return jurisdiction;
}

async function assertOrganizationInScope(db: Db, scope: Scope, organization: { id: string; jurisdictionId: string }): Promise<void> {
  const jurisdiction = await jurisdictionOf(db, organization.jurisdictionId);
  if (!organizationInScope(scope, organization.id, jurisdiction.path)) throw new DomainError('OUT_OF_SCOPE');
}

/** An organization the caller may read. */
export async function readableOrganization(db: Db, principal: Principal, id: string): Promise<repo.OrganizationRecord> {
  const found = await repo.findOrganization(db, id);
  if (!found) throw new DomainError('NOT_FOUND', `organization ${id} not found`);
  await assertOrganizationInScope(db, await scopeOf(db, principal), found);
  return found;
}

/** Locks a live organization in scope for a change, refusing a stale expected version. */
export async function lockForChange(trx: RegistryTx, principal: Principal, id: string, expectedVersion?: number): Promise<repo.OrganizationRecord> {
  const current = await repo.findOrganization(trx, id, { forUpdate: true });
  if (!current) throw new DomainError('NOT_FOUND', `organization ${id} not found`);
  await assertOrganizationInScope(trx, await scopeOf(trx, principal), current);
  if (!isLive(current.status)) throw new DomainError('ORGANIZATION_NOT_LIVE', `organization ${id} is ${current.status}`);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new DomainError('CONFLICT', `organization ${id} is at version ${current.version}, not ${expectedVersion}`);
  }
  return current;
}

/** Rectification linkage: no approval for a unit (or under a supervising organ) with an open violation. */
export async function assertNoOpenViolations(deps: RegistryDeps, trx: RegistryTx, jurisdictionId: string, organizationIds: (string | null | undefined)[]): Promise<void> {
  const ids = organizationIds.filter((id): id is string => Boolean(id));
  if (ids.length === 0) return;
  const open = (await Promise.all(ids.map((id) => deps.violations.openViolations(id)))).flat();
  assertNoViolations(checkRectification(await settingsFor(trx, jurisdictionId), open));
}

async function checkCreditCode(trx: RegistryTx, code: string | null | undefined, ownId: string | null): Promise<void> {
  if (!code) return;
  if (!isValidCreditCode(code)) throw new DomainError('CREDIT_CODE_INVALID', `credit code ${code} fails its check character`);
  const holder = await repo.findOrganizationByCreditCode(trx, code);
  if (holder && holder.id !== ownId) throw new DomainError('CREDIT_CODE_TAKEN', `credit code ${code} belongs to ${holder.id}`);
}

/** A supervising organ must be live, in scope, and not the unit itself or one of its own subordinates. */
async function checkParent(trx: RegistryTx, scope: Scope, parentId: string | null | undefined, selfId: string | null): Promise<void> {
  if (!parentId) return;
  let cursor: string | null = parentId;
  for (let depth = 0; cursor; depth++) {
    if (cursor === selfId || depth > 50) throw new DomainError('VALIDATION_FAILED', 'an organization cannot be supervised by itself or its own subordinate');
    const node = await repo.findOrganization(trx, cursor);
    if (!node) throw new DomainError('NOT_FOUND', `supervising organization ${cursor} not found`);
    if (cursor === parentId) {
      await assertOrganizationInScope(trx, scope, node);
      if (!isLive(node.status)) throw new DomainError('ORGANIZATION_NOT_LIVE', `supervising organization ${parentId} is ${node.status}`);
    }
    cursor = node.parentId;
  }
}

function checkClassFitsKind(kind: OrganizationDto['kind'], institutionClass: OrganizationDto['institutionClass'] | undefined): void {
  if (institutionClass && kind !== 'institution') throw new DomainError('VALIDATION_FAILED', 'only public institutions have a public-institution class');
}

function stripRecord(record: repo.OrganizationRecord): OrganizationDto {
  const { idempotencyKey: _key, offsetFor: _offset, ...dto } = record;
  return dto;
}

/**
 * Creates an organization. `establish` (a new unit) is checked against the policy rules of its
 * jurisdiction and starts planned; `inventory` records an existing unit, active at once, and needs
 * the import permission. With an idempotency key a retry returns the first result.
 */
export async function createOrganization(deps: RegistryDeps, principal: Principal, input: CreateOrganizationInput, requestId?: string): Promise<OrganizationDto> {
  const basisKind = input.basis ?? 'establish';
  if (basisKind === 'inventory' && !hasPermission(principal, 'registry.organization.import')) {
    throw new DomainError('FORBIDDEN', 'recording existing units needs the import permission');
  }
  return deps.db.transaction().execute((trx) => createOrganizationIn(deps, trx, principal, input, requestId));
}

/** The body of createOrganization inside a caller's transaction (the Excel import creates many in one). */
export async function createOrganizationIn(deps: RegistryDeps, trx: RegistryTx, principal: Principal, input: CreateOrganizationInput, requestId?: string): Promise<OrganizationDto> {
  const basisKind = input.basis ?? 'establish';
  if (input.idempotencyKey) {
    const existing = await repo.findOrganizationByKey(trx, input.idempotencyKey);
    if (existing) {
      if (existing.name !== input.name || existing.kind !== input.kind || existing.jurisdictionId !== input.jurisdictionId) {
        throw new DomainError('IDEMPOTENCY_MISMATCH', `key ${input.idempotencyKey} was used for another organization`);
      }
      return stripRecord(existing);
    }
  }
  const scope = await scopeOf(trx, principal);
  const jurisdiction = await assertJurisdictionInScope(trx, scope, input.jurisdictionId);
  checkClassFitsKind(input.kind, input.institutionClass);
  await checkCreditCode(trx, input.creditCode, null);
  await checkParent(trx, scope, input.parentId, null);

  let offset: repo.OrganizationRecord | null = null;
  if (basisKind === 'establish') {
    if (input.kind === 'institution' && !input.institutionClass) throw new DomainError('VALIDATION_FAILED', 'a new public institution needs its class');
    if (input.offsetOrganizationId) {
      offset = await repo.findOrganization(trx, input.offsetOrganizationId, { forUpdate: true });
      if (!offset) throw new DomainError('NOT_FOUND', `organization ${input.offsetOrganizationId} not found`);
      await assertOrganizationInScope(trx, scope, offset);
    }
    const settings = await settingsFor(trx, jurisdiction.id);
    assertNoViolations(
      checkNewOrganization(settings, {
        kind: input.kind,
        institutionClass: input.institutionClass ?? null,
        plannedQuota: input.plannedQuota ?? null,
        offset: offset ? { name: offset.name, status: offset.status, alreadyUsed: offset.offsetFor !== null } : null,
      }),
    );
    await assertNoOpenViolations(deps, trx, jurisdiction.id, [input.parentId]);
  }

  const effectiveDate = await effectiveDateFor(trx, null, input);
  const created = await repo.insertOrganization(trx, {
    jurisdictionId: input.jurisdictionId,
    name: input.name,
    nameInitials: nameInitials(input.name),
    kind: input.kind,
    status: basisKind === 'inventory' ? 'active' : 'planned',
    parentId: input.parentId ?? null,
    institutionClass: input.institutionClass ?? null,
    funding: input.funding ?? null,
    rank: input.rank ?? 'none',
    classified: input.classified ?? false,
    creditCode: input.creditCode ?? null,
    nameplates: input.nameplates ?? [],
    plannedQuota: input.plannedQuota ?? null,
    basis: basisKind,
    legalRegistration: input.legalRegistration ?? null,
    charter: input.charter ?? null,
    effectiveDate,
    documentNumber: input.documentNumber ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
  });
  await recordChange(trx, principal, { type: 'created', before: null, after: created, basis: input, effectiveDate, requestId, detail: { offsetOrganizationId: offset?.id ?? null } });

  if (offset) {
    const abolishNow = isLive(offset.status);
    if (abolishNow) await refuseLiveChildren(trx, offset);
    const updated = await repo.updateOrganization(trx, offset.id, abolishNow ? { status: 'abolished', successorId: created.id, offsetFor: created.id } : { offsetFor: created.id });
    const offsetDate = abolishNow ? await effectiveDateFor(trx, offset.id, input) : effectiveDate;
    await recordChange(trx, principal, {
      type: abolishNow ? 'abolished' : 'offset',
      before: { status: offset.status },
      after: updated,
      basis: { ...input, reason: input.reason ?? `撤一建一：为设立“${created.name}”撤销` },
      effectiveDate: offsetDate > effectiveDate ? offsetDate : effectiveDate,
      requestId,
      detail: { madeRoomFor: created.id },
    });
  }
  return stripRecord(created);
}

/** planned → active. Activating an already active organization is a no-op, so retries are safe. */
export async function activateOrganization(deps: RegistryDeps, principal: Principal, id: string, requestId?: string): Promise<OrganizationDto> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockForChange(trx, principal, id);
    if (current.status === 'active') return stripRecord(current);
    if (current.status !== 'planned') throw new DomainError('ORGANIZATION_NOT_PLANNED', `organization ${id} is ${current.status}`);
    const effectiveDate = await effectiveDateFor(trx, id, {});
    const updated = await repo.updateOrganization(trx, id, { status: 'active' });
    await recordChange(trx, principal, { type: 'activated', before: { status: current.status }, after: updated, basis: {}, effectiveDate, requestId });
    return stripRecord(updated);
  });
}

const changeTypes: Partial<Record<keyof UpdateOrganizationInput['changes'], string>> = {
  name: 'renamed',
  institutionClass: 'class_changed',
  funding: 'funding_changed',
  rank: 'rank_changed',
  parentId: 'parent_changed',
};

/** Rename, change class/funding/rank/supervising organ and the other attributes; one version per call. */
export async function updateOrganization(deps: RegistryDeps, principal: Principal, input: UpdateOrganizationInput, requestId?: string): Promise<OrganizationDto> {
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockForChange(trx, principal, input.id, input.expectedVersion);
    const changed = Object.fromEntries(
      Object.entries(input.changes).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key as keyof OrganizationDto])),
    ) as UpdateOrganizationInput['changes'];
    const keys = Object.keys(changed) as (keyof UpdateOrganizationInput['changes'])[];
    if (keys.length === 0) return stripRecord(current);

    checkClassFitsKind(current.kind, changed.institutionClass);
    await checkCreditCode(trx, changed.creditCode, current.id);
    await checkParent(trx, await scopeOf(trx, principal), changed.parentId, current.id);
    await assertNoOpenViolations(deps, trx, current.jurisdictionId, [current.id]);
    const effectiveDate = await effectiveDateFor(trx, current.id, input);
    const updated = await repo.updateOrganization(trx, current.id, {
      ...changed,
      ...(changed.name ? { nameInitials: nameInitials(changed.name) } : {}),
      effectiveDate,
      documentNumber: input.documentNumber ?? null,
    });
    const type = keys.length === 1 ? (changeTypes[keys[0]!] ?? 'updated') : 'updated';
    const before = Object.fromEntries(keys.map((key) => [key, current[key as keyof OrganizationDto]]));
    await recordChange(trx, principal, { type, before, after: updated, basis: input, effectiveDate, requestId });
    return stripRecord(updated);
  });
}

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

async function refuseLiveChildren(trx: RegistryTx, organization: repo.OrganizationRecord): Promise<void> {
  const children = await repo.liveChildren(trx, organization.id);
  if (children.length > 0) {
    throw new DomainError('ORGANIZATION_STATE', `${organization.name} still supervises ${children.length} live organizations`, { children: children.map((c) => c.name) }, {
      'zh-CN': `“${organization.name}”仍主管${children.length}个机构（${children.slice(0, 5).map((c) => c.name).join('、')}${children.length > 5 ? '等' : ''}），请先调整其主管部门`,
      en: `${organization.name} still supervises ${children.length} organizations; move them first`,
    });
  }
}

async function closeOrganization(
  deps: RegistryDeps,
  principal: Principal,
  input: { id: string; expectedVersion?: number | undefined } & ChangeBasis,
  type: 'abolished' | 'converted',
  requestId?: string,
): Promise<OrganizationDto> {
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
 * its subordinate units move under the target, and its name may stay on as a nameplate.
 */
export async function mergeOrganizations(
  deps: RegistryDeps,
  principal: Principal,
  input: { sourceIds: string[]; targetId: string; keepNamesAsNameplates: boolean } & ChangeBasis,
  requestId?: string,
): Promise<OrganizationDto> {
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

/** An organization now, or as it stood at the end of `asOf`, with names for its references. */
export async function getOrganization(db: RegistryDb, principal: Principal, id: string, asOf?: string): Promise<OrganizationDetailDto> {
  const current = await readableOrganization(db, principal, id);
  const record = asOf ? await snapshotAsOf(db, id, asOf) : null;
  if (asOf && !record) throw new DomainError('NOT_FOUND', `organization ${id} did not exist on ${asOf}`, undefined, { 'zh-CN': `该机构在${asOf}尚未设立`, en: `The organization did not exist on ${asOf}` });
  const departments = record ? record.departments.map((d) => ({ ...d, organizationId: id })) : await repo.activeDepartments(db, id);
  const base = record ? { ...record, createdAt: current.createdAt } : stripRecord(current);
  const nameOf = async (orgId: string | null) => (orgId ? ((await repo.findOrganization(db, orgId))?.name ?? null) : null);
  const jurisdiction = await jurisdictionOf(db, base.jurisdictionId);
  const { departments: _d, ...dto } = base as typeof base & { departments?: unknown };
  return { ...dto, jurisdictionName: jurisdiction.name, parentName: await nameOf(base.parentId), successorName: await nameOf(base.successorId), departments, asOf: asOf ?? null };
}

export async function organizationHistory(db: RegistryDb, principal: Principal, id: string): Promise<OrganizationVersionDto[]> {
  await readableOrganization(db, principal, id);
  return versionsOf(db, id);
}

async function scopedFilter<F extends Partial<OrganizationFilterInput>>(db: RegistryDb, principal: Principal, filter: F) {
  const scope = await scopeOf(db, principal);
  const jurisdictionPath = filter.jurisdictionId ? ((await findJurisdiction(db, filter.jurisdictionId))?.path ?? null) : null;
  return { scopePath: scope.path, exactPath: scope.onlyOwnJurisdiction, organizationId: scope.organizationId, jurisdictionPath, ...filter };
}

export async function listOrganizations(db: RegistryDb, principal: Principal, filter: Partial<OrganizationFilterInput> & { limit: number; offset: number }): Promise<OrganizationListDto> {
  return repo.listOrganizations(db, await scopedFilter(db, principal, filter));
}

export async function searchOrganizations(db: RegistryDb, principal: Principal, input: { q: string; limit: number }): Promise<OrganizationHit[]> {
  const scope = await scopeOf(db, principal);
  const rows = await repo.searchOrganizations(db, { scopePath: scope.path, exactPath: scope.onlyOwnJurisdiction, organizationId: scope.organizationId, ...input });
  return rows.map((r) => ({ id: r.id, name: r.name, jurisdictionName: r.jurisdictionName, kind: r.kind as OrganizationHit['kind'], status: r.status as OrganizationHit['status'] }));
}

const treeCache = new Map<string, { stamp: string; tree: OrganizationTreeDto }>();

/**
 * Every jurisdiction and organization in scope, in one call. The encoded tree is cached per scope
 * and rebuilt when the registry's change stamp moves: every write adds a row or bumps a version,
 * so the sum of versions plus the row count grows with each committed change, in any commit order.
 */
export async function organizationTree(db: RegistryDb, principal: Principal, input: { includeClosed: boolean; knownStamp?: string | undefined }): Promise<OrganizationTreeAnswer> {
  const scope = await scopeOf(db, principal);
  const key = `${scope.path ?? '*'}|${scope.onlyOwnJurisdiction}|${scope.organizationId ?? ''}|${input.includeClosed}`;
  const stamp = await repo.changeStamp(db);
  if (input.knownStamp === stamp) return { unchanged: true, stamp };
  const cached = treeCache.get(key);
  if (cached && cached.stamp === stamp) return cached.tree;
  const [jurisdictions, rows] = await Promise.all([
    listJurisdictionRows(db, { scopePath: scope.path, exact: scope.onlyOwnJurisdiction }),
    repo.treeRows(db, { scopePath: scope.path, exactPath: scope.onlyOwnJurisdiction, organizationId: scope.organizationId, includeClosed: input.includeClosed }),
  ]);
  const jurisdictionIds = jurisdictions.map((j) => j.id);
  const tree: OrganizationTreeDto = {
    unchanged: false,
    stamp,
    jurisdictions: jurisdictions.map(({ id, parentId, name, code, level }) => ({ id, parentId, name, code, level })),
    organizations: encodeOrganizationRows(
      rows.map((r) => ({ id: r.id, jurisdictionId: r.jurisdiction_id, parentId: r.parent_id, name: r.name, kind: r.kind as OrganizationDto['kind'], status: r.status as OrganizationDto['status'] })),
      jurisdictionIds,
    ),
    count: rows.length,
  };
  if (treeCache.size >= 200) treeCache.delete(treeCache.keys().next().value!);
  treeCache.set(key, { stamp, tree });
  return tree;
}

/** Every organization matching the filter (up to 20,000), as an Excel workbook. */
export async function exportOrganizations(db: RegistryDb, principal: Principal, filter: Partial<OrganizationFilterInput>): Promise<{ filename: string; contentBase64: string; rows: number }> {
  const { items } = await listOrganizations(db, principal, { ...filter, limit: 20_000, offset: 0 });
  const now = new Date();
  const workbook = await organizationsWorkbook(items, now);
  return { filename: `机构名录-${now.toISOString().slice(0, 10)}.xlsx`, contentBase64: workbook.toString('base64'), rows: items.length };
}
