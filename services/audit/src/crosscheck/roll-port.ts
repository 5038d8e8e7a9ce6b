import { createServiceClient, servicePrincipalFor } from '@bianzhi/trpc/service-client';
import type { LedgerRouter } from '@bianzhi/quota-ledger/router';
import type { RollPort } from './crosscheck.service.js';

/** The ledger's roll and posts, read by the audit service itself (an internal procedure only it may call). */
export function ledgerRoll(options: { ledgerUrl: string; secret: string }): RollPort {
  const ledger = createServiceClient<LedgerRouter>({ url: options.ledgerUrl, service: 'quota-ledger', secret: options.secret, principal: () => servicePrincipalFor('audit') });
  return {
    holders: (jurisdictionIds) => ledger.ledger.person.holders.query({ jurisdictionIds }),
    postsOf: (organizationIds) => ledger.ledger.leadership.postsOf.query({ organizationIds }),
  };
}
