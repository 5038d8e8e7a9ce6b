import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@bianzhi/db/generated/audit';

export type AuditDb = Kysely<DB>;
export type AuditTx = Transaction<DB>;
