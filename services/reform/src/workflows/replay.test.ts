import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';

const historiesDir = path.join(import.meta.dirname, 'histories');
const histories = readdirSync(historiesDir).filter((file) => file.endsWith('.json'));

// Committed histories of real runs: a change to workflow code that would make an in-flight run
// take a different path (nondeterminism) fails here, before any deploy.
describe('workflow replay over committed histories', () => {
  it('has at least one history per workflow', () => {
    expect(histories).toContain('establish-organization.json');
    expect(histories).toContain('establish-organization-allocated.json');
    for (const kind of ['merger', 'abolition', 'delegation', 'sinking', 'uniform_cut', 'zero_base', 'filing_conversion', 'enterprise_conversion']) expect(histories).toContain(`reform-project-${kind}.json`);
    expect(histories).toContain('reform-project-merger-live.json');
  });

  for (const file of histories) {
    it(`replays ${file} deterministically`, async () => {
      const history = JSON.parse(readFileSync(path.join(historiesDir, file), 'utf8'));
      await Worker.runReplayHistory({ workflowBundle: await buildWorkflowBundle() }, history, file);
    }, 60_000);
  }
});
