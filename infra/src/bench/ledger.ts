// `npm run bench -- ledger`: transfers through the quota-ledger service (HTTP, internal token, the
// full write path) at 1, 8 and 32 clients and in linked batches of 8,000 (one client, then two), against `pgbench` TPC-B
// on the same PostgreSQL in the same run (LEDGER.md, "Benchmark").
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { ensureDatabase } from '@bianzhi/db/embedded-postgres';
import { servicePrincipal, signInternalToken } from '@bianzhi/trpc/internal-token';
import { createJurisdiction } from '@bianzhi/registry/jurisdiction/jurisdiction.service';
import { say } from '../lib/log.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, closeConnections, percentile, pgbenchPath, postJson, run, settle, type BenchEnvironment } from './common.js';

const UNITS = 1_000;
const SECONDS = 12;
const ROUNDS = 3;

/**
 * A thousand funded units under one jurisdiction, written directly, and a client for
 * ledger.transfer.create with an internal token: the load the ledger and audit benchmarks drive.
 */
export async function transferLoad(env: BenchEnvironment) {
  const { db } = env;
  // One city's pools and a thousand units; the hot pool is `unallocated`. The city is the registry's
  // (the authority table lets its total come only into a city's own pools).
  const jurisdictionId = (await createJurisdiction(db, servicePrincipal('bench'), { parentId: null, level: 'city', code: '421100', name: '压测转账市' })).id;
  const pools = ['external', 'unallocated'].map((kind) => ({ id: randomUUID(), ledger: 'administrative', holder_kind: 'pool', holder_id: jurisdictionId, jurisdiction_id: jurisdictionId, kind, debits_must_not_exceed_credits: kind !== 'external' }));
  const units = Array.from({ length: UNITS }, () => ({ id: randomUUID(), ledger: 'administrative', holder_kind: 'organization', holder_id: randomUUID(), jurisdiction_id: jurisdictionId, kind: 'vacant', debits_must_not_exceed_credits: true }));
  await sql`insert into ledger.accounts (id, ledger, holder_kind, holder_id, jurisdiction_id, kind, debits_must_not_exceed_credits)
    select * from jsonb_to_recordset(${JSON.stringify([...pools, ...units])}::jsonb) as x(id uuid, ledger text, holder_kind text, holder_id uuid, jurisdiction_id uuid, kind text, debits_must_not_exceed_credits boolean)`.execute(db);
  if (!env.stackStarted()) await env.startStack();

  const url = `http://127.0.0.1:${env.ports.ledger}/trpc/ledger.transfer.create`;
  let token = await signInternalToken(BENCH_INTERNAL_SECRET, servicePrincipal('bench'), 'quota-ledger');
  const refresh = setInterval(async () => (token = await signInternalToken(BENCH_INTERNAL_SECRET, servicePrincipal('bench'), 'quota-ledger')), 30_000);
  const post = async (transfers: unknown[], linked: boolean) => {
    const body = (await postJson(url, { authorization: `Bearer ${token}` }, { json: { transfers, linked } })) as { result?: { data: { json: { status: string }[] } } };
    if (!body.result) throw new Error(`transfer call failed: ${JSON.stringify(body).slice(0, 300)}`);
    return body.result.data.json;
  };
  // The platform applying approved matters' movements: each cites its matter (the authority table asks for one).
  const single = (debit: string, credit: string, amount: number, code: string) => ({ kind: 'single', id: randomUUID(), debitAccountId: debit, creditAccountId: credit, amount, code, approvalRef: 'bench/approved-matter' });
  // Fund every unit generously, so that the timed phase measures the write path, not refusals.
  await post(Array.from({ length: 12 }, () => single(pools[0]!.id, pools[1]!.id, 1_000_000, 'approve_total')), true);
  for (let i = 0; i < UNITS; i += 500) await post(units.slice(i, i + 500).map((u) => single(pools[1]!.id, u.id, 10_000, 'allocate')), true);
  // As `pgbench -i` vacuums what it loaded: no autovacuum of the funding rows during a timed phase.
  await sql`vacuum analyze ledger.accounts, ledger.transfers, ledger.entries, ledger.outbox`.execute(db);

  // A tenth of transfers touch the hot pool; the rest move quota between two random units.
  const randomTransfer = () => {
    const a = units[Math.floor(Math.random() * UNITS)]!.id;
    if (Math.random() < 0.1) return single(pools[1]!.id, a, 1, 'allocate');
    let b = units[Math.floor(Math.random() * UNITS)]!.id;
    while (b === a) b = units[Math.floor(Math.random() * UNITS)]!.id;
    return single(a, b, 1, 'transfer');
  };
  return {
    post,
    randomTransfer,
    stop: () => {
      clearInterval(refresh);
      closeConnections();
    },
  };
}

