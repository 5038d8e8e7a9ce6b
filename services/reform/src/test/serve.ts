import type { FastifyInstance } from 'fastify';
import { createServiceHost } from '@bianzhi/trpc/service-host';

/** Serves a service's router on a free port for an integration test; `hosts` collects it for closing. */
export async function serveRouter(hosts: FastifyInstance[], secret: string, name: string, router: Parameters<typeof createServiceHost>[0]['router']): Promise<string> {
  const host = await createServiceHost({ name, host: '127.0.0.1', port: 0, logLevel: 'silent', router, internalSecret: secret, readiness: {} });
  await host.listen({ host: '127.0.0.1', port: 0 });
  hosts.push(host);
  const address = host.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
