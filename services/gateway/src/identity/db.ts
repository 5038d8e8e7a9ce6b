import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@bianzhi/db/generated/identity';

export type IdentityDb = Kysely<DB>;
export type IdentityTx = Transaction<DB>;
