// `npm run bench -- reform`: reform projects through the running stack (reform service, its worker,
// registry, ledger, audit and a Temporal dev server, each its own process).
// 1. A 22-unit merger with 500 people: wall time from the committee's approval to the ledger step
//    posted and the units merged in the registry (the project in its placement stage).
//    Baseline in the same run: the same kind of ledger step (22 units, 500 people) applied directly
//    through ledger.reform.execute, without the workflow.
// 2. 150 three-unit mergers approved at once: all must complete; the worker's memory is sampled.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { Principal } from '@bianzhi/domain/access';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { createCallerFactory } from '@bianzhi/trpc/init';
import { createServiceClient, servicePrincipalFor } from '@bianzhi/trpc/service-client';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { createOrganization } from '@bianzhi/registry/organization/organization.service';
import { createLedgerRouter, type LedgerRouter } from '@bianzhi/quota-ledger/router';
import { fixedScope } from '@bianzhi/quota-ledger/scope';
import { inMemoryRules } from '@bianzhi/quota-ledger/rules/rules.port';
import { openJurisdictionPools, openOrganizationAccounts } from '@bianzhi/quota-ledger/account/account.service';
import { createTransfers } from '@bianzhi/quota-ledger/transfer/transfer.service';
import type { ReformRouter } from '@bianzhi/reform/router';
import { say } from '../lib/log.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, percentile } from './common.js';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Group {
  sourceIds: string[];
  targetId: string;
  people: number;
}

let personSeq = 0;

/** Units with quota and named people, written in-process before the stack starts. */
async function seedGroups(db: Db, jurisdictionId: string, shapes: { units: number; people: number }[]): Promise<Group[]> {
  const seed = servicePrincipal('bench');
  const ledgerDeps = { db, scope: fixedScope(), rules: inMemoryRules().port, clock: () => new Date() };
  const ledger = createCallerFactory(createLedgerRouter(ledgerDeps));
  const as = (principal: Principal) => ledger({ principal, locale: 'zh-CN', requestId: 'bench', log: pino({ level: 'silent' }) });
  const pools = await openJurisdictionPools(ledgerDeps, seed, { jurisdictionId, quotaTypes: ['administrative'] });
  const pool = (kind: string) => pools.find((p) => p.kind === kind)!.id;
  const groups: Group[] = [];
  for (const [g, shape] of shapes.entries()) {
    const ids: string[] = [];
    for (let u = 0; u < shape.units; u++) {
      const unit = await createOrganization({ db, violations: { openViolations: async () => [] } }, seed, { jurisdictionId, name: `压测单位${g}-${u}`, kind: 'organ', basis: 'inventory' });
      const accounts = await openOrganizationAccounts(db, seed, { organizationId: unit.id, jurisdictionId, quotaTypes: ['administrative'] });
      const staffed = Math.floor(shape.people / shape.units) + (u < shape.people % shape.units ? 1 : 0);
      const quota = staffed + 3;
      await createTransfers(ledgerDeps, seed, {
        linked: true,
        transfers: [
          { kind: 'single', id: randomUUID(), debitAccountId: pool('external'), creditAccountId: pool('unallocated'), amount: quota, code: 'approve_total' },
          { kind: 'single', id: randomUUID(), debitAccountId: pool('unallocated'), creditAccountId: accounts.find((a) => a.kind === 'vacant')!.id, amount: quota, code: 'allocate' },
        ],
      });
      if (staffed > 0) {
        const planId = randomUUID();
        await as({ kind: 'user', id: 'bench-dept', name: '单位', roles: ['department_user'], jurisdictionId, organizationId: unit.id }).ledger.plan.file({ id: planId, organizationId: unit.id, ledger: 'administrative', places: staffed, endsOn: '2030-12-31', reason: '压测' });
        await as(servicePrincipal('bench')).ledger.plan.approve({ id: planId });
        for (let n = 0; n < staffed; n++) {
          const seq = personSeq++;
          // A distinct birth date per person (25 years × 12 months × 28 days), all of working age.
          const pad = (n: number, width = 2) => String(n).padStart(width, '0');
          const fixed = `110101${1975 + (seq % 25)}${pad(1 + (Math.floor(seq / 25) % 12))}${pad(1 + (Math.floor(seq / 300) % 28))}${pad(seq % 1000, 3)}`;
          await as(seed).ledger.person.enter({ id: randomUUID(), planId, entryKind: 'exam', person: { name: `压测人员${seq}`, idNumber: fixed + idNumberCheckCharacter(fixed), education: '', postCategory: 'management' } });
        }
      }
      ids.push(unit.id);
    }
    groups.push({ sourceIds: ids.slice(0, -1), targetId: ids.at(-1)!, people: shape.people });
  }
  return groups;
}

