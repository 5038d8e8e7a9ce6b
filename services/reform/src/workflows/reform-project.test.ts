import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { ReformPlan } from '@bianzhi/contracts/reform';
import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ImpactPreview } from '@bianzhi/contracts/reform';
import type { ReformActivities } from '../activities/reform-project.js';
import type { CompiledPlan } from '../plan/compile.js';
import { useTimeSkippingEnvironment } from '../test/time-skipping.js';
import { approveUpdate, cancelUpdate, documentUpdate, placementUpdate, projectQuery, reformProject, rejectUpdate, requestChangesUpdate, reviseUpdate, type ReformProjectInput } from './reform-project.js';

const temporal = useTimeSkippingEnvironment();

const filer = { id: 'manager-1', name: '改革负责人' };
const committee = { id: 'director-1', name: '编办主任' };
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const T = '00000000-0000-4000-8000-00000000000c';
const P1 = '00000000-0000-4000-8000-0000000000f1';

const input = (id: string): ReformProjectInput => ({
  id,
  title: '园区机构整合',
  jurisdictionId: 'j-city',
  jurisdictionPath: ['j-city'],
  documentNumber: '测编〔2026〕50号',
  plan: { kind: 'merger', sourceIds: [A, B], target: { existingId: T }, approvedQuota: { administrative: 9 }, keepNamesAsNameplates: false },
  filedBy: filer,
  decisionDays: 30,
  placementDays: 90,
  // The time-skipping server has no custom search attributes; the integration test covers the list.
  indexed: false,
});

const preview = (refusals: ImpactPreview['refusals'] = []): CompiledPlan => ({
  preview: { rows: [], movements: [], recovered: 11, cut: 0, toPlace: [{ personId: P1, name: '张伟', organizationId: A, organizationName: '甲中心', ledger: 'administrative', suggested: T }], overQuota: [], refusals, notes: [] },
  step: { openAccounts: [], overQuota: [], rehome: [], exits: [], moves: [{ ledger: 'administrative', from: { organizationId: A, kind: 'vacant' }, to: { organizationId: T, kind: 'vacant' }, amount: 5, code: 'transfer' }] },
  registry: [{ op: 'merge', sourceIds: [A, B], targetId: T, keepNamesAsNameplates: false }],
  unitIds: [A, B, T],
});

/** Fake activities recording what the workflow asked for: a unit test of the workflow's own logic. */
function fakes(overrides: Partial<ReformActivities> = {}) {
  const calls: string[] = [];
  const activities: ReformActivities = {
    previewPlan: async () => (calls.push('preview'), preview()),
    createMergedUnit: async () => (calls.push('create'), { id: 'new' }),
    applyLedgerStep: async (a) => (calls.push(`ledger:${a.key}`), { id: `step:${a.key}` }),
    reverseLedgerStep: async (a) => (calls.push(`reverse:${a.stepId}`), { id: `rev:${a.key}` }),
    applyRegistry: async (a) => (calls.push(`registry:${a.commands.map((c) => c.op).join(',')}`), { resultIds: [T], delegatedId: null }),
    currentPeople: async () => [{ slotId: 's1', personId: P1, name: '张伟', organizationId: T, ledger: 'administrative', postCategory: 'management', retirementMonth: '2050-01' }],
    applyPlacement: async (a) => (calls.push(`placement:${JSON.stringify(a.assignments)}`), { id: 'placement-step' }),
    publishDocument: async (a) => void calls.push(`document:${a.kind}`),
    followUp: async () => (calls.push('follow-up'), { overQuota: 2, inPool: 0 }),
    ...overrides,
  };
  return { calls, activities };
}

async function run<T>(activities: ReformActivities, body: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({ connection: temporal.env().nativeConnection, taskQueue: 'reform-unit', workflowBundle: temporal.workflowBundle(), activities });
  return worker.runUntil(body());
}

const refusalOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
};

