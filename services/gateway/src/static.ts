import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Serves the built admin UI, with index.html for client-side routes. */
export async function registerAdminUi(app: FastifyInstance, distDir: string | undefined): Promise<void> {
  if (!distDir) return; // development: the Vite dev server serves the UI
  if (!existsSync(distDir)) {
    app.log.warn({ distDir }, 'admin UI not built; only the API is served');
    return;
  }
  await app.register(fastifyStatic, { root: distDir, wildcard: false, maxAge: '1h', immutable: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/trpc') && !request.url.startsWith('/api')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND' } });
  });
}
