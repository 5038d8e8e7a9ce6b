import { adjustPowerListInput, listPowerBatchesInput, listPowerItemsInput, openPowerBatchInput, publishPowerBatchInput } from '@bianzhi/contracts/registry';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { batchChangesInput } from '@bianzhi/contracts/service-guides';
import type { RegistryDb } from '../db.js';
import { changesOfBatch } from './power-batch-changes.js';
import { adjustPowerList, listPowerBatches, listPowerItems, openPowerBatch, publishPowerBatch } from './power-list.service.js';

const read = authedProcedure.meta({ permission: 'registry.organization.read' });
const manage = authedProcedure.meta({ permission: 'registry.powerList.manage' });

export function powerListRouter(db: RegistryDb) {
  return router({
    items: read.input(listPowerItemsInput).query(({ ctx, input }) => listPowerItems(db, ctx.principal, input.organizationId)),
    batches: read.input(listPowerBatchesInput).query(({ ctx, input }) => listPowerBatches(db, ctx.principal, input)),
    batchChanges: read.input(batchChangesInput).query(({ ctx, input }) => changesOfBatch(db, ctx.principal, input.batchId)),
    openBatch: manage.input(openPowerBatchInput).mutation(({ ctx, input }) => openPowerBatch(db, ctx.principal, input, ctx.requestId)),
    adjust: manage.input(adjustPowerListInput).mutation(({ ctx, input }) => adjustPowerList(db, ctx.principal, input, ctx.requestId)),
    publishBatch: manage.input(publishPowerBatchInput).mutation(({ ctx, input }) => publishPowerBatch(db, ctx.principal, input, ctx.requestId)),
  });
}
