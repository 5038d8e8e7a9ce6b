import { sql, type Selectable } from 'kysely';
import type { RegistryOrganizations } from '@bianzhi/db/generated/registry';
import type { DepartmentDto, Nameplate, OrganizationDto, OrganizationFilterInput } from '@bianzhi/contracts/registry';
import type { RegistryDb, RegistryTx } from '../db.js';
import { escapeLike } from '../like-pattern.js';

type Row = Selectable<RegistryOrganizations>;
type Db = RegistryDb | RegistryTx;

export function toOrganizationDto(row: Row): OrganizationDto {
  return {
    id: row.id,
    jurisdictionId: row.jurisdiction_id,
    parentId: row.parent_id,
    name: row.name,
    kind: row.kind as OrganizationDto['kind'],
    status: row.status as OrganizationDto['status'],
    institutionClass: row.institution_class as OrganizationDto['institutionClass'],
    organBranch: row.organ_branch as OrganizationDto['organBranch'],
    funding: row.funding as OrganizationDto['funding'],
    rank: row.rank as OrganizationDto['rank'],
    classified: row.classified,
    creditCode: row.credit_code,
    nameplates: row.nameplates as unknown as Nameplate[],
    plannedQuota: row.planned_quota,
    basis: row.basis as OrganizationDto['basis'],
    successorId: row.successor_id,
    legalRegistration: row.legal_registration as unknown as OrganizationDto['legalRegistration'],
    charter: row.charter as unknown as OrganizationDto['charter'],
    effectiveDate: row.effective_date,
    documentNumber: row.document_number,
    version: row.version,
    createdAt: row.created_at,
  };
}

export type OrganizationRecord = OrganizationDto & { idempotencyKey: string | null; offsetFor: string | null };

function toRecord(row: Row): OrganizationRecord {
  return { ...toOrganizationDto(row), idempotencyKey: row.idempotency_key, offsetFor: row.offset_for };
}

