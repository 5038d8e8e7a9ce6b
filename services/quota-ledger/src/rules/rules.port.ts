import type { AnyRouter } from '@trpc/server';
import type { Principal } from '@bianzhi/domain/access';
import { effectiveSettings, type PolicySettings } from '@bianzhi/domain/policy';
import { createServiceClient, servicePrincipalFor } from '@bianzhi/trpc/service-client';
import { addDays, todayInChina } from '@bianzhi/domain/calendar';
import type { RegistryRouter } from '@bianzhi/registry/router';

/**
 * What the ledger's policy rules need from other services: the rule settings in force in a
 * jurisdiction (the registry keeps them, inherited down the tree), and a unit's open violations
 * (audit and supervision), to read and to record (超职数配备).
 */
export interface LedgerRulesPort {
  settingsFor(jurisdictionId: string): Promise<PolicySettings>;
  openViolations(organizationId: string): Promise<{ id: string; title: string }[]>;
  recordViolation(principal: Principal, input: { organizationId: string; title: string; description: string; ruleId: string }): Promise<{ id: string }>;
}

/**
 * The audit service reads the ledger's roll for its cross-checks, so the ledger may not import the
 * audit router's type: the two calls it makes are typed here by hand.
 */
interface AuditViolationsApi {
  audit: {
    violation: {
      open: { mutate(input: { organizationId: string; kind: 'over_post_appointment'; title: string; description: string; ruleId: string; deadline: string }): Promise<{ id: string }> };
    };
    linkage: { isBlocked: { query(input: { organizationId: string }): Promise<{ blocked: boolean; violations: { id: string; title: string }[] }> } };
  };
}

export function remoteRules(options: { registryUrl: string; auditUrl: string; secret: string }): LedgerRulesPort {
  const asLedger = () => servicePrincipalFor('quota-ledger');
  const registry = createServiceClient<RegistryRouter>({ url: options.registryUrl, service: 'registry', secret: options.secret, principal: asLedger });
  const auditAs = (principal: () => Principal) => createServiceClient<AnyRouter>({ url: options.auditUrl, service: 'audit', secret: options.secret, principal }) as unknown as AuditViolationsApi;
  const audit = auditAs(asLedger);
  return {
    settingsFor: (jurisdictionId) => registry.registry.policy.effective.query({ jurisdictionId }),
    openViolations: async (organizationId) => (await audit.audit.linkage.isBlocked.query({ organizationId })).violations,
    // 超职数配备 is rectified within three months (the deadline an inspector may move).
    recordViolation: (principal, input) => auditAs(() => principal).audit.violation.open.mutate({ ...input, kind: 'over_post_appointment', deadline: addDays(todayInChina(), 90) }),
  };
}

/**
 * Rules held in memory, for tests of the ledger alone (the cross-service path is tested on the full
 * stack): settings per jurisdiction and violations per unit can be changed by the test.
 */
export function inMemoryRules() {
  const stored = new Map<string, { ruleId: string; enabled: boolean; params: Record<string, number> }[]>();
  const violations = new Map<string, { id: string; title: string }[]>();
  const port: LedgerRulesPort = {
    settingsFor: async (jurisdictionId) => effectiveSettings(stored.get(jurisdictionId) ?? []),
    openViolations: async (organizationId) => violations.get(organizationId) ?? [],
    recordViolation: async (_principal, input) => {
      const id = crypto.randomUUID();
      violations.set(input.organizationId, [...(violations.get(input.organizationId) ?? []), { id, title: input.title }]);
      return { id };
    },
  };
  return {
    port,
    set: (jurisdictionId: string, ruleId: string, enabled: boolean, params: Record<string, number> = {}) => stored.set(jurisdictionId, [...(stored.get(jurisdictionId) ?? []).filter((r) => r.ruleId !== ruleId), { ruleId, enabled, params }]),
    violations,
  };
}
