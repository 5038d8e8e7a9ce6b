import { z } from 'zod';
import { idempotencyKey, uuid } from './common.js';
import { institutionClass, organizationKind } from './registry.js';
import { quotaType } from './ledger.js';

export const startEstablishmentInput = z.object({
  /** Client-chosen; becomes the workflow id, so a double click starts one workflow. */
  requestId: idempotencyKey,
  jurisdictionId: uuid,
  name: z.string().trim().min(1).max(200),
  kind: organizationKind,
  quotaTypes: z.array(quotaType).min(1).max(5),
  /** Passed to the registry's policy check: the unit abolished to make room (撤一建一), class, planned quota. */
  offsetOrganizationId: uuid.optional(),
  institutionClass: institutionClass.optional(),
  plannedQuota: z.number().int().min(0).max(100_000).optional(),
});
export type StartEstablishmentInput = z.infer<typeof startEstablishmentInput>;

export const establishmentStages = ['creating', 'opening_accounts', 'activating', 'completed', 'failed'] as const;
export type EstablishmentStage = (typeof establishmentStages)[number];

export interface EstablishmentProgress {
  stage: EstablishmentStage;
  organizationId: string | null;
  accountIds: string[];
  error: string | null;
}

export const getEstablishmentInput = z.object({ requestId: idempotencyKey });
