// `npm run bench -- annual`: the annual statistical report (analysis.annual.report) through the ledger
// service, which asks the registry for the caller's scope and for the organizations as of 31 December
// as in production, on the Wuhan-scale city as its city admin. Baseline: the report's own ledger SQL
// (figures as of the year's end and its start, the roll, its movements, the quota changes, staff
// outside quota) run directly on the same PostgreSQL in the same run.
import { sql } from 'kysely';
import type { Principal } from '@bianzhi/domain/access';
import { reportDates } from '@bianzhi/domain/annual-report';
import { signInternalToken } from '@bianzhi/trpc/internal-token';
import { outsideQuotaAt, peopleAt, quotaChanges, rollChanges } from '@bianzhi/quota-ledger/analysis/annual-report.repository';
import { unitFigures } from '@bianzhi/quota-ledger/stats/figures.repository';
import { say } from '../lib/log.js';
import { loadScale } from '../seed/scale.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, measure } from './common.js';

export async function benchAnnualReport(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const wuhan = await loadScale(env.databaseUrl, 'wuhan');
    say(`loaded ${wuhan.organizations.toLocaleString('en-US')} organizations, ${wuhan.people.toLocaleString('en-US')} people`);
    await env.startStack();
    const { rows: [city] } = await sql<{ id: string }>`select id from registry.jurisdictions where level = 'city' limit 1`.execute(env.db);
    const admin: Principal = { kind: 'user', id: 'bench-admin', name: '压测管理员', roles: ['city_admin'], jurisdictionId: city!.id, organizationId: null };
    const year = new Date().getFullYear() - 1;
    // Internal tokens live a minute; a fresh one every 20 seconds.
    let token = await signInternalToken(BENCH_INTERNAL_SECRET, admin, 'quota-ledger');
    const refresh = setInterval(async () => (token = await signInternalToken(BENCH_INTERNAL_SECRET, admin, 'quota-ledger')), 20_000);
    const url = `http://127.0.0.1:${env.ports.ledger}/trpc/analysis.annual.report?input=${encodeURIComponent(JSON.stringify({ json: { year } }))}`;
    let people = 0;
    let checks = 0;
    const service = await measure('annual report', 20, 3, async () => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { result?: { data: { json: { people: { total: { total: number } }; checks: unknown[] } } } };
      if (!body.result) throw new Error(`annual report failed: ${JSON.stringify(body).slice(0, 300)}`);
      people = body.result.data.json.people.total.total;
      checks = body.result.data.json.checks.length;
    });
    clearInterval(refresh);
    const { rows } = await sql<{ id: string }>`select id from registry.jurisdictions`.execute(env.db);
    const ids = rows.map((r) => r.id);
    const dates = reportDates(year);
    const db = env.db as never;
    const direct = await measure('sql', 20, 3, () =>
      Promise.all([unitFigures(db, { asOf: dates.asOf, jurisdictionIds: ids }), unitFigures(db, { asOf: dates.startOf, jurisdictionIds: ids }), peopleAt(db, ids, dates.asOf), rollChanges(db, ids, dates), quotaChanges(db, ids, dates), outsideQuotaAt(db, ids, dates.asOf)]),
    );
    say(
      `Wuhan-scale city, ${year} return: ${people.toLocaleString('en-US')} people, ${checks} checks — through the service p50 ${service.p50.toFixed(0)} ms, p95 ${service.p95.toFixed(0)} ms | its ledger SQL alone p50 ${direct.p50.toFixed(0)} ms, p95 ${direct.p95.toFixed(0)} ms, ratio p95 ${(service.p95 / direct.p95).toFixed(2)}`,
    );
  } finally {
    await env.close();
  }
}
