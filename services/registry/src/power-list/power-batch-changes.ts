import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import type { PowerCategory } from '@bianzhi/domain/organization';
import type { RegistryDb } from '../db.js';
import { jurisdictionInScope, scopeOf } from '../scope.js';

/** One item a batch added to or removed from a unit's list. */
export interface PowerBatchChange {
  batchId: string;
  organizationId: string;
  organizationName: string;
  itemId: string;
  code: string;
  name: string;
  category: PowerCategory;
  change: 'added' | 'removed';
}

/**
 * What batches changed, per unit: the items each added and removed. Read by the batch page (one
 * batch, every unit) and by the public site (one unit, every published batch, classified units never).
 */
export async function batchChanges(db: RegistryDb, filter: { batchId?: string; organizationId?: string; publishedOnly?: boolean; publicOnly?: boolean }): Promise<PowerBatchChange[]> {
  const rows = await db
    .selectFrom('registry.power_items as i')
    .innerJoin('registry.organizations as o', 'o.id', 'i.organization_id')
    .innerJoin('registry.power_batches as b', (join) => join.on((eb) => eb.or([eb('b.id', '=', eb.ref('i.added_in')), eb('b.id', '=', eb.ref('i.removed_in'))])))
    .select(['b.id as batch_id', 'o.id as organization_id', 'o.name as organization_name', 'i.id as item_id', 'i.code', 'i.name', 'i.category', 'i.added_in'])
    .$if(filter.batchId !== undefined, (q) => q.where('b.id', '=', filter.batchId!))
    .$if(filter.organizationId !== undefined, (q) => q.where('o.id', '=', filter.organizationId!))
    .$if(filter.publishedOnly === true, (q) => q.where('b.status', '=', 'published'))
    .$if(filter.publicOnly === true, (q) => q.where('o.classified', '=', false))
    .orderBy('o.name')
    .orderBy('i.code')
    .execute();
  return rows.map((r) => ({
    batchId: r.batch_id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    itemId: r.item_id,
    code: r.code,
    name: r.name,
    category: r.category as PowerCategory,
    change: r.added_in === r.batch_id ? 'added' : 'removed',
  }));
}

/** The batch page: what one batch adds and removes, unit by unit, for a caller whose scope holds it. */
export async function changesOfBatch(db: RegistryDb, principal: Principal, batchId: string): Promise<PowerBatchChange[]> {
  const batch = await db
    .selectFrom('registry.power_batches as b')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'b.jurisdiction_id')
    .select(['b.id', 'j.path'])
    .where('b.id', '=', batchId)
    .executeTakeFirst();
  if (!batch) throw new DomainError('NOT_FOUND', `batch ${batchId} not found`);
  const scope = await scopeOf(db, principal);
  if (!jurisdictionInScope(scope, batch.path)) throw new DomainError('OUT_OF_SCOPE');
  // A department user sees what the batch does to their own unit only.
  return batchChanges(db, scope.organizationId !== null ? { batchId, organizationId: scope.organizationId } : { batchId });
}
