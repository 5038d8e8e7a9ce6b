import type { DepartmentDto } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { isSubdistrict, type DepartmentType, type OrganizationRank } from '@bianzhi/domain/organization';
import { assertNoViolations, checkDepartments } from '@bianzhi/domain/policy';
import type { RegistryDb, RegistryTx } from '../db.js';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import { settingsFor } from '../policy/policy.service.js';
import { assertDepartmentWithinRange } from '../limit/limit.service.js';
import { activeDepartments, updateOrganization, type OrganizationRecord } from '../organization/organization.repository.js';
import { effectiveDateFor, recordChange, type ChangeBasis } from '../organization/organization-history.js';
import { assertNoOpenViolations, lockForChange, readableOrganization, type RegistryDeps } from '../organization/organization.service.js';

export interface DepartmentFields {
  name: string;
  type: DepartmentType;
  headcount: number;
  leadershipPosts: Partial<Record<OrganizationRank, number>>;
  functions: string;
}

/** Department count of the three-determinations document in force, or null when there is none. */
export async function baselineDepartmentCount(trx: RegistryTx, organizationId: string): Promise<number | null> {
  const latest = await trx
    .selectFrom('registry.three_determinations')
    .select('departments')
    .where('organization_id', '=', organizationId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest ? (latest.departments as unknown[]).length : null;
}

/**
 * Checks a unit's departments as they would stand after a change: the size and count rules, 4+2+2
 * in a subdistrict office, and rectification linkage. Throws one refusal naming every broken rule.
 */
export async function assertDepartmentRules(
  deps: RegistryDeps,
  trx: RegistryTx,
  organization: OrganizationRecord,
  departments: Pick<DepartmentFields, 'name' | 'type' | 'headcount'>[],
  options: { complete: boolean; baselineCount: number | null },
): Promise<void> {
  const jurisdiction = await findJurisdiction(trx, organization.jurisdictionId);
  const settings = await settingsFor(trx, organization.jurisdictionId);
  assertNoViolations(
    checkDepartments(settings, {
      departments,
      baselineCount: options.baselineCount,
      subdistrict: Boolean(jurisdiction && isSubdistrict(jurisdiction) && organization.kind === 'organ'),
      complete: options.complete,
    }),
  );
  await assertNoOpenViolations(deps, trx, organization.jurisdictionId, [organization.id]);
}

/** Records a department change as a new version of its organization. */
async function recordDepartmentChange(trx: RegistryTx, principal: Principal, organization: OrganizationRecord, type: string, basis: ChangeBasis, detail: Record<string, unknown>, requestId?: string) {
  const effectiveDate = await effectiveDateFor(trx, organization.id, basis);
  const after = await updateOrganization(trx, organization.id, {});
  await recordChange(trx, principal, { type, before: null, after, basis, effectiveDate, requestId, detail });
}

function assertNameFree(current: DepartmentDto[], name: string, exceptId?: string): void {
  if (current.some((d) => d.name === name && d.id !== exceptId)) throw new DomainError('DEPARTMENT_NAME_TAKEN', `department ${name} exists`);
}

export async function listDepartments(db: RegistryDb, principal: Principal, organizationId: string): Promise<DepartmentDto[]> {
  await readableOrganization(db, principal, organizationId);
  return activeDepartments(db, organizationId);
}

export async function createDepartment(deps: RegistryDeps, principal: Principal, input: { organizationId: string; department: DepartmentFields } & ChangeBasis, requestId?: string): Promise<DepartmentDto> {
  return deps.db.transaction().execute(async (trx) => {
    const organization = await lockForChange(trx, principal, input.organizationId);
    const current = await activeDepartments(trx, organization.id);
    assertNameFree(current, input.department.name);
    await assertDepartmentWithinRange(trx, organization.jurisdictionId, input.department);
    await assertDepartmentRules(deps, trx, organization, [...current, input.department], { complete: false, baselineCount: await baselineDepartmentCount(trx, organization.id) });
    const row = await trx
      .insertInto('registry.departments')
      .values({
        organization_id: organization.id,
        name: input.department.name,
        type: input.department.type,
        headcount: input.department.headcount,
        leadership_posts: JSON.stringify(input.department.leadershipPosts),
        functions: input.department.functions,
        position: current.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordDepartmentChange(trx, principal, organization, 'department_added', input, { department: input.department }, requestId);
    return { id: row.id, organizationId: organization.id, ...input.department };
  });
}

async function lockDepartment(trx: RegistryTx, principal: Principal, id: string) {
  const row = await trx.selectFrom('registry.departments').selectAll().where('id', '=', id).where('status', '=', 'active').forUpdate().executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `department ${id} not found`);
  const organization = await lockForChange(trx, principal, row.organization_id);
  return { row, organization };
}

export async function updateDepartment(deps: RegistryDeps, principal: Principal, input: { id: string; changes: Partial<DepartmentFields> } & ChangeBasis, requestId?: string): Promise<DepartmentDto> {
  return deps.db.transaction().execute(async (trx) => {
    const { organization } = await lockDepartment(trx, principal, input.id);
    const current = await activeDepartments(trx, organization.id);
    const before = current.find((d) => d.id === input.id)!;
    const after: DepartmentDto = { ...before, ...Object.fromEntries(Object.entries(input.changes).filter(([, v]) => v !== undefined)) };
    assertNameFree(current, after.name, after.id);
    if (after.headcount !== before.headcount) await assertDepartmentWithinRange(trx, organization.jurisdictionId, after);
    const next = current.map((d) => (d.id === after.id ? after : d));
    await assertDepartmentRules(deps, trx, organization, next, { complete: false, baselineCount: await baselineDepartmentCount(trx, organization.id) });
    await trx
      .updateTable('registry.departments')
      .set((eb) => ({
        name: after.name,
        type: after.type,
        headcount: after.headcount,
        leadership_posts: JSON.stringify(after.leadershipPosts),
        functions: after.functions,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', input.id)
      .execute();
    await recordDepartmentChange(trx, principal, organization, 'department_changed', input, { before, after }, requestId);
    return after;
  });
}

export async function abolishDepartment(deps: RegistryDeps, principal: Principal, input: { id: string } & ChangeBasis, requestId?: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const { row, organization } = await lockDepartment(trx, principal, input.id);
    await trx.updateTable('registry.departments').set({ status: 'abolished', abolished_at: new Date() }).where('id', '=', input.id).execute();
    await recordDepartmentChange(trx, principal, organization, 'department_abolished', input, { department: { id: row.id, name: row.name } }, requestId);
  });
}
