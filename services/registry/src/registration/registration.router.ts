import {
  applyCharterInput,
  cancelRegistrationInput,
  changeRegistrationInput,
  charterCheckInput,
  establishRegistrationInput,
  fileAnnualReportInput,
  publicChartersInput,
  publicReportsInput,
  publishAnnualReportInput,
  registrationOfInput,
  registrationOverviewInput,
} from '@bianzhi/contracts/legal-registration';
import { authedProcedure, internalProcedure, publicProcedure, router } from '@bianzhi/trpc/init';
import type { RegistryDb } from '../db.js';
import { applyCharter, checkCharter, publishedCharters } from './charter.service.js';
import { fileAnnualReport, publishAnnualReport, publishedAnnualReports, recordRegistration, registrationOverview, unitRegistration } from './registration.service.js';

const read = authedProcedure.meta({ permission: 'registry.organization.read' });
const manage = authedProcedure.meta({ permission: 'registry.registration.manage' });

/** 事业单位法人登记 (docs/registry.md, "Legal-person registration"). */
export function registrationRouter(db: RegistryDb) {
  return router({
    overview: read.input(registrationOverviewInput).query(({ ctx, input }) => registrationOverview(db, ctx.principal, input)),
    unit: read.input(registrationOfInput).query(({ ctx, input }) => unitRegistration(db, ctx.principal, input.organizationId)),
    establish: manage.input(establishRegistrationInput).mutation(({ ctx, input }) => recordRegistration(db, ctx.principal, 'establish', input, ctx.requestId)),
    change: manage.input(changeRegistrationInput).mutation(({ ctx, input }) => recordRegistration(db, ctx.principal, 'change', input, ctx.requestId)),
    cancel: manage.input(cancelRegistrationInput).mutation(({ ctx, input }) => recordRegistration(db, ctx.principal, 'cancel', input, ctx.requestId)),
    fileReport: authedProcedure
      .meta({ permission: 'registry.registration.report' })
      .input(fileAnnualReportInput)
      .mutation(({ ctx, input }) => fileAnnualReport(db, ctx.principal, input, ctx.requestId)),
    publishReport: manage.input(publishAnnualReportInput).mutation(({ ctx, input }) => publishAnnualReport(db, ctx.principal, input, ctx.requestId)),
    // Anonymous (信息公开): the published annual reports of live, non-classified institutions.
    publishedReports: publicProcedure.input(publicReportsInput).query(({ input }) => publishedAnnualReports(db, input)),
  });
}

/** 章程: checked when a charter matter is filed (as the filer), recorded by the platform once approved, published. */
export function charterRouter(db: RegistryDb) {
  return router({
    check: read.input(charterCheckInput).query(({ ctx, input }) => checkCharter(db, ctx.principal, input.organizationId)),
    record: internalProcedure
      .meta({ permission: 'registry.charter.record' })
      .input(applyCharterInput)
      .mutation(({ ctx, input }) => applyCharter(db, ctx.principal, input, ctx.requestId)),
    // Anonymous (信息公开): the latest approved charter of each live, non-classified institution.
    published: publicProcedure.input(publicChartersInput).query(({ input }) => publishedCharters(db, input)),
  });
}