describe('reform project workflow (time-skipping server, fake activities)', () => {
  it('walks a merger from plan to closure through months of timers in seconds', async () => {
    const { calls, activities } = fakes();
    await run(activities, async () => {
      const handle = await temporal.env().client.workflow.start(reformProject, { workflowId: 'rp-full', taskQueue: 'reform-unit', args: [input('rp-full')] });
      await waitFor(handle, 'committee');
      // The filer may not approve their own plan; refused, nothing recorded.
      const self = await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ by: filer, note: '' }], updateId: 'd0' }));
      expect([self.type, self.message, self.details]).toEqual(['SELF_APPROVAL', '提出改革方案的人不能审批本方案', [{ en: 'Whoever filed the plan cannot decide on it' }]]);
      expect((await handle.query(projectQuery)).decisions).toEqual([]);
      await handle.executeUpdate(approveUpdate, { args: [{ by: committee, note: '同意' }], updateId: 'd1' });
      // The same decision id again is the same decision (a double click), not an error or a second approval.
      await handle.executeUpdate(approveUpdate, { args: [{ by: committee, note: '同意' }], updateId: 'd1' });
      await waitFor(handle, 'placement');
      // Everyone starts placed in the merged unit; someone not on the list cannot be placed.
      expect((await handle.query(projectQuery)).placements).toEqual({ [P1]: T });
      expect((await refusalOf(handle.executeUpdate(placementUpdate, { args: [{ by: filer, assignments: [{ personId: A, to: 'pool' }], finish: false }], updateId: 'p0' }))).type).toBe('VALIDATION_FAILED');
      await handle.executeUpdate(placementUpdate, { args: [{ by: filer, assignments: [{ personId: P1, to: 'pool' }], finish: true }], updateId: 'p1' });
      await waitFor(handle, 'documents');
      expect((await refusalOf(handle.executeUpdate(documentUpdate, { args: [{ by: filer, kind: 'legal_registration', documentNumber: 'x', effectiveDate: '2026-12-01', functions: [], representative: '王' }], updateId: 'doc0' }))).type).toBe('REFORM_STAGE');
      await handle.executeUpdate(documentUpdate, { args: [{ by: filer, kind: 'three_determinations', documentNumber: '测编〔2026〕51号', effectiveDate: '2026-12-01', functions: ['负责园区服务'], representative: '' }], updateId: 'doc1' });
      await waitFor(handle, 'registration');
      await handle.executeUpdate(documentUpdate, { args: [{ by: filer, kind: 'legal_registration', documentNumber: '登记〔2026〕1号', effectiveDate: '2026-12-05', functions: [], representative: '王强' }], updateId: 'doc2' });
      // Cancellation is refused once the unit changes are in the registry.
      expect((await refusalOf(handle.executeUpdate(cancelUpdate, { args: [{ by: filer, note: '' }], updateId: 'c1' }))).type).toBe('REFORM_IRREVERSIBLE');
      const result = await handle.result();
      expect(result.stage).toBe('closed');
      expect(result.followUps.map((f) => f.month)).toEqual([3, 6, 12]);
      expect(result.timeline.map((t) => t.stage)).toEqual(['preview', 'committee', 'executing', 'placement', 'documents', 'registration', 'follow_up', 'follow_up', 'follow_up', 'closed']);
      expect(Date.parse(result.followUps[2]!.at) - Date.parse(result.followUps[0]!.at)).toBeGreaterThan(269 * 86_400_000);
    });
    expect(calls).toEqual([
      'preview',
      'preview',
      'ledger:rp-full/execute',
      'registry:merge',
      `placement:${JSON.stringify({ [P1]: 'pool' })}`,
      'document:three_determinations',
      'document:legal_registration',
      'follow-up',
      'follow-up',
      'follow-up',
    ]);
  });

  it('goes back to the filer when the committee asks for changes, and to the committee with the revised plan', async () => {
    const { calls, activities } = fakes();
    await run(activities, async () => {
      const handle = await temporal.env().client.workflow.start(reformProject, { workflowId: 'rp-revise', taskQueue: 'reform-unit', args: [input('rp-revise')] });
      await waitFor(handle, 'committee');
      await handle.executeUpdate(requestChangesUpdate, { args: [{ by: committee, note: '先撤回乙中心的用编预留' }], updateId: 'c1' });
      await waitFor(handle, 'preview');
      const revised = { ...input('x').plan, approvedQuota: { administrative: 8 } } as ReformPlan;
      // Only the filer revises, and only a plan of the same kind.
      expect((await refusalOf(handle.executeUpdate(reviseUpdate, { args: [{ by: committee, plan: revised, note: '' }], updateId: 'r0' }))).type).toBe('FORBIDDEN');
      await handle.executeUpdate(reviseUpdate, { args: [{ by: filer, plan: revised, note: '已撤回' }], updateId: 'r1' });
      await waitFor(handle, 'committee');
      expect((await handle.query(projectQuery)).plan).toEqual(revised);
      await handle.executeUpdate(rejectUpdate, { args: [{ by: committee, note: '' }], updateId: 'c2' });
      expect((await handle.result()).decisions.map((d) => d.kind)).toEqual(['request_changes', 'reject']);
    });
    expect(calls.filter((c) => c === 'preview')).toHaveLength(2);
  });

  it('escalates an overdue committee decision once, then returns the plan', async () => {
    const { activities } = fakes();
    await run(activities, async () => {
      const handle = await temporal.env().client.workflow.start(reformProject, { workflowId: 'rp-late', taskQueue: 'reform-unit', args: [input('rp-late')] });
      const result = await handle.result();
      expect(result.stage).toBe('rejected');
      expect(result.escalated).toBe(true);
      expect(result.decisions.map((d) => d.kind)).toEqual(['escalated', 'reject']);
      expect(result.decisions[1]!.note).toContain('自动退回');
    });
  });

  it('refuses approval while the preview has refusals, but lets the committee reject', async () => {
    const { calls, activities } = fakes({ previewPlan: async () => preview([{ rule: 'RECTIFICATION-LINK', message: '甲中心有未整改完毕的问题' }]) });
    await run(activities, async () => {
      const handle = await temporal.env().client.workflow.start(reformProject, { workflowId: 'rp-blocked', taskQueue: 'reform-unit', args: [input('rp-blocked')] });
      await waitFor(handle, 'committee');
      const refused = await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ by: committee, note: '' }], updateId: 'a1' }));
      expect(refused.type).toBe('POLICY_VIOLATION');
      expect(refused.message).toContain('未整改完毕');
      await handle.executeUpdate(rejectUpdate, { args: [{ by: committee, note: '先整改' }], updateId: 'r1' });
      expect((await handle.result()).stage).toBe('rejected');
    });
    expect(calls.filter((c) => c.startsWith('ledger'))).toEqual([]);
  });

  it('compensates with a reversal when the registry refuses after the ledger step, and ends failed', async () => {
    const { calls, activities } = fakes({
      applyRegistry: async () => {
        throw ApplicationFailure.nonRetryable('被整合单位已被其他文件撤销', 'ORGANIZATION_STATE');
      },
    });
    await run(activities, async () => {
      const handle = await temporal.env().client.workflow.start(reformProject, { workflowId: 'rp-fail', taskQueue: 'reform-unit', args: [input('rp-fail')] });
      await waitFor(handle, 'committee');
      await handle.executeUpdate(approveUpdate, { args: [{ by: committee, note: '' }], updateId: 'a1' });
      const result = await handle.result();
      expect(result.stage).toBe('failed');
      expect(result.error).toContain('已被其他文件撤销');
      expect(result.steps).toEqual([{ name: 'execute', stepId: 'step:rp-fail/execute', reversedBy: 'rev:rp-fail/execute/reversal' }]);
    });
    expect(calls).toContain('reverse:step:rp-fail/execute');
  });

  it('cancels a sinking during placement-free follow-up by reversing its ledger step', async () => {
    const sinking = { ...preview(), registry: [], preview: { ...preview().preview, toPlace: [] } };
    const { calls, activities } = fakes({ previewPlan: async () => sinking });
    await run(activities, async () => {
      const handle = await temporal.env().client.workflow.start(reformProject, { workflowId: 'rp-sink', taskQueue: 'reform-unit', args: [{ ...input('rp-sink'), plan: { kind: 'sinking', ledger: 'administrative', from: [{ organizationId: A, amount: 5 }], to: [{ jurisdictionId: B, amount: 5, frontline: true }], minimumFrontlineShare: 0.85 } }] });
      await waitFor(handle, 'committee');
      await handle.executeUpdate(approveUpdate, { args: [{ by: committee, note: '' }], updateId: 'a1' });
      await waitFor(handle, 'documents');
      await handle.executeUpdate(cancelUpdate, { args: [{ by: filer, note: '方案调整' }], updateId: 'c1' });
      const result = await handle.result();
      expect(result.stage).toBe('cancelled');
      expect(result.steps[0]!.reversedBy).toBe('rev:rp-sink/execute/reversal');
    });
    expect(calls.filter((c) => c.startsWith('registry'))).toEqual([]);
  });
});