function workerRssMb(): number | null {
  try {
    const out = execFileSync('ps', ['-eo', 'rss,args'], { encoding: 'utf8' });
    const line = out.split('\n').find((l) => l.includes('src/worker.ts') && !l.includes('ps -eo'));
    return line ? Number(line.trim().split(/\s+/)[0]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function benchReform(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const db = env.db as unknown as Db;
    const city = await createJurisdiction(db, servicePrincipal('bench'), { parentId: null, level: 'city', code: '420100', name: '压测市' });
    const t0 = performance.now();
    const [big, baselineGroup] = await seedGroups(db, city.id, [
      { units: 22, people: 500 },
      { units: 22, people: 500 },
    ]);
    const small = await seedGroups(db, city.id, Array.from({ length: 150 }, () => ({ units: 3, people: 4 })));
    say(`seeded ${22 * 2 + 150 * 3} units and ${personSeq} people in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await env.startStack();

    const manager: Principal = { kind: 'user', id: 'bench-manager', name: '改革负责人', roles: ['reform_manager'], jurisdictionId: city.id, organizationId: null };
    const director: Principal = { kind: 'user', id: 'bench-director', name: '编办主任', roles: ['city_admin'], jurisdictionId: city.id, organizationId: null };
    const reform = (principal: Principal) => createServiceClient<ReformRouter>({ url: `http://127.0.0.1:${env.ports.reform}`, service: 'reform', secret: BENCH_INTERNAL_SECRET, principal: () => principal });
    const ledger = createServiceClient<LedgerRouter>({ url: `http://127.0.0.1:${env.ports.ledger}`, service: 'quota-ledger', secret: BENCH_INTERNAL_SECRET, principal: () => servicePrincipalFor('reform') });
    const plan = (g: Group) => ({ kind: 'merger' as const, sourceIds: g.sourceIds, target: { existingId: g.targetId }, approvedQuota: {}, keepNamesAsNameplates: false });
    const create = async (g: Group, i: number) => (await reform(manager).reform.project.create.mutate({ id: randomUUID(), title: `压测整合${i}`, jurisdictionId: city.id, documentNumber: `压编〔2026〕${i}号`, plan: plan(g) })).id;
    const waitFor = async (id: string, stage: string) => {
      for (;;) {
        const project = await reform(manager).reform.project.get.query({ id });
        if (project.stage === stage) return;
        if (['failed', 'rejected', 'cancelled'].includes(project.stage)) throw new Error(`${id} ended ${project.stage}: ${project.error}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    // Baseline: the same ledger step without the workflow (what the ledger itself needs for 500 people).
    const snapshot = await ledger.ledger.reform.snapshot.query({ organizationIds: [...baselineGroup!.sourceIds, baselineGroup!.targetId], jurisdictionIds: [city.id] });
    const b0 = performance.now();
    await ledger.ledger.reform.execute.mutate({
      id: randomUUID(),
      projectId: 'bench-baseline',
      documentNumber: '压编〔2026〕0号',
      rehome: snapshot.people.filter((p) => p.organizationId !== baselineGroup!.targetId).map((p) => ({ slotId: p.slotId, toOrganizationId: baselineGroup!.targetId })),
      moves: snapshot.units.filter((u) => u.organizationId !== baselineGroup!.targetId && u.quota > u.occupied).map((u) => ({ ledger: 'administrative' as const, from: { organizationId: u.organizationId, kind: 'vacant' as const }, to: { organizationId: baselineGroup!.targetId, kind: 'vacant' as const }, amount: u.quota - u.occupied, code: 'transfer' as const })),
    });
    const baselineMs = performance.now() - b0;

    const bigId = await create(big!, 0);
    await waitFor(bigId, 'committee');
    const a0 = performance.now();
    await reform(director).reform.project.approve.mutate({ id: bigId, decisionId: randomUUID(), note: '' });
    await waitFor(bigId, 'placement');
    const bigMs = performance.now() - a0;
    say(`22-unit merger, ${big!.people} people: approval → ledger posted and units merged in ${(bigMs / 1000).toFixed(2)} s (target < 10 s); the same ledger step applied directly: ${(baselineMs / 1000).toFixed(2)} s (ratio ${(bigMs / baselineMs).toFixed(2)})`);

    // 150 mergers at once.
    const rss: number[] = [];
    const sampler = setInterval(() => {
      const mb = workerRssMb();
      if (mb !== null) rss.push(mb);
    }, 500);
    const c0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < small.length; i += 10) ids.push(...(await Promise.all(small.slice(i, i + 10).map((g, j) => create(g, i + j + 1)))));
    await Promise.all(ids.map((id) => waitFor(id, 'committee')));
    const created = performance.now() - c0;
    const d0 = performance.now();
    const durations: number[] = [];
    await Promise.all(
      ids.map(async (id) => {
        const s0 = performance.now();
        await reform(director).reform.project.approve.mutate({ id, decisionId: randomUUID(), note: '' });
        await waitFor(id, 'placement');
        durations.push(performance.now() - s0);
      }),
    );
    clearInterval(sampler);
    const executed = performance.now() - d0;
    const steps = await db.selectFrom('ledger.reform_steps').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    say(
      `150 mergers: filed and previewed in ${(created / 1000).toFixed(1)} s; approved at once, all executed in ${(executed / 1000).toFixed(1)} s (per project p50 ${(percentile(durations, 50) / 1000).toFixed(2)} s, p95 ${(percentile(durations, 95) / 1000).toFixed(2)} s); ${durations.length}/150 completed; ledger steps: ${steps.n} (150 + 1 + 1 baseline expected); worker memory ${rss.length ? `${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB RSS` : 'not sampled'}`,
    );
  } finally {
    await env.close();
  }
}
