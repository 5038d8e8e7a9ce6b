import { listAccountsInput, openOrganizationAccountsInput } from '@bianzhi/contracts/ledger';
import { internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDb } from '../db.js';
import { openOrganizationAccounts } from './account.service.js';
import { listAccountsOfHolder } from './account.repository.js';

export function accountRouter(db: LedgerDb) {
  return router({
    // Opened by the establish-organization workflow once the registry created the unit.
    openForOrganization: internalProcedure
      .meta({ permission: 'ledger.account.open' })
      .input(openOrganizationAccountsInput)
      .mutation(({ ctx, input }) => openOrganizationAccounts(db, ctx.principal, input, ctx.requestId)),
    // Users get scoped account reads with the ledger's statements (issue 5); until then this is
    // for platform services (the workflow checks what it opened).
    listByHolder: internalProcedure
      .meta({ permission: 'ledger.account.read' })
      .input(listAccountsInput)
      .query(({ input }) => listAccountsOfHolder(db, input.holderId, null)),
  });
}
