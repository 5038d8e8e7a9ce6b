import type { EstablishmentProgress } from '@bianzhi/contracts/reform';
import type { QuotaType } from '@bianzhi/contracts/ledger';

export interface EstablishOrganizationInput {
  jurisdictionId: string;
  name: string;
  kind: 'organ' | 'institution' | 'dispatched' | 'internal';
  quotaTypes: QuotaType[];
  requestedBy: { id: string; name: string };
}

export type { EstablishmentProgress };
