import type { OrganizationDto } from '@bianzhi/contracts/registry';
import type { RegistryDb, RegistryTx } from '../db.js';
import { escapeLike } from '../like-pattern.js';

const columns = ['id', 'jurisdiction_id', 'name', 'kind', 'status', 'created_at', 'idempotency_key'] as const;
type Row = { id: string; jurisdiction_id: string; name: string; kind: string; status: string; created_at: Date; idempotency_key: string | null };

function toDto(row: Row): OrganizationDto {
  return {
    id: row.id,
    jurisdictionId: row.jurisdiction_id,
    name: row.name,
    kind: row.kind as OrganizationDto['kind'],
    status: row.status as OrganizationDto['status'],
    createdAt: row.created_at,
  };
}

export async function findOrganization(db: RegistryDb | RegistryTx, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('registry.organizations').select(columns).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? { ...toDto(row), idempotencyKey: row.idempotency_key } : null;
}

export async function findOrganizationByKey(db: RegistryDb | RegistryTx, idempotencyKey: string) {
  const row = await db.selectFrom('registry.organizations').select(columns).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return row ? { ...toDto(row), idempotencyKey: row.idempotency_key } : null;
}

export async function insertOrganization(
  trx: RegistryTx,
  values: { jurisdictionId: string; name: string; nameInitials: string; kind: string; idempotencyKey: string | null },
): Promise<OrganizationDto> {
  const row = await trx
    .insertInto('registry.organizations')
    .values({ jurisdiction_id: values.jurisdictionId, name: values.name, name_initials: values.nameInitials, kind: values.kind, idempotency_key: values.idempotencyKey })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toDto(row);
}

export async function setOrganizationStatus(trx: RegistryTx, id: string, status: OrganizationDto['status']): Promise<OrganizationDto> {
  const row = await trx
    .updateTable('registry.organizations')
    .set((eb) => ({ status, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toDto(row);
}

export interface OrganizationFilter {
  /** Materialized path bounding the jurisdictions (null: all); `exactPath` for one jurisdiction only. */
  scopePath: string | null;
  exactPath: boolean;
  /** Department users: their own unit only. */
  organizationId: string | null;
  search?: string | undefined;
  jurisdictionId?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of organizations in scope, with the total for the pager, ordered by jurisdiction code and name. */
export async function listOrganizations(db: RegistryDb, filter: OrganizationFilter) {
  if (filter.organizationId === '') return { total: 0, items: [] };
  let query = db.selectFrom('registry.organizations as o').innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id');
  if (filter.scopePath) query = filter.exactPath ? query.where('j.path', '=', filter.scopePath) : query.where('j.path', 'like', `${filter.scopePath}%`);
  if (filter.organizationId !== null) query = query.where('o.id', '=', filter.organizationId);
  if (filter.jurisdictionId) query = query.where('o.jurisdiction_id', '=', filter.jurisdictionId);
  if (filter.kind) query = query.where('o.kind', '=', filter.kind);
  if (filter.status) query = query.where('o.status', '=', filter.status);
  if (filter.search) {
    const escaped = escapeLike(filter.search);
    const initials = /^[a-z]+$/i.test(filter.search) ? `${escaped.toLowerCase()}%` : null;
    query = query.where((eb) => eb.or([eb('o.name', 'like', `%${escaped}%`), ...(initials ? [eb('o.name_initials', 'like', initials)] : [])]));
  }
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['o.id', 'o.jurisdiction_id', 'o.name', 'o.kind', 'o.status', 'o.created_at', 'o.idempotency_key', 'j.name as jurisdiction_name'])
    .orderBy('j.code')
    .orderBy('o.name')
    .limit(Math.min(filter.limit, 20_000))
    .offset(filter.offset)
    .execute();
  return { total: Number(total), items: rows.map((row) => ({ ...toDto(row), jurisdictionName: row.jurisdiction_name })) };
}
