// `npm run bench -- analysis`: the dashboard summary (analysis.dashboard.summary) through the
// ledger service, which asks the registry for the caller's scope as in production, on the
// Wuhan-scale city and then on the province-scale set (nine such cities, one view over all of
// them). Baseline: the summary's own SQL run directly on the same PostgreSQL in the same run.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Principal } from '@bianzhi/domain/access';
import { servicePrincipal, signInternalToken } from '@bianzhi/trpc/internal-token';
import { ensureDatabase } from '@bianzhi/db/embedded-postgres';
import { createDatabase } from '@bianzhi/db/kysely';
import { jurisdictionRows } from '@bianzhi/quota-ledger/analysis/analysis.repository';
import { migrateDatabase } from '../lib/database-setup.js';
import { say } from '../lib/log.js';
import { loadScale } from '../seed/scale.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, measure } from './common.js';

export async function benchAnalysis(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const wuhan = await loadScale(env.databaseUrl, 'wuhan');
    say(`loaded ${wuhan.organizations.toLocaleString('en-US')} organizations, ${wuhan.people.toLocaleString('en-US')} people`);
    await env.startStack();
    const { rows: [city] } = await sql<{ id: string }>`select id from registry.jurisdictions where level = 'city' limit 1`.execute(env.db);
    const admin: Principal = { kind: 'user', id: 'bench-admin', name: '压测管理员', roles: ['city_admin'], jurisdictionId: city!.id, organizationId: null };
    await run(env, 'Wuhan-scale city (city admin)', admin, 100);

    // The province-scale set in its own database, with the stack restarted on it.
    const name = 'bench_province';
    await ensureDatabase(env.adminUrl, name);
    const url = env.adminUrl.replace(/\/[^/]*$/, `/${name}`);
    await migrateDatabase(url);
    const province = await loadScale(url, 'province');
    say(`loaded ${province.organizations.toLocaleString('en-US')} organizations, ${province.people.toLocaleString('en-US')} people`);
    await env.restartStackOn(url);
    await run({ ...env, db: createDatabase<unknown>({ url, applicationName: 'bench', max: 2 }) }, 'province-scale set (one view over nine cities)', servicePrincipal('bench'), 300);
  } finally {
    await env.close();
  }
}

/** The ledger writes two years of month-end figures after it starts; the measurement waits for that to end. */
export async function monthEndsWritten(db: Awaited<ReturnType<typeof benchEnvironment>>['db'], label: string) {
  const t0 = performance.now();
  for (;;) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ledger.closed_months`.execute(db);
    if (rows[0]!.n >= 24) break;
    if (performance.now() - t0 > 600_000) throw new Error('month-end figures not written within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  say(`${label}: 24 month-ends written ${((performance.now() - t0) / 1000).toFixed(1)} s after the ledger's first check`);
}

async function run(env: Awaited<ReturnType<typeof benchEnvironment>>, label: string, principal: Principal, targetMs: number) {
  await monthEndsWritten(env.db, label);
  // Internal tokens live a minute; a fresh one every 20 seconds.
  let token = await signInternalToken(BENCH_INTERNAL_SECRET, principal, 'quota-ledger');
  const refresh = setInterval(async () => (token = await signInternalToken(BENCH_INTERNAL_SECRET, principal, 'quota-ledger')), 20_000);
  const url = `http://127.0.0.1:${env.ports.ledger}/trpc/analysis.dashboard.summary?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`;
  let units = 0;
  const service = await measure('summary', 200, 20, async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { result?: { data: { json: { total: { units: number } } } } };
    if (!body.result) throw new Error(`summary failed: ${JSON.stringify(body).slice(0, 300)}`);
    units = body.result.data.json.total.units;
  });
  clearInterval(refresh);
  const { rows } = await sql<{ id: string }>`select id from registry.jurisdictions`.execute(env.db);
  const ids = rows.map((r) => r.id);
  const direct = await measure('sql', 200, 20, () => jurisdictionRows(env.db as never, ids));
  say(
    `${label}: ${units.toLocaleString('en-US')} units — summary through the service p50 ${service.p50.toFixed(1)} ms, p95 ${service.p95.toFixed(1)} ms (target < ${targetMs} ms) | its SQL alone p50 ${direct.p50.toFixed(1)} ms, p95 ${direct.p95.toFixed(1)} ms, ratio p95 ${(service.p95 / direct.p95).toFixed(2)}`,
  );
}
