import { assignStandardInput, importIndicatorsInput, indicatorsInput, listStandardsInput, saveStandardInput, setIndicatorsInput, standardGapInput, standardIdInput, unitStandardInput } from '@bianzhi/contracts/standards';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { assignStandard, getStandard, importIndicators, indicatorTemplate, listStandards, saveStandard, setIndicators, unitIndicators } from './standards.service.js';
import { exportStandardGap, standardGapReport, unitStandard } from './standard-gap.js';

/** ledger.indicator.*: a unit's indicators (beds, students…), with history. */
export function indicatorRouter(deps: LedgerDeps) {
  const read = authedProcedure.meta({ permission: 'analysis.read' });
  const manage = authedProcedure.meta({ permission: 'ledger.indicator.manage' });
  return router({
    get: read.input(indicatorsInput).query(({ ctx, input }) => unitIndicators(deps, ctx.principal, input)),
    set: manage.input(setIndicatorsInput).mutation(({ ctx, input }) => setIndicators(deps, ctx.principal, input, ctx.requestId)),
    template: manage.query(async () => ({ filename: '机构编制标准指标导入模板.xlsx', contentBase64: (await indicatorTemplate()).toString('base64') })),
    import: manage.input(importIndicatorsInput).mutation(({ ctx, input }) => importIndicators(deps, ctx.principal, input, ctx.requestId)),
  });
}

/** ledger.standard.*: staffing standards as versioned data, which one measures each unit, and a unit measured. */
export function standardRouter(deps: LedgerDeps) {
  const read = authedProcedure.meta({ permission: 'analysis.read' });
  return router({
    list: read.input(listStandardsInput).query(({ ctx, input }) => listStandards(deps, ctx.principal, input)),
    get: read.input(standardIdInput).query(({ ctx, input }) => getStandard(deps, ctx.principal, input)),
    save: authedProcedure
      .meta({ permission: 'ledger.standard.manage' })
      .input(saveStandardInput)
      .mutation(({ ctx, input }) => saveStandard(deps, ctx.principal, input, ctx.requestId)),
    assign: authedProcedure
      .meta({ permission: 'ledger.indicator.manage' })
      .input(assignStandardInput)
      .mutation(({ ctx, input }) => assignStandard(deps, ctx.principal, input, ctx.requestId)),
    unit: read.input(unitStandardInput).query(({ ctx, input }) => unitStandard(deps, ctx.principal, input)),
  });
}

/** analysis.standards.*: a subtree's units against their standards, and the same as a workbook. */
export function standardAnalysisRouter(deps: LedgerDeps) {
  const read = authedProcedure.meta({ permission: 'analysis.read' });
  return router({
    gap: read.input(standardGapInput).query(({ ctx, input }) => standardGapReport(deps, ctx.principal, input)),
    exportXlsx: read.input(standardGapInput).query(({ ctx, input }) => exportStandardGap(deps, ctx.principal, input)),
  });
}
