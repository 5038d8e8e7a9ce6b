import type { Kysely } from 'kysely';
import type { DB } from '@bianzhi/db/generated/reform';

export type ReformDb = Kysely<DB>;
