import { createTRPCClient, httpLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import superjson, { type SuperJSONResult } from 'superjson';
import type { OutboxEvent } from '@bianzhi/db/outbox';
import { servicePrincipal, signInternalToken } from './internal-token.js';

interface IngestClient {
  audit: { log: { ingest: { mutate(input: { events: OutboxEvent[] }): Promise<{ stored: number; duplicates: number }> } } };
}

/**
 * Outbox events are plain JSON (they come out of jsonb columns), so they go in superjson's envelope
 * as they are: superjson's own serializer would walk every value of every event, which for a batch
 * of 500 costs the producing service more than the rest of the delivery. Answers are read by superjson.
 */
const plainJsonInput = {
  serialize: (value: unknown) => ({ json: value }),
  deserialize: (value: unknown) => superjson.deserialize(value as SuperJSONResult),
};

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
        transformer: { input: plainJsonInput, output: superjson },
        headers: async () => ({ authorization: `Bearer ${await signInternalToken(options.secret, servicePrincipal(options.service), 'audit')}` }),
      }),
    ],
  }) as unknown as IngestClient;
  return async (events: OutboxEvent[]): Promise<void> => {
    await client.audit.log.ingest.mutate({ events });
  };
}
