import { createSubscriptionInput, deliveriesExportInput, deliveriesInput, redeliverInput, subscriptionIdInput, updateSubscriptionInput } from '@bianzhi/contracts/linkage';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { createSubscription, deleteSubscription, exportDeliveries, listDeliveries, listSubscriptions, redeliver, rotateSecret, setSubscriptionStatus, type SubscriptionDeps } from './subscription.service.js';

/** 联动订阅: receiving systems of the caller's jurisdictions and their delivery logs. */
export function subscriptionRouter(deps: SubscriptionDeps) {
  const read = authedProcedure.meta({ permission: 'audit.subscription.read' });
  const manage = authedProcedure.meta({ permission: 'audit.subscription.manage' });
  return router({
    list: read.query(({ ctx }) => listSubscriptions(deps, ctx.principal)),
    create: manage.input(createSubscriptionInput).mutation(({ ctx, input }) => createSubscription(deps, ctx.principal, input, ctx.requestId)),
    setStatus: manage.input(updateSubscriptionInput).mutation(({ ctx, input }) => setSubscriptionStatus(deps, ctx.principal, input, ctx.requestId)),
    rotate: manage.input(subscriptionIdInput).mutation(({ ctx, input }) => rotateSecret(deps, ctx.principal, input.id, ctx.requestId)),
    remove: manage.input(subscriptionIdInput).mutation(({ ctx, input }) => deleteSubscription(deps, ctx.principal, input.id, ctx.requestId)),
    deliveries: read.input(deliveriesInput).query(({ ctx, input }) => listDeliveries(deps, ctx.principal, input)),
    exportDeliveries: read.input(deliveriesExportInput).query(({ ctx, input }) => exportDeliveries(deps, ctx.principal, input)),
    redeliver: manage.input(redeliverInput).mutation(({ ctx, input }) => redeliver(deps, ctx.principal, input, ctx.requestId)),
  });
}
