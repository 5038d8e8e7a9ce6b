import { sql } from 'kysely';
import type { AuditTx } from './db.js';

/**
 * The next number of a document series (督查通知书, 责令限期补正通知) for a jurisdiction and year: the
 * counter row is inserted or bumped in the issuing transaction, so concurrent issues wait for each
 * other on it and a rolled-back issue gives its number back — unique and without gaps.
 */
export async function nextDocumentNumber(trx: AuditTx, counters: 'audit.notice_counters' | 'audit.correction_order_counters', jurisdictionId: string, year: number): Promise<number> {
  const { rows } = await sql<{ last: number }>`
    insert into ${sql.table(counters)} as c (jurisdiction_id, year, last) values (${jurisdictionId}, ${year}, 1)
    on conflict (jurisdiction_id, year) do update set last = c.last + 1
    returning last`.execute(trx);
  return rows[0]!.last;
}
