// `npm run bench -- matters`: 1,000 matters at once through the running stack (reform service and its
// worker, registry, ledger, a Temporal dev server). Each matter is a district's request for one quota
// for one of its units, decided along its whole chain: accepted and reviewed in the district, approved
// by the city (which took district quota matters up to itself), then applied by the matter's workflow.
// Measured: the wall time for all of them, and per matter the time from filing to applied and from the
// last approval to applied (the workflow's part). Baseline in the same run: the same 1,000 allocations
// applied straight through ledger.transfer.create with the same concurrency.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { Principal } from '@bianzhi/domain/access';
import { createServiceClient, servicePrincipalFor } from '@bianzhi/trpc/service-client';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { createTransfers } from '@bianzhi/quota-ledger/transfer/transfer.service';
import type { LedgerRouter } from '@bianzhi/quota-ledger/router';
import type { ReformRouter } from '@bianzhi/reform/router';
import { say } from '../lib/log.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, percentile } from './common.js';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MATTERS = 1_000;
const UNITS = 100;

/** Runs `work` for each item with at most `limit` in flight. */
async function pooled<T>(items: T[], limit: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

export async function benchMatters(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const db = env.db as unknown as Db;
    const seed = servicePrincipal('bench');
    const city = await createJurisdiction(db, seed, { parentId: null, level: 'city', code: '420100', name: '压测市' });
    const district = await createJurisdiction(db, seed, { parentId: city.id, level: 'district', code: '420102', name: '压测区' });
    const ledgerDeps = { db, scope: fixedScope({ jurisdictions: [city, district].map((j) => ({ id: j.id, parentId: j.parentId, name: j.name, level: j.level })) }), rules: inMemoryRules().port, clock: () => new Date() };
    const cityPools = await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: city.id, quotaTypes: ['administrative'] });
    const pools = await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId: district.id, quotaTypes: ['administrative'] });
    const pool = (list: typeof pools, kind: string) => list.find((p) => p.kind === kind)!.id;
    const units: string[] = [];
    for (let u = 0; u < UNITS; u++) {
      const unit = await createOrganization({ db, violations: { openViolations: async () => [] } }, seed, { jurisdictionId: district.id, name: `压测单位${u}`, kind: 'organ', basis: 'inventory' });
      units.push((await openOrganizationAccounts(db, seed, { organizationId: unit.id, jurisdictionId: district.id, quotaTypes: ['administrative'] })).find((a) => a.kind === 'vacant')!.id);
    }
    // The district's pool holds enough for the matters and the baseline (an inventory, as the seed records it).
    await createTransfers(ledgerDeps, seed, {
      linked: true,
      transfers: [
        { kind: 'single', id: randomUUID(), debitAccountId: pool(cityPools, 'external'), creditAccountId: pool(cityPools, 'unallocated'), amount: 3 * MATTERS, code: 'approve_total', approvalRef: 'inventory' },
        { kind: 'single', id: randomUUID(), debitAccountId: pool(cityPools, 'unallocated'), creditAccountId: pool(pools, 'unallocated'), amount: 3 * MATTERS, code: 'allocate', approvalRef: 'inventory' },
      ],
    });
    await env.startStack();

    const person = (id: string, role: 'city_admin' | 'district_admin', jurisdictionId: string): Principal => ({ kind: 'user', id, name: id, roles: [role], jurisdictionId, organizationId: null, personId: `person-${id}` });
    const [filer, accepter, reviewer, approver] = [person('filer', 'district_admin', district.id), person('accepter', 'district_admin', district.id), person('reviewer', 'district_admin', district.id), person('approver', 'city_admin', city.id)];
    const approval = (principal: Principal) => createServiceClient<ReformRouter>({ url: `http://127.0.0.1:${env.ports.reform}`, service: 'reform', secret: BENCH_INTERNAL_SECRET, principal: () => principal }).approval;
    await approval(person('city', 'city_admin', city.id)).routing.set.mutate({ jurisdictionId: district.id, kind: 'quota_movement', decidedAt: 'city' });
    const ledger = createServiceClient<LedgerRouter>({ url: `http://127.0.0.1:${env.ports.ledger}`, service: 'quota-ledger', secret: BENCH_INTERNAL_SECRET, principal: () => servicePrincipalFor('reform') });
    const concurrency = 64;

    // Baseline: the same allocations applied straight, one request each.
    const b0 = performance.now();
    await pooled(Array.from({ length: MATTERS }, (_, i) => i), concurrency, async (i) => {
      const [result] = await ledger.ledger.transfer.create.mutate({ linked: true, transfers: [{ kind: 'single', id: randomUUID(), debitAccountId: pool(pools, 'unallocated'), creditAccountId: units[i % UNITS]!, amount: 1, code: 'allocate', documentNumber: '压编〔2026〕0号', approvalRef: 'bench/baseline' }] });
      if (result?.status !== 'created') throw new Error(`baseline transfer ${result?.status} ${result?.error}`);
    });
    const baselineMs = performance.now() - b0;

    // Each lane files a matter and takes it through its chain; the workflows apply them meanwhile.
    // Times come from the matters' own history (filed, last approval, applied), so that no polling
    // of the API loads the machine while it is measured.
    const m0 = performance.now();
    await pooled(Array.from({ length: MATTERS }, (_, i) => i), concurrency, async (i) => {
      const id = randomUUID();
      await approval(filer).matter.file.mutate({ id, kind: 'quota_movement', title: `压测事项${i}`, reason: '压测', documents: [{ title: '请示', documentNumber: `压编〔2026〕${i}号` }], moves: [{ ledger: 'administrative', code: 'allocate', debitAccountId: pool(pools, 'unallocated'), creditAccountId: units[i % UNITS]!, amount: 1 }] });
      await approval(accepter).matter.decide.mutate({ id, stepIndex: 0, decision: 'approve', comment: '', decisionId: randomUUID() });
      await approval(reviewer).matter.decide.mutate({ id, stepIndex: 1, decision: 'approve', comment: '', decisionId: randomUUID() });
      await approval(approver).matter.decide.mutate({ id, stepIndex: 2, decision: 'approve', comment: '', documentNumber: `压批〔2026〕${i}号`, decisionId: randomUUID() });
    });
    const decided = performance.now() - m0;
    for (;;) {
      const { rows } = await sql<{ open: number }>`select count(*)::int as open from reform.matters where state in ('in_review', 'approved')`.execute(db);
      if (rows[0]!.open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const wall = performance.now() - m0;
    const { rows: times } = await sql<{ state: string; life: number; effect: number }>`
      select m.state,
        extract(epoch from (a.at - f.at)) * 1000 as life,
        extract(epoch from (a.at - (select max(at) from reform.matter_events e where e.matter_id = m.id and e.kind = 'approve'))) * 1000 as effect
      from reform.matters m
      join reform.matter_events f on f.matter_id = m.id and f.kind = 'filed'
      join reform.matter_events a on a.matter_id = m.id and a.kind in ('applied', 'failed')`.execute(db);
    const lives = times.map((t) => Number(t.life));
    const effects = times.map((t) => Number(t.effect));
    const applied = times.filter((t) => t.state === 'applied').length;
    const { rows } = await sql<{ n: string }>`select count(*) as n from ledger.transfers where approval_ref like 'matter/%'`.execute(db);
    say(
      `${MATTERS} matters at once (${concurrency} in flight), each filed, accepted, reviewed, approved at the city and applied: all decided in ${(decided / 1000).toFixed(1)} s, all applied in ${(wall / 1000).toFixed(1)} s (${(MATTERS / (wall / 1000)).toFixed(0)} matters/s); ` +
        `file → applied p50 ${percentile(lives, 50).toFixed(0)} ms, p95 ${percentile(lives, 95).toFixed(0)} ms; last approval → applied p50 ${percentile(effects, 50).toFixed(0)} ms, p95 ${percentile(effects, 95).toFixed(0)} ms; ` +
        `${applied}/${MATTERS} applied, ${rows[0]!.n} transfers citing a matter (${MATTERS} expected). Baseline, the same ${MATTERS} allocations straight through the ledger: ${(baselineMs / 1000).toFixed(2)} s (ratio ${(wall / baselineMs).toFixed(1)})`,
    );
  } finally {
    await env.close();
  }
}
