import path from 'node:path';
import { ROOT } from './paths.js';
import { startProcess, stopProcess, waitForHttp, type ManagedProcess } from './processes.js';
import { say } from './log.js';
import type { LocalSecrets } from './secrets.js';

export interface StackPorts {
  gateway: number;
  registry: number;
  ledger: number;
  audit: number;
  reform: number;
  admin: number | null;
}

export interface StackOptions {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  ports: StackPorts;
  secrets: LocalSecrets;
  /** Extra settings of the audit service (the e2e stack lets subscriptions reach local receivers). */
  auditEnv?: NodeJS.ProcessEnv;
  /** Where the audit service writes its daily signed heads. */
  auditHeadDir?: string;
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: string;
  /** 'vite': the admin UI dev server with hot reload; 'dist': the gateway serves the built UI. */
  adminMode: 'vite' | 'dist';
  quiet?: boolean;
  /** Extra variables for the gateway (e.g. a login limit suited to a test run). */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Extra settings of the reform service (the e2e stack compresses follow-up intervals). */
  reformEnv?: NodeJS.ProcessEnv;
}

export interface Stack {
  publicUrl: string;
  /** Starts every process and resolves once all are ready; on failure everything started is stopped. */
  start(): Promise<void>;
  /** Stops whatever was started, in reverse order; safe to call at any point, also mid-start. */
  stop(): Promise<void>;
}

const url = (port: number) => `http://127.0.0.1:${port}`;

/** The four services, the reform worker, the gateway and (in dev) the Vite server. */
export function createStack(options: StackOptions): Stack {
  const { ports } = options;
  const publicUrl = options.adminMode === 'vite' && ports.admin ? `http://localhost:${ports.admin}` : `http://localhost:${ports.gateway}`;
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: options.nodeEnv,
    LOG_LEVEL: options.logLevel,
    DATABASE_URL: options.databaseUrl,
    INTERNAL_JWT_SECRET: options.secrets.internalJwtSecret,
    AUDIT_URL: url(ports.audit),
    REGISTRY_URL: url(ports.registry),
    LEDGER_URL: url(ports.ledger),
    REFORM_URL: url(ports.reform),
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_NAMESPACE: options.temporalNamespace,
  };
  const node = process.execPath;
  const service = (name: string, dir: string, port: number | null, entry = 'src/main.ts', extra: NodeJS.ProcessEnv = {}) =>
    startProcess(name, node, ['--import', 'tsx', entry], {
      cwd: path.join(ROOT, dir),
      env: { ...common, ...(port ? { PORT: String(port) } : {}), ...extra },
      quiet: options.quiet ?? false,
    });

  const processes: ManagedProcess[] = [];
  const stop = async () => {
    for (const proc of processes.splice(0).reverse()) await stopProcess(proc);
  };
  const start = async () => {
    try {
      processes.push(service('audit', 'services/audit', ports.audit, 'src/main.ts', { AUDIT_SIGNING_KEY: options.secrets.auditSigningKey, LINKAGE_SECRET_KEY: options.secrets.linkageSecretKey, ...(options.auditHeadDir ? { AUDIT_HEAD_DIR: options.auditHeadDir } : {}), ...options.auditEnv }));
      processes.push(service('registry', 'services/registry', ports.registry));
      processes.push(service('ledger', 'services/quota-ledger', ports.ledger));
      processes.push(service('reform', 'services/reform', ports.reform, 'src/main.ts', options.reformEnv ?? {}));
      processes.push(service('worker', 'services/reform', null, 'src/worker.ts'));
      processes.push(
        service('gateway', 'services/gateway', ports.gateway, 'src/main.ts', {
          PUBLIC_URL: publicUrl,
          TRUSTED_ORIGINS: [url(ports.gateway), `http://localhost:${ports.gateway}`, ...(ports.admin ? [url(ports.admin), `http://localhost:${ports.admin}`] : [])].join(','),
          AUTH_SECRET: options.secrets.authSecret,
          PERSON_KEY_SECRET: options.secrets.personKeySecret,
          ADMIN_DIST: options.adminMode === 'dist' ? path.join(ROOT, 'apps', 'admin', 'dist') : '',
        ...options.gatewayEnv,
        }),
      );
      if (options.adminMode === 'vite' && ports.admin) {
        processes.push(
          startProcess('admin', node, [path.join(ROOT, 'apps', 'admin', 'node_modules', 'vite', 'bin', 'vite.js'), '--port', String(ports.admin), '--strictPort', '--host', '127.0.0.1'], {
            cwd: path.join(ROOT, 'apps', 'admin'),
            env: { ...process.env, BIANZHI_GATEWAY_URL: url(ports.gateway) },
            quiet: options.quiet ?? false,
          }),
        );
      }
      const ready = [
        ['audit', ports.audit],
        ['registry', ports.registry],
        ['ledger', ports.ledger],
        ['reform', ports.reform],
        ['gateway', ports.gateway],
      ] as const;
      await Promise.all(
        ready.map(async ([name, port]) => {
          const proc = processes.find((p) => p.name === name);
          await waitForHttp(`${url(port)}/readyz`, 120_000, () => proc?.child.exitCode === null);
        }),
      );
      const admin = processes.find((p) => p.name === 'admin');
      if (admin && ports.admin) await waitForHttp(url(ports.admin), 120_000, () => admin.child.exitCode === null);
    } catch (error) {
      await stop();
      throw error;
    }
    say('all services ready', 'ok');
  };
  return { publicUrl, start, stop };
}
