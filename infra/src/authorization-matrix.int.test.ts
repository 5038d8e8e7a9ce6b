import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError, type AnyRouter } from '@trpc/server';
import pino from 'pino';
import { permissions, roles, type Permission, type Principal, type Role } from '@bianzhi/domain/access';
import { isDomainError } from '@bianzhi/domain/errors';
import { createCallerFactory } from '@bianzhi/trpc/init';
import type { TestDatabase } from '@bianzhi/testing/database';
import { inProcessServices } from './lib/in-process-services.js';
// The object-level matrix runs against the full stack (apps/admin/e2e); its table is checked here, where the routers are.
import { objectCases, objectFreeProcedures, pendingPrefixes } from '../../apps/admin/e2e/object-authorization/cases.js';

/**
 * Every procedure of every service, called as every role: it must be refused exactly when the
 * permission table says so. A procedure that declares no permission fails here.
 */
// identity.me answers only for a signed-in caller, about that caller; the disclosure reads serve the published, impersonal snapshot.
const publicProcedures = new Set(['identity.me', 'audit.disclosure.units', 'audit.disclosure.unit', 'audit.disclosure.jurisdictions', 'audit.disclosure.score', 'audit.disclosure.openData', 'audit.timeliness.lateUnits', 'registry.publicPowerList.search', 'registry.publicPowerList.unit']);
// 章程 (published): the latest approved charter of each live, non-classified institution.
publicProcedures.add('registry.charter.published');
publicProcedures.add('registry.registration.publishedReports');
// 实名制公示: a unit's published named roll, search by name, open data (name, quota type and post category only).
for (const path of ['audit.disclosure.namedRoll', 'audit.disclosure.searchPeople', 'audit.disclosure.namedRollData']) publicProcedures.add(path);

/**
 * The declared matrix: which permission guards each procedure. Written out here, apart from the
 * routers, so that a new procedure, or one whose guard changed, fails until this table says so.
 */
