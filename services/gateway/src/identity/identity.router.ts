import { TRPCError } from '@trpc/server';
import { publicProcedure, router } from '@bianzhi/trpc/init';
import { hasPermission, permissions, type Permission } from '@bianzhi/domain/access';

/** Procedures the gateway serves itself under /trpc/identity.* (sessions live here). */
export function createIdentityRouter() {
  return router({
    identity: router({
      me: publicProcedure.query(({ ctx }) => {
        if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED' });
        const principal = ctx.principal;
        const granted = (Object.keys(permissions) as Permission[]).filter((p) => hasPermission(principal, p));
        return { ...principal, permissions: granted };
      }),
    }),
  });
}

export type IdentityRouter = ReturnType<typeof createIdentityRouter>;
