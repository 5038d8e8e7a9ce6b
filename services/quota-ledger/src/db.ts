import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@bianzhi/db/generated/ledger';

export type LedgerDb = Kysely<DB>;
export type LedgerTx = Transaction<DB>;
