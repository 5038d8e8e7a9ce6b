import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDatabase } from '@bianzhi/db/kysely';
import { ensureDatabase, startEmbeddedPostgres } from '@bianzhi/db/embedded-postgres';
import { freePort } from '../lib/ports.js';
import { migrateDatabase } from '../lib/database-setup.js';
import { provideTemporal } from '../lib/temporal.js';
import { ephemeralSecrets } from '../lib/secrets.js';
import { createStack, type StackPorts } from '../lib/stack.js';

export const BENCH_INTERNAL_SECRET = 'bench-internal-secret-'.padEnd(48, 'x');

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `call` sequentially: warm-up rounds first, then timed rounds. */
export async function measure(name: string, runs: number, warmup: number, call: (i: number) => Promise<unknown>) {
  for (let i = 0; i < warmup; i++) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await call(i);
    samples.push(performance.now() - t0);
  }
  return { name, runs, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: Math.max(...samples) };
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * POSTs a JSON body over a kept-alive connection and returns the parsed answer: the load generator's
 * client, as lean as pgbench's libpq (fetch costs several times its CPU per call, on the same two
 * cores as the services it measures).
 */
export function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: keepAlive, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** Busy and total CPU time of the whole machine so far (/proc/stat), in clock ticks. */
function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - fields[3]! - (fields[4] ?? 0), total };
}

/**
 * Waits until the machine is quiet after the stack started: services answer before the reform
 * worker has finished bundling its workflows, which otherwise takes a core from the first phase
 * measured. Quiet is under a fifth of the machine busy over one second; at most 60 s.
 */
export async function settle(): Promise<void> {
  const t0 = performance.now();
  let last = machineCpu();
  while (performance.now() - t0 < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = machineCpu();
    const busy = (now.busy - last.busy) / Math.max(1, now.total - last.total);
    last = now;
    if (busy < 0.2) return;
  }
}

export function pgbenchPath(): string | null {
  for (const candidate of ['/usr/bin/pgbench', '/usr/lib/postgresql/17/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${out.slice(-400)}`))));
  });
}

export interface BenchEnvironment {
  adminUrl: string;
  databaseUrl: string;
  db: ReturnType<typeof createDatabase<unknown>>;
  ports: StackPorts;
  /** Starts Temporal and the whole stack on this database (after the caller loaded its data). */
  startStack(): Promise<void>;
  stackStarted(): boolean;
  /** Stops the stack and starts it again on another database of the same server. */
  restartStackOn(databaseUrl: string): Promise<void>;
  close(): Promise<void>;
}

/** A throwaway PostgreSQL with the schema migrated; the stack is started once the data is in. */
export async function benchEnvironment(): Promise<BenchEnvironment> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'bianzhi-bench-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg'), port: await freePort(), persistent: false });
  await ensureDatabase(postgres.adminUrl, 'bianzhi_bench');
  const databaseUrl = postgres.urlFor('bianzhi_bench');
  await migrateDatabase(databaseUrl);
  const db = createDatabase<unknown>({ url: databaseUrl, applicationName: 'bench', max: 4 });
  cleanups.push(() => db.destroy());
  const ports = { gateway: await freePort(), registry: await freePort(), ledger: await freePort(), audit: await freePort(), reform: await freePort(), admin: null };
  let started = false;
  let stopStack: (() => Promise<void>) | null = null;
  let temporalAddress: string | null = null;
  const startOn = async (url: string) => {
    started = true;
    if (!temporalAddress) {
      const temporal = await provideTemporal({ port: await freePort(), uiPort: null, dbFile: null, namespace: 'default' });
      cleanups.unshift(temporal.stop);
      temporalAddress = temporal.address;
    }
    const stack = createStack({
      databaseUrl: url,
      temporalAddress,
      temporalNamespace: 'default',
      ports,
      secrets: { ...ephemeralSecrets(), internalJwtSecret: BENCH_INTERNAL_SECRET },
      nodeEnv: 'production',
      logLevel: 'warn',
      adminMode: 'dist',
      quiet: true,
    });
    stopStack = () => stack.stop();
    cleanups.unshift(stack.stop);
    await stack.start();
    await settle();
  };
  return {
    adminUrl: postgres.adminUrl,
    databaseUrl,
    db,
    ports,
    stackStarted: () => started,
    async startStack() {
      await startOn(databaseUrl);
    },
    async restartStackOn(url: string) {
      await stopStack?.();
      await startOn(url);
    },
    async close() {
      for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      await postgres.stop().catch(() => undefined);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
