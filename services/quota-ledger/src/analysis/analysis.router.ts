import { dashboardInput, dormantInput, nextMonthInput, retirementForecastInput, trendInput } from '@bianzhi/contracts/analysis';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import * as analysis from './analysis.service.js';

/** analysis.*: the bureau's decision support, served by the ledger because it owns the figures (ARCHITECTURE.md). */
export function analysisRouter(deps: LedgerDeps) {
  const read = authedProcedure.meta({ permission: 'analysis.read' });
  return router({
    dashboard: router({
      summary: read.input(dashboardInput).query(({ ctx, input }) => analysis.dashboardSummary(deps, ctx.principal, input)),
      drilldown: read.input(dashboardInput).query(({ ctx, input }) => analysis.drilldown(deps, ctx.principal, input)),
      trend: read.input(trendInput).query(({ ctx, input }) => analysis.trend(deps, ctx.principal, input)),
    }),
    retirement: router({
      forecast: read.input(retirementForecastInput).query(({ ctx, input }) => analysis.retirementForecast(deps, ctx.principal, input)),
      // Names people: the roll's own permission.
      nextMonth: authedProcedure
        .meta({ permission: 'ledger.person.read' })
        .input(nextMonthInput)
        .query(({ ctx, input }) => analysis.retiringNextMonth(deps, ctx.principal, input)),
    }),
    dormant: router({
      list: read.input(dormantInput).query(({ ctx, input }) => analysis.dormantVacancies(deps, ctx.principal, input)),
    }),
  });
}
