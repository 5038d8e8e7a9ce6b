import { createTRPCClient, httpBatchLink, type TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import superjson from 'superjson';
import type { router } from '@bianzhi/trpc/init';
import type { RegistryRouter } from '@bianzhi/registry/router';
import type { LedgerRouter } from '@bianzhi/quota-ledger/router';
import type { AuditRouter } from '@bianzhi/audit/router';
import type { ReformRouter } from '@bianzhi/reform/router';
import type { IdentityRouter } from '@bianzhi/gateway/identity/identity.router';

type Inner<R extends AnyRouter, K extends string> = R['_def']['record'][K];

/** Every service's procedures as one tree, the way the gateway exposes them under /trpc. */
export type BianzhiRouter = ReturnType<
  typeof router<{
    identity: Inner<IdentityRouter, 'identity'>;
    registry: Inner<RegistryRouter, 'registry'>;
    ledger: Inner<LedgerRouter, 'ledger'>;
    analysis: Inner<LedgerRouter, 'analysis'>;
    audit: Inner<AuditRouter, 'audit'>;
    reform: Inner<ReformRouter, 'reform'>;
    approval: Inner<ReformRouter, 'approval'>;
  }>
>;

export interface BianzhiClientOptions {
  /** The gateway's base URL, e.g. https://bianzhi.example.gov.cn (empty string: same origin). */
  url: string;
  /** A service account's API token; omit in the browser, where the session cookie is used. */
  token?: string;
  /** zh-CN (default) or en: the language of error messages. */
  locale?: () => string;
  fetch?: typeof fetch;
}

/**
 * Batches calls per service (the gateway forwards a batch to exactly one service), so calls to
 * different services in the same tick travel as separate requests.
 */
function serviceRoutingLink(options: BianzhiClientOptions): TRPCLink<BianzhiRouter> {
  return (runtime) => {
    const perService = new Map<string, ReturnType<TRPCLink<BianzhiRouter>>>();
    return (call) => {
      const service = call.op.path.split('.')[0] ?? '';
      let link = perService.get(service);
      if (!link) {
        link = httpBatchLink<BianzhiRouter>({
          url: `${options.url}/trpc`,
          transformer: superjson,
          maxURLLength: 4_000,
          fetch: options.fetch,
          headers: () => ({
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(options.locale ? { 'x-bianzhi-locale': options.locale() } : {}),
          }),
        })(runtime);
        perService.set(service, link);
      }
      return link(call);
    };
  };
}

export function createBianzhiClient(options: BianzhiClientOptions) {
  return createTRPCClient<BianzhiRouter>({ links: [serviceRoutingLink(options)] });
}

export type BianzhiClient = ReturnType<typeof createBianzhiClient>;
export { serviceRoutingLink };
