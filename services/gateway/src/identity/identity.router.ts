import { TRPCError } from '@trpc/server';
import { assignRoleInput, changePasswordInput, createTokenInput, createUserInput, listUsersInput, resetPasswordInput, revokeSessionInput, revokeTokenInput, userIdInput } from '@bianzhi/contracts/identity';
import { authedProcedure, publicProcedure, router } from '@bianzhi/trpc/init';
import { hasPermission, permissions, type Permission } from '@bianzhi/domain/access';
import * as identity from './identity.service.js';

/** Procedures the gateway serves itself under /trpc/identity.* (accounts and sessions live here). */
export function createIdentityRouter(deps: identity.IdentityDeps) {
  return router({
    identity: router({
      me: publicProcedure.query(async ({ ctx }) => {
        if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED' });
        const principal = ctx.principal;
        const granted = (Object.keys(permissions) as Permission[]).filter((p) => hasPermission(principal, p));
        return { ...principal, permissions: granted, ...(await identity.ownAccountState(deps, principal)) };
      }),
      user: router({
        create: authedProcedure.meta({ permission: 'identity.user.manage' }).input(createUserInput).mutation(({ ctx, input }) => identity.createUser(deps, ctx.principal, input)),
        list: authedProcedure.meta({ permission: 'identity.user.read' }).input(listUsersInput).query(({ ctx, input }) => identity.listUsers(deps, ctx.principal, input.search)),
        get: authedProcedure.meta({ permission: 'identity.user.read' }).input(userIdInput).query(({ ctx, input }) => identity.getUser(deps, ctx.principal, input.id)),
        disable: authedProcedure.meta({ permission: 'identity.user.manage' }).input(userIdInput).mutation(({ ctx, input }) => identity.setUserDisabled(deps, ctx.principal, input.id, true)),
        enable: authedProcedure.meta({ permission: 'identity.user.manage' }).input(userIdInput).mutation(({ ctx, input }) => identity.setUserDisabled(deps, ctx.principal, input.id, false)),
        resetPassword: authedProcedure.meta({ permission: 'identity.user.manage' }).input(resetPasswordInput).mutation(({ ctx, input }) => identity.resetPassword(deps, ctx.principal, input.id, input.password)),
        assignRole: authedProcedure.meta({ permission: 'identity.user.manage' }).input(assignRoleInput).mutation(({ ctx, input }) => identity.assignRole(deps, ctx.principal, input)),
      }),
      session: router({
        list: authedProcedure.meta({ permission: 'identity.session.own' }).query(({ ctx }) => identity.listOwnSessions(deps, ctx.principal, ctx.sessionId ?? null)),
        revoke: authedProcedure.meta({ permission: 'identity.session.own' }).input(revokeSessionInput).mutation(({ ctx, input }) => identity.revokeOwnSessions(deps, ctx.principal, input.id)),
        revokeAll: authedProcedure.meta({ permission: 'identity.session.own' }).mutation(({ ctx }) => identity.revokeOwnSessions(deps, ctx.principal)),
        changePassword: authedProcedure
          .meta({ permission: 'identity.session.own' })
          .input(changePasswordInput)
          .mutation(({ ctx, input }) => identity.changeOwnPassword(deps, ctx.principal, ctx.sessionId ?? null, input)),
      }),
      token: router({
        create: authedProcedure.meta({ permission: 'identity.token.manage' }).input(createTokenInput).mutation(({ ctx, input }) => identity.createToken(deps, ctx.principal, input)),
        list: authedProcedure.meta({ permission: 'identity.token.manage' }).query(({ ctx }) => identity.listTokensInScope(deps, ctx.principal)),
        revoke: authedProcedure.meta({ permission: 'identity.token.manage' }).input(revokeTokenInput).mutation(({ ctx, input }) => identity.revokeToken(deps, ctx.principal, input.id)),
      }),
    }),
  });
}

export type IdentityRouter = ReturnType<typeof createIdentityRouter>;
