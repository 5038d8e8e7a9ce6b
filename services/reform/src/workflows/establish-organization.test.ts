import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { EstablishActivities } from '../activities/establish-organization.js';
import { useTimeSkippingEnvironment } from '../test/time-skipping.js';
import { establishOrganization, establishmentProgressQuery } from './establish-organization.js';
import type { EstablishOrganizationInput } from './establish-organization.types.js';

const temporal = useTimeSkippingEnvironment();

const input: EstablishOrganizationInput = {
  jurisdictionId: '00000000-0000-4000-8000-000000000001',
  name: '市数据局',
  kind: 'organ',
  quotaTypes: ['administrative', 'organ_worker'],
  requestedBy: { id: 'u1', name: '市编办管理员' },
};

/** Fake activities recording what the workflow asked for (a unit test of the workflow alone). */
function fakeActivities(overrides: Partial<EstablishActivities> = {}) {
  const calls: string[] = [];
  const activities: EstablishActivities = {
    async createPlannedOrganization(args) {
      calls.push(`create:${args.idempotencyKey}`);
      return { id: 'org-1' };
    },
    async openOrganizationAccounts(args) {
      calls.push(`open:${args.quotaTypes.join('+')}`);
      return { accountIds: ['a1', 'a2', 'a3', 'a4'] };
    },
    async activateOrganization(args) {
      calls.push(`activate:${args.id}`);
    },
    ...overrides,
  };
  return { calls, activities };
}

async function run(activities: EstablishActivities, workflowId: string) {
  const worker = await Worker.create({ connection: temporal.env().nativeConnection, taskQueue: 'test-establish', workflowBundle: temporal.workflowBundle(), activities });
  return worker.runUntil(temporal.env().client.workflow.execute(establishOrganization, { workflowId, taskQueue: 'test-establish', args: [input] }));
}

describe('establishOrganization workflow', () => {
  it('creates, opens accounts and activates in order, with keys derived from the workflow id', async () => {
    const { calls, activities } = fakeActivities();
    const result = await run(activities, 'establish-organization/unit-1');
    expect(result).toEqual({ stage: 'completed', organizationId: 'org-1', accountIds: ['a1', 'a2', 'a3', 'a4'], error: null });
    expect(calls).toEqual(['create:establish-organization/unit-1/create-organization', 'open:administrative+organ_worker', 'activate:org-1']);
  });

  it('retries a step that fails transiently and completes', async () => {
    let attempts = 0;
    const { activities } = fakeActivities({
      async openOrganizationAccounts() {
        attempts += 1;
        if (attempts < 3) throw new Error('ledger restarting');
        return { accountIds: ['a1'] };
      },
    });
    const result = await run(activities, 'establish-organization/unit-2');
    expect(attempts).toBe(3);
    expect(result.stage).toBe('completed');
  });

  it('fails at once on a business refusal and reports where it stopped', async () => {
    const { calls, activities } = fakeActivities({
      async openOrganizationAccounts() {
        throw ApplicationFailure.nonRetryable('jurisdiction outside scope', 'OUT_OF_SCOPE');
      },
    });
    const worker = await Worker.create({ connection: temporal.env().nativeConnection, taskQueue: 'test-establish-fail', workflowBundle: temporal.workflowBundle(), activities });
    await worker.runUntil(async () => {
      const handle = await temporal.env().client.workflow.start(establishOrganization, { workflowId: 'establish-organization/unit-3', taskQueue: 'test-establish-fail', args: [input] });
      await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
      const progress = await handle.query(establishmentProgressQuery);
      expect(progress).toMatchObject({ stage: 'failed', organizationId: 'org-1', error: 'jurisdiction outside scope' });
    });
    expect(calls).toEqual(['create:establish-organization/unit-3/create-organization']);
  });
});
