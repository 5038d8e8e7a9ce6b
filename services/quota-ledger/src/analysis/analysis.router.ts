import { dashboardInput, demandDecideInput, demandListInput, demandSubmitInput, dormantInput, monthlyReportInput, nextMonthInput, postsCompareInput, postsImportInput, retirementForecastInput, trendInput } from '@bianzhi/contracts/analysis';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import * as analysis from './analysis.service.js';
import { comparePosts, importPosts, postsTemplate } from './posts.js';
import { decideDemand, listDemand, submitDemand } from './demand.js';
import { exportMonthlyStats, monthlyStatsPdf } from '../stats/stats.service.js';
import { standardAnalysisRouter } from '../standards/standards.router.js';
import { annualExportInput, annualReportInput } from '@bianzhi/contracts/annual-report';
import { annualReport } from './annual-report.service.js';
import { annualReportPdf, annualReportXlsx } from './annual-report-export.js';

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
    posts: router({
      template: read.query(async () => ({ filename: '岗位设置导入模板.xlsx', contentBase64: (await postsTemplate()).toString('base64') })),
      import: authedProcedure
        .meta({ permission: 'analysis.posts.import' })
        .input(postsImportInput)
        .mutation(({ ctx, input }) => importPosts(deps, ctx.principal, input, ctx.requestId)),
      compare: read.input(postsCompareInput).query(async ({ ctx, input }) => comparePosts(deps, ctx.principal, (await analysis.scopeOf(deps, ctx.principal, input.jurisdictionId)).ids, input)),
    }),
    demand: router({
      submit: authedProcedure
        .meta({ permission: 'analysis.demand.submit' })
        .input(demandSubmitInput)
        .mutation(({ ctx, input }) => submitDemand(deps, ctx.principal, input, ctx.requestId)),
      list: authedProcedure
        .meta({ permission: 'analysis.demand.read' })
        .input(demandListInput)
        .query(async ({ ctx, input }) => listDemand(deps, ctx.principal, (await analysis.scopeOf(deps, ctx.principal, input.jurisdictionId)).ids, input.year)),
      decide: authedProcedure
        .meta({ permission: 'analysis.demand.decide' })
        .input(demandDecideInput)
        .mutation(({ ctx, input }) => decideDemand(deps, ctx.principal, input, ctx.requestId)),
    }),
    standards: standardAnalysisRouter(deps),
    /** 统计年报 (docs/analysis.md): the JSON return, and the same as Excel or PDF. */
    annual: router({
      report: authedProcedure.meta({ permission: 'analysis.annual.read' }).input(annualReportInput).query(({ ctx, input }) => annualReport(deps, ctx.principal, input)),
      export: authedProcedure
        .meta({ permission: 'analysis.annual.read' })
        .input(annualExportInput)
        .query(({ ctx, input }) => (input.format === 'pdf' ? annualReportPdf(deps, ctx.principal, input) : annualReportXlsx(deps, ctx.principal, input))),
    }),
    report: router({
      monthly: read.input(monthlyReportInput).query(async ({ ctx, input }) => {
        if (input.format === 'pdf') return monthlyStatsPdf(deps, ctx.principal, input);
        const file = await exportMonthlyStats(deps, ctx.principal, input);
        return { filename: file.filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: file.contentBase64 };
      }),
    }),
  });
}
