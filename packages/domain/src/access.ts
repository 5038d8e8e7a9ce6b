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
  'service', // 外部系统
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
}

const admins: Role[] = ['city_admin', 'district_admin', 'township_admin'];
const readers: Role[] = [...admins, 'department_user', 'reform_manager', 'inspector', 'auditor', 'service'];

/** Every procedure names one of these; a procedure without one cannot be registered. */
export const permissions = {
  'registry.jurisdiction.read': readers,
  'registry.jurisdiction.create': ['city_admin', 'district_admin'],
  'registry.organization.read': readers,
  'registry.organization.create': [...admins, 'service'],
  'registry.organization.activate': [...admins, 'service'],
  'ledger.account.read': readers,
  'ledger.account.open': [...admins, 'service'],
  'audit.log.read': ['city_admin', 'district_admin', 'auditor', 'inspector'],
  'audit.log.ingest': ['service'],
  'reform.establishment.start': ['city_admin', 'district_admin', 'reform_manager'],
  'reform.establishment.read': readers,
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function hasPermission(principal: Pick<Principal, 'roles'>, permission: Permission): boolean {
  const allowed: readonly Role[] = permissions[permission];
  return principal.roles.some((role) => allowed.includes(role));
}
