import type { PublishThreeDeterminationsInput, ThreeDeterminationsDto } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { Selectable } from 'kysely';
import type { RegistryThreeDeterminations } from '@bianzhi/db/generated/registry';
import type { RegistryDb } from '../db.js';
import { activeDepartments, updateOrganization } from '../organization/organization.repository.js';
import { effectiveDateFor, recordChange } from '../organization/organization-history.js';
import { lockForChange, readableOrganization, type RegistryDeps } from '../organization/organization.service.js';
import { assertDepartmentRules, baselineDepartmentCount } from '../department/department.service.js';

function toDto(row: Selectable<RegistryThreeDeterminations>): ThreeDeterminationsDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    version: row.version,
    documentNumber: row.document_number,
    effectiveDate: row.effective_date,
    functions: row.functions as string[],
    departments: row.departments as ThreeDeterminationsDto['departments'],
    staffing: row.staffing as Record<string, number>,
    leadershipPosts: row.leadership_posts as ThreeDeterminationsDto['leadershipPosts'],
    publishedBy: row.published_by as ThreeDeterminationsDto['publishedBy'],
    publishedAt: row.published_at,
  };
}

/**
 * Publishes a new version of a unit's 三定规定. The internal departments it lists become the unit's
 * departments (others are abolished, matching names updated), and the unit gets a new version.
 */
export async function publishThreeDeterminations(deps: RegistryDeps, principal: Principal, input: PublishThreeDeterminationsInput, requestId?: string): Promise<ThreeDeterminationsDto> {
  const names = input.departments.map((d) => d.name);
  if (new Set(names).size !== names.length) throw new DomainError('DEPARTMENT_NAME_TAKEN', 'department names repeat in the document');
  return deps.db.transaction().execute(async (trx) => {
    const organization = await lockForChange(trx, principal, input.organizationId);
    const latest = await trx
      .selectFrom('registry.three_determinations')
      .select('version')
      .where('organization_id', '=', organization.id)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const currentVersion = latest?.version ?? 0;
    if (currentVersion !== input.basedOnVersion) throw new DomainError('DOCUMENT_VERSION_STALE', `version ${currentVersion} is in force, not ${input.basedOnVersion}`);
    const current = await activeDepartments(trx, organization.id);
    const baseline = (await baselineDepartmentCount(trx, organization.id)) ?? (current.length > 0 ? current.length : null);
    await assertDepartmentRules(deps, trx, organization, input.departments, { complete: true, baselineCount: baseline });
    const effectiveDate = await effectiveDateFor(trx, organization.id, input);

    for (const existing of current.filter((d) => !names.includes(d.name))) {
      await trx.updateTable('registry.departments').set({ status: 'abolished', abolished_at: new Date() }).where('id', '=', existing.id).execute();
    }
    for (const [position, department] of input.departments.entries()) {
      const values = { position, type: department.type, headcount: department.headcount, leadership_posts: JSON.stringify(department.leadershipPosts), functions: department.functions };
      const existing = current.find((d) => d.name === department.name);
      if (existing) await trx.updateTable('registry.departments').set((eb) => ({ ...values, version: eb('version', '+', 1) })).where('id', '=', existing.id).execute();
      else await trx.insertInto('registry.departments').values({ organization_id: organization.id, name: department.name, ...values }).execute();
    }
    const row = await trx
      .insertInto('registry.three_determinations')
      .values({
        organization_id: organization.id,
        version: currentVersion + 1,
        document_number: input.documentNumber,
        effective_date: effectiveDate,
        functions: JSON.stringify(input.functions),
        departments: JSON.stringify(input.departments),
        staffing: JSON.stringify(input.staffing),
        leadership_posts: JSON.stringify(input.leadershipPosts),
        published_by: JSON.stringify(auditActorOf(principal)),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = await updateOrganization(trx, organization.id, {});
    await recordChange(trx, principal, {
      type: 'three_determinations_published',
      before: null,
      after,
      basis: input,
      effectiveDate,
      requestId,
      detail: { threeDeterminations: { version: row.version, documentNumber: row.document_number, staffing: input.staffing, leadershipPosts: input.leadershipPosts } },
    });
    return toDto(row);
  });
}

export async function listThreeDeterminations(db: RegistryDb, principal: Principal, organizationId: string): Promise<ThreeDeterminationsDto[]> {
  await readableOrganization(db, principal, organizationId);
  const rows = await db.selectFrom('registry.three_determinations').selectAll().where('organization_id', '=', organizationId).orderBy('version', 'desc').execute();
  return rows.map(toDto);
}

export async function getThreeDeterminations(db: RegistryDb, principal: Principal, input: { organizationId: string; version?: number | undefined }): Promise<ThreeDeterminationsDto> {
  await readableOrganization(db, principal, input.organizationId);
  let query = db.selectFrom('registry.three_determinations').selectAll().where('organization_id', '=', input.organizationId);
  query = input.version ? query.where('version', '=', input.version) : query.orderBy('version', 'desc').limit(1);
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'no three-determinations document');
  return toDto(row);
}
