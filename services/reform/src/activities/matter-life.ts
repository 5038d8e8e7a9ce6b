import { advanceMatter, recordEstablishment, type MatterClockDeps, type MatterNext } from '../matter/matter-clock.js';

/** The matter workflow's activities: do what is due now and say when to look again; record how an approved establishment ended. */
export function createMatterActivities(deps: MatterClockDeps) {
  return {
    advanceMatter(input: { matterId: string }): Promise<MatterNext> {
      return advanceMatter(deps, input.matterId);
    },
    recordEstablishment(input: { matterId: string; organizationId: string | null; failure: string | null }): Promise<void> {
      return recordEstablishment(deps, input);
    },
  };
}

export type MatterActivities = ReturnType<typeof createMatterActivities>;
