import { appointInput, leadershipListInput, postsOfInput, removeAppointmentInput, setPostsInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { appoint, listLeadership, postsOf, removeAppointment, setPosts } from './leadership.service.js';

export function leadershipRouter(deps: LedgerDeps) {
  const manage = authedProcedure.meta({ permission: 'ledger.leadership.manage' });
  return router({
    list: authedProcedure
      .meta({ permission: 'ledger.person.read' })
      .input(leadershipListInput)
      .query(({ ctx, input }) => listLeadership(deps, ctx.principal, input.organizationId)),
    // 领导职数核定 is a matter (approval.matter.file, kind leadership_posts); the platform applies the approved number.
    setPosts: authedProcedure.meta({ permission: 'ledger.leadership.setPosts' }).input(setPostsInput).mutation(({ ctx, input }) => setPosts(deps, ctx.principal, input, ctx.requestId)),
    // 领导职务任职 is a matter (approval.matter.file, kind leadership_appointment); the platform applies the approved appointment.
    appoint: authedProcedure.meta({ permission: 'ledger.leadership.appoint' }).input(appointInput).mutation(({ ctx, input }) => appoint(deps, ctx.principal, input, ctx.requestId)),
    postsOf: internalProcedure
      .meta({ permission: 'ledger.roll.export' })
      .input(postsOfInput)
      .query(({ input }) => postsOf(deps, input.organizationIds)),
    remove: manage.input(removeAppointmentInput).mutation(({ ctx, input }) => removeAppointment(deps, ctx.principal, input, ctx.requestId)),
  });
}
