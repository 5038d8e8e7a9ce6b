import { balanceAsOfInput, byJurisdictionInput, jurisdictionBalanceInput, monthlyStatsInput, unitBalanceInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { balanceAsOf } from '../account/account.service.js';
import { quotaByJurisdiction } from '../account/figures.service.js';
import { exportMonthlyStats, jurisdictionBalances, monthlyStats, publicFigures, unitBalance } from './stats.service.js';

const read = authedProcedure.meta({ permission: 'ledger.account.read' });

/** ledger.balance.*: a unit's figures per type, one account as of a day, jurisdictions summed over subtrees. */
export function balanceRouter(deps: LedgerDeps) {
  return router({
    get: read.input(unitBalanceInput).query(({ ctx, input }) => unitBalance(deps, ctx.principal, input)),
    asOf: read.input(balanceAsOfInput).query(({ ctx, input }) => balanceAsOf(deps, ctx.principal, input)),
    byJurisdiction: read.input(jurisdictionBalanceInput).query(({ ctx, input }) => jurisdictionBalances(deps, ctx.principal, input)),
    /** Each jurisdiction's own figures with its pools broken out (the 编制总览 screen sums them). */
    /** Every unit's approved quota and headcount per type, for the public disclosure site (internal). */
    publicFigures: internalProcedure.meta({ permission: 'ledger.disclosure.read' }).query(() => publicFigures(deps)),
    ownByJurisdiction: read.input(byJurisdictionInput).query(({ ctx, input }) => quotaByJurisdiction(deps, ctx.principal, input)),
  });
}

export function statsRouter(deps: LedgerDeps) {
  return router({
    monthly: read.input(monthlyStatsInput).query(({ ctx, input }) => monthlyStats(deps, ctx.principal, input)),
    monthlyXlsx: read.input(monthlyStatsInput).query(({ ctx, input }) => exportMonthlyStats(deps, ctx.principal, input)),
  });
}
