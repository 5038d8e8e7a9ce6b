import type { EstablishmentProgress, StartEstablishmentInput } from '@bianzhi/contracts/reform';
import type { QuotaType } from '@bianzhi/contracts/ledger';

/** The unit's record as the registry takes it; the starter checked it against the policy rules. */
export type EstablishedUnit = Omit<StartEstablishmentInput, 'requestId' | 'quotaTypes' | 'allocation' | 'threeDeterminations'>;

export interface EstablishOrganizationInput extends EstablishedUnit {
  quotaTypes: QuotaType[];
  /** First allocation from the jurisdiction's unallocated pool; absent on runs started before it existed. */
  allocation?: Partial<Record<QuotaType, number>>;
  threeDeterminations?: StartEstablishmentInput['threeDeterminations'];
  requestedBy: { id: string; name: string };
  /** The approved matter the establishment applies (`matter/<id>`), cited on its allocation. */
  approvalRef?: string;
}

export type { EstablishmentProgress };