describe('who decides and where people go', () => {
  it('refuses a committee decision by another account of the person who filed the plan', async () => {
    const { activities } = fakes();
    await run(activities, async () => {
      const handle = await temporal.env().client.workflow.start(reformProject, { workflowId: 'rp-person', taskQueue: 'reform-unit', args: [{ ...input('rp-person'), filedBy: { ...filer, personId: 'person-of-filer' } }] });
      await waitFor(handle, 'committee');
      const secondAccount = { id: 'director-2', name: '同一人的另一账户' };
      const refused = await refusalOf(handle.executeUpdate(approveUpdate, { args: [{ by: secondAccount, note: '', person: 'person-of-filer' }], updateId: 'a0' }));
      expect(refused.type).toBe('SELF_APPROVAL');
      expect((await refusalOf(handle.executeUpdate(rejectUpdate, { args: [{ by: secondAccount, note: '', person: 'person-of-filer' }], updateId: 'r0' }))).type).toBe('SELF_APPROVAL');
      await handle.executeUpdate(rejectUpdate, { args: [{ by: committee, note: '', person: 'person-of-director' }], updateId: 'r1' });
      expect((await handle.result()).decisions.map((d) => [d.kind, d.by])).toEqual([['reject', committee]]);
    });
  });

  it('refuses placing people in a unit the project merges away, and records nothing', async () => {
    const { calls, activities } = fakes();
    const workflowId = 'rp-placement-targets';
    await run(activities, async () => {
      const handle = await temporal.env().client.workflow.start(reformProject, { workflowId, taskQueue: 'reform-unit', args: [input(workflowId)] });
      await waitFor(handle, 'committee');
      await handle.executeUpdate(approveUpdate, { args: [{ by: committee, note: '' }], updateId: 'a1' });
      await waitFor(handle, 'placement');
      for (const gone of [A, B]) {
        const refused = await refusalOf(handle.executeUpdate(placementUpdate, { args: [{ by: filer, assignments: [{ personId: P1, to: gone }], finish: true }], updateId: `p-${gone}` }));
        expect([refused.type, refused.message]).toEqual(['PLACEMENT_TARGET_INVALID', '不能把人员安置到本项目撤并、下放或转企的单位']);
      }
      expect((await handle.query(projectQuery)).placements).toEqual({ [P1]: T });
      await handle.executeUpdate(placementUpdate, { args: [{ by: filer, assignments: [{ personId: P1, to: T }], finish: true }], updateId: 'p1' });
      await waitFor(handle, 'documents');
      await handle.executeUpdate(documentUpdate, { args: [{ by: filer, kind: 'three_determinations', documentNumber: 'd1', effectiveDate: '2026-12-01', functions: ['职责'], representative: '' }], updateId: 'doc1' });
      await waitFor(handle, 'registration');
      await handle.executeUpdate(documentUpdate, { args: [{ by: filer, kind: 'legal_registration', documentNumber: 'd2', effectiveDate: '2026-12-01', functions: [], representative: '王' }], updateId: 'doc2' });
      expect((await handle.result()).stage).toBe('closed');
      // A run with the placement-targets patch, for the replay test.
      if (process.env.BIANZHI_RECORD_HISTORIES === '1') writeFileSync(path.join(import.meta.dirname, 'histories', 'reform-project-placement-targets.json'), historyToJSON(await handle.fetchHistory()));
    });
    expect(calls).toContain(`placement:${JSON.stringify({ [P1]: T })}`);
  });
});

