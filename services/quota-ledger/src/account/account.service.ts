import type { AccountDto, QuotaType } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDb } from '../db.js';
import * as repo from './account.repository.js';

/**
 * Accounts an organization holds per quota type: `vacant` (quota not yet used; may never go
 * negative) and `occupied` (named staff). Quota moves between them by transfers (LEDGER.md).
 */
const organizationAccountKinds = [
  { kind: 'vacant', debitsMustNotExceedCredits: true },
  { kind: 'occupied', debitsMustNotExceedCredits: false },
] as const;

export async function openOrganizationAccounts(
  db: LedgerDb,
  principal: Principal,
  input: { organizationId: string; jurisdictionId: string; quotaTypes: QuotaType[] },
  requestId?: string,
): Promise<AccountDto[]> {
  return db.transaction().execute(async (trx) => {
    const wanted = [...new Set(input.quotaTypes)].flatMap((ledger) =>
      organizationAccountKinds.map((k) => ({ ledger, holderKind: 'organization' as const, holderId: input.organizationId, jurisdictionId: input.jurisdictionId, ...k })),
    );
    const opened = await repo.insertMissingAccounts(trx, wanted);
    if (opened.length > 0) {
      await appendOutboxEvent(trx, 'ledger', {
        type: 'ledger.accounts.opened',
        aggregateType: 'organization',
        aggregateId: input.organizationId,
        jurisdictionId: input.jurisdictionId,
        actor: auditActorOf(principal),
        payload: { accounts: opened.map((a) => ({ id: a.id, ledger: a.ledger, kind: a.kind })) },
        requestId,
      });
    }
    return repo.listAccountsOfHolder(trx, input.organizationId, null);
  });
}
