import { sql } from 'kysely';
import type { AuditDb } from '../db.js';
import { repeatHourly, type JobLog } from '../hourly.js';
import { evaluateDisclosure, periodOf, publishDisclosure, type DisclosureSources } from './disclosure.service.js';

/**
 * Keeps the public site current: a new snapshot when the latest is a day old (or missing), and the
 * completeness evaluation once per half-year. Checked a minute after start, then hourly.
 */
export function scheduleDisclosure(db: AuditDb, sources: DisclosureSources, options: { log: JobLog; today: () => string }): () => void {
  const run = async () => {
    const { rows } = await sql<{ stale: boolean }>`select coalesce(max(published_at) < now() - interval '1 day', true) as stale from audit.disclosure_snapshots`.execute(db);
    if (rows[0]?.stale) options.log.info(await publishDisclosure(db, sources), 'published the disclosure snapshot');
    const period = periodOf(options.today());
    const done = await db.selectFrom('audit.disclosure_evaluations').select('id').where('period', '=', period).executeTakeFirst();
    if (!done) options.log.info(await evaluateDisclosure(db, sources, period), 'scored disclosure completeness for the half-year');
  };
  return repeatHourly(run, { firstAfterMs: 60_000, log: options.log, failure: 'disclosure publishing failed; will retry within the hour' });
}
