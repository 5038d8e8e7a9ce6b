// `pnpm build` for a service: bundles src/main.ts (and src/worker.ts when present) with the
// workspace packages inlined, third-party packages left external, into dist/ for production images.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const cwd = process.cwd();
const entries = ['src/main.ts', 'src/worker.ts'].filter((entry) => existsSync(path.join(cwd, entry)));

// The service's own third-party dependencies stay external (they are installed next to it, native
// ones included); workspace packages, which ship TypeScript, and their dependencies are bundled in.
const manifest = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8'));
const ownDependencies = Object.entries(manifest.dependencies ?? {})
  .filter(([, version]) => !String(version).startsWith('workspace:'))
  .map(([name]) => name);
const isOwnDependency = (specifier) => ownDependencies.some((name) => specifier === name || specifier.startsWith(`${name}/`));
const externalOwnDependencies = {
  name: 'external-own-dependencies',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (isOwnDependency(args.path) || args.path.startsWith('node:') ? { path: args.path, external: true } : undefined));
  },
};

await build({
  entryPoints: entries,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalOwnDependencies],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __bianzhiCreateRequire } from 'node:module'; const require = __bianzhiCreateRequire(import.meta.url);" },
});
console.log(`bundled ${entries.join(', ')} into ${path.relative(process.cwd(), path.join(cwd, 'dist'))}/`);