const expectedPermissions: Record<string, Permission> = {
  'registry.jurisdiction.create': 'registry.jurisdiction.create',
  'registry.jurisdiction.list': 'registry.jurisdiction.read',
  'registry.jurisdiction.get': 'registry.jurisdiction.read',
  'registry.organization.statistics': 'registry.organization.read',
  'registry.organization.create': 'registry.organization.create',
  'registry.organization.check': 'registry.organization.create',
  'registry.organization.activate': 'registry.organization.activate',
  'registry.organization.get': 'registry.organization.read',
  'registry.organization.list': 'registry.organization.read',
  'registry.organization.exportXlsx': 'registry.organization.read',
  'registry.jurisdiction.rename': 'registry.jurisdiction.rename',
  'registry.jurisdiction.tree': 'registry.jurisdiction.read',
  'registry.organization.update': 'registry.organization.manage',
  'registry.organization.addNameplate': 'registry.organization.manage',
  'registry.organization.removeNameplate': 'registry.organization.manage',
  'registry.organization.abolish': 'registry.organization.manage',
  'registry.organization.merge': 'registry.organization.manage',
  'registry.organization.delegate': 'registry.organization.manage',
  'registry.organization.convert': 'registry.organization.manage',
  'registry.organization.history': 'registry.organization.read',
  'registry.organization.search': 'registry.organization.read',
  'registry.organization.tree': 'registry.organization.read',
  'registry.organization.importTemplate': 'registry.organization.import',
  'registry.organization.importStart': 'registry.organization.import',
  'registry.organization.importStatus': 'registry.organization.import',
  'registry.department.list': 'registry.organization.read',
  'registry.department.create': 'registry.organization.manage',
  'registry.department.update': 'registry.organization.manage',
  'registry.department.abolish': 'registry.organization.manage',
  'registry.threeDeterminations.publish': 'registry.organization.manage',
  'registry.threeDeterminations.list': 'registry.organization.read',
  'registry.threeDeterminations.get': 'registry.organization.read',
  'registry.powerList.items': 'registry.organization.read',
  'registry.powerList.batches': 'registry.organization.read',
  'registry.powerList.openBatch': 'registry.powerList.manage',
  'registry.powerList.adjust': 'registry.powerList.manage',
  'registry.powerList.publishBatch': 'registry.powerList.manage',
  'registry.powerList.batchChanges': 'registry.organization.read',
  'registry.serviceGuide.list': 'registry.organization.read',
  'registry.serviceGuide.get': 'registry.organization.read',
  'registry.serviceGuide.save': 'registry.powerList.manage',
  'registry.serviceGuide.publish': 'registry.powerList.manage',
  'registry.authorityList.get': 'registry.organization.read',
  'registry.authorityList.publish': 'registry.authorityList.manage',
  'registry.policy.list': 'registry.policy.read',
  'registry.policy.update': 'registry.policy.manage',
  'registry.policy.effective': 'registry.policy.enforce',
  'registry.limit.list': 'registry.jurisdiction.read',
  'registry.limit.history': 'registry.jurisdiction.read',
  'registry.limit.set': 'registry.limit.manage',
  'registry.registration.overview': 'registry.organization.read',
  'registry.registration.unit': 'registry.organization.read',
  'registry.registration.establish': 'registry.registration.manage',
  'registry.registration.change': 'registry.registration.manage',
  'registry.registration.cancel': 'registry.registration.manage',
  'registry.registration.fileReport': 'registry.registration.report',
  'registry.registration.publishReport': 'registry.registration.manage',
  'registry.charter.check': 'registry.organization.read',
  'registry.charter.record': 'registry.charter.record',
  'registry.organization.lookup': 'registry.organization.read',
  'ledger.account.openForOrganization': 'ledger.account.open',
  'ledger.person.holders': 'ledger.roll.export',
  'analysis.dashboard.summary': 'analysis.read',
  'ledger.indicator.get': 'analysis.read',
  'ledger.indicator.set': 'ledger.indicator.manage',
  'ledger.indicator.template': 'ledger.indicator.manage',
  'ledger.indicator.import': 'ledger.indicator.manage',
  'ledger.standard.list': 'analysis.read',
  'ledger.standard.get': 'analysis.read',
  'ledger.standard.save': 'ledger.standard.manage',
  'ledger.standard.assign': 'ledger.indicator.manage',
  'ledger.standard.unit': 'analysis.read',
  'analysis.standards.gap': 'analysis.read',
  'analysis.standards.exportXlsx': 'analysis.read',
  'analysis.dashboard.drilldown': 'analysis.read',
  'analysis.dashboard.trend': 'analysis.read',
  'analysis.retirement.forecast': 'analysis.read',
  'analysis.retirement.nextMonth': 'ledger.person.read',
  'analysis.dormant.list': 'analysis.read',
  'analysis.posts.template': 'analysis.read',
  'analysis.posts.import': 'analysis.posts.import',
  'analysis.posts.compare': 'analysis.read',
  'analysis.demand.submit': 'analysis.demand.submit',
  'analysis.demand.list': 'analysis.demand.read',
  'analysis.demand.decide': 'analysis.demand.decide',
  'analysis.report.monthly': 'analysis.read',
  'analysis.annual.report': 'analysis.annual.read',
  'analysis.annual.export': 'analysis.annual.read',
  'ledger.balance.publicFigures': 'ledger.disclosure.read',
  'registry.organization.publicRecords': 'registry.disclosure.read',
  'ledger.leadership.postsOf': 'ledger.roll.export',
  'ledger.account.list': 'ledger.account.read',
  'ledger.account.statementXlsx': 'ledger.account.read',
  'ledger.balance.get': 'ledger.account.read',
  'ledger.balance.asOf': 'ledger.account.read',
  'ledger.balance.byJurisdiction': 'ledger.account.read',
  'ledger.balance.ownByJurisdiction': 'ledger.account.read',
  'ledger.transfer.list': 'ledger.account.read',
  'ledger.person.move': 'ledger.person.manage',
  'ledger.person.transferWithQuota': 'ledger.person.transferWithQuota',
  'ledger.person.get': 'ledger.person.read',
  'ledger.person.search': 'ledger.person.read',
  'ledger.person.importTemplate': 'ledger.person.import',
  'ledger.person.importStart': 'ledger.person.import',
  'ledger.person.importStatus': 'ledger.person.import',
  'ledger.control.get': 'ledger.account.read',
  'ledger.control.set': 'ledger.control.manage',
  'ledger.control.penalize': 'ledger.control.manage',
  'ledger.control.lift': 'ledger.control.manage',
  'ledger.leadership.list': 'ledger.person.read',
  'ledger.leadership.setPosts': 'ledger.leadership.setPosts',
  'ledger.leadership.appoint': 'ledger.leadership.appoint',
  'ledger.leadership.remove': 'ledger.leadership.manage',
  'ledger.target.list': 'ledger.target.read',
  'ledger.target.get': 'ledger.target.read',
  'ledger.target.check': 'ledger.target.read',
  'ledger.target.record': 'ledger.target.record',
  'ledger.target.freeze': 'ledger.target.freeze',
  'ledger.target.linkViolation': 'ledger.target.freeze',
  'ledger.monitoring.list': 'ledger.monitoring.read',
  'ledger.monitoring.report': 'ledger.monitoring.read',
  'ledger.monitoring.add': 'ledger.monitoring.manage',
  'ledger.monitoring.remove': 'ledger.monitoring.manage',
  'ledger.monitoring.freeze': 'ledger.monitoring.freeze',
  'ledger.stats.monthly': 'ledger.account.read',
  'ledger.stats.monthlyXlsx': 'ledger.account.read',
  'ledger.account.openPools': 'ledger.pool.open',
  'ledger.account.get': 'ledger.account.read',
  'ledger.account.statement': 'ledger.account.read',
  'ledger.transfer.create': 'ledger.transfer.create',
  'ledger.transfer.get': 'ledger.account.read',
  'ledger.person.enter': 'ledger.person.manage',
  'ledger.person.exit': 'ledger.person.manage',
  'ledger.person.roll': 'ledger.person.read',
  'ledger.plan.file': 'ledger.plan.file',
  'ledger.plan.cancel': 'ledger.plan.file',
  'ledger.plan.approve': 'ledger.plan.approve',
  'ledger.plan.reject': 'ledger.plan.reject',
  'ledger.plan.get': 'ledger.plan.read',
  'ledger.plan.check': 'ledger.plan.approve',
  'ledger.plan.list': 'ledger.plan.read',
  'ledger.auxiliary.add': 'ledger.workforce.manage',
  'ledger.auxiliary.end': 'ledger.workforce.manage',
  'ledger.auxiliary.list': 'ledger.workforce.read',
  'ledger.auxiliary.exportXlsx': 'ledger.workforce.read',
  'ledger.auxiliary.importTemplate': 'ledger.workforce.manage',
  'ledger.auxiliary.importStart': 'ledger.workforce.manage',
  'ledger.auxiliary.importStatus': 'ledger.workforce.manage',
  'ledger.auxiliary.holders': 'ledger.roll.export',
  'ledger.purchase.add': 'ledger.workforce.manage',
  'ledger.purchase.end': 'ledger.workforce.manage',
  'ledger.purchase.list': 'ledger.workforce.read',
  'ledger.purchase.exportXlsx': 'ledger.workforce.read',
  'ledger.workforce.totals': 'analysis.read',
  'ledger.workforce.totalsXlsx': 'analysis.read',
  'ledger.workforce.monthly': 'analysis.read',
  'ledger.workforce.monthlyXlsx': 'analysis.read',
  'audit.log.ingest': 'audit.log.ingest',
  'audit.log.list': 'audit.log.read',
  'audit.log.verify': 'audit.log.read',
  'audit.log.head': 'audit.log.read',
  'audit.log.export': 'audit.log.read',
  'audit.violation.open': 'audit.violation.record',
  'audit.violation.update': 'audit.violation.rectify',
  'audit.violation.close': 'audit.violation.close',
  'audit.violation.list': 'audit.violation.read',
  'audit.violation.get': 'audit.violation.read',
  'audit.violation.evidence': 'audit.violation.read',
  'audit.linkage.isBlocked': 'audit.violation.check',
  'audit.linkage.openByUnit': 'audit.violation.check',
  'audit.violation.openForTarget': 'audit.violation.openForTarget',
  'audit.crosscheck.import': 'audit.crosscheck.run',
  'audit.crosscheck.run': 'audit.crosscheck.run',
  'audit.crosscheck.status': 'audit.crosscheck.run',
  'audit.crosscheck.findings': 'audit.crosscheck.run',
  'audit.crosscheck.toViolation': 'audit.violation.record',
  'audit.report.department': 'audit.report.read',
  'audit.report.term': 'audit.report.read',
  'audit.notice.issue': 'audit.notice.issue',
  'audit.notice.acknowledge': 'audit.notice.respond',
  'audit.notice.close': 'audit.notice.close',
  'audit.notice.list': 'audit.notice.read',
  'audit.notice.get': 'audit.notice.read',
  'audit.notice.pdf': 'audit.notice.read',
  'audit.talk.record': 'audit.notice.issue',
  'audit.talk.reportCommitment': 'audit.notice.respond',
  'audit.talk.confirmCommitment': 'audit.notice.close',
  'audit.talk.list': 'audit.notice.read',
  'audit.talk.commitments': 'audit.notice.read',
  'audit.subscription.list': 'audit.subscription.read',
  'audit.subscription.deliveries': 'audit.subscription.read',
  'audit.subscription.exportDeliveries': 'audit.subscription.read',
  'audit.subscription.create': 'audit.subscription.manage',
  'audit.subscription.setStatus': 'audit.subscription.manage',
  'audit.subscription.rotate': 'audit.subscription.manage',
  'audit.subscription.remove': 'audit.subscription.manage',
  'audit.subscription.redeliver': 'audit.subscription.manage',
  'ledger.verification.roll': 'ledger.roll.verify',
  'audit.disclosure.publish': 'audit.disclosure.manage',
  'audit.disclosure.evaluate': 'audit.disclosure.manage',
  'audit.namedRoll.settings': 'audit.namedRoll.read',
  'audit.namedRoll.forMatter': 'audit.namedRoll.apply',
  'audit.namedRoll.applySetting': 'audit.namedRoll.apply',
  'ledger.namedRoll.setClassifiedPost': 'ledger.person.manage',
  'ledger.namedRoll.publicRoll': 'ledger.namedRoll.read',
  'audit.timeliness.changes': 'audit.timeliness.read',
  'audit.timeliness.orders': 'audit.timeliness.read',
  'audit.timeliness.issueOrder': 'audit.timeliness.order',
  'audit.evaluation.list': 'audit.evaluation.read',
  'audit.evaluation.get': 'audit.evaluation.read',
  'audit.evaluation.export': 'audit.evaluation.read',
  'audit.evaluation.create': 'audit.evaluation.manage',
  'audit.evaluation.setWorkload': 'audit.evaluation.manage',
  'audit.evaluation.importWorkload': 'audit.evaluation.manage',
  'audit.evaluation.score': 'audit.evaluation.manage',
  'audit.evaluation.conclude': 'audit.evaluation.manage',
  'audit.evaluation.forMatter': 'audit.evaluation.apply',
  'audit.evaluation.applyConclusion': 'audit.evaluation.apply',
  'audit.assessment.years': 'audit.assessment.read',
  'audit.assessment.get': 'audit.assessment.read',
  'audit.assessment.export': 'audit.assessment.read',
  'audit.assessment.setSheet': 'audit.assessment.manage',
  'audit.assessment.score': 'audit.assessment.manage',
  'audit.assessment.review': 'audit.assessment.manage',
  'audit.assessment.publish': 'audit.assessment.manage',
  'reform.establishment.get': 'reform.establishment.read',
  'reform.establishment.list': 'reform.establishment.read',
  'reform.project.create': 'reform.project.manage',
  'reform.project.preview': 'reform.project.read',
  'reform.project.list': 'reform.project.read',
  'reform.project.get': 'reform.project.read',
  'reform.project.approve': 'reform.project.decide',
  'reform.project.reject': 'reform.project.decide',
  'reform.project.requestChanges': 'reform.project.decide',
  'reform.project.revise': 'reform.project.manage',
  'reform.project.cancel': 'reform.project.manage',
  'reform.project.assignPlacement': 'reform.project.manage',
  'reform.project.submitDocument': 'reform.project.manage',
  'ledger.reform.execute': 'ledger.reform.apply',
  'ledger.reform.reverse': 'ledger.reform.apply',
  'ledger.reform.people': 'ledger.reform.apply',
  'ledger.reform.snapshot': 'ledger.reform.apply',
  'identity.user.create': 'identity.user.manage',
  'identity.user.list': 'identity.user.read',
  'identity.user.get': 'identity.user.read',
  'identity.user.disable': 'identity.user.manage',
  'identity.user.enable': 'identity.user.manage',
  'identity.user.resetPassword': 'identity.user.manage',
  'identity.user.assignRole': 'identity.user.manage',
  'identity.session.list': 'identity.session.own',
  'identity.session.revoke': 'identity.session.own',
  'identity.session.revokeAll': 'identity.session.own',
  'identity.session.changePassword': 'identity.session.own',
  'identity.token.create': 'identity.token.manage',
  'identity.token.list': 'identity.token.manage',
  'identity.token.revoke': 'identity.token.manage',
  'approval.matter.file': 'approval.matter.file',
  'approval.matter.get': 'approval.matter.read',
  'approval.matter.list': 'approval.matter.read',
  'approval.matter.document': 'approval.matter.read',
  'approval.matter.decide': 'approval.matter.decide',
  'approval.matter.resubmit': 'approval.matter.file',
  'approval.matter.withdraw': 'approval.matter.file',
  'approval.inbox.list': 'approval.matter.read',
  'approval.routing.list': 'approval.matter.read',
  'approval.routing.set': 'approval.routing.manage',
  'approval.calendar.list': 'approval.matter.read',
  'approval.calendar.set': 'approval.routing.manage',
};

