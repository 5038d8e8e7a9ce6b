import { calendarSetInput, decideMatterInput, documentIdInput, fileMatterInput, inboxInput, listMattersInput, matterIdInput, resubmitMatterInput, routingInput, routingListInput, withdrawMatterInput } from '@bianzhi/contracts/approval';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import { decideMatter, fileMatter, resubmitMatter, withdrawMatter, type MatterDeps } from './matter.service.js';
import { getMatter, inbox, listMatters, matterDocument } from './matter-reads.js';
import { calendarDays, listRouting, setCalendarDay, setRouting } from './matter-settings.js';

/** approval.*: matters and their approval chains (事项审批), the inbox, and the routing the city sets. */
export function approvalRouter(deps: MatterDeps) {
  const read = authedProcedure.meta({ permission: 'approval.matter.read' });
  const file = authedProcedure.meta({ permission: 'approval.matter.file' });
  const decide = authedProcedure.meta({ permission: 'approval.matter.decide' });
  const routing = authedProcedure.meta({ permission: 'approval.routing.manage' });
  return router({
    matter: router({
      file: file.input(fileMatterInput).mutation(({ ctx, input }) => fileMatter(deps, ctx.principal, input, ctx.requestId)),
      get: read.input(matterIdInput).query(({ ctx, input }) => getMatter(deps, ctx.principal, input.id)),
      list: read.input(listMattersInput).query(({ ctx, input }) => listMatters(deps, ctx.principal, input)),
      document: read.input(documentIdInput).query(({ ctx, input }) => matterDocument(deps, ctx.principal, input)),
      decide: decide.input(decideMatterInput).mutation(({ ctx, input }) => decideMatter(deps, ctx.principal, input, ctx.requestId)),
      resubmit: file.input(resubmitMatterInput).mutation(({ ctx, input }) => resubmitMatter(deps, ctx.principal, input, ctx.requestId)),
      withdraw: file.input(withdrawMatterInput).mutation(({ ctx, input }) => withdrawMatter(deps, ctx.principal, input, ctx.requestId)),
    }),
    inbox: router({
      list: read.input(inboxInput).query(({ ctx, input }) => inbox(deps, ctx.principal, input)),
    }),
    routing: router({
      list: read.input(routingListInput).query(({ ctx }) => listRouting(deps, ctx.principal)),
      set: routing.input(routingInput).mutation(({ ctx, input }) => setRouting(deps, ctx.principal, input, ctx.requestId)),
    }),
    calendar: router({
      list: read.query(() => calendarDays(deps)),
      set: routing.input(calendarSetInput).mutation(({ ctx, input }) => setCalendarDay(deps, ctx.principal, input, ctx.requestId)),
    }),
  });
}
