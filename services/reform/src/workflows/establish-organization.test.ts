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
    async allocateFirstQuota(args) {
      calls.push(`allocate:${args.key}:${JSON.stringify(args.allocation)}:${args.documentNumber}`);
      return { transferIds: ['t1'] };
    },
    async publishFirstDocument(args) {
      calls.push(`publish:${args.documentNumber}:${JSON.stringify(args.staffing)}:${args.functions.length}`);
      return { version: 1 };
    },
    async activateOrganization(args) {
      calls.push(`activate:${args.id}`);
    },
    ...overrides,
  };
  return { calls, activities };
}

async function run(activities: EstablishActivities, workflowId: string, args: EstablishOrganizationInput = input) {
  const worker = await Worker.create({ connection: temporal.env().nativeConnection, taskQueue: 'test-establish', workflowBundle: temporal.workflowBundle(), activities });
  return worker.runUntil(temporal.env().client.workflow.execute(establishOrganization, { workflowId, taskQueue: 'test-establish', args: [args] }));
}

/** Runs a workflow that must fail, and returns its progress as the query answers it afterwards. */
async function runToFailure(activities: EstablishActivities, workflowId: string, args: EstablishOrganizationInput) {
  const taskQueue = `test-${workflowId.replace(/\W/g, '-')}`;
  const worker = await Worker.create({ connection: temporal.env().nativeConnection, taskQueue, workflowBundle: temporal.workflowBundle(), activities });
  return worker.runUntil(async () => {
    const handle = await temporal.env().client.workflow.start(establishOrganization, { workflowId, taskQueue, args: [args] });
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    return handle.query(establishmentProgressQuery);
  });
}

/** A new institution with its first allocation and 三定规定 (journey 1). */
const institution: EstablishOrganizationInput = {
  jurisdictionId: '00000000-0000-4000-8000-000000000001',
  name: '市智慧城市运行中心',
  kind: 'institution',
  institutionClass: 'welfare_1',
  plannedQuota: 12,
  quotaTypes: ['institution'],
  allocation: { institution: 12 },
  documentNumber: '示编〔2026〕30号',
  effectiveDate: '2026-12-01',
  threeDeterminations: { functions: ['承担城市运行监测', '承担应急指挥保障'], departments: [], leadershipPosts: {} },
  requestedBy: { id: 'u1', name: '市编办管理员' },
};

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
    const progress = await runToFailure(activities, 'establish-organization/unit-3', input);
    expect(progress).toMatchObject({ stage: 'failed', organizationId: 'org-1', error: 'jurisdiction outside scope' });
    expect(calls).toEqual(['create:establish-organization/unit-3/create-organization']);
  });

  it('allocates the first quota and publishes the three-determinations before it activates the unit', async () => {
    const { calls, activities } = fakeActivities();
    const result = await run(activities, 'establish-organization/unit-4', institution);
    expect(calls).toEqual([
      'create:establish-organization/unit-4/create-organization',
      'open:institution',
      'allocate:establish-organization/unit-4/allocate:{"institution":12}:示编〔2026〕30号',
      'publish:示编〔2026〕30号:{"institution":12}:2',
      'activate:org-1',
    ]);
    expect(result).toMatchObject({ stage: 'completed', name: '市智慧城市运行中心', transferIds: ['t1'], documentVersion: 1, errorCode: null });
    expect(Object.keys(result.stagedAt ?? {})).toEqual(['creating', 'opening_accounts', 'allocating', 'publishing', 'activating', 'completed']);
  });

  it('stops where the pool ran short, names the refusal, and leaves the unit unactivated', async () => {
    const { calls, activities } = fakeActivities({
      async allocateFirstQuota() {
        throw ApplicationFailure.nonRetryable('未分配编制不足', 'POOL_INSUFFICIENT');
      },
    });
    const progress = await runToFailure(activities, 'establish-organization/unit-5', institution);
    expect(progress).toMatchObject({ stage: 'failed', organizationId: 'org-1', error: '未分配编制不足', errorCode: 'POOL_INSUFFICIENT' });
    expect(calls.some((c) => c.startsWith('activate') || c.startsWith('publish'))).toBe(false);
  });
});
