import { DomainError } from './errors.js';

/**
 * Roles and the permissions they carry. Declared once here and used by every service (procedure
 * checks) and by the admin UI (what to show). Scope (which jurisdiction subtree) is applied
 * separately, in SQL, from the principal's home jurisdiction.
 */
export const roles = [
  'city_admin', // 市编办
  'district_admin', // 区县编办
  'township_admin', // 乡镇（街道）
  'department_user', // 部门（单位）用户
  'reform_manager', // 改革项目负责人
  'inspector', // 督查
  'auditor', // 审计（只读）
  'service', // 外部系统（服务账号）
  'system', // the platform's own services (outbox relay, reform worker); never granted to an account
] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  kind: 'user' | 'service';
  id: string;
  name: string;
  roles: Role[];
  /** Home jurisdiction: the root of everything this principal may see; null only for platform services. */
  jurisdictionId: string | null;
  /** For department users: the organization whose subtree they see. */
  organizationId: string | null;
  /**
   * The real person behind the account: a keyed hash of their national ID number when the account
   * was given one, else the account id. Absent on principals that predate it (then the account id counts).
   */
  personId?: string | null;
}

/** The person a principal acts for; separation of duties compares these, not accounts. */
export function personOf(principal: Pick<Principal, 'id' | 'personId'>): string {
  return principal.personId ?? principal.id;
}

const admins: Role[] = ['city_admin', 'district_admin', 'township_admin'];
const readers: Role[] = [...admins, 'department_user', 'reform_manager', 'inspector', 'auditor', 'service', 'system'];

