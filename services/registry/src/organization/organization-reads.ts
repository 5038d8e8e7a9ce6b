import type {
  PublicUnitRecord,
  OrganizationDetailDto,
  OrganizationDto,
  OrganizationFilterInput,
  OrganizationHit,
  OrganizationLookupInput,
  OrganizationRef,
  OrganizationListDto,
  OrganizationTreeAnswer,
  OrganizationTreeDto,
  OrganizationVersionDto,
} from '@bianzhi/contracts/registry';
import { encodeOrganizationRows } from '@bianzhi/contracts/organization-tree';
import { hasPermission, type Principal } from '@bianzhi/domain/access';
import { mayChangeCategory } from '@bianzhi/domain/organization-limits';
import { setBounded } from '@bianzhi/domain/bounded-map';
import { DomainError } from '@bianzhi/domain/errors';
import type { RegistryDb } from '../db.js';
import { findJurisdiction, listJurisdictions as listJurisdictionRows } from '../jurisdiction/jurisdiction.repository.js';
import { scopeOf } from '../scope.js';
import * as repo from './organization.repository.js';
import { snapshotAsOf, versionsOf } from './organization-history.js';
import { organizationsWorkbook } from './organization-sheet.js';
import { jurisdictionOf, readableOrganization, stripRecord } from './organization.service.js';

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
  return {
    ...dto,
    jurisdictionName: jurisdiction.name,
    parentName: await nameOf(base.parentId),
    successorName: await nameOf(base.successorId),
    departments,
    asOf: asOf ?? null,
    mayChangeCategory: hasPermission(principal, 'registry.organization.manage') && mayChangeCategory(principal, jurisdiction),
  };
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

/** Organizations in scope by id, credit code or exact name: how other services name units in their sheets. */
export async function lookupOrganizations(db: RegistryDb, principal: Principal, input: OrganizationLookupInput): Promise<OrganizationRef[]> {
  const scope = await scopeOf(db, principal);
  const rows = await repo.lookupOrganizations(db, { scopePath: scope.path, exactPath: scope.onlyOwnJurisdiction, organizationId: scope.organizationId, ...input });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    creditCode: r.credit_code,
    jurisdictionId: r.jurisdiction_id,
    jurisdictionName: r.jurisdiction_name,
    status: r.status as OrganizationRef['status'],
    kind: r.kind as OrganizationRef['kind'],
    institutionClass: r.institution_class as OrganizationRef['institutionClass'],
    organBranch: r.organ_branch as OrganizationRef['organBranch'],
  }));
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
  setBounded(treeCache, key, { stamp, tree }, 200);
  return tree;
}

/** Every organization matching the filter (up to 20,000), as an Excel workbook. */
export async function exportOrganizations(db: RegistryDb, principal: Principal, filter: Partial<OrganizationFilterInput>): Promise<{ filename: string; contentBase64: string; rows: number }> {
  const { items } = await listOrganizations(db, principal, { ...filter, limit: 20_000, offset: 0 });
  const now = new Date();
  const workbook = await organizationsWorkbook(items, now);
  return { filename: `机构名录-${now.toISOString().slice(0, 10)}.xlsx`, contentBase64: workbook.toString('base64'), rows: items.length };
}

/**
 * Every live, non-classified unit with the fields the public disclosure site shows (internal: only
 * the audit service asks). Classified units are left out here, in SQL, so they never leave the registry.
 */
export async function publicUnitRecords(db: RegistryDb): Promise<PublicUnitRecord[]> {
  const units = await db
    .selectFrom('registry.organizations as o')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('registry.three_determinations')
          .distinctOn('organization_id')
          .select(['organization_id', 'functions', 'document_number'])
          .orderBy('organization_id')
          .orderBy('version', 'desc')
          .as('t'),
      (join) => join.onRef('t.organization_id', '=', 'o.id'),
    )
    .select(['o.id', 'o.name', 'o.nameplates', 'o.jurisdiction_id', 'j.name as jurisdiction_name', 'o.kind', 'o.institution_class', 'o.funding', 'o.rank', 'o.document_number', 't.functions', 't.document_number as td_document_number',
      // The latest approved charter's purpose (registry.charters), where the unit has no three-determinations document.
      (eb) => eb.selectFrom('registry.charters as c').select('c.purpose').whereRef('c.organization_id', '=', 'o.id').orderBy('c.version', 'desc').limit(1).as('charter_purpose'),
    ])
    .where('o.classified', '=', false)
    .where('o.status', 'in', ['active', 'planned'])
    .orderBy('j.path')
    .orderBy('o.name')
    .execute();
  const departments = await db
    .selectFrom('registry.departments as d')
    .innerJoin('registry.organizations as o', 'o.id', 'd.organization_id')
    .select(['d.organization_id', 'd.name', 'd.type', 'd.headcount', 'd.leadership_posts'])
    .where('d.status', '=', 'active')
    .where('o.classified', '=', false)
    .orderBy('d.organization_id')
    .orderBy('d.position')
    .execute();
  const departmentsOf = new Map<string, PublicUnitRecord['departments']>();
  for (const d of departments) {
    const posts = Object.values((d.leadership_posts ?? {}) as Record<string, number>).reduce((sum, n) => sum + n, 0);
    departmentsOf.set(d.organization_id, [...(departmentsOf.get(d.organization_id) ?? []), { name: d.name, type: d.type as PublicUnitRecord['departments'][number]['type'], headcount: d.headcount, leadershipPosts: posts }]);
  }
  return units.map((u) => {
    const functions = Array.isArray(u.functions) ? (u.functions as string[]) : u.charter_purpose ? [u.charter_purpose] : [];
    return {
      id: u.id,
      name: u.name,
      nameplates: ((u.nameplates ?? []) as { name: string }[]).map((n) => n.name),
      jurisdictionId: u.jurisdiction_id,
      jurisdictionName: u.jurisdiction_name,
      kind: u.kind as PublicUnitRecord['kind'],
      institutionClass: u.institution_class as PublicUnitRecord['institutionClass'],
      funding: u.funding as PublicUnitRecord['funding'],
      rank: u.rank as PublicUnitRecord['rank'],
      functions,
      documentNumber: u.td_document_number ?? u.document_number,
      departments: departmentsOf.get(u.id) ?? [],
    };
  });
}
