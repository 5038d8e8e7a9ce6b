import { ApplicationFailure, ChildWorkflowFailure, condition, continueAsNew, defineSignal, executeChild, ParentClosePolicy, proxyActivities, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import type { MatterActivities } from '../activities/matter-life.js';
import type { EstablishmentRun } from '../matter/organization-change.js';
import { establishOrganization } from './establish-organization.js';
import { reductionTargetLife, reductionTargetWorkflowId } from './reduction-target.js';
import { reformJurisdictionsKey, reformTitleKey } from './search-attributes.js';

export interface MatterLifeInput {
  matterId: string;
}

/** Sent whenever a matter changes (a decision, a resubmission, a withdrawal). */
export const matterChanged = defineSignal<[]>('matterChanged');

const { advanceMatter, recordEstablishment } = proxyActivities<MatterActivities>({
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
    if (next.done) {
      if (next.targetId) await startTargetLife(next.targetId);
      return next.state;
    }
    if (next.establish) {
      await recordEstablishment({ matterId: input.matterId, ...(await establish(next.establish)) });
      continue;
    }
    if (changed) continue;
    const wait = next.wakeAt ? Math.max(1, Date.parse(next.wakeAt) - Date.now()) : null;
    if (wait === null) await condition(() => changed);
    else await condition(() => changed, wait);
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof matterLife>(input);
  }
}

/**
 * An approved establishment (机构设立): the establishment workflow as this matter's child, under the
 * id its progress page reads, in the unit's jurisdiction. A second run of the same id finds the unit,
 * accounts and transfers of the first (each of its steps is keyed by that id).
 */
async function establish(run: EstablishmentRun): Promise<{ organizationId: string | null; failure: string | null }> {
  try {
    const progress = await executeChild(establishOrganization, {
      workflowId: run.workflowId,
      args: [run.input],
      typedSearchAttributes: [
        { key: reformJurisdictionsKey, value: run.jurisdictionPath },
        { key: reformTitleKey, value: run.input.name.slice(0, 100) },
      ],
    });
    return { organizationId: progress.organizationId, failure: null };
  } catch (error) {
    const cause = error instanceof ChildWorkflowFailure ? error.cause : error;
    const inner = cause instanceof ApplicationFailure || !(cause instanceof Error) ? cause : (cause.cause ?? cause);
    return { organizationId: null, failure: (inner instanceof ApplicationFailure ? inner.type : null) ?? 'ESTABLISHMENT_FAILED' };
  }
}

/** An applied reduction target's own workflow, left running after the matter's ends; started once (its id is the target's). */
async function startTargetLife(targetId: string): Promise<void> {
  try {
    await startChild(reductionTargetLife, { workflowId: reductionTargetWorkflowId(targetId), args: [{ targetId }], parentClosePolicy: ParentClosePolicy.ABANDON });
  } catch (error) {
    // A second start (a replay of the matter's workflow after the first started it) finds it running or done.
    if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
  }
}
