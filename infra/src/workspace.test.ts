import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './lib/paths.js';

// Two copies of @temporalio/workflow make workflows fail at run time ("Workflow uninitialized"),
// so the install must hold exactly one version of every @temporalio package.
describe('workspace install', () => {
  it('holds exactly one version of each @temporalio package', () => {
    const store = readdirSync(path.join(ROOT, 'node_modules', '.pnpm')).filter((name) => name.startsWith('@temporalio+'));
    const versions = new Map<string, Set<string>>();
    for (const entry of store) {
      const [, name, version] = /^@temporalio\+([^@]+)@([^_]+)/.exec(entry) ?? [];
      if (!name || !version) continue;
      versions.set(name, (versions.get(name) ?? new Set()).add(version));
    }
    expect(versions.get('workflow')?.size).toBe(1);
    for (const [name, found] of versions) expect([...found], `@temporalio/${name}`).toHaveLength(1);
  });
});
