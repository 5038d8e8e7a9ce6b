import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '@bianzhi/db/generated/audit';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { exportEntries } from './log-export.js';
import { listEntries } from './log.repository.js';
import { ingestEvents, verifyChain } from './log.service.js';
import { ephemeralHeadSigner, signDayHead, unsignedDays } from './signed-head.js';

let testDb: TestDatabase<DB>;
const signer = ephemeralHeadSigner();
const unitA = randomUUID();
const unitB = randomUUID();
const cityId = randomUUID();
const districtId = randomUUID();

const event = (n: number, overrides: Partial<Parameters<typeof ingestEvents>[1][number]> = {}) => ({
  id: randomUUID(),
  source: 'ledger' as const,
  type: n % 2 ? 'ledger.transfer.posted' : 'ledger.person.entered',
  aggregateType: 'transfer',
  aggregateId: `t-${n}`,
  jurisdictionId: n % 3 ? cityId : districtId,
  actor: { kind: 'user' as const, id: n % 2 ? 'u-zhang' : 'u-li', name: n % 2 ? '张敏' : '李强' },
  payload: { organizationId: n % 2 ? unitA : unitB, amount: n },
  occurredAt: new Date(Date.UTC(2026, 10, 1 + n)).toISOString(),
  ...overrides,
});

/** A superuser with the triggers off: what the chain must make visible. */
async function asSuperuser(statement: ReturnType<typeof sql>) {
  await testDb.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = 'replica'`.execute(trx);
    await statement.execute(trx);
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-tamper');
});
afterAll(async () => testDb?.drop());

beforeEach(async () => {
  await asSuperuser(sql`truncate audit.events, audit.signed_heads`);
  await sql`update audit.chain_head set seq = 0, hash = ${'0'.repeat(64)}`.execute(testDb.db);
  await ingestEvents(testDb.db, Array.from({ length: 10 }, (_, i) => event(i + 1)));
});

describe('the audit chain under tampering', () => {
  it('verifies an untouched chain of ten entries', async () => {
    expect(await verifyChain(testDb.db, signer)).toMatchObject({ ok: true, checked: 10, firstBrokenSeq: null, signedHeadMismatches: [] });
  });

  it('names the edited row', async () => {
    await asSuperuser(sql`update audit.events set payload = jsonb_set(payload, '{amount}', '99') where seq = 6`);
    expect(await verifyChain(testDb.db, signer)).toMatchObject({ ok: false, firstBrokenSeq: 6 });
  });

  it('names the position of a deleted row', async () => {
    await asSuperuser(sql`delete from audit.events where seq = 4`);
    // Entry 5 no longer follows from entry 3.
    expect(await verifyChain(testDb.db, signer)).toMatchObject({ ok: false, firstBrokenSeq: 5, checked: 9 });
  });

  it('names the first of two swapped rows', async () => {
    await asSuperuser(sql`update audit.events set seq = case seq when 7 then -8 when 8 then -7 end where seq in (7, 8)`);
    await asSuperuser(sql`update audit.events set seq = -seq where seq < 0`);
    expect(await verifyChain(testDb.db, signer)).toMatchObject({ ok: false, firstBrokenSeq: 7 });
  });

  it('notices a cut tail through the head row', async () => {
    await asSuperuser(sql`delete from audit.events where seq > 8`);
    expect(await verifyChain(testDb.db, signer)).toMatchObject({ ok: false, firstBrokenSeq: 9 });
  });

  it('catches an edit whose author recomputed every later hash, through the signed daily head', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'audit-heads-'));
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const signed = await signDayHead(testDb.db, signer, today, dir);
    expect(signed).toMatchObject({ day: today, seq: 10, keyId: signer.keyId });
    const file = JSON.parse(await readFile(path.join(dir, `audit-head-${today}.json`), 'utf8')) as typeof signed & { publicKey: string };
    expect(file).toMatchObject({ hash: signed.hash, signature: signed.signature });
    expect(file.publicKey).toContain('PUBLIC KEY');

    // Rewrite entry 3 and recompute the chain from there, as someone with the code and the database could.
    const { chainHash } = await import('./chain.js');
    const rows = await testDb.db.selectFrom('audit.events').selectAll().orderBy('seq').execute();
    let prev = rows[1]!.hash;
    await testDb.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = 'replica'`.execute(trx);
      for (const row of rows.slice(2)) {
        const payload = row.seq === 3 ? { ...(row.payload as object), amount: 300 } : row.payload;
        const hash = chainHash(prev, { eventId: row.event_id, source: row.source, eventType: row.event_type, aggregateType: row.aggregate_type, aggregateId: row.aggregate_id, jurisdictionId: row.jurisdiction_id, actor: row.actor, payload, occurredAt: row.occurred_at });
        await sql`update audit.events set payload = ${JSON.stringify(payload)}::jsonb, prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`.execute(trx);
        prev = hash;
      }
      await sql`update audit.chain_head set hash = ${prev}`.execute(trx);
      // The stored signed heads are removed too; the file kept outside still shows the edit.
      await sql`delete from audit.signed_heads`.execute(trx);
    });
    expect(await verifyChain(testDb.db, signer)).toMatchObject({ ok: true, firstBrokenSeq: null });
    const withFile = await verifyChain(testDb.db, signer, { day: file.day, seq: file.seq, hash: file.hash, keyId: file.keyId, signature: file.signature });
    expect(withFile).toMatchObject({ ok: false, firstBrokenSeq: null, signedHeadMismatches: [{ day: today, seq: 10 }] });
  });

  it('refuses a signed head whose signature does not match, and one from another key', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const signed = await signDayHead(testDb.db, signer, today);
    await expect(verifyChain(testDb.db, signer, { ...signed, seq: 9 })).rejects.toMatchObject({ code: 'SIGNED_HEAD_INVALID' });
    const other = ephemeralHeadSigner().sign({ day: today, seq: 10, hash: signed.hash });
    await expect(verifyChain(testDb.db, signer, other)).rejects.toMatchObject({ code: 'SIGNED_HEAD_INVALID' });
  });

  it('signs each ended day once, catching up days the service missed', async () => {
    await asSuperuser(sql`update audit.events set received_at = now() - interval '3 days'`);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const days = await unsignedDays(testDb.db, today);
    expect(days.length).toBeGreaterThanOrEqual(3);
    expect(days).not.toContain(today);
    const first = await signDayHead(testDb.db, signer, days[0]!);
    expect(await signDayHead(testDb.db, signer, days[0]!)).toEqual(first);
    expect(await unsignedDays(testDb.db, today)).toEqual(days.slice(1));
  });
});

