// `npm run bench -- audit`: (1) a cross-check of a Wuhan-scale payroll (≈170,000 rows) against the
// roll through the audit service (import + run), against the same comparison written as one SQL
// query on the same PostgreSQL in the same run; (2) audit ingestion while the ledger takes single
// transfers at 32 clients: the ledger's outbox backlog is sampled every second and must not grow.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { countUndelivered } from '@bianzhi/db/outbox';
import type { Principal } from '@bianzhi/domain/access';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { signInternalToken } from '@bianzhi/trpc/internal-token';
import { say } from '../lib/log.js';
import { loadScale } from '../seed/scale.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, percentile } from './common.js';
import { transferLoad } from './ledger.js';

const LOAD_SECONDS = 20;

export async function benchAudit(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const { db } = env;
    const loaded = await loadScale(env.databaseUrl, 'wuhan');
    say(`loaded ${loaded.organizations.toLocaleString('en-US')} organizations and ${loaded.people.toLocaleString('en-US')} people`);
    await env.startStack();

    // The payroll as finance would send it, from the roll, with known differences: every 100th person
    // unpaid, every 100th (offset 50) paid by another unit, and 1,000 paid people nobody has on a roll.
    const { rows: holders } = await sql<{ id_number: string; name: string; organization_id: string; unit: string }>`
      select p.id_number, p.name, s.organization_id, o.name as unit
      from ledger.slots s join ledger.persons p on p.id = s.person_id join registry.organizations o on o.id = s.organization_id
      where s.exit_kind is null order by p.id_number`.execute(db);
    const lines = ['公民身份号码,姓名,发放单位,月份,应发金额'];
    let unpaid = 0;
    let elsewhere = 0;
    holders.forEach((h, i) => {
      if (i % 100 === 0) return void unpaid++;
      const other = holders[(i + 1) % holders.length]!;
      if (i % 100 === 50 && other.unit !== h.unit) {
        elsewhere++;
        return void lines.push(`${h.id_number},${h.name},${other.unit},2026-11,8000`);
      }
      lines.push(`${h.id_number},${h.name},${h.unit},2026-11,8000`);
    });
    const ghosts = 1_000;
    for (let g = 0; g < ghosts; g++) {
      const body = `99999919800101${String(g).padStart(4, '0')}`.slice(0, 17);
      lines.push(`${body}${idNumberCheckCharacter(body)},无编人员${g},${holders[g * 97]!.unit},2026-11,6000`);
    }
    const csv = Buffer.from(lines.join('\n'));
    say(`payroll: ${(lines.length - 1).toLocaleString('en-US')} rows, ${(csv.length / 1e6).toFixed(1)} MB CSV`);

    const { rows: [city] } = await sql<{ id: string }>`select id from registry.jurisdictions where level = 'city' limit 1`.execute(db);
    const inspector: Principal = { kind: 'user', id: 'bench-inspector', name: '压测督查', roles: ['inspector'], jurisdictionId: city!.id, organizationId: null };
    const token = await signInternalToken(BENCH_INTERNAL_SECRET, inspector, 'audit');
    const call = async <T>(path: string, input: unknown, method: 'GET' | 'POST'): Promise<T> => {
      const base = `http://127.0.0.1:${env.ports.audit}/trpc/${path}`;
      const body = JSON.stringify({ json: input });
      const response = method === 'POST' ? await fetch(base, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body }) : await fetch(`${base}?input=${encodeURIComponent(body)}`, { headers: { authorization: `Bearer ${token}` } });
      const parsed = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
      if (!parsed.result) throw new Error(`${path} failed: ${JSON.stringify(parsed.error).slice(0, 500)}`);
      return parsed.result.data.json;
    };

    const t0 = performance.now();
    const batch = await call<{ id: string; rows: number }>('audit.crosscheck.import', { kind: 'payroll', month: '2026-11', fileName: 'payroll.csv', contentBase64: csv.toString('base64') }, 'POST');
    const t1 = performance.now();
    let run = await call<{ id: string; state: string; counts: Record<string, number> }>('audit.crosscheck.run', { payrollBatchId: batch.id }, 'POST');
    while (run.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = await call('audit.crosscheck.status', { id: run.id }, 'GET');
    }
    const t2 = performance.now();
    if (run.state !== 'succeeded') throw new Error(`the cross-check run ${run.state}`);
    const expected = { paid_not_on_roll: ghosts, paid_elsewhere: elsewhere, on_roll_not_paid: unpaid };
    for (const [kind, count] of Object.entries(expected)) {
      if ((run.counts[kind] ?? 0) !== count) throw new Error(`cross-check found ${run.counts[kind] ?? 0} ${kind}, expected ${count}`);
    }

    // The same comparison as one SQL statement over the stored payroll rows and the roll: the baseline.
    const s0 = performance.now();
    await sql`
      with roll as (select p.id_number, s.organization_id from ledger.slots s join ledger.persons p on p.id = s.person_id where s.exit_kind is null),
           paid as (select id_number, organization_id from audit.crosscheck_rows where batch_id = ${batch.id})
      select
        (select count(*) from paid left join roll using (id_number) where roll.id_number is null) as paid_not_on_roll,
        (select count(*) from paid join roll using (id_number) where paid.organization_id <> roll.organization_id) as paid_elsewhere,
        (select count(*) from roll where roll.organization_id in (select organization_id from paid) and not exists (select 1 from paid where paid.id_number = roll.id_number)) as on_roll_not_paid`.execute(db);
    const sqlSeconds = (performance.now() - s0) / 1000;
    const total = (t2 - t0) / 1000;
    say(
      `cross-check of ${batch.rows.toLocaleString('en-US')} payroll rows: ${total.toFixed(1)} s (import ${((t1 - t0) / 1000).toFixed(1)} s, run ${((t2 - t1) / 1000).toFixed(1)} s; target < 30 s) | one SQL query for the same comparison ${sqlSeconds.toFixed(2)} s, ratio run/SQL ${((t2 - t1) / 1000 / sqlSeconds).toFixed(1)}; findings ${JSON.stringify(run.counts)} as planted`,
    );

    // Ingestion under the ledger's single-transfer load: the outbox must drain as fast as it fills.
    const { post, randomTransfer, stop } = await transferLoad(env);
    const eventsBefore = Number((await sql<{ n: string }>`select count(*) as n from audit.events`.execute(db)).rows[0]!.n);
    const backlog: number[] = [];
    const sampler = setInterval(() => void countUndelivered(db, 'ledger').then((n) => backlog.push(n)), 1000);
    let transfers = 0;
    const latencies: number[] = [];
    const deadline = performance.now() + LOAD_SECONDS * 1000;
    const l0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() < deadline) {
          const start = performance.now();
          await post([randomTransfer()], false);
          latencies.push(performance.now() - start);
          transfers++;
        }
      }),
    );
    const loadSeconds = (performance.now() - l0) / 1000;
    clearInterval(sampler);
    stop();
    const d0 = performance.now();
    while ((await countUndelivered(db, 'ledger')) > 0 && performance.now() - d0 < 120_000) await new Promise((resolve) => setTimeout(resolve, 100));
    const drainSeconds = (performance.now() - d0) / 1000;
    const eventsAfter = Number((await sql<{ n: string }>`select count(*) as n from audit.events`.execute(db)).rows[0]!.n);
    const half = Math.floor(backlog.length / 2);
    const firstHalfMax = Math.max(0, ...backlog.slice(0, half));
    const secondHalfMax = Math.max(0, ...backlog.slice(half));
    say(
      `ingestion under load: ${(transfers / loadSeconds).toFixed(0)} transfers/s at 32 clients (p50 ${percentile(latencies, 50).toFixed(1)} ms), audit stored ${((eventsAfter - eventsBefore) / (loadSeconds + drainSeconds)).toFixed(0)} events/s; ledger outbox backlog max ${firstHalfMax} in the first half, ${secondHalfMax} in the second, drained ${drainSeconds.toFixed(1)} s after the load stopped`,
    );
    const verify = await call<{ ok: boolean; checked: number }>('audit.log.verify', {}, 'GET').catch(() => null);
    if (verify) say(`chain after the run: ${verify.ok ? 'intact' : 'BROKEN'}, ${verify.checked.toLocaleString('en-US')} entries verified`);
  } finally {
    await env.close();
  }
}
