import { byJurisdictionInput, accountIdInput, balanceAsOfInput, listAccountsInput, openOrganizationAccountsInput, openPoolsInput, statementInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { quotaByJurisdiction } from './figures.service.js';
import { accountStatement, balanceAsOf, getAccount, openJurisdictionPools, openOrganizationAccounts } from './account.service.js';
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
    listByHolder: read.input(listAccountsInput).query(async ({ ctx, input }) => listAccountsOfHolder(db, input.holderId, await deps.scope.jurisdictionIdsOf(ctx.principal))),
    get: read.input(accountIdInput).query(({ ctx, input }) => getAccount(deps, ctx.principal, input.id)),
    statement: read.input(statementInput).query(({ ctx, input }) => accountStatement(deps, ctx.principal, input)),
    byJurisdiction: read.input(byJurisdictionInput).query(({ ctx, input }) => quotaByJurisdiction(deps, ctx.principal, input)),
    asOf: read.input(balanceAsOfInput).query(({ ctx, input }) => balanceAsOf(deps, ctx.principal, input)),
  });
}