/** Every procedure names one of these; a procedure without one cannot be registered. */
export const permissions = {
  'registry.jurisdiction.read': readers,
  'registry.jurisdiction.create': ['city_admin', 'district_admin'],
  'registry.organization.read': readers,
  'registry.organization.create': [...admins, 'system'],
  'registry.organization.activate': [...admins, 'system'],
  'registry.organization.manage': [...admins, 'system'],
  'registry.organization.import': ['city_admin', 'district_admin', 'system'],
  'registry.jurisdiction.rename': ['city_admin', 'district_admin'],
  'registry.powerList.manage': admins,
  // 政事权限清单: set by the bureau where the institution's supervising organ sits (docs/registry.md).
  'registry.authorityList.manage': ['city_admin', 'district_admin'],
  'registry.policy.read': readers,
  'registry.policy.manage': ['city_admin', 'district_admin'],
  'registry.policy.enforce': ['system'],
  // Organization limits and department ranges: set by the level above (docs/registry.md, "Organization limits").
  'registry.limit.manage': ['city_admin', 'district_admin'],
  'registry.disclosure.read': ['system'],
  // 事业单位法人登记: recorded by the registration authority (the city and district bureaus); a unit or its bureau files its annual report.
  'registry.registration.manage': ['city_admin', 'district_admin'],
  'registry.registration.report': [...admins, 'department_user'],
  // An approved charter (章程, matter kind charter_approval) is recorded by the platform alone.
  'registry.charter.record': ['system'],
  'ledger.account.read': [...admins, 'reform_manager', 'inspector', 'auditor', 'service', 'system'],
  'ledger.account.open': ['system'],
  'ledger.pool.open': ['city_admin', 'district_admin', 'system'],
  'ledger.transfer.create': [...admins, 'system'],
  // Key fields of a person and which quota they hold change only through the bureau (DOMAIN.md).
  'ledger.person.manage': [...admins, 'system'],
  // 带编调任 is a matter (kind person_transfer): the platform moves the person with their quota.
  'ledger.person.transferWithQuota': ['system'],
  'ledger.person.read': [...admins, 'inspector', 'auditor', 'service', 'system'],
  // A unit files its staffing-use plan; the bureau approves (never the one who filed it).
  'ledger.plan.file': [...admins, 'department_user'],
  'ledger.person.import': ['city_admin', 'district_admin', 'system'],
  'ledger.control.manage': ['city_admin', 'district_admin', 'system'],
  'ledger.leadership.manage': [...admins, 'system'],
  // Setting a unit's leadership posts is the effect of an approved matter (docs/authority.md).
  'ledger.leadership.setPosts': ['system'],
  // So is an appointment to a leadership post (事前预审 → 事中核准 → 事后督查); removal stays the bureau's.
  'ledger.leadership.appoint': ['system'],
  // A staffing-use plan is approved (or rejected) as a matter (kind staffing_plan): by the platform.
  'ledger.plan.approve': ['system'],
  // Turning a plan down reserves nothing: the bureau may still do it directly (never its filer).
  'ledger.plan.reject': [...admins, 'system'],
  // The roll with full ID numbers, for audit's cross-checks: only the platform's services.
  'ledger.roll.export': ['system'],
  // Per-unit quota and headcount for the public disclosure site (no person in it).
  'ledger.disclosure.read': ['system'],
  // 在编核验: payroll and insurance systems (service accounts) and the bureaus ask whether a person is on a unit's roll.
  'ledger.roll.verify': ['city_admin', 'district_admin', 'service'],
  // 实名制公示: names, quota types and post categories of the roll for the public site (the audit service only).
  'ledger.namedRoll.read': ['system'],
  // A reform project's execution and its reversal, applied by the reform worker.
  'ledger.reform.apply': ['system'],
  'ledger.plan.read': [...admins, 'department_user', 'inspector', 'auditor', 'system'],
  // The whole publicly funded workforce: staff outside quota (personal data, as the roll) and purchased services.
  'ledger.workforce.read': [...admins, 'inspector', 'auditor', 'service', 'system'],
  'ledger.workforce.manage': [...admins, 'system'],
  // Figures, trends and forecasts (no person in them).
  'analysis.read': [...admins, 'reform_manager', 'inspector', 'auditor', 'system'],
  'analysis.posts.import': ['city_admin', 'district_admin'],
  // 统计年报: aggregate figures only, also for service accounts (a statistics or reporting system takes the return as JSON).
  'analysis.annual.read': [...admins, 'reform_manager', 'inspector', 'auditor', 'service', 'system'],
  // Staffing standards (核编标准) are the city bureau's; a unit's indicators (beds, students…) are recorded by the bureau of its jurisdiction.
  'ledger.standard.manage': ['city_admin'],
  'ledger.indicator.manage': admins,
  // 控编减编任务: set only as an approved matter (reduction_target), applied and frozen at quarter ends by the platform.
  'ledger.target.read': [...admins, 'inspector', 'auditor', 'system'],
  'ledger.target.record': ['system'],
  'ledger.target.freeze': ['system'],
  // 季度监控: the bureaus and inspectors keep the watch list; quarter figures are frozen by the platform.
  'ledger.monitoring.read': [...admins, 'inspector', 'auditor'],
  'ledger.monitoring.manage': ['city_admin', 'district_admin', 'inspector'],
  'ledger.monitoring.freeze': ['system'],
  // A unit files its yearly demand; the bureau decides (never on its own request).
  'analysis.demand.submit': [...admins, 'department_user'],
  'analysis.demand.read': [...admins, 'department_user', 'reform_manager', 'inspector', 'auditor'],
  'analysis.demand.decide': ['city_admin', 'district_admin'],
  'audit.log.read': ['city_admin', 'district_admin', 'auditor', 'inspector'],
  'audit.log.ingest': ['system'],
  // A unit sees its own violations and reports its rectification; only an inspector (or the bureau) opens and closes them.
  'audit.violation.read': ['city_admin', 'district_admin', 'township_admin', 'department_user', 'auditor', 'inspector', 'system'],
  'audit.violation.record': ['city_admin', 'district_admin', 'inspector'],
  'audit.violation.rectify': ['city_admin', 'district_admin', 'township_admin', 'department_user', 'inspector'],
  'audit.violation.close': ['city_admin', 'district_admin', 'inspector'],
  'audit.violation.check': ['system'],
  // A reduction target's missed deadline opens its violation: the platform's alone.
  'audit.violation.openForTarget': ['system'],
  // Supervision notices and talks: issued and closed (talks recorded, commitments confirmed) by an inspector or the bureau;
  // the unit's own users acknowledge a notice and report commitments done; auditors read.
  'audit.notice.read': ['city_admin', 'district_admin', 'township_admin', 'department_user', 'auditor', 'inspector'],
  'audit.notice.issue': ['city_admin', 'district_admin', 'inspector'],
  'audit.notice.respond': ['department_user'],
  'audit.notice.close': ['city_admin', 'district_admin', 'inspector'],
  // 及时公开: the bureaus, supervision and auditors see changes with their disclosure deadlines; the bureaus and inspectors order a late unit corrected.
  'audit.timeliness.read': ['city_admin', 'district_admin', 'township_admin', 'auditor', 'inspector'],
  'audit.timeliness.order': ['city_admin', 'district_admin', 'inspector'],
  // Cross-checks read personal data from the roll and the payroll: supervision and the bureaus only.
  'audit.crosscheck.run': ['city_admin', 'district_admin', 'inspector'],
  'audit.report.read': ['city_admin', 'district_admin', 'inspector', 'auditor'],
  // Publishing the disclosure snapshot and running the half-yearly completeness evaluation.
  'audit.disclosure.manage': ['city_admin', 'system'],
  // 出入编联动: the bureaus register receiving systems for their own jurisdictions and read their delivery logs.
  'audit.subscription.read': ['city_admin', 'district_admin'],
  'audit.subscription.manage': ['city_admin', 'district_admin'],
  // 实名制公示: the bureaus read their jurisdictions' switch; only the platform sets it, applying an approved matter.
  'audit.namedRoll.read': ['city_admin', 'district_admin', 'township_admin', 'inspector', 'auditor'],
  'audit.namedRoll.apply': ['system'],
  // 机构编制评估: the bureaus and inspectors evaluate units in their scope; the conclusion is approved as a matter and recorded by the platform.
  'audit.evaluation.read': ['city_admin', 'district_admin', 'township_admin', 'inspector', 'auditor'],
  'audit.evaluation.manage': ['city_admin', 'district_admin', 'inspector'],
  'audit.evaluation.apply': ['system'],
  // 考核: the city bureau keeps the yearly sheet, scores, reviews and publishes (by different people); bureaus read their own published scores.
  'audit.assessment.read': ['city_admin', 'district_admin', 'township_admin', 'inspector', 'auditor'],
  'audit.assessment.manage': ['city_admin'],
  // Establishing creates a unit, allocates its quota and publishes its document: the bureaus' work, which the worker does for them.
  'reform.establishment.read': readers,
  // Reform projects: managers (and the bureaus) file and run them; the committee (the bureaus) decides.
  'reform.project.read': [...admins, 'reform_manager', 'inspector', 'auditor'],
  'reform.project.manage': ['city_admin', 'district_admin', 'reform_manager'],
  'reform.project.decide': ['city_admin', 'district_admin'],
  // Matters (事项审批): a bureau files a matter and decides steps at its own level; the chain, not the role, says whose turn it is.
  'approval.matter.file': admins,
  'approval.matter.read': [...admins, 'inspector', 'auditor'],
  'approval.matter.decide': admins,
  // Which matters the city takes up to itself (审批权上收) and the working-day calendar: the city bureau's.
  'approval.routing.manage': ['city_admin'],
  'identity.user.read': [...admins, 'auditor'],
  'identity.user.manage': admins,
  'identity.token.manage': ['city_admin', 'district_admin'],
  'identity.session.own': [...admins, 'department_user', 'reform_manager', 'inspector', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function hasPermission(principal: Pick<Principal, 'roles'>, permission: Permission): boolean {
  const allowed: readonly Role[] = permissions[permission];
  return principal.roles.some((role) => allowed.includes(role));
}

/** Who filed a request, as stored with it: a person id, or the filer's account with its person id when known. */
export type Filer = string | { id: string; personId?: string | null };

/**
 * Separation of duties: whoever files a staffing-use plan or a reform may not approve it, under
 * this account or any other account of the same person. A stored filer without a person id (filed
 * before person ids existed) is compared by account id.
 */
export function assertSeparateApprover(filedBy: Filer, approver: Pick<Principal, 'id' | 'personId'>): void {
  const sameAccount = typeof filedBy === 'string' ? filedBy === approver.id : filedBy.id === approver.id;
  const filerPerson = typeof filedBy === 'string' ? filedBy : filedBy.personId;
  const samePerson = Boolean(filerPerson) && filerPerson === personOf(approver);
  if (sameAccount || samePerson) throw new DomainError('SELF_APPROVAL', `${approver.id} (person of the filer) cannot approve what they filed`);
}

/**
 * Which roles a user may grant: never more than their own standing, and never the platform's
 * `system` role. A bureau admin role only from a strictly higher standing: a district admin who
 * could make other district admins could file a matter and decide its every step through accounts
 * of their own making. (The city bureau, at the top, still makes its own; separating that power is
 * the three-administrators work.) Scope is checked separately (the new user's jurisdiction must lie
 * in the granter's).
 */
const grantable: Record<Role, readonly Role[]> = {
  city_admin: ['city_admin', 'district_admin', 'township_admin', 'department_user', 'reform_manager', 'inspector', 'auditor', 'service'],
  district_admin: ['township_admin', 'department_user', 'reform_manager', 'inspector', 'auditor', 'service'],
  township_admin: ['department_user'],
  department_user: [],
  reform_manager: [],
  inspector: [],
  auditor: [],
  service: [],
  system: [],
};

export function canGrantRole(granter: Pick<Principal, 'roles'>, role: Role): boolean {
  return granter.roles.some((own) => grantable[own].includes(role));
}

/** Standing for password resets: the bureaus above everyone else, in their order. */
const standing: Record<Role, number> = {
  city_admin: 3,
  district_admin: 2,
  township_admin: 1,
  department_user: 0,
  reform_manager: 0,
  inspector: 0,
  auditor: 0,
  service: 0,
  system: 0,
};

const standingOf = (roles: readonly Role[]) => Math.max(0, ...roles.map((role) => standing[role]));

/**
 * Whether `resetter` stands strictly above `target`, as a password reset requires: one who may
 * reset a password may sign in as its holder, so never a peer (a district admin resetting another
 * district admin could approve their own filing). Scope is checked separately: the target's
 * jurisdiction must lie in the resetter's subtree.
 */
export function outranks(resetter: Pick<Principal, 'roles'>, target: Pick<Principal, 'roles'>): boolean {
  const own = standingOf(resetter.roles);
  return own > 0 && own > standingOf(target.roles);
}

/** Roles a person can hold (what the user form offers); `system` is not one of them. */
export const assignableRoles = roles.filter((role) => role !== 'system');
