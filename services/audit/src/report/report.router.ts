import { departmentReportInput } from '@bianzhi/contracts/audit';
import { termReportInput } from '@bianzhi/contracts/supervision';
import { authedProcedure, router } from '@bianzhi/trpc/init';
import type { AuditDb } from '../db.js';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { departmentReport } from './department-report.js';
import { termReport } from './term-report.js';

export function reportRouter(db: AuditDb, scope: JurisdictionScope, ledger: LedgerPort) {
  return router({
    department: authedProcedure
      .meta({ permission: 'audit.report.read' })
      .input(departmentReportInput)
      .query(({ ctx, input }) => departmentReport(db, scope, ledger, ctx.principal, input)),
    /** 任期审计: a leader's term across the units they led. */
    term: authedProcedure
      .meta({ permission: 'audit.report.read' })
      .input(termReportInput)
      .query(({ ctx, input }) => termReport(db, scope, ledger, ctx.principal, input)),
  });
}
