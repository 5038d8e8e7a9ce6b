import type { QuotaType } from '@bianzhi/contracts/ledger';
import type { OrganizationDto } from '@bianzhi/contracts/registry';
import type { RegistryClient, LedgerClient } from '../service-clients.js';
import { callService } from './call-service.js';

export function createEstablishActivities(deps: { registry: RegistryClient; ledger: LedgerClient }) {
  return {
    /** Idempotent through the key: a retried activity returns the organization created the first time. */
    async createPlannedOrganization(input: {
      jurisdictionId: string;
      name: string;
      kind: OrganizationDto['kind'];
      offsetOrganizationId?: string | undefined;
      institutionClass?: OrganizationDto['institutionClass'] | undefined;
      plannedQuota?: number | undefined;
      idempotencyKey: string;
    }): Promise<{ id: string }> {
      const created = await callService(() => deps.registry.registry.organization.create.mutate(input));
      return { id: created.id };
    },
    async openOrganizationAccounts(input: { organizationId: string; jurisdictionId: string; quotaTypes: QuotaType[] }): Promise<{ accountIds: string[] }> {
      const accounts = await callService(() => deps.ledger.ledger.account.openForOrganization.mutate(input));
      return { accountIds: accounts.map((a) => a.id) };
    },
    async activateOrganization(input: { id: string }): Promise<void> {
      await callService(() => deps.registry.registry.organization.activate.mutate(input));
    },
  };
}

export type EstablishActivities = ReturnType<typeof createEstablishActivities>;
