import type { CreateOrganizationInput, OrganizationDto, UpdateOrganizationInput } from '@bianzhi/contracts/registry';
import { hasPermission, type Principal } from '@bianzhi/domain/access';
import { DomainError, bilingual, refusalOrThrow, type RelayedRefusal } from '@bianzhi/domain/errors';
import { dryRun } from '@bianzhi/db/dry-run';
import { commandRule, type RegistryCommand } from '@bianzhi/domain/authority';
import { isValidCreditCode } from '@bianzhi/domain/identifiers';
import { isLive } from '@bianzhi/domain/organization';
import { assertNoViolations, checkNewOrganization, checkRectification } from '@bianzhi/domain/policy';
import { assertMayChangeCategory, type LimitedUnit } from '@bianzhi/domain/organization-limits';
import type { RegistryDb, RegistryTx } from '../db.js';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import { jurisdictionInScope, organizationInScope, scopeOf, type Scope } from '../scope.js';
import { settingsFor, type ViolationsPort } from '../policy/policy.service.js';
import { assertCountChangeAllowed } from '../limit/limit.service.js';
import * as repo from './organization.repository.js';
import { assertDepartmentRules, type DepartmentFields } from '../department/department.service.js';
import { effectiveDateFor, recordChange } from './organization-history.js';
import { nameInitials } from './search-key.js';

export interface RegistryDeps {
  db: RegistryDb;
  violations: ViolationsPort;
}

type Db = RegistryDb | RegistryTx;

export async function jurisdictionOf(db: Db, jurisdictionId: string) {
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
  return jurisdiction;
}

