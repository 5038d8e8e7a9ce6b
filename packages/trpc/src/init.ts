import { initTRPC, TRPCError } from '@trpc/server';
import { transformer } from './transformer.js';
import { hasPermission, type Permission, type Principal } from '@bianzhi/domain/access';
import type { RequestContext } from './context.js';
import { describeError, toTRPCError } from './error-formatter.js';
import { findUnsafeInput, unsafeInputError } from './safe-strings.js';

export interface ProcedureMeta {
  /** Required on every authenticated procedure; the authorization matrix test reads it. */
  permission?: Permission;
}

const t = initTRPC
  .context<RequestContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer,
    errorFormatter({ shape, error, ctx }) {
      const locale = ctx?.locale ?? 'zh-CN';
      const { message, data } = describeError(error, locale);
      if (data.domainCode === 'INTERNAL') ctx?.log.error({ err: error.cause ?? error }, 'unhandled error');
      return {
        code: shape.code,
        message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, ...data, requestId: ctx?.requestId ?? null },
      };
    },
  });

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors thrown anywhere below become the right HTTP status and a localized message. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/**
 * No procedure sees a string PostgreSQL cannot store or that is not Unicode, or absurd nesting:
 * refused here as a field error (400), before any parser or query, whatever the contract says.
 */
const refuseUnsafeInput = t.middleware(async ({ getRawInput, next }) => {
  const found = findUnsafeInput(await getRawInput());
  if (found) throw new TRPCError({ code: 'BAD_REQUEST', cause: unsafeInputError(found) });
  return next();
});

export const publicProcedure = t.procedure.use(mapDomainErrors).use(refuseUnsafeInput);

/** A signed-in user or service, holding the permission the procedure declares in its meta. */
export const authedProcedure = publicProcedure.use(({ ctx, meta, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: 'UNAUTHORIZED' });
  if (!meta?.permission) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'procedure declares no permission' });
  if (!hasPermission(ctx.principal, meta.permission)) throw new TRPCError({ code: 'FORBIDDEN' });
  return next({ ctx: { ...ctx, principal: ctx.principal as Principal } });
});

/** Calls between the platform's own services only (outbox delivery, workflow activities). */
export const internalProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.principal.roles.includes('system')) throw new TRPCError({ code: 'FORBIDDEN' });
  return next();
});