export async function findOrganization(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<OrganizationRecord | null> {
  let query = db.selectFrom('registry.organizations').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function findOrganizationByKey(db: Db, idempotencyKey: string): Promise<OrganizationRecord | null> {
  const row = await db.selectFrom('registry.organizations').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function findOrganizationByCreditCode(db: Db, creditCode: string): Promise<OrganizationRecord | null> {
  const row = await db.selectFrom('registry.organizations').selectAll().where('credit_code', '=', creditCode).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** The columns a command may write, in DTO terms. */
export type OrganizationValues = Partial<Omit<OrganizationDto, 'id' | 'version' | 'createdAt'>> & {
  nameInitials?: string;
  offsetFor?: string | null;
  idempotencyKey?: string | null;
};

function toColumns(values: OrganizationValues) {
  const json = (v: unknown) => (v === undefined ? undefined : v === null ? null : JSON.stringify(v));
  const columns = {
    jurisdiction_id: values.jurisdictionId,
    parent_id: values.parentId,
    name: values.name,
    name_initials: values.nameInitials,
    kind: values.kind,
    status: values.status,
    institution_class: values.institutionClass,
    organ_branch: values.organBranch,
    funding: values.funding,
    rank: values.rank,
    classified: values.classified,
    credit_code: values.creditCode,
    nameplates: json(values.nameplates),
    alias_text: values.nameplates?.map((n) => n.name).join('|'),
    planned_quota: values.plannedQuota,
    basis: values.basis,
    successor_id: values.successorId,
    offset_for: values.offsetFor,
    legal_registration: json(values.legalRegistration),
    charter: json(values.charter),
    effective_date: values.effectiveDate,
    document_number: values.documentNumber,
    idempotency_key: values.idempotencyKey,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
}

export async function insertOrganization(trx: RegistryTx, values: OrganizationValues & Pick<OrganizationDto, 'jurisdictionId' | 'name' | 'kind'>): Promise<OrganizationRecord> {
  const row = await trx
    .insertInto('registry.organizations')
    .values(toColumns(values) as never)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Writes the changed columns and bumps the version. */
export async function updateOrganization(trx: RegistryTx, id: string, values: OrganizationValues): Promise<OrganizationRecord> {
  const row = await trx
    .updateTable('registry.organizations')
    .set((eb) => ({ ...toColumns(values), updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function liveChildren(db: Db, parentId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('registry.organizations')
    .select(['id', 'name'])
    .where('parent_id', '=', parentId)
    .where('status', 'in', ['planned', 'active', 'merging'])
    .execute();
}

export async function activeDepartments(db: Db, organizationId: string): Promise<DepartmentDto[]> {
  const rows = await db
    .selectFrom('registry.departments')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'active')
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    type: row.type as DepartmentDto['type'],
    headcount: row.headcount,
    leadershipPosts: row.leadership_posts as DepartmentDto['leadershipPosts'],
    functions: row.functions,
  }));
}

export interface OrganizationScopeFilter {
  /** Materialized path bounding the jurisdictions (null: all); `exactPath` for one jurisdiction only. */
  scopePath: string | null;
  exactPath: boolean;
  /** Department users: their own unit only. */
  organizationId: string | null;
}

function nameMatches(search: string) {
  const escaped = escapeLike(search);
  const initials = /^[a-z]+$/i.test(search) ? `${escaped.toLowerCase()}%` : null;
  return { contains: `%${escaped}%`, initials };
}

function filteredQuery(db: Db, filter: OrganizationScopeFilter & Partial<OrganizationFilterInput> & { jurisdictionPath?: string | null }) {
  let query = db.selectFrom('registry.organizations as o').innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id');
  if (filter.scopePath) query = filter.exactPath ? query.where('j.path', '=', filter.scopePath) : query.where('j.path', 'like', `${filter.scopePath}%`);
  if (filter.organizationId !== null) query = query.where('o.id', '=', filter.organizationId);
  if (filter.jurisdictionId) {
    const path = filter.jurisdictionPath;
    query = filter.includeSubJurisdictions && path ? query.where('j.path', 'like', `${path}%`) : query.where('o.jurisdiction_id', '=', filter.jurisdictionId);
  }
  if (filter.kind) query = query.where('o.kind', '=', filter.kind);
  if (filter.institutionClass) query = query.where('o.institution_class', '=', filter.institutionClass);
  if (filter.status) query = query.where('o.status', '=', filter.status);
  if (filter.search) {
    const { contains, initials } = nameMatches(filter.search);
    query = query.where((eb) =>
      eb.or([eb('o.name', 'like', contains), eb('o.alias_text', 'like', contains), ...(initials ? [eb('o.name_initials', 'like', initials)] : [])]),
    );
  }
  return query;
}

/** One page of organizations in scope, with the total for the pager, ordered by jurisdiction code and name. */
export async function listOrganizations(
  db: Db,
  filter: OrganizationScopeFilter & Partial<OrganizationFilterInput> & { jurisdictionPath?: string | null; limit: number; offset: number },
) {
  if (filter.organizationId === '') return { total: 0, items: [] };
  const query = filteredQuery(db, filter);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .leftJoin('registry.organizations as p', 'p.id', 'o.parent_id')
    .selectAll('o')
    .select(['j.name as jurisdiction_name', 'j.code as jurisdiction_code', 'p.name as parent_name'])
    .orderBy('j.code')
    // Pinyin order (财政局 before 教育局), as in printed directories.
    .orderBy('o.name_initials')
    .orderBy('o.name')
    .limit(Math.min(filter.limit, 20_000))
    .offset(filter.offset)
    .execute();
  return { total: Number(total), items: rows.map((row) => ({ ...toOrganizationDto(row), jurisdictionName: row.jurisdiction_name, jurisdictionCode: row.jurisdiction_code, parentName: row.parent_name })) };
}

/** Typeahead: live units first, shorter names first (the closest match), at most `limit`. */
export async function searchOrganizations(db: Db, filter: OrganizationScopeFilter & { q: string; limit: number }) {
  if (filter.organizationId === '') return [];
  return filteredQuery(db, { ...filter, search: filter.q })
    .select(['o.id', 'o.name', 'o.kind', 'o.status', 'j.name as jurisdictionName'])
    .orderBy((eb) => eb.case().when('o.status', 'in', ['planned', 'active', 'merging']).then(0).else(1).end())
    .orderBy((eb) => eb.fn('length', ['o.name']))
    .orderBy('o.name_initials')
    .orderBy('o.name')
    .limit(filter.limit)
    .execute();
}

/** Organizations in scope named by id, credit code or exact name (other services' imports and exports). */
export async function lookupOrganizations(db: Db, filter: OrganizationScopeFilter & { ids: string[]; creditCodes: string[]; names: string[] }) {
  if (filter.organizationId === '') return [];
  let query = db.selectFrom('registry.organizations as o').innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id');
  if (filter.scopePath) query = filter.exactPath ? query.where('j.path', '=', filter.scopePath) : query.where('j.path', 'like', `${filter.scopePath}%`);
  if (filter.organizationId !== null) query = query.where('o.id', '=', filter.organizationId);
  query = query.where((eb) =>
    eb.or([
      ...(filter.ids.length ? [eb('o.id', 'in', filter.ids)] : []),
      ...(filter.creditCodes.length ? [eb('o.credit_code', 'in', filter.creditCodes)] : []),
      ...(filter.names.length ? [eb('o.name', 'in', filter.names)] : []),
      eb.val(false),
    ]),
  );
  return query.select(['o.id', 'o.name', 'o.credit_code', 'o.jurisdiction_id', 'j.name as jurisdiction_name', 'o.status', 'o.kind', 'o.institution_class', 'o.organ_branch']).execute();
}

/** Every organization in scope as compact rows, for the whole-city tree. */
export async function treeRows(db: Db, filter: OrganizationScopeFilter & { includeClosed: boolean }) {
  if (filter.organizationId === '') return [];
  let query = db.selectFrom('registry.organizations as o').innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id');
  if (filter.scopePath) query = filter.exactPath ? query.where('j.path', '=', filter.scopePath) : query.where('j.path', 'like', `${filter.scopePath}%`);
  if (filter.organizationId !== null) query = query.where('o.id', '=', filter.organizationId);
  if (!filter.includeClosed) query = query.where('o.status', 'in', ['planned', 'active', 'merging']);
  return query.select(['o.id', 'o.jurisdiction_id', 'o.parent_id', 'o.name', 'o.kind', 'o.status']).orderBy('o.name').execute();
}

/** Grows with every committed change to organizations or jurisdictions (rows are never deleted). */
export async function changeStamp(db: Db): Promise<string> {
  const { rows } = await sql<{ stamp: string }>`
    select (select count(*) + coalesce(sum(version), 0) from registry.organizations)::text || ':' ||
           (select count(*) + coalesce(sum(version), 0) from registry.jurisdictions)::text as stamp`.execute(db);
  return rows[0]!.stamp;
}
