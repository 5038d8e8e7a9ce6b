import { enterPersonInput, exitPersonInput, holdersInput, movePersonInput, transferWithQuotaInput, personIdInput, rollImportStartInput, rollImportStatusInput, rollInput, searchPersonsInput } from '@bianzhi/contracts/ledger';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { enterPerson, exitPerson, getPerson, holders, movePerson, searchPersons, transferWithQuota, unitRoll } from './roll.service.js';
import { rollImportStatus, rollImportTemplate, startRollImport } from './roll-import.js';

export function personRouter(deps: LedgerDeps) {
  const change = authedProcedure.meta({ permission: 'ledger.person.manage' });
  const read = authedProcedure.meta({ permission: 'ledger.person.read' });
  const importing = authedProcedure.meta({ permission: 'ledger.person.import' });
  return router({
    enter: change.input(enterPersonInput).mutation(({ ctx, input }) => enterPerson(deps, ctx.principal, input, ctx.requestId)),
    exit: change.input(exitPersonInput).mutation(({ ctx, input }) => exitPerson(deps, ctx.principal, input, ctx.requestId)),
    move: change.input(movePersonInput).mutation(({ ctx, input }) => movePerson(deps, ctx.principal, input, ctx.requestId)),
    transferWithQuota: authedProcedure
      .meta({ permission: 'ledger.person.transferWithQuota' })
      .input(transferWithQuotaInput)
      .mutation(({ ctx, input }) => transferWithQuota(deps, ctx.principal, input, ctx.requestId)),
    roll: read.input(rollInput).query(({ ctx, input }) => unitRoll(deps, ctx.principal, input)),
    get: read.input(personIdInput).query(({ ctx, input }) => getPerson(deps, ctx.principal, input.id)),
    search: read.input(searchPersonsInput).query(({ ctx, input }) => searchPersons(deps, ctx.principal, input)),
    holders: internalProcedure
      .meta({ permission: 'ledger.roll.export' })
      .input(holdersInput)
      .query(({ input }) => holders(deps, input.jurisdictionIds)),
    importTemplate: importing.query(async () => ({ filename: '实名制名册导入模板.xlsx', contentBase64: (await rollImportTemplate()).toString('base64') })),
    importStart: importing.input(rollImportStartInput).mutation(({ ctx, input }) => startRollImport(deps, ctx.principal, input, ctx.locale, ctx.requestId)),
    importStatus: importing.input(rollImportStatusInput).query(({ ctx, input }) => rollImportStatus(ctx.principal, input.id, ctx.locale)),
  });
}
