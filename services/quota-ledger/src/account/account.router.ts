import { accountIdInput, listAccountsInput, openOrganizationAccountsInput, openPoolsInput, statementInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { accountStatement, exportStatement, getAccount, openJurisdictionPools, openOrganizationAccounts } from './account.service.js';
import { listAccountsOfHolder } from './account.repository.js';

export function accountRouter(deps: LedgerDeps) {
  const { db } = deps;
  const read = authedProcedure.meta({ permission: 'ledger.account.read' });
  return router({
    // Opened by the establish-organization workflow once the registry created the unit.
    openForOrganization: internalProcedure
      .meta({ permission: 'ledger.account.open' })
      .input(openOrganizationAccountsInput)
      .mutation(({ ctx, input }) => openOrganizationAccounts(db, ctx.principal, input, ctx.requestId)),
    openPools: authedProcedure
      .meta({ permission: 'ledger.pool.open' })
      .input(openPoolsInput)
      .mutation(({ ctx, input }) => openJurisdictionPools(deps, ctx.principal, input, ctx.requestId)),
    list: read.input(listAccountsInput).query(async ({ ctx, input }) => listAccountsOfHolder(db, input.holderId, await deps.scope.jurisdictionIdsOf(ctx.principal))),
    get: read.input(accountIdInput).query(({ ctx, input }) => getAccount(deps, ctx.principal, input.id)),
    statement: read.input(statementInput).query(({ ctx, input }) => accountStatement(deps, ctx.principal, input)),
    statementXlsx: read.input(accountIdInput).query(({ ctx, input }) => exportStatement(deps, ctx.principal, { accountId: input.id })),
  });
}
