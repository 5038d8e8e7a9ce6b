import type { EstablishmentProgress } from '@bianzhi/contracts/reform';
import type { QuotaType } from '@bianzhi/contracts/ledger';

export interface EstablishOrganizationInput {
  jurisdictionId: string;
  name: string;
  kind: 'organ' | 'institution' | 'dispatched';
  quotaTypes: QuotaType[];
  /** What the registry's policy rules read: the unit abolished to make room (撤一建一), class, planned quota. */
  offsetOrganizationId?: string | undefined;
  institutionClass?: 'welfare_1' | 'welfare_2' | 'business' | 'administrative' | undefined;
  plannedQuota?: number | undefined;
  requestedBy: { id: string; name: string };
}

export type { EstablishmentProgress };
