import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { SupervisionActivities } from '../activities/supervision.js';

const { targetSchedule, freezeTargetDay, nextQuarterEnd, freezeQuarterEverywhere } = proxyActivities<SupervisionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export const reductionTargetWorkflowId = (targetId: string) => `reduction-target/${targetId}`;

export interface ReductionTargetLifeInput {
  targetId: string;
}

/**
 * A reduction target's life in time (docs/ledger.md "Reduction targets and quarterly monitoring"),
 * started when its matter is applied: it sleeps to the end of each quarter end (China's midnight
 * after it) and to the end of its deadline, and each time lets the activity freeze the target's
 * progress as of that day — behind at a quarter end flags the unit, short at the deadline opens the
 * violation. The database holds the record; a second freeze of a day answers the first.
 */
export async function reductionTargetLife(input: ReductionTargetLifeInput): Promise<string> {
  const schedule = await targetSchedule({ targetId: input.targetId });
  let status = 'missing';
  for (const due of schedule) {
    const wait = Date.parse(due.wakeAt) - Date.now();
    if (wait > 0) await sleep(wait);
    status = (await freezeTargetDay({ targetId: input.targetId, day: due.day })).status;
    if (status === 'met') return status;
  }
  return status;
}

export const monitoringWorkflowId = 'monitoring-quarters';

/**
 * 季度监控: one workflow for the city (id `monitoring-quarters`, started by the reform service), sleeping to each quarter's end and then freezing the watch
 * list and figures of every jurisdiction as of that day; a new run per quarter.
 */
export async function monitoringQuarters(): Promise<void> {
  // The workflow's own time (deterministic, and the test server's skipped time), not the activity's clock.
  const next = await nextQuarterEnd({ at: new Date(Date.now()).toISOString() });
  const wait = Date.parse(next.wakeAt) - Date.now();
  if (wait > 0) await sleep(wait);
  await freezeQuarterEverywhere({ quarter: next.quarter });
  await continueAsNew<typeof monitoringQuarters>();
}
