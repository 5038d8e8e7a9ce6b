import { createTRPCClient, httpLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import superjson from 'superjson';
import type { OutboxEvent } from '@bianzhi/db/outbox';
import { servicePrincipal, signInternalToken } from './internal-token.js';

interface IngestClient {
  audit: { log: { ingest: { mutate(input: { events: OutboxEvent[] }): Promise<{ stored: number; duplicates: number }> } } };
}

/**
 * The outbox relay's delivery function: hands a batch to `audit.log.ingest` as the producing
 * service. Typed locally rather than through the audit router so that the audit service can
 * itself depend on the producers' routers without a package cycle.
 */
export function createAuditDelivery(options: { auditUrl: string; secret: string; service: string }) {
  const client = createTRPCClient<AnyRouter>({
    links: [
      httpLink({
        url: `${options.auditUrl}/trpc`,
        transformer: superjson,
        headers: async () => ({ authorization: `Bearer ${await signInternalToken(options.secret, servicePrincipal(options.service), 'audit')}` }),
      }),
    ],
  }) as unknown as IngestClient;
  return async (events: OutboxEvent[]): Promise<void> => {
    await client.audit.log.ingest.mutate({ events });
  };
}