export async function benchLedger(): Promise<void> {
  const env = await benchEnvironment();
  try {
    const { db } = env;
    const { post, randomTransfer, stop } = await transferLoad(env);
    const rows: string[] = [];
    // A phase starts from a checkpoint, as a server that has run for a while is: the WAL segments the
    // phase before filled are recycled, not created by writing 16 MB of zeros each, which only a
    // fresh cluster does, once (a fifth of a batch phase's time when it ran right after the singles).
    const quiesce = async () => {
      await settle();
      await sql`checkpoint`.execute(db);
    };
    // Autovacuum starts when it will, on either core: the batch lines say how often it ran meanwhile.
    const vacuumRuns = async () => {
      await sql`select pg_stat_clear_snapshot()`.execute(db);
      const { rows: counts } = await sql<{ n: number }>`select coalesce(sum(autovacuum_count + autoanalyze_count), 0)::int as n from pg_stat_all_tables`.execute(db);
      return counts[0]!.n;
    };
    const pgbench = pgbenchPath();
    if (pgbench) {
      await ensureDatabase(env.adminUrl, 'pgbench');
      const target = new URL(env.adminUrl);
      const base = ['-h', target.hostname, '-p', target.port, '-U', decodeURIComponent(target.username)];
      process.env.PGPASSWORD = decodeURIComponent(target.password);
      await run(pgbench, [...base, '-i', '-q', '-s', '10', 'pgbench']);
      say('pgbench TPC-B initialised (scale 10)');
    } else say('pgbench not found (Debian: apt-get install -y postgresql-client); reporting without the ratio');

    // The machine's speed drifts (shared cores): each client count alternates pgbench and the ledger
    // in ROUNDS slices of SECONDS / ROUNDS each, so that both meet the same conditions.
    for (const clients of [1, 8, 32]) {
      // Each phase starts quiet: the audit service has taken in the events of the phase before.
      await quiesce();
      const pgbenchTps: number[] = [];
      const latencies: number[] = [];
      let failed = 0;
      for (let round = 0; round < ROUNDS; round++) {
        if (pgbench) {
          const target = new URL(env.adminUrl);
          const out = await run(pgbench, ['-h', target.hostname, '-p', target.port, '-U', decodeURIComponent(target.username), '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(SECONDS / ROUNDS), '-n', 'pgbench']);
          // Its tps leaves out connecting, so the baseline is not lowered by the short slices.
          pgbenchTps.push(Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 'NaN'));
        }
        const deadline = performance.now() + (SECONDS / ROUNDS) * 1000;
        await Promise.all(
          Array.from({ length: clients }, async () => {
            while (performance.now() < deadline) {
              const t0 = performance.now();
              const [result] = await post([randomTransfer()], false);
              latencies.push(performance.now() - t0);
              if (result!.status !== 'created') failed += 1;
            }
          }),
        );
      }
      const rate = latencies.length / SECONDS;
      const tps = pgbench ? pgbenchTps.reduce((a, b) => a + b, 0) / ROUNDS : null;
      rows.push(`single transfers, ${String(clients).padStart(2)} clients: ${rate.toFixed(0).padStart(6)} transfers/s  p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  refused ${failed}  | pgbench TPC-B ${tps === null ? 'n/a' : `${tps.toFixed(0)} tps, ratio ${(rate / tps).toFixed(2)}`}`);
      say(rows.at(-1)!);
    }

    await quiesce();
    let vacuums = await vacuumRuns();
    const batchTimes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const batch = Array.from({ length: 8_000 }, randomTransfer);
      const t0 = performance.now();
      const results = await post(batch, true);
      batchTimes.push(performance.now() - t0);
      if (results.some((r) => r.status !== 'created')) throw new Error('a linked batch failed');
    }
    const perBatch = percentile(batchTimes.slice(1), 50);
    rows.push(`linked batches of 8,000, 1 client: ${(8_000 / (perBatch / 1000)).toFixed(0)} transfers/s (median batch ${perBatch.toFixed(0)} ms, first batch ${batchTimes[0]!.toFixed(0)} ms; batches ${batchTimes.map((t) => t.toFixed(0)).join(', ')} ms; autovacuum runs meanwhile ${(await vacuumRuns()) - vacuums})`);
    say(rows.at(-1)!);
    // Two clients, as tigerbeetle benchmark runs several: one batch's request is read and checked
    // while the other's statement runs. Batches touching the same accounts still commit one at a time.
    await quiesce();
    vacuums = await vacuumRuns();
    const clientBatches = 4;
    const started = performance.now();
    const twoClientTimes: number[] = [];
    await Promise.all(
      [0, 1].map(async () => {
        for (let i = 0; i < clientBatches; i++) {
          const batch = Array.from({ length: 8_000 }, randomTransfer);
          const t0 = performance.now();
          const results = await post(batch, true);
          twoClientTimes.push(performance.now() - t0);
          if (results.some((r) => r.status !== 'created')) throw new Error('a linked batch failed');
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    rows.push(`linked batches of 8,000, 2 clients: ${((2 * clientBatches * 8_000) / elapsed).toFixed(0)} transfers/s (${2 * clientBatches} batches in ${elapsed.toFixed(2)} s, p50 ${percentile(twoClientTimes, 50).toFixed(0)} ms per batch; autovacuum runs meanwhile ${(await vacuumRuns()) - vacuums})`);
    say(rows.at(-1)!);
    stop();

    const { rows: problems } = await sql<{ n: number }>`select count(*)::int as n from ledger.accounts where debits_must_not_exceed_credits and debits_posted + debits_pending > credits_posted`.execute(db);
    say(`limit breaches after the run: ${problems[0]!.n}`);
  } finally {
    await env.close();
  }
}
