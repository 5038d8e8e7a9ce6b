import { spawn } from 'node:child_process';
import net from 'node:net';
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

/** One kept-alive HTTP/1.1 connection of the load generator, carrying one request at a time. */
interface Connection {
  socket: net.Socket;
  buffer: Buffer;
  /** Called with each arrival of data while a request waits for its answer. */
  onData: (() => void) | null;
  onFailure: ((error: Error) => void) | null;
}

const idle = new Map<string, Connection[]>();

function connect(host: string, port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const connection: Connection = { socket, buffer: Buffer.alloc(0), onData: null, onFailure: null };
    socket.once('connect', () => resolve(connection));
    socket.on('data', (chunk: Buffer) => {
      connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
      connection.onData?.();
    });
    const fail = (error: Error) => {
      const key = `${host}:${port}`;
      idle.set(key, (idle.get(key) ?? []).filter((c) => c !== connection));
      connection.onFailure?.(error);
      reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  });
}

/** A whole HTTP/1.1 response at the start of `buffer` (content-length or chunked): its status, body and length; null while incomplete. */
export function parseResponse(buffer: Buffer): { status: number; body: Buffer; length: number } | null {
  const headerEnd = buffer.indexOf('\r\n\r\n');
  if (headerEnd < 0) return null;
  const head = buffer.subarray(0, headerEnd).toString('latin1');
  const status = Number(head.slice(9, 12));
  const contentLength = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  let at = headerEnd + 4;
  if (contentLength) {
    const end = at + Number(contentLength[1]);
    return buffer.length < end ? null : { status, body: buffer.subarray(at, end), length: end };
  }
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) throw new Error(`response without a length: ${head.slice(0, 200)}`);
  const chunks: Buffer[] = [];
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) {
      // The last chunk, no trailers: "0\r\n\r\n".
      return buffer.length < lineEnd + 4 ? null : { status, body: Buffer.concat(chunks), length: lineEnd + 4 };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return null;
    chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * POSTs a JSON body over a kept-alive connection and returns the parsed answer: the load generator's
 * client. It writes the request and reads the answer straight off the socket, as lean as pgbench's
 * libpq: the load generator shares the machine's two cores with what it measures, and Node's own
 * HTTP client costs several times more CPU per call than the ledger's statement does.
 */
export async function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const target = new URL(url);
  const key = target.host;
  const connection = idle.get(key)?.pop() ?? (await connect(target.hostname, Number(target.port)));
  const payload = Buffer.from(JSON.stringify(body));
  const head = [`POST ${target.pathname}${target.search} HTTP/1.1`, `host: ${target.host}`, 'content-type: application/json', `content-length: ${payload.length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  const response = await new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    connection.onFailure = reject;
    connection.onData = () => {
      try {
        const parsed = parseResponse(connection.buffer);
        if (!parsed) return;
        connection.buffer = connection.buffer.subarray(parsed.length);
        resolve(parsed);
      } catch (error) {
        reject(error as Error);
      }
    };
    connection.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
  });
  connection.onData = null;
  connection.onFailure = null;
  if (!connection.socket.destroyed) {
    if (!idle.has(key)) idle.set(key, []);
    idle.get(key)!.push(connection);
  }
  return JSON.parse(response.body.toString('utf8'));
}

/** Closes the load generator's idle connections (at the end of a benchmark). */
export function closeConnections(): void {
  for (const connections of idle.values()) for (const c of connections.splice(0)) c.socket.destroy();
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