let testDb: TestDatabase<unknown>;
let cityId: string;
let services: Record<string, AnyRouter>;

beforeAll(async () => {
  ({ testDb, cityId, routers: services } = await inProcessServices('authorization-matrix'));
});

afterAll(async () => testDb?.drop());

function principalWith(role: Role): Principal {
  return { kind: role === 'service' || role === 'system' ? 'service' : 'user', id: `matrix-${role}`, name: role, roles: [role], jurisdictionId: role === 'system' ? null : cityId, organizationId: null };
}

/** Calls a procedure by path with no input: allowed callers then fail input validation or succeed. */
async function outcome(router: AnyRouter, path: string, principal: Principal | null): Promise<'refused' | 'unauthenticated' | 'reached'> {
  const caller = createCallerFactory(router)({ principal, locale: 'zh-CN', requestId: 'matrix', log: pino({ level: 'silent' }) });
  const procedure = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
  try {
    await procedure(undefined);
    return 'reached';
  } catch (error) {
    if (!(error instanceof TRPCError)) return 'reached';
    if (error.code === 'UNAUTHORIZED') return 'unauthenticated';
    // A permission refusal has no domain cause; OUT_OF_SCOPE and other rule refusals do.
    if (error.code === 'FORBIDDEN' && !isDomainError(error.cause)) return 'refused';
    return 'reached';
  }
}