describe('the audit log viewer', () => {
  it('filters by actor (id or part of the name), unit, type and time, newest first, within the caller’s jurisdictions', async () => {
    const all = await listEntries(testDb.db, { jurisdictionIds: null, limit: 100 });
    expect(all.map((e) => e.seq)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await listEntries(testDb.db, { jurisdictionIds: null, actor: '张', limit: 100 })).map((e) => e.seq)).toEqual([9, 7, 5, 3, 1]);
    expect((await listEntries(testDb.db, { jurisdictionIds: null, actor: 'u-li', limit: 100 })).map((e) => e.seq)).toEqual([10, 8, 6, 4, 2]);
    expect((await listEntries(testDb.db, { jurisdictionIds: null, organizationId: unitB, eventType: 'ledger.person.entered', limit: 100 })).map((e) => e.seq)).toEqual([10, 8, 6, 4, 2]);
    const window = await listEntries(testDb.db, { jurisdictionIds: null, from: new Date(Date.UTC(2026, 10, 4)), to: new Date(Date.UTC(2026, 10, 7)), limit: 100 });
    expect(window.map((e) => e.seq)).toEqual([5, 4, 3]);
    expect((await listEntries(testDb.db, { jurisdictionIds: [districtId], limit: 100 })).map((e) => e.seq)).toEqual([9, 6, 3]);
    expect(await listEntries(testDb.db, { jurisdictionIds: [], limit: 100 })).toEqual([]);
    expect((await listEntries(testDb.db, { jurisdictionIds: null, beforeSeq: 4, limit: 2 })).map((e) => e.seq)).toEqual([3, 2]);
    // A name with LIKE's wildcard characters matches literally.
    expect(await listEntries(testDb.db, { jurisdictionIds: null, actor: '%', limit: 100 })).toEqual([]);
  });

  it('exports the filtered log to Excel with each entry’s hash', async () => {
    const file = await exportEntries(testDb.db, { jurisdictionIds: null, actor: '李强', limit: 100 });
    expect(file.rows).toBe(5);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('审计日志')!;
    expect(sheet.getRow(2).values).toContain('操作人');
    expect(sheet.getRow(3).getCell(1).value).toBe(10);
    expect(sheet.getRow(3).getCell(7).value).toBe('李强');
    expect(String(sheet.getRow(3).getCell(9).value)).toMatch(/^[0-9a-f]{64}$/);
  });
});
