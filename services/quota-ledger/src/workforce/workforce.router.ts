import {
  addAuxiliaryInput,
  addPurchaseInput,
  auxiliaryImportStartInput,
  auxiliaryImportStatusInput,
  endAuxiliaryInput,
  endPurchaseInput,
  listAuxiliaryInput,
  listPurchaseInput,
  outsideQuotaHoldersInput,
  workforceMonthlyInput,
  workforceTotalsInput,
} from '@bianzhi/contracts/workforce';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { addAuxiliary, endAuxiliary, exportAuxiliary, listAuxiliary, outsideQuotaHolders } from './auxiliary.service.js';
import { auxiliaryImportStatus, auxiliaryImportTemplate, startAuxiliaryImport } from './auxiliary-import.js';
import { addPurchase, endPurchase, exportPurchases, listPurchases } from './purchase.service.js';
import { exportWorkforceMonthly, exportWorkforceTotals, workforceMonthly, workforceTotals } from './totals.service.js';

const read = authedProcedure.meta({ permission: 'ledger.workforce.read' });
const manage = authedProcedure.meta({ permission: 'ledger.workforce.manage' });

/** ledger.auxiliary.*: staff outside quota (编外人员) of a unit. */
export function auxiliaryRouter(deps: LedgerDeps) {
  return router({
    add: manage.input(addAuxiliaryInput).mutation(({ ctx, input }) => addAuxiliary(deps, ctx.principal, input, ctx.requestId)),
    end: manage.input(endAuxiliaryInput).mutation(({ ctx, input }) => endAuxiliary(deps, ctx.principal, input, ctx.requestId)),
    list: read.input(listAuxiliaryInput).query(({ ctx, input }) => listAuxiliary(deps, ctx.principal, input)),
    exportXlsx: read.input(listAuxiliaryInput).query(({ ctx, input }) => exportAuxiliary(deps, ctx.principal, input)),
    importTemplate: manage.query(async () => ({ filename: '编外人员导入模板.xlsx', contentBase64: (await auxiliaryImportTemplate()).toString('base64') })),
    importStart: manage.input(auxiliaryImportStartInput).mutation(({ ctx, input }) => startAuxiliaryImport(deps, ctx.principal, input, ctx.locale, ctx.requestId)),
    importStatus: manage.input(auxiliaryImportStatusInput).query(({ ctx, input }) => auxiliaryImportStatus(ctx.principal, input.id, ctx.locale)),
    /** Full ID numbers for audit's payroll cross-check: the platform's services only, as the roll's holders. */
    holders: internalProcedure
      .meta({ permission: 'ledger.roll.export' })
      .input(outsideQuotaHoldersInput)
      .query(({ input }) => outsideQuotaHolders(deps, input.jurisdictionIds)),
  });
}

/** ledger.purchase.*: purchased services (政府购买服务) of a unit. */
export function purchaseRouter(deps: LedgerDeps) {
  return router({
    add: manage.input(addPurchaseInput).mutation(({ ctx, input }) => addPurchase(deps, ctx.principal, input, ctx.requestId)),
    end: manage.input(endPurchaseInput).mutation(({ ctx, input }) => endPurchase(deps, ctx.principal, input, ctx.requestId)),
    list: read.input(listPurchaseInput).query(({ ctx, input }) => listPurchases(deps, ctx.principal, input)),
    exportXlsx: read.input(listPurchaseInput).query(({ ctx, input }) => exportPurchases(deps, ctx.principal, input)),
  });
}

/** ledger.workforce.*: publicly funded people (on quota + outside quota), today and at month ends. No person is named. */
export function workforceRouter(deps: LedgerDeps) {
  const figures = authedProcedure.meta({ permission: 'analysis.read' });
  return router({
    totals: figures.input(workforceTotalsInput).query(({ ctx, input }) => workforceTotals(deps, ctx.principal, input)),
    totalsXlsx: figures.input(workforceTotalsInput).query(({ ctx, input }) => exportWorkforceTotals(deps, ctx.principal, input)),
    monthly: figures.input(workforceMonthlyInput).query(({ ctx, input }) => workforceMonthly(deps, ctx.principal, input)),
    monthlyXlsx: figures.input(workforceMonthlyInput).query(({ ctx, input }) => exportWorkforceMonthly(deps, ctx.principal, input)),
  });
}