describe('authorization matrix', () => {
  it('covers every procedure of every service', () => {
    const paths = Object.values(services).flatMap((router) => Object.keys(router._def.procedures));
    expect(paths.length).toBeGreaterThan(20);
    const undeclared = Object.values(services).flatMap((router) =>
      Object.entries(router._def.procedures as Record<string, { _def: { meta?: { permission?: Permission } } }>)
        .filter(([path, procedure]) => !publicProcedures.has(path) && !procedure._def.meta?.permission)
        .map(([path]) => path),
    );
    expect(undeclared, 'procedures without a declared permission').toEqual([]);
    const actual = Object.fromEntries(
      Object.values(services).flatMap((router) =>
        Object.entries(router._def.procedures as Record<string, { _def: { meta?: { permission?: Permission } } }>)
          .filter(([path]) => !publicProcedures.has(path))
          .map(([path, procedure]) => [path, procedure._def.meta?.permission]),
      ),
    );
    expect(actual).toEqual(expectedPermissions);
  });

  for (const name of ['registry', 'ledger', 'audit', 'reform', 'identity']) {
    it(`${name}: every role is allowed or refused exactly as declared, and anonymous callers are refused`, async () => {
      const router = services[name]!;
      const mismatches: string[] = [];
      for (const [path, procedure] of Object.entries(router._def.procedures as Record<string, { _def: { meta?: { permission?: Permission } } }>)) {
        if (publicProcedures.has(path)) continue;
        const permission = procedure._def.meta!.permission!;
        const allowedRoles: readonly Role[] = permissions[permission];
        if ((await outcome(router, path, null)) !== 'unauthenticated') mismatches.push(`${path}: anonymous not refused`);
        for (const role of roles) {
          const expected = allowedRoles.includes(role) ? 'reached' : 'refused';
          const actual = await outcome(router, path, principalWith(role));
          if (actual !== expected) mismatches.push(`${path} as ${role}: expected ${expected}, got ${actual}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

describe('object-level authorization matrix', () => {
  it('has object cases, or a reason to need none, for every procedure and for no procedure that is gone', () => {
    const paths = Object.values(services).flatMap((router) => Object.keys(router._def.procedures));
    const listed = [...Object.keys(objectCases), ...Object.keys(objectFreeProcedures)];
    const table = 'apps/admin/e2e/object-authorization/cases.ts';
    expect(paths.filter((path) => !listed.includes(path)), `procedures with neither an object case nor a reason to need none (${table})`).toEqual([]);
    expect(paths.filter((path) => path in objectCases && path in objectFreeProcedures), `procedures both with cases and declared object-free (${table})`).toEqual([]);
    expect(listed.filter((path) => !paths.includes(path) && !pendingPrefixes.some((prefix) => path.startsWith(prefix))), `cases for procedures no router has (${table})`).toEqual([]);
  });
});
