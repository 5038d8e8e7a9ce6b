// `npm run bench -- events` (node infra/bootstrap/run.mjs bench events): 出入编联动 delivery throughput.
// A local receiving server checks signatures and answers 204; one subscription takes every quota
// change of the load's city. (1) Baseline, in the same run: a bare loop of signed HTTP POSTs of the
// same size to the same receiver, 32 at a time (the dispatcher's parallelism). (2) The ledger under
// single-transfer load at 32 clients for 20 s: events delivered per second during the load, and the
// time the queue takes to drain after it (docs/integration.md).
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Principal } from '@bianzhi/domain/access';
import { signInternalToken } from '@bianzhi/trpc/internal-token';
import { say } from '../lib/log.js';
import { BENCH_INTERNAL_SECRET, benchEnvironment, percentile } from './common.js';
import { transferLoad } from './ledger.js';

const LOAD_SECONDS = 20;
const BASELINE_SECONDS = 5;

export async function benchEvents(): Promise<void> {
  // The stack's processes inherit the environment: the receiver is on 127.0.0.1, and the dispatcher looks every 200 ms.
  process.env.LINKAGE_ALLOW_LOCAL_TARGETS = 'true';
  process.env.LINKAGE_POLL_MS = '200';
  const env = await benchEnvironment();
  let secret = '';
  let received = 0;
  let badSignatures = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received++;
      // Every 50th is checked as a receiver would (the check is not what is measured).
      if (received % 50 === 0 && secret) {
        const expected = `v1=${createHmac('sha256', secret).update(`${String(req.headers['webhook-timestamp'])}.${body}`).digest('hex')}`;
        if (req.headers['webhook-signature'] !== expected) badSignatures++;
      }
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  try {
    const { db } = env;
    const { post, randomTransfer, stop } = await transferLoad(env);
    const { rows: [city] } = await sql<{ id: string }>`select id from registry.jurisdictions where code = '421100'`.execute(db);
    // The load's units were opened straight in SQL (no opening events): tell the mapper whose accounts they are.
    await sql`insert into audit.event_accounts (account_id, organization_id, ledger, kind)
      select id, holder_id, ledger, kind from ledger.accounts where holder_kind = 'organization' and jurisdiction_id = ${city!.id}
      on conflict do nothing`.execute(db);

    const admin: Principal = { kind: 'user', id: 'bench-admin', name: '压测编办', roles: ['city_admin'], jurisdictionId: city!.id, organizationId: null };
    const token = await signInternalToken(BENCH_INTERNAL_SECRET, admin, 'audit');
    const response = await fetch(`http://127.0.0.1:${env.ports.audit}/trpc/audit.subscription.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: '压测接收系统', url: receiverUrl, eventTypes: ['cn.gov.bianzhi.quota.changed'], jurisdictionIds: [city!.id] } }),
    });
    const created = (await response.json()) as { result?: { data: { json: { id: string; secret: string } } } };
    if (!created.result) throw new Error(`subscription refused: ${JSON.stringify(created).slice(0, 300)}`);
    secret = created.result.data.json.secret;

    // Baseline: signed POSTs of an event's size straight to the receiver, 32 at a time.
    const sample = JSON.stringify({ specversion: '1.0', id: crypto.randomUUID(), source: '/bianzhi/ledger', type: 'cn.gov.bianzhi.quota.changed', subject: `organization/${crypto.randomUUID()}`, time: new Date().toISOString(), datacontenttype: 'application/json', sequence: '1', data: { organizationId: crypto.randomUUID(), changes: [{ quotaType: 'administrative', code: 'transfer', delta: 1 }], documentNumber: null, effectiveDate: '2026-12-10' } });
    const before = received;
    const b0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() - b0 < BASELINE_SECONDS * 1000) {
          const ts = Math.floor(Date.now() / 1000);
          await fetch(receiverUrl, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json', 'webhook-timestamp': String(ts), 'webhook-signature': `v1=${createHmac('sha256', secret).update(`${ts}.${sample}`).digest('hex')}` }, body: sample });
        }
      }),
    );
    const baseline = (received - before) / ((performance.now() - b0) / 1000);

    // The ledger under load; the dispatcher delivers what the log gains.
    const start = received;
    const latencies: number[] = [];
    let transfers = 0;
    const l0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() - l0 < LOAD_SECONDS * 1000) {
          const t = performance.now();
          await post([randomTransfer()], false);
          latencies.push(performance.now() - t);
          transfers++;
        }
      }),
    );
    const loadSeconds = (performance.now() - l0) / 1000;
    const duringLoad = received - start;
    stop();
    // Drain: until every quota change of the load is delivered (two per unit-to-unit transfer, one per allocation).
    const d0 = performance.now();
    const queued = async () => Number((await sql<{ n: string }>`select count(*) filter (where status <> 'delivered') as n from audit.event_deliveries`.execute(db)).rows[0]!.n);
    const cursorBehind = async () => Number((await sql<{ n: string }>`select (select seq from audit.chain_head) - (select seq from audit.event_cursor) as n`.execute(db)).rows[0]!.n);
    let undeliveredAtEnd = await queued();
    while (performance.now() - d0 < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      undeliveredAtEnd = await queued();
      if (undeliveredAtEnd === 0 && (await cursorBehind()) === 0 && (await sql`select 1 from ledger.outbox where delivered_at is null limit 1`.execute(db)).rows.length === 0) break;
    }
    const drainSeconds = (performance.now() - d0) / 1000;
    const delivered = Number((await sql<{ n: string }>`select count(*) as n from audit.event_deliveries where status = 'delivered'`.execute(db)).rows[0]!.n);
    say(
      `events delivered under load: ${(duringLoad / loadSeconds).toFixed(0)} events/s during ${loadSeconds.toFixed(0)} s of ${(transfers / loadSeconds).toFixed(0)} transfers/s at 32 clients (p50 ${percentile(latencies, 50).toFixed(1)} ms); ${delivered.toLocaleString('en-US')} delivered in all, ${(delivered / (loadSeconds + drainSeconds)).toFixed(0)} events/s including the ${drainSeconds.toFixed(1)} s drain after the load; ${undeliveredAtEnd} left undelivered; ${badSignatures} bad signatures | baseline: bare signed POSTs to the same receiver ${baseline.toFixed(0)}/s at 32 concurrent`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await env.close();
  }
}
