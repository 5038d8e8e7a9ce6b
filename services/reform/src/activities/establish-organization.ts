import { ApplicationFailure } from '@temporalio/common';
import { quotaTypeLabels, unallocatedPoolOf, type AccountDto, type QuotaType } from '@bianzhi/contracts/ledger';
import type { CreateOrganizationInput, PublishThreeDeterminationsInput } from '@bianzhi/contracts/registry';
import { todayInChina } from '@bianzhi/domain/calendar';
import { derivedUuid } from '@bianzhi/domain/derived-id';
import type { RegistryClient, LedgerClient } from '../service-clients.js';
import { callService } from './call-service.js';

/** The jurisdiction's unallocated pool of each type asked for that holds less than asked (nothing when all suffice). */
export function poolShortfalls(pools: AccountDto[], allocation: Partial<Record<QuotaType, number>>): { ledger: QuotaType; asked: number; available: number }[] {
  return (Object.entries(allocation) as [QuotaType, number][]).flatMap(([ledger, asked]) => {
    const available = unallocatedPoolOf(pools, ledger)?.balance ?? 0;
    return available < asked ? [{ ledger, asked, available }] : [];
  });
}

export function createEstablishActivities(deps: { registry: RegistryClient; ledger: LedgerClient }) {
  return {
    /** Idempotent through the key: a retried activity returns the organization created the first time. */
    async createPlannedOrganization(input: Omit<CreateOrganizationInput, 'basis'> & { idempotencyKey: string }): Promise<{ id: string }> {
      const created = await callService(() => deps.registry.registry.organization.create.mutate(input));
      return { id: created.id };
    },
    async openOrganizationAccounts(input: { organizationId: string; jurisdictionId: string; quotaTypes: QuotaType[] }): Promise<{ accountIds: string[] }> {
      const accounts = await callService(() => deps.ledger.ledger.account.openForOrganization.mutate(input));
      return { accountIds: accounts.map((a) => a.id) };
    },
    /**
     * 核定编制: one linked batch from the jurisdiction's unallocated pool to the unit's vacancies.
     * Transfer ids derive from the key, so a retry after a crash returns the first result.
     */
    async allocateFirstQuota(input: { key: string; organizationId: string; jurisdictionId: string; allocation: Partial<Record<QuotaType, number>>; documentNumber: string; effectiveDate?: string | undefined; approvalRef?: string }): Promise<{ transferIds: string[] }> {
      const [pools, accounts] = await Promise.all([
        callService(() => deps.ledger.ledger.account.list.query({ holderId: input.jurisdictionId })),
        callService(() => deps.ledger.ledger.account.list.query({ holderId: input.organizationId })),
      ]);
      const wanted = Object.entries(input.allocation) as [QuotaType, number][];
      const transfers = wanted.map(([ledger, amount]) => {
        const pool = unallocatedPoolOf(pools, ledger);
        const vacant = accounts.find((a) => a.kind === 'vacant' && a.ledger === ledger);
        if (!pool || !vacant) throw ApplicationFailure.nonRetryable(`区划没有${quotaTypeLabels[ledger]}的未分配编制池，或机构没有该类编制账户`, 'POOL_INSUFFICIENT');
        return { kind: 'single' as const, id: derivedUuid(`${input.key}/${ledger}`), debitAccountId: pool.id, creditAccountId: vacant.id, amount, code: 'allocate' as const, documentNumber: input.documentNumber, effectiveDate: input.effectiveDate, approvalRef: (input.approvalRef ?? `establishment/${input.key}`).slice(0, 200) };
      });
      const results = await callService(() => deps.ledger.ledger.transfer.create.mutate({ linked: true, transfers }));
      const refused = results.find((r) => r.status === 'failed' && r.error !== 'LINKED_EVENT_FAILED');
      if (refused) {
        const shortfall = poolShortfalls(pools, input.allocation)[0];
        if (refused.error === 'EXCEEDS_CREDITS' && shortfall) throw ApplicationFailure.nonRetryable(`未分配编制不足：${quotaTypeLabels[shortfall.ledger]}拟核定 ${shortfall.asked} 名，池中仅余 ${shortfall.available} 名`, 'POOL_INSUFFICIENT');
        throw ApplicationFailure.nonRetryable(`核定编制被拒绝：${refused.error}`, 'TRANSFER_REFUSED');
      }
      return { transferIds: transfers.map((t) => t.id) };
    },
    /** The unit's first 三定规定. A retry finds the version it published and returns it. */
    async publishFirstDocument(input: Omit<PublishThreeDeterminationsInput, 'basedOnVersion' | 'effectiveDate'> & { effectiveDate?: string | undefined }): Promise<{ version: number }> {
      const published = await callService(() => deps.registry.registry.threeDeterminations.list.query({ organizationId: input.organizationId }));
      const existing = published.find((d) => d.documentNumber === input.documentNumber);
      if (existing) return { version: existing.version };
      const { effectiveDate, ...document } = input;
      const created = await callService(() => deps.registry.registry.threeDeterminations.publish.mutate({ ...document, basedOnVersion: 0, effectiveDate: effectiveDate ?? todayInChina() }));
      return { version: created.version };
    },
    async activateOrganization(input: { id: string }): Promise<void> {
      await callService(() => deps.registry.registry.organization.activate.mutate(input));
    },
  };
}

export type EstablishActivities = ReturnType<typeof createEstablishActivities>;
