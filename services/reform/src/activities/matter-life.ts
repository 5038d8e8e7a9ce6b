import { advanceMatter, type MatterClockDeps, type MatterNext } from '../matter/matter-clock.js';

/** The matter workflow's one activity: do what is due now, say when to look again. */
export function createMatterActivities(deps: MatterClockDeps) {
  return {
    advanceMatter(input: { matterId: string }): Promise<MatterNext> {
      return advanceMatter(deps, input.matterId);
    },
  };
}

export type MatterActivities = ReturnType<typeof createMatterActivities>;
