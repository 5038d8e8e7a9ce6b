import type { OrganizationDto } from '@bianzhi/contracts/registry';
import type { RegistryDb, RegistryTx } from '../db.js';

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
  values: { jurisdictionId: string; name: string; kind: string; idempotencyKey: string | null },
): Promise<OrganizationDto> {
  const row = await trx
    .insertInto('registry.organizations')
    .values({ jurisdiction_id: values.jurisdictionId, name: values.name, kind: values.kind, idempotency_key: values.idempotencyKey })
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
