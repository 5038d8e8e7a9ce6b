import { condition, continueAsNew, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { MatterActivities } from '../activities/matter-life.js';

export interface MatterLifeInput {
  matterId: string;
}

/** Sent whenever a matter changes (a decision, a resubmission, a withdrawal). */
export const matterChanged = defineSignal<[]>('matterChanged');

const { advanceMatter } = proxyActivities<MatterActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * A matter's life in time (DOMAIN.md "Authority"; docs/authority.md): the database holds the
 * matter and its decisions; this workflow wakes when something changes or a step's time runs out,
 * and lets the activity do what is due — apply the effect of an approved matter exactly once, send
 * the reminder on a step's last day, escalate a missed step to the level above.
 */
export async function matterLife(input: MatterLifeInput): Promise<string> {
  let changed = false;
  setHandler(matterChanged, () => {
    changed = true;
  });
  for (;;) {
    changed = false;
    const next = await advanceMatter({ matterId: input.matterId });
    if (next.done) return next.state;
    if (changed) continue;
    const wait = next.wakeAt ? Math.max(1, Date.parse(next.wakeAt) - Date.now()) : null;
    if (wait === null) await condition(() => changed);
    else await condition(() => changed, wait);
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof matterLife>(input);
  }
}
