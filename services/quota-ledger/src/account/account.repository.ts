import type { AccountDto, QuotaType } from '@bianzhi/contracts/ledger';
import type { LedgerDb, LedgerTx } from '../db.js';

const columns = ['id', 'ledger', 'holder_kind', 'holder_id', 'jurisdiction_id', 'kind', 'debits_posted', 'credits_posted', 'debits_pending'] as const;
type Row = { id: string; ledger: string; holder_kind: string; holder_id: string; jurisdiction_id: string; kind: string; debits_posted: number; credits_posted: number; debits_pending: number };

function toDto(row: Row): AccountDto {
  return {
    id: row.id,
    ledger: row.ledger as QuotaType,
    holderKind: row.holder_kind as AccountDto['holderKind'],
    holderId: row.holder_id,
    jurisdictionId: row.jurisdiction_id,
    kind: row.kind,
    balance: row.credits_posted - row.debits_posted,
    pending: row.debits_pending,
  };
}

export interface NewAccount {
  ledger: QuotaType;
  holderKind: 'organization' | 'pool';
  holderId: string;
  jurisdictionId: string;
  kind: string;
  debitsMustNotExceedCredits: boolean;
}

/** Inserts the accounts that do not exist yet; existing ones (a retried call) are left as they are. */
export async function insertMissingAccounts(trx: LedgerTx, accounts: NewAccount[]): Promise<AccountDto[]> {
  const rows = await trx
    .insertInto('ledger.accounts')
    .values(accounts.map((a) => ({
      ledger: a.ledger,
      holder_kind: a.holderKind,
      holder_id: a.holderId,
      jurisdiction_id: a.jurisdictionId,
      kind: a.kind,
      debits_must_not_exceed_credits: a.debitsMustNotExceedCredits,
    })))
    .onConflict((oc) => oc.constraint('accounts_holder_ledger_kind').doNothing())
    .returning(columns)
    .execute();
  return rows.map(toDto);
}

export async function listAccountsOfHolder(db: LedgerDb | LedgerTx, holderId: string, jurisdictionIds: string[] | null): Promise<AccountDto[]> {
  let query = db.selectFrom('ledger.accounts').select(columns).where('holder_id', '=', holderId);
  if (jurisdictionIds) {
    if (jurisdictionIds.length === 0) return [];
    query = query.where('jurisdiction_id', 'in', jurisdictionIds);
  }
  const rows = await query.orderBy('ledger').orderBy('kind').execute();
  return rows.map(toDto);
}
