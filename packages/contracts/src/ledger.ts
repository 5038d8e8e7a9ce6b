import { z } from 'zod';
import { uuid } from './common.js';

export const quotaTypes = ['administrative', 'political_legal', 'institution', 'organ_worker', 'filed_headcount'] as const;
export const quotaType = z.enum(quotaTypes);
export type QuotaType = z.infer<typeof quotaType>;

export const openOrganizationAccountsInput = z.object({
  organizationId: uuid,
  jurisdictionId: uuid,
  quotaTypes: z.array(quotaType).min(1).max(quotaTypes.length),
});

export const listAccountsInput = z.object({ holderId: uuid });

export interface AccountDto {
  id: string;
  ledger: QuotaType;
  holderKind: 'organization' | 'pool';
  holderId: string;
  jurisdictionId: string;
  kind: string;
  balance: number;
}
