import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@bianzhi/db/generated/registry';

export type RegistryDb = Kysely<DB>;
export type RegistryTx = Transaction<DB>;
