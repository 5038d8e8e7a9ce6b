import type { Principal } from '@bianzhi/domain/access';
import { createServiceClient, servicePrincipalFor } from '@bianzhi/trpc/service-client';
import type { AnyRouter } from '@trpc/server';
import type { ViolationsPort } from './policy.service.js';

/**
 * The audit service's open violations, read as the registry itself. Typed here by hand: the audit
 * service depends on the registry (for scopes), so the registry may not import its router type.
 */
interface AuditViolationsApi {
  audit: { linkage: { isBlocked: { query(input: { organizationId: string }): Promise<{ blocked: boolean; violations: { id: string; title: string }[] }> } } };
}

export function auditViolations(options: { auditUrl: string; secret: string; principal?: () => Principal }): ViolationsPort {
  const client = createServiceClient<AnyRouter>({
    url: options.auditUrl,
    service: 'audit',
    secret: options.secret,
    principal: options.principal ?? (() => servicePrincipalFor('registry')),
  }) as unknown as AuditViolationsApi;
  return { openViolations: async (organizationId) => (await client.audit.linkage.isBlocked.query({ organizationId })).violations };
}
