import type { PowerBatchDto, PowerItemDto } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import type { PowerCategory } from '@bianzhi/domain/organization';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { Selectable } from 'kysely';
import type { RegistryPowerBatches } from '@bianzhi/db/generated/registry';
import type { RegistryDb, RegistryTx } from '../db.js';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import { jurisdictionInScope, scopeOf } from '../scope.js';
import { lockForChange, readableOrganization } from '../organization/organization.service.js';

/**
 * Power and responsibility lists (权责清单) change in half-yearly adjustment batches (002): a batch
 * is opened per jurisdiction and half-year, collects additions and removals, and takes effect
 * when it is published with its document number.
 */
function toBatch(row: Selectable<RegistryPowerBatches>): PowerBatchDto {
  return {
    id: row.id,
    jurisdictionId: row.jurisdiction_id,
    year: row.year,
    half: row.half as 1 | 2,
    documentNumber: row.document_number,
    status: row.status as PowerBatchDto['status'],
    openedAt: row.opened_at,
    publishedAt: row.published_at,
  };
}

async function jurisdictionInScopeOrThrow(db: RegistryDb | RegistryTx, principal: Principal, jurisdictionId: string) {
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
  if (!jurisdictionInScope(await scopeOf(db, principal), jurisdiction.path)) throw new DomainError('OUT_OF_SCOPE');
  return jurisdiction;
}

async function audit(trx: RegistryTx, principal: Principal, type: string, batch: PowerBatchDto, payload: Record<string, unknown>, requestId?: string) {
  await appendOutboxEvent(trx, 'registry', { type, aggregateType: 'power_batch', aggregateId: batch.id, jurisdictionId: batch.jurisdictionId, actor: auditActorOf(principal), payload, requestId });
}

export async function openPowerBatch(db: RegistryDb, principal: Principal, input: { jurisdictionId: string; year: number; half: 1 | 2 }, requestId?: string): Promise<PowerBatchDto> {
  return db.transaction().execute(async (trx) => {
    await jurisdictionInScopeOrThrow(trx, principal, input.jurisdictionId);
    const row = await trx
      .insertInto('registry.power_batches')
      .values({ jurisdiction_id: input.jurisdictionId, year: input.year, half: input.half })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'year', 'half']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('POWER_BATCH_EXISTS', `${input.year}H${input.half} exists`);
    const batch = toBatch(row);
    await audit(trx, principal, 'registry.powerList.batchOpened', batch, { after: batch }, requestId);
    return batch;
  });
}

export async function listPowerBatches(db: RegistryDb, principal: Principal, input: { jurisdictionId?: string | undefined }): Promise<PowerBatchDto[]> {
  const scope = await scopeOf(db, principal);
  let query = db.selectFrom('registry.power_batches as b').innerJoin('registry.jurisdictions as j', 'j.id', 'b.jurisdiction_id').selectAll('b');
  if (scope.path) query = scope.onlyOwnJurisdiction ? query.where('j.path', '=', scope.path) : query.where('j.path', 'like', `${scope.path}%`);
  if (input.jurisdictionId) query = query.where('b.jurisdiction_id', '=', input.jurisdictionId);
  const rows = await query.orderBy('b.year', 'desc').orderBy('b.half', 'desc').execute();
  return rows.map(toBatch);
}

async function lockOpenBatch(trx: RegistryTx, principal: Principal, batchId: string): Promise<PowerBatchDto> {
  const row = await trx.selectFrom('registry.power_batches').selectAll().where('id', '=', batchId).forUpdate().executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `batch ${batchId} not found`);
  await jurisdictionInScopeOrThrow(trx, principal, row.jurisdiction_id);
  if (row.status !== 'open') throw new DomainError('POWER_BATCH_CLOSED', `batch ${batchId} is ${row.status}`);
  return toBatch(row);
}

interface NewItem {
  code: string;
  name: string;
  category: PowerCategory;
  legalBasis: string;
  responsibleBody: string;
}

