import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import superjson from 'superjson';
import type { Principal } from '@bianzhi/domain/access';
import { signInternalToken } from './internal-token.js';

export interface ServiceClientOptions {
  /** Base URL of the service, e.g. http://127.0.0.1:3101 */
  url: string;
  /** Audience: the called service's name. */
  service: string;
  secret: string;
  /** Who the call is made as: the service itself, or the user it acts for. */
  principal: () => Principal;
  requestId?: () => string | undefined;
}

/** A typed client for one service, signing a fresh internal token for every request. */
export function createServiceClient<TRouter extends AnyRouter>(options: ServiceClientOptions) {
  return createTRPCClient<TRouter>({
    links: [
      httpBatchLink<AnyRouter>({
        url: `${options.url}/trpc`,
        transformer: superjson,
        // Queries go as POST too: a lookup of a whole city's unit names does not fit in a URL.
        methodOverride: 'POST',
        async headers() {
          const token = await signInternalToken(options.secret, options.principal(), options.service);
          const requestId = options.requestId?.();
          return { authorization: `Bearer ${token}`, ...(requestId ? { 'x-request-id': requestId } : {}) };
        },
      }),
    ],
  });
}

/** The domain code a service reported (e.g. NOT_FOUND), if the error came from a procedure. */
export function remoteDomainCode(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data = error.data as { domainCode?: string } | undefined;
    return data?.domainCode ?? null;
  }
  return null;
}

export { servicePrincipal as servicePrincipalFor } from './internal-token.js';
