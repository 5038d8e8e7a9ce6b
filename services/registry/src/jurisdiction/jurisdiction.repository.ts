import type { JurisdictionDto } from '@bianzhi/contracts/registry';
import type { JurisdictionLevel } from '@bianzhi/domain/jurisdiction';
import type { RegistryDb, RegistryTx } from '../db.js';
import { escapeLike } from '../like-pattern.js';

type Row = { id: string; parent_id: string | null; level: string; code: string; name: string; path: string; created_at: Date };

function toDto(row: Row): JurisdictionDto {
  return {
    id: row.id,
    parentId: row.parent_id,
    level: row.level as JurisdictionLevel,
    code: row.code,
    name: row.name,
    depth: row.path.split('/').filter(Boolean).length - 1,
    createdAt: row.created_at,
  };
}

const columns = ['id', 'parent_id', 'level', 'code', 'name', 'path', 'created_at'] as const;

export async function findJurisdiction(db: RegistryDb | RegistryTx, id: string): Promise<(JurisdictionDto & { path: string }) | null> {
  const row = await db.selectFrom('registry.jurisdictions').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? { ...toDto(row), path: row.path } : null;
}

export async function codeExists(db: RegistryDb | RegistryTx, code: string): Promise<boolean> {
  const row = await db.selectFrom('registry.jurisdictions').select('id').where('code', '=', code).executeTakeFirst();
  return Boolean(row);
}

export async function insertJurisdiction(
  trx: RegistryTx,
  values: { id: string; parentId: string | null; parentPath: string; level: JurisdictionLevel; code: string; name: string },
): Promise<JurisdictionDto> {
  const row = await trx
    .insertInto('registry.jurisdictions')
    .values({ id: values.id, parent_id: values.parentId, level: values.level, code: values.code, name: values.name, path: `${values.parentPath}${values.id}/` })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toDto(row);
}

export async function renameJurisdiction(trx: RegistryTx, id: string, name: string): Promise<JurisdictionDto> {
  const row = await trx
    .updateTable('registry.jurisdictions')
    .set((eb) => ({ name, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toDto(row);
}

/** Jurisdictions inside the subtree rooted at `scopePath` (or only that one, `exact`; null: everything), in code order. */
export async function listJurisdictions(
  db: RegistryDb,
  filter: { scopePath: string | null; exact?: boolean; search?: string | undefined; level?: JurisdictionLevel | undefined },
): Promise<JurisdictionDto[]> {
  let query = db.selectFrom('registry.jurisdictions').select(columns);
  if (filter.scopePath) query = filter.exact ? query.where('path', '=', filter.scopePath) : query.where('path', 'like', `${filter.scopePath}%`);
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    query = query.where((eb) => eb.or([eb('name', 'like', pattern), eb('code', 'like', pattern)]));
  }
  const rows = await query.orderBy('code').limit(5_000).execute();
  return rows.map(toDto);
}