export async function assertJurisdictionInScope(db: Db, scope: Scope, jurisdictionId: string) {
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

/**
 * Establishing, abolishing, converting, merging, renaming and re-ranking a unit are matters, moving a
 * unit down a reform project's (the command table, packages/domain/src/authority.ts): only the
 * platform applies them. A person is refused, told where the change is made.
 */
export function assertAppliedByPlatform(principal: Principal, name: RegistryCommand): void {
  if (principal.roles.includes('system')) return;
  const rule = commandRule(name);
  const zh = rule.channel === 'reform' ? `${rule.label['zh-CN']}在改革项目中办理，经批准后由平台执行` : `${rule.label['zh-CN']}须在工作台申报机构编制事项，经批准后由平台执行`;
  const en = rule.channel === 'reform' ? `${rule.label.en} is done in a reform project and applied by the platform once approved` : `${rule.label.en} is filed as a matter on the workbench and applied by the platform once approved`;
  throw new DomainError('MATTER_REQUIRED', `${name} needs an approved ${rule.channel === 'reform' ? 'reform project' : 'matter'}`, { command: name }, bilingual(zh, en));
}

/**
 * The old charter and registration fields are no side door: a charter is approved as a matter
 * (charter_approval) and recorded by the platform; registrations are recorded through
 * registry.registration.* (docs/registry.md). The platform (the reform worker) may still note its step.
 */
function assertNoLooseRegistration(principal: Principal, changes: { charter?: unknown; legalRegistration?: unknown }): void {
  if (changes.charter !== undefined && changes.charter !== null) assertAppliedByPlatform(principal, 'registry.charter.record');
  if (changes.legalRegistration !== undefined && changes.legalRegistration !== null && !principal.roles.includes('system')) {
    throw new DomainError('VALIDATION_FAILED', 'legal registrations are recorded through registry.registration', { field: 'legalRegistration' }, bilingual('法人登记请在单位的“法人登记与章程”中办理设立、变更或注销登记', 'Record legal-person registrations on the unit’s Registration and charter tab (establishment, change, cancellation)'));
  }
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

function checkClassFitsKind(kind: OrganizationDto['kind'], institutionClass: OrganizationDto['institutionClass'] | undefined, organBranch: OrganizationDto['organBranch'] | undefined): void {
  if (institutionClass && kind !== 'institution') throw new DomainError('VALIDATION_FAILED', 'only public institutions have a public-institution class');
  if (organBranch && kind !== 'organ') throw new DomainError('VALIDATION_FAILED', 'only organs are party, government or other organs');
}

export function stripRecord(record: repo.OrganizationRecord): OrganizationDto {
  const { idempotencyKey: _key, offsetFor: _offset, ...dto } = record;
  return dto;
}

/**
 * Creates an organization. `establish` (a new unit) is checked against the policy rules of its
 * jurisdiction and starts planned; `inventory` records an existing unit, active at once, and needs
 * the import permission. Both are checked against the jurisdiction's organization limits, except the
 * platform's own initial load (the system recording what exists, e.g. the demo seed). With an
 * idempotency key a retry returns the first result.
 */
export async function createOrganization(deps: RegistryDeps, principal: Principal, input: CreateOrganizationInput, requestId?: string): Promise<OrganizationDto> {
  const basisKind = input.basis ?? 'establish';
  if (basisKind === 'inventory' && !hasPermission(principal, 'registry.organization.import')) {
    throw new DomainError('FORBIDDEN', 'recording existing units needs the import permission');
  }
  if (basisKind === 'establish') assertAppliedByPlatform(principal, 'registry.organization.create');
  assertNoLooseRegistration(principal, input);
  // The platform's establishment runs key their units: nobody else records a unit under such a key first.
  if (input.idempotencyKey?.startsWith('establish-organization/') && !principal.roles.includes('system')) throw new DomainError('FORBIDDEN', 'an establishment run’s key is the platform’s');
  return deps.db.transaction().execute((trx) => createOrganizationIn(deps, trx, principal, input, requestId));
}

/**
 * createOrganization's checks without its effect: the same steps in a transaction that is rolled
 * back. A refusal is returned rather than thrown, so a service checking on a user's behalf (the
 * establish workflow's starter) can show it with every broken rule, in the user's language.
 */
export async function checkOrganizationCreation(
  deps: RegistryDeps,
  principal: Principal,
  input: CreateOrganizationInput & { departments?: Pick<DepartmentFields, 'name' | 'type' | 'headcount'>[] | undefined },
): Promise<{ refusal: RelayedRefusal | null }> {
  const { departments, ...unit } = input;
  const error = await dryRun(deps.db, async (trx) => {
    const created = await createOrganizationIn(deps, trx, principal, { ...unit, idempotencyKey: undefined });
    const record = departments ? await repo.findOrganization(trx, created.id) : null;
    if (departments && record) await assertDepartmentRules(deps, trx, record, departments, { complete: true, baselineCount: null });
  });
  return { refusal: error === null ? null : refusalOrThrow(error) };
}

/**
 * The units a new one replaces (a reform merger's sources, merged into it by the same project next):
 * each must exist, be in the caller's reach, be live and lie in the new unit's jurisdiction.
 */
async function replacedUnits(trx: RegistryTx, scope: Scope, jurisdiction: { id: string; name: string }, ids: readonly string[]): Promise<repo.OrganizationRecord[]> {
  const units: repo.OrganizationRecord[] = [];
  for (const id of ids) {
    const unit = await repo.findOrganization(trx, id, { forUpdate: true });
    if (!unit) throw new DomainError('NOT_FOUND', `replaced organization ${id} not found`);
    await assertOrganizationInScope(trx, scope, unit);
    if (!isLive(unit.status)) {
      throw new DomainError('ORGANIZATION_NOT_LIVE', `replaced organization ${id} is ${unit.status}`, undefined, bilingual(`“${unit.name}”已不存续，不能作为被替代的机构`, `${unit.name} no longer exists and cannot be replaced`));
    }
    if (unit.jurisdictionId !== jurisdiction.id) {
      throw new DomainError('ORGANIZATION_STATE', `replaced organization ${id} is not in ${jurisdiction.id}`, undefined, bilingual(`“${unit.name}”不属于${jurisdiction.name}，不能由该地区的新设机构替代`, `${unit.name} is not in ${jurisdiction.name}; a new unit there cannot replace it`));
    }
    units.push(unit);
  }
  return units;
}

/** The body of createOrganization inside a caller's transaction (the Excel import creates many in one). */
export async function createOrganizationIn(deps: RegistryDeps, trx: RegistryTx, principal: Principal, input: CreateOrganizationInput, requestId?: string): Promise<OrganizationDto> {
  const basisKind = input.basis ?? 'establish';
  // Scope first: a replayed key (the seed's are predictable) must not hand back a unit out of reach.
  const scope = await scopeOf(trx, principal);
  const jurisdiction = await assertJurisdictionInScope(trx, scope, input.jurisdictionId);
  if (input.idempotencyKey) {
    const existing = await repo.findOrganizationByKey(trx, input.idempotencyKey);
    if (existing) {
      if (existing.name !== input.name || existing.kind !== input.kind || existing.jurisdictionId !== input.jurisdictionId) {
        throw new DomainError('IDEMPOTENCY_MISMATCH', `key ${input.idempotencyKey} was used for another organization`);
      }
      return stripRecord(existing);
    }
  }
  checkClassFitsKind(input.kind, input.institutionClass, input.organBranch);
  await checkCreditCode(trx, input.creditCode, null);
  await checkParent(trx, scope, input.parentId, null);
  if (input.replacedOrganizationIds?.length && basisKind !== 'establish') {
    throw new DomainError('VALIDATION_FAILED', 'only an establishment replaces units', undefined, bilingual('只有新设机构才能替代现有机构，登记现有机构不能', 'Only a new unit replaces existing ones; recording an existing unit cannot'));
  }
  const replaced = await replacedUnits(trx, scope, jurisdiction, input.replacedOrganizationIds ?? []);

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
  // Organization limits, for every basis: recording a unit as existing adds to the count like
  // establishing it. Only the platform's own initial load (the system, e.g. the seed) records what
  // exists whatever the limits.
  if (basisKind === 'establish' || !principal.roles.includes('system')) {
    // The unit abolished to make room for this one (if it still counts here) and the units it replaces leave the count as this one joins it.
    const leaving = new Map<string, LimitedUnit>(replaced.map((u) => [u.id, u]));
    if (offset && isLive(offset.status) && offset.jurisdictionId === jurisdiction.id) leaving.set(offset.id, offset);
    await assertCountChangeAllowed(trx, jurisdiction.id, { added: [{ kind: input.kind, organBranch: input.organBranch ?? null, institutionClass: input.institutionClass ?? null }], removed: [...leaving.values()] });
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
    organBranch: input.organBranch ?? null,
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
  await recordChange(trx, principal, { type: 'created', before: null, after: created, basis: input, effectiveDate, requestId, detail: { offsetOrganizationId: offset?.id ?? null, ...(replaced.length > 0 ? { replacedOrganizationIds: replaced.map((u) => u.id) } : {}) } });

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
  organBranch: 'branch_changed',
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
    if (changed.name !== undefined) assertAppliedByPlatform(principal, 'registry.organization.rename');
    if (changed.rank !== undefined) assertAppliedByPlatform(principal, 'registry.organization.rerank');
    assertNoLooseRegistration(principal, changed);

    checkClassFitsKind(current.kind, changed.institutionClass, changed.organBranch);
    // A change of class or branch moves the unit from one limited category to another: the level
    // above decides it (the unit's own jurisdiction could otherwise empty a full category and fill it
    // again), and the limits of the category it joins are checked.
    if (changed.institutionClass !== undefined || changed.organBranch !== undefined) {
      const jurisdiction = await jurisdictionOf(trx, current.jurisdictionId);
      const above = jurisdiction.parentId ? await findJurisdiction(trx, jurisdiction.parentId) : null;
      assertMayChangeCategory(principal, current, changed, jurisdiction, above);
      await assertCountChangeAllowed(trx, current.jurisdictionId, { added: [{ ...current, ...changed }], removed: [current] });
    }
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

/** Refuses to end a unit that still supervises live units, naming them. */
export async function refuseLiveChildren(trx: RegistryTx, organization: repo.OrganizationRecord): Promise<void> {
  const children = await repo.liveChildren(trx, organization.id);
  if (children.length > 0) {
    throw new DomainError('ORGANIZATION_STATE', `${organization.name} still supervises ${children.length} live organizations`, { children: children.map((c) => c.name) }, {
      'zh-CN': `“${organization.name}”仍主管${children.length}个机构（${children.slice(0, 5).map((c) => c.name).join('、')}${children.length > 5 ? '等' : ''}），请先调整其主管部门`,
      en: `${organization.name} still supervises ${children.length} organizations; move them first`,
    });
  }
}
