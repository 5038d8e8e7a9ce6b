import path from 'node:path';
import { startEmbeddedPostgres, ensureDatabase, type RunningPostgres } from '@bianzhi/db/embedded-postgres';
import { say } from './log.js';

export interface DatabaseHandle {
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise the embedded PostgreSQL with data under `dataDir`. */
export async function provideDatabase(options: { dataDir: string; port: number; database: string; persistent: boolean }): Promise<DatabaseHandle> {
  const external = process.env.DATABASE_URL;
  if (external) {
    say(`using PostgreSQL from DATABASE_URL`);
    const admin = new URL(external);
    admin.pathname = '/postgres';
    return { url: external, adminUrl: admin.toString(), stop: async () => undefined };
  }
  const started = Date.now();
  let server: RunningPostgres;
  try {
    server = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port, persistent: options.persistent });
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start on port ${options.port} (data in ${path.relative(process.cwd(), options.dataDir)}): ${(error as Error).message}`);
  }
  await ensureDatabase(server.adminUrl, options.database);
  say(`PostgreSQL ready on 127.0.0.1:${options.port} in ${Date.now() - started} ms`);
  return { url: server.urlFor(options.database), adminUrl: server.adminUrl, stop: () => server.stop() };
}