/** One plan of every kind, run to closure; their histories are committed for the replay test. */
const everyKind: ReformPlan[] = [
  { kind: 'merger', sourceIds: [A, B], target: { newName: '市园区服务中心', newKind: 'institution' }, approvedQuota: {}, keepNamesAsNameplates: false },
  { kind: 'abolition', organizationIds: [A] },
  { kind: 'delegation', organizationId: A, targetJurisdictionId: B },
  { kind: 'sinking', ledger: 'administrative', from: [{ organizationId: A, amount: 5 }], to: [{ jurisdictionId: B, amount: 5, frontline: true }], minimumFrontlineShare: 0.85 },
  { kind: 'uniform_cut', jurisdictionId: B, ledger: 'administrative', rate: 0.05, exceptedIds: [] },
  { kind: 'zero_base', jurisdictionId: B, ledger: 'administrative', total: 10, weights: { population: 0.4, area: 0.2, gdp: 0.2, revenue: 0.2 }, rows: [{ jurisdictionId: A, protectedMinimum: 1, population: 10, area: 5, gdp: 3, revenue: [1, 2] }] },
  { kind: 'filing_conversion', organizationId: A },
  { kind: 'enterprise_conversion', organizationId: A },
];

describe('every kind of project reaches closure (histories kept for replay)', () => {
  for (const plan of everyKind) {
    it(`${plan.kind}`, async () => {
      const { calls, activities } = fakes();
      const workflowId = `rp-kind-${plan.kind}`;
      await run(activities, async () => {
        const handle = await temporal.env().client.workflow.start(reformProject, { workflowId, taskQueue: 'reform-unit', args: [{ ...input(workflowId), plan }] });
        await waitFor(handle, 'committee');
        await handle.executeUpdate(approveUpdate, { args: [{ by: committee, note: '' }], updateId: 'a1' });
        await waitFor(handle, 'placement');
        await handle.executeUpdate(placementUpdate, { args: [{ by: filer, assignments: [{ personId: P1, to: 'pool' }], finish: true }], updateId: 'p1' });
        await waitFor(handle, 'documents');
        await handle.executeUpdate(documentUpdate, { args: [{ by: filer, kind: 'three_determinations', documentNumber: 'd1', effectiveDate: '2026-12-01', functions: ['职责'], representative: '' }], updateId: 'doc1' });
        await waitFor(handle, 'registration');
        await handle.executeUpdate(documentUpdate, { args: [{ by: filer, kind: 'legal_registration', documentNumber: 'd2', effectiveDate: '2026-12-01', functions: [], representative: '王' }], updateId: 'doc2' });
        expect((await handle.result()).stage).toBe('closed');
        if (process.env.BIANZHI_RECORD_HISTORIES === '1') writeFileSync(path.join(import.meta.dirname, 'histories', `reform-project-${plan.kind}.json`), historyToJSON(await handle.fetchHistory()));
      });
      if (plan.kind === 'merger') expect(calls).toContain('create');
      // A delegation records the unit in the lower jurisdiction first (the ledger needs its new id); the others move quota first.
      const registryAt = calls.indexOf('registry:merge');
      const ledgerAt = calls.indexOf(`ledger:${workflowId}/execute`);
      expect(registryAt).toBeGreaterThanOrEqual(0);
      expect(plan.kind === 'delegation' ? registryAt < ledgerAt : registryAt > ledgerAt).toBe(true);
    });
  }
});

async function waitFor(handle: { query: (q: typeof projectQuery) => Promise<{ stage: string }> }, stage: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await handle.query(projectQuery)).stage === stage) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`project never reached ${stage}`);
}
