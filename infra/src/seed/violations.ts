import type { Kysely } from 'kysely';
import type { DB as AuditDB } from '@bianzhi/db/generated/audit';
import type { ViolationsPort } from '@bianzhi/registry/policy/policy.service';

/**
 * The seed runs against the whole database before any service is up, so it reads open violations
 * from the audit schema directly instead of over HTTP.
 */
export function databaseViolations(db: Kysely<unknown>): ViolationsPort {
  const audit = db as unknown as Kysely<AuditDB>;
  return {
    openViolations: (organizationId) =>
      audit.selectFrom('audit.violations').select(['id', 'title']).where('organization_id', '=', organizationId).where('status', '=', 'open').execute(),
  };
}
