// `npm run bench -- registry`: the registry's read paths on a Wuhan-scale city (≈5,500 organizations), measured
// through the gateway as a browser would call them, each against baselines measured in the same
// run on the same machine: a bare `select 1` round trip to PostgreSQL and the lightest
// authenticated call through the gateway (same cookie check, token signing and proxy hop).
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { DB as IdentityDB } from '@bianzhi/db/generated/identity';
import { ensureAccount } from '@bianzhi/gateway/identity/identity.service';
import { say } from '../lib/log.js';
import { generateLargeCity } from '../seed/large-city.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, measure } from './common.js';

export async function benchRegistry(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const { db, ports } = env;
    const t0 = performance.now();
    const city = await generateLargeCity(env.databaseUrl);
    await sql`analyze`.execute(db);
    say(`generated ${city.organizations} organizations in ${city.jurisdictions} jurisdictions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const password = 'Shuzi-jizhun-2026';
    await ensureAccount(db as Kysely<IdentityDB>, { username: 'bench', name: '基准测试', password, role: 'city_admin', jurisdictionId: city.cityId }, 'bench');

    await env.startStack();

    const base = `http://127.0.0.1:${ports.gateway}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ username: 'bench', password }) });
    if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const query = async (procedure: string, input: unknown) => {
      const response = await fetch(`${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie, 'accept-encoding': 'gzip' } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${procedure}: ${response.status} ${body.slice(0, 200)}`);
      return body;
    };

    // The same tree straight from the registry service, to tell the gateway's share from the service's.
    const { signInternalToken } = await import('@bianzhi/trpc/internal-token');
    const direct = async (procedure: string, input: unknown) => {
      const token = await signInternalToken(BENCH_INTERNAL_SECRET, { kind: 'user', id: 'bench', name: 'bench', roles: ['city_admin'], jurisdictionId: city.cityId, organizationId: null }, 'registry');
      const response = await fetch(`http://127.0.0.1:${ports.registry}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { authorization: `Bearer ${token}` } });
      return response.text();
    };
    const treeBody = await query('registry.organization.tree', { includeClosed: false });
    const { count: nodes, stamp } = (JSON.parse(treeBody) as { result: { data: { json: { count: number; stamp: string } } } }).result.data.json;
    const searches = ['教育', 'jaq', '社区服务中心', 'whgm', '卫生健康', '第3街道', 'hyq', '档案', '执法支队', '江汉'];
    const results = [
      await measure('baseline: PostgreSQL select 1', 300, 30, () => sql`select 1`.execute(db)),
      await measure('baseline: registry.jurisdiction.get via gateway', 300, 30, () => query('registry.jurisdiction.get', { id: city.cityId })),
      await measure(`registry.organization.tree (${nodes} units, ${(treeBody.length / 1024).toFixed(0)} KB)`, 100, 10, () => query('registry.organization.tree', { includeClosed: false })),
      await measure('registry.organization.tree, revalidation (client holds the stamp)', 200, 20, () => query('registry.organization.tree', { includeClosed: false, knownStamp: stamp })),
      await measure('registry.organization.tree, registry service directly', 100, 10, () => direct('registry.organization.tree', { includeClosed: false })),
      await measure('registry.organization.search (10 queries, Chinese and pinyin)', 300, 30, (i) => query('registry.organization.search', { q: searches[i % searches.length], limit: 20 })),
      await measure('registry.organization.list (page of 50, filtered)', 200, 20, (i) => query('registry.organization.list', { search: searches[i % searches.length], limit: 50, offset: 0 })),
    ];
    const gatewayBaseline = results[1]!.p95;
    say('');
    say('benchmark (ms)                                                    p50      p95      max   p95 ÷ gateway baseline');
    for (const r of results) {
      say(`${r.name.padEnd(62)} ${r.p50.toFixed(2).padStart(7)}  ${r.p95.toFixed(2).padStart(7)}  ${r.max.toFixed(2).padStart(7)}   ${(r.p95 / gatewayBaseline).toFixed(1)}×`);
    }
    say('');
    const verdict = (p95: number, target: number) => `${p95.toFixed(1)} ms, ${p95 < target ? 'met' : 'NOT met'}`;
    say(`targets (issue 4): tree p95 < 50 ms: full body ${verdict(results[2]!.p95, 50)}, revalidation ${verdict(results[3]!.p95, 50)}; search p95 < 30 ms: ${verdict(results[5]!.p95, 30)}`);
  } finally {
    await env.close();
  }
}
