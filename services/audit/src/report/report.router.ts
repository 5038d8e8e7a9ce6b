import { departmentReportInput } from '@bianzhi/contracts/audit';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { departmentReport } from './department-report.js';

export function reportRouter(db: AuditDb, scope: JurisdictionScope, ledger: LedgerPort) {
  return router({
    department: authedProcedure
      .meta({ permission: 'audit.report.read' })
      .input(departmentReportInput)
      .query(({ ctx, input }) => departmentReport(db, scope, ledger, ctx.principal, input)),
  });
}