/** Adds and removes items of one unit's list within an open batch. */
export async function adjustPowerList(
  db: RegistryDb,
  principal: Principal,
  input: { batchId: string; organizationId: string; add: NewItem[]; remove: string[] },
  requestId?: string,
): Promise<PowerItemDto[]> {
  await db.transaction().execute(async (trx) => {
    const batch = await lockOpenBatch(trx, principal, input.batchId);
    const organization = await lockForChange(trx, principal, input.organizationId);
    if (organization.jurisdictionId !== batch.jurisdictionId) {
      throw new DomainError('VALIDATION_FAILED', 'the batch belongs to another jurisdiction', undefined, {
        'zh-CN': '该调整批次不属于此机构所在的行政区划',
        en: 'This batch belongs to another jurisdiction',
      });
    }
    const items = await trx.selectFrom('registry.power_items').selectAll().where('organization_id', '=', organization.id).where('removed_in', 'is', null).execute();
    for (const id of input.remove) {
      const item = items.find((i) => i.id === id);
      if (!item) throw new DomainError('NOT_FOUND', `power item ${id} is not on this list`);
      // An item added in this same batch never took effect: drop it instead of marking it removed.
      if (item.added_in === batch.id) await trx.deleteFrom('registry.power_items').where('id', '=', id).execute();
      else await trx.updateTable('registry.power_items').set({ removed_in: batch.id }).where('id', '=', id).execute();
    }
    const codes = new Set(items.filter((i) => !input.remove.includes(i.id)).map((i) => i.code));
    for (const item of input.add) {
      if (codes.has(item.code)) throw new DomainError('CONFLICT', `item code ${item.code} exists`, undefined, { 'zh-CN': `事项编码“${item.code}”已在清单中`, en: `Item code ${item.code} is already on the list` });
      codes.add(item.code);
      await trx
        .insertInto('registry.power_items')
        .values({ organization_id: organization.id, code: item.code, name: item.name, category: item.category, legal_basis: item.legalBasis, responsible_body: item.responsibleBody, added_in: batch.id })
        .execute();
    }
    await audit(trx, principal, 'registry.powerList.adjusted', batch, { organizationId: organization.id, added: input.add, removed: input.remove }, requestId);
  });
  return listPowerItems(db, principal, input.organizationId);
}

export async function publishPowerBatch(db: RegistryDb, principal: Principal, input: { batchId: string; documentNumber: string }, requestId?: string): Promise<PowerBatchDto> {
  return db.transaction().execute(async (trx) => {
    await lockOpenBatch(trx, principal, input.batchId);
    const row = await trx
      .updateTable('registry.power_batches')
      .set({ status: 'published', document_number: input.documentNumber, published_at: new Date() })
      .where('id', '=', input.batchId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const batch = toBatch(row);
    await audit(trx, principal, 'registry.powerList.published', batch, { after: batch }, requestId);
    return batch;
  });
}

/** The unit's list: items in force, and those an open batch adds or removes. */
export async function listPowerItems(db: RegistryDb, principal: Principal, organizationId: string): Promise<PowerItemDto[]> {
  await readableOrganization(db, principal, organizationId);
  const rows = await db
    .selectFrom('registry.power_items as i')
    .innerJoin('registry.power_batches as a', 'a.id', 'i.added_in')
    .leftJoin('registry.power_batches as r', 'r.id', 'i.removed_in')
    .selectAll('i')
    .select(['a.status as added_status', 'r.status as removed_status'])
    .where('i.organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('i.removed_in', 'is', null), eb('r.status', '=', 'open')]))
    .orderBy('i.category')
    .orderBy('i.code')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    code: row.code,
    name: row.name,
    category: row.category as PowerCategory,
    legalBasis: row.legal_basis,
    responsibleBody: row.responsible_body,
    state: row.added_status === 'open' ? 'pending_add' : row.removed_status === 'open' ? 'pending_removal' : 'in_force',
    addedIn: row.added_in,
    removedIn: row.removed_in,
  }));
}
