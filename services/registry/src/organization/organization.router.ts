import {
  abolishOrganizationInput,
  activateOrganizationInput,
  convertOrganizationInput,
  checkOrganizationCreationInput,
  createOrganizationInput,
  delegateOrganizationInput,
  exportOrganizationsInput,
  organizationLookupInput,
  getOrganizationInput,
  importStatusInput,
  listOrganizationsInput,
  mergeOrganizationsInput,
  nameplateInput,
  organizationTreeInput,
  searchOrganizationsInput,
  startImportInput,
  updateOrganizationInput,
} from '@bianzhi/contracts/registry';
import { authedProcedure, internalProcedure, router } from '@bianzhi/trpc/init';
import * as service from './organization.service.js';
import * as lifecycle from './organization-lifecycle.js';
import * as reads from './organization-reads.js';
import { importStatus, startImport } from './organization-import.js';
import { importTemplate } from './organization-sheet.js';
import { organizationStatisticsInput } from '@bianzhi/contracts/annual-report';
import { organizationStatistics } from './organization-statistics.js';

const read = authedProcedure.meta({ permission: 'registry.organization.read' });
const manage = authedProcedure.meta({ permission: 'registry.organization.manage' });
const importing = authedProcedure.meta({ permission: 'registry.organization.import' });

export function organizationRouter(deps: service.RegistryDeps) {
  const { db } = deps;
  return router({
    /** For the public disclosure site, read by the audit service only. */
    publicRecords: internalProcedure.meta({ permission: 'registry.disclosure.read' }).query(() => reads.publicUnitRecords(db)),
    create: authedProcedure
      .meta({ permission: 'registry.organization.create' })
      .input(createOrganizationInput)
      .mutation(({ ctx, input }) => service.createOrganization(deps, ctx.principal, input, ctx.requestId)),
    /** The checks of create, nothing written: the establish workflow's starter asks before it starts. */
    check: authedProcedure
      .meta({ permission: 'registry.organization.create' })
      .input(checkOrganizationCreationInput)
      .query(({ ctx, input }) => service.checkOrganizationCreation(deps, ctx.principal, input)),
    activate: authedProcedure
      .meta({ permission: 'registry.organization.activate' })
      .input(activateOrganizationInput)
      .mutation(({ ctx, input }) => service.activateOrganization(deps, ctx.principal, input.id, ctx.requestId)),
    update: manage.input(updateOrganizationInput).mutation(({ ctx, input }) => service.updateOrganization(deps, ctx.principal, input, ctx.requestId)),
    addNameplate: manage.input(nameplateInput).mutation(({ ctx, input }) => lifecycle.addNameplate(deps, ctx.principal, input, ctx.requestId)),
    removeNameplate: manage.input(nameplateInput).mutation(({ ctx, input }) => lifecycle.removeNameplate(deps, ctx.principal, input, ctx.requestId)),
    abolish: manage.input(abolishOrganizationInput).mutation(({ ctx, input }) => lifecycle.abolishOrganization(deps, ctx.principal, input, ctx.requestId)),
    merge: manage.input(mergeOrganizationsInput).mutation(({ ctx, input }) => lifecycle.mergeOrganizations(deps, ctx.principal, input, ctx.requestId)),
    delegate: manage.input(delegateOrganizationInput).mutation(({ ctx, input }) => lifecycle.delegateOrganization(deps, ctx.principal, input, ctx.requestId)),
    convert: manage.input(convertOrganizationInput).mutation(({ ctx, input }) => lifecycle.convertOrganization(deps, ctx.principal, input, ctx.requestId)),
    get: read.input(getOrganizationInput).query(({ ctx, input }) => reads.getOrganization(db, ctx.principal, input.id, input.asOf)),
    history: read.input(activateOrganizationInput).query(({ ctx, input }) => reads.organizationHistory(db, ctx.principal, input.id)),
    list: read.input(listOrganizationsInput).query(({ ctx, input }) => reads.listOrganizations(db, ctx.principal, input)),
    search: read.input(searchOrganizationsInput).query(({ ctx, input }) => reads.searchOrganizations(db, ctx.principal, input)),
    tree: read.input(organizationTreeInput).query(({ ctx, input }) => reads.organizationTree(db, ctx.principal, input)),
    lookup: read.input(organizationLookupInput).query(({ ctx, input }) => reads.lookupOrganizations(db, ctx.principal, input)),
    /** Counts as of a day in a subtree, for the ledger's annual report (统计年报). */
    statistics: read.input(organizationStatisticsInput).query(({ ctx, input }) => organizationStatistics(db, ctx.principal, input)),
    exportXlsx: read.input(exportOrganizationsInput).query(({ ctx, input }) => reads.exportOrganizations(db, ctx.principal, input)),
    importTemplate: importing.query(async () => ({ filename: '机构导入模板.xlsx', contentBase64: (await importTemplate(new Date())).toString('base64') })),
    importStart: importing.input(startImportInput).mutation(({ ctx, input }) => startImport(deps, ctx.principal, input, ctx.locale, ctx.requestId)),
    importStatus: importing.input(importStatusInput).query(({ ctx, input }) => importStatus(db, ctx.principal, input.id, ctx.locale)),
  });
}
