import type { ObjectCase } from './probe.js';
import { registryCases } from './registry.cases.js';
import { ledgerCases } from './ledger.cases.js';
import { auditCases, identityCases, reformCases } from './audit-reform-identity.cases.js';
import { approvalCases } from './approval.cases.js';
import { supervisionCases } from './supervision.cases.js';
import { evaluationCases } from './evaluation.cases.js';
import { reductionCases } from './reduction.cases.js';
import { linkageCases } from './linkage.cases.js';
import { disclosureTimelinessCases } from './disclosure-timeliness.cases.js';
import { serviceGuideCases } from './service-guides.cases.js';
import { registrationCases } from './registration.cases.js';
import { namedRollCases } from './named-roll.cases.js';
import { annualReportCases } from './annual-report.cases.js';

/**
 * The object-level authorization matrix: for every procedure that names an object (or answers with
 * objects of a scope), the calls that aim at one out of the caller's reach. `object-authorization.e2e.test.ts`
 * makes them through the gateway; `infra/src/authorization-matrix.int.test.ts` fails when a procedure
 * of the routers is in neither this table nor `objectFreeProcedures`.
 */
export const objectCases: Record<string, ObjectCase> = { ...registryCases, ...ledgerCases, ...auditCases, ...reformCases, ...approvalCases, ...identityCases, ...supervisionCases, ...evaluationCases, ...reductionCases, ...linkageCases, ...disclosureTimelinessCases, ...serviceGuideCases, ...registrationCases, ...namedRollCases, ...annualReportCases };

/** Procedures with no object that could lie out of the caller's reach, and why. */
export const objectFreeProcedures: Record<string, string> = {
  'identity.me': 'answers about the caller only',
  'identity.session.list': 'the caller’s own sessions, found by the caller’s id',
  'identity.session.revokeAll': 'ends the caller’s own sessions only',
  'identity.session.changePassword': 'changes the caller’s own password',
  'registry.organization.importTemplate': 'an empty template file',
  'registry.organization.publicRecords': 'internal (system only), no input: the public records of every unit for the disclosure site',
  'ledger.person.importTemplate': 'an empty template file',
  'ledger.balance.publicFigures': 'internal (system only), no input: per-unit figures for the disclosure site',
  'analysis.posts.template': 'an empty template file',
  'ledger.indicator.template': 'an empty template file',
  'ledger.standard.list': 'published standards: those issued by the caller’s jurisdictions and the levels above them, which reach the caller by design (docs/ledger.md); the owners are filtered in SQL',
  'ledger.standard.get': 'a published standard of the caller’s jurisdictions or a level above (docs/ledger.md); another’s is refused OUT_OF_SCOPE',
  'ledger.standard.save': 'the city bureau’s only: district admins and department users are refused by permission before any object is read, and a city admin saves only standards its own scope issued',
  'audit.log.verify': 'verifies the whole chain and answers counts and hashes, no entry',
  'audit.log.head': 'the chain head and the signed daily heads: hashes only',
  'audit.disclosure.units': 'public: the published snapshot, which anyone may read',
  'audit.disclosure.unit': 'public: one unit of the published snapshot, which anyone may read',
  'audit.disclosure.jurisdictions': 'public: the published snapshot, which anyone may read',
  'audit.disclosure.score': 'public: the published evaluation, which anyone may read',
  'audit.disclosure.openData': 'public: the published snapshot as a file',
  'audit.disclosure.namedRoll': 'public: a published unit’s named roll (name, quota type, post category) where its jurisdiction switched it on',
  'audit.disclosure.searchPeople': 'public: search of the published named roll, which anyone may read',
  'audit.disclosure.namedRollData': 'public: the published named roll as a file',
  'audit.timeliness.lateUnits': 'public: the year’s late units among those on the published site, which anyone may read',
  'registry.publicPowerList.search': 'public: published power lists and guides of non-classified units, which anyone may read',
  'registry.publicPowerList.unit': 'public: one non-classified unit’s published power list, guides and history, which anyone may read',
  'audit.disclosure.publish': 'no input: publishes the whole city’s snapshot (city admin and system only)',
  'audit.disclosure.evaluate': 'no input: evaluates the whole city’s snapshot (city admin and system only)',
  'audit.assessment.years': 'the years that have an assessment sheet (published ones for all but the city bureau): no jurisdiction’s object',
  'registry.charter.published': 'public: the latest approved charter of each live, non-classified institution, which anyone may read',
  'registry.registration.publishedReports': 'public: published annual reports of non-classified institutions, which anyone may read',
  'approval.inbox.list': 'the caller’s own inbox: matters waiting on the caller, decided or filed by them',
  'approval.calendar.list': 'the working-day calendar, the same for everyone',
  'approval.calendar.set': 'a day of the working-day calendar, no object of a jurisdiction (city admin only)',
  'ledger.auxiliary.importTemplate': 'an empty template file',
};

/** Procedures being added elsewhere: cases may name them before they exist (the check for stale cases skips them). */
export const pendingPrefixes = ['approval.'];
