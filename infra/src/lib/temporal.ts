import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startProcess, stopProcess, type ManagedProcess } from './processes.js';
import { say } from './log.js';
import { ROOT } from './paths.js';
import net from 'node:net';

export interface TemporalHandle {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** TEMPORAL_ADDRESS when given; otherwise the Temporal CLI dev server, persisted to a SQLite file when `dbFile` is set. */
export async function provideTemporal(options: { port: number; uiPort: number | null; dbFile: string | null; namespace: string }): Promise<TemporalHandle> {
  const external = process.env.TEMPORAL_ADDRESS;
  if (external) {
    say(`using Temporal at ${external} (TEMPORAL_ADDRESS)`);
    return { address: external, uiUrl: null, stop: async () => undefined };
  }
  const cli = process.env.BIANZHI_TEMPORAL_CLI;
  if (!cli) throw new Error('BIANZHI_TEMPORAL_CLI is not set: run through `npm run dev` / `npm test`, which install the Temporal CLI');
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', options.namespace, '--log-level', 'error'];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  const started = Date.now();
  const proc: ManagedProcess = startProcess('temporal', cli, args, { cwd: ROOT, env: process.env, quiet: true });
  const deadline = Date.now() + 60_000;
  while (!(await canConnect(options.port))) {
    if (proc.child.exitCode !== null) throw new Error(`Temporal dev server exited with ${proc.child.exitCode}`);
    if (Date.now() > deadline) throw new Error('Temporal dev server did not open its port within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  say(`Temporal dev server ready on 127.0.0.1:${options.port} in ${Date.now() - started} ms`);
  return { address: `127.0.0.1:${options.port}`, uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : null, stop: () => stopProcess(proc) };
}
