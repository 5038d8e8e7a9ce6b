import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@bianzhi/db/generated/audit';
import type { OrganizationRef } from '@bianzhi/contracts/registry';
import { idNumberCheckCharacter } from '@bianzhi/domain/identifiers';
import { createTestDatabase, type TestDatabase } from '@bianzhi/testing/database';
import { userPrincipal } from '@bianzhi/testing/principals';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import type { JurisdictionScope } from '../scope.js';
import { blockStatusOf } from '../violation/violation.service.js';
import { findingToViolation, importBatch, listFindings, runStatus, startRun, type RollPort } from './crosscheck.service.js';

let testDb: TestDatabase<DB>;
const cityId = randomUUID();
const units: OrganizationRef[] = [
  { id: randomUUID(), name: '市财政局', creditCode: '11330200MB0000001X', jurisdictionId: cityId, jurisdictionName: '示范市', status: 'active', kind: 'organ', institutionClass: null },
  { id: randomUUID(), name: '市统计局', creditCode: null, jurisdictionId: cityId, jurisdictionName: '示范市', status: 'active', kind: 'organ', institutionClass: null },
];
const [finance, statistics] = units as [OrganizationRef, OrganizationRef];
const id = (n: number) => {
  const body = `33020319850101${String(n).padStart(3, '0')}`;
  return body + idNumberCheckCharacter(body);
};

/** The registry's and the ledger's answers, held in memory (both ports are exercised over HTTP on the full stack). */
const scope: JurisdictionScope = {
  jurisdictionIdsOf: async () => [cityId],
  organizationOf: async (_p, organizationId) => units.find((u) => u.id === organizationId)!,
  lookupOrganizations: async (_p, input) => units.filter((u) => input.ids?.includes(u.id) || input.names?.includes(u.name) || (u.creditCode && input.creditCodes?.includes(u.creditCode))),
};
const roll: RollPort = {
  holders: async () => ({ idNumbers: [id(1), id(2), id(3)], names: ['甲', '乙', '丙'], organizationIds: [finance.id, finance.id, statistics.id] }),
  // 戊 is staff outside quota (编外人员) at finance: paid, on no roll, and no ghost.
  outsideQuotaHolders: async () => ({ idNumbers: [id(5)], names: ['戊'], organizationIds: [finance.id] }),
  postsOf: async () => [{ organizationId: finance.id, rank: 'deputy', posts: 1 }],
};
const inspector = userPrincipal('inspector', cityId, 'inspector-zhou');
const csv = (lines: string[]) => Buffer.from(lines.join('\n')).toString('base64');

async function finished(runId: string) {
  for (let i = 0; i < 100; i++) {
    const run = await runStatus(testDb.db, inspector, runId);
    if (run.state !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('run did not finish');
}

beforeAll(async () => {
  testDb = await createTestDatabase<DB>('audit-crosscheck');
});
afterAll(async () => testDb?.drop());

describe('cross-checks: payroll and cadre records against the roll', () => {
  it('refuses a file with bad rows, naming each cell, and stores nothing', async () => {
    const bad = csv(['身份证号,姓名,发放单位,月份,应发金额', `${id(1).slice(0, 17)}0,甲,市财政局,2026-11,8000`, `${id(2)},乙,不存在的单位,2026-11,8000`, `${id(3)},丙,市统计局,2026-10,abc`]);
    type Refusal = { code: string; detail: { problems: { row: number; column: string; message: { 'zh-CN': string } }[] } };
    const refusal = (await importBatch(testDb.db, scope, inspector, { kind: 'payroll', month: '2026-11', fileName: '工资.csv', contentBase64: bad }).then(
      () => null,
      (e: unknown) => e,
    )) as Refusal;
    expect(refusal).toMatchObject({ code: 'IMPORT_INVALID' });
    expect(refusal.detail.problems.map((p) => [p.row, p.column])).toEqual([
      [2, '公民身份号码'],
      [3, '发放单位'],
      [4, '月份'],
      [4, '应发金额'],
    ]);
    expect(refusal.detail.problems[1]!.message['zh-CN']).toContain('不存在的单位');
    expect(await testDb.db.selectFrom('audit.crosscheck_batches').selectAll().execute()).toEqual([]);
    await expect(importBatch(testDb.db, scope, inspector, { kind: 'payroll', month: '2026-11', fileName: 'x.csv', contentBase64: csv(['姓名,金额', '甲,1']) })).rejects.toMatchObject({ localized: { 'zh-CN': '缺少列：公民身份号码、发放单位' } });
  });

  it('imports an Excel payroll and a CSV cadre file, runs with progress, and lists each kind of finding', async () => {
    // 甲 paid by their own unit; 乙 (on the finance roll) not paid; 丙 holds a slot at statistics but is paid by finance; 丁 holds no slot;
    // 戊 holds no slot either but is finance's staff outside quota.
    const book = await simpleWorkbook('工资发放', [{ header: '公民身份号码' }, { header: '姓名' }, { header: '单位名称' }, { header: '发放月份' }, { header: '应发工资' }], [
      [id(1), '甲', '市财政局', '2026年11月', '8,000.00'],
      [id(3), '丙', '11330200MB0000001X', '2026-11', '7500'],
      [id(4), '丁', '市财政局', '202611', '6000'],
      [id(5), '戊', '市财政局', '2026-11', '4200'],
    ]);
    const payroll = await importBatch(testDb.db, scope, inspector, { kind: 'payroll', month: '2026-11', fileName: '11月统发.xlsx', contentBase64: book.toString('base64') });
    expect(payroll).toMatchObject({ kind: 'payroll', rows: 4, units: 1 });
    const cadres = await importBatch(testDb.db, scope, inspector, { kind: 'cadre', month: '2026-11', fileName: '干部.csv', contentBase64: csv(['公民身份号码,姓名,任职单位,职级,职务', `${id(1)},甲,市财政局,副职,副局长`, `${id(2)},乙,市财政局,副职,副局长`]) });
    expect(cadres).toMatchObject({ kind: 'cadre', rows: 2 });

    const started = await startRun(testDb.db, scope, roll, inspector, { payrollBatchId: payroll.id, cadreBatchId: cadres.id });
    expect(['running', 'succeeded']).toContain(started.state);
    const run = await finished(started.id);
    expect(run).toMatchObject({ state: 'succeeded', percent: 100, counts: { paid_not_on_roll: 1, paid_elsewhere: 1, on_roll_not_paid: 1, beyond_posts: 1 } });

    const all = await listFindings(testDb.db, inspector, { runId: run.id, limit: 100, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.items.map((f) => f.name)).not.toContain('戊');
    const byKind = Object.fromEntries(all.items.map((f) => [f.kind, f]));
    expect(byKind['paid_not_on_roll']).toMatchObject({ organizationName: '市财政局', name: '丁', idNumber: id(4), detail: { amount: 6000 } });
    expect(byKind['paid_elsewhere']).toMatchObject({ organizationName: '市财政局', name: '丙', detail: { rollOrganizationName: '市统计局' } });
    expect(byKind['on_roll_not_paid']).toMatchObject({ organizationName: '市财政局', name: '乙' });
    expect(byKind['beyond_posts']).toMatchObject({ organizationName: '市财政局', detail: { rank: 'deputy', posts: 1, appointed: 2 } });
    expect((await listFindings(testDb.db, inspector, { runId: run.id, kind: 'paid_elsewhere', limit: 100, offset: 0 })).total).toBe(1);

    // Another user cannot read this run.
    await expect(runStatus(testDb.db, userPrincipal('inspector', cityId, 'someone-else'), run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('turns a finding into a violation in one step, once, which blocks the unit’s approvals', async () => {
    const [run] = await testDb.db.selectFrom('audit.crosscheck_runs').select('id').execute();
    const { items } = await listFindings(testDb.db, inspector, { runId: run!.id, kind: 'paid_not_on_roll', limit: 1, offset: 0 });
    const violation = await findingToViolation(testDb.db, scope, inspector, { findingId: items[0]!.id, deadline: '2027-01-31' });
    expect(violation).toMatchObject({ kind: 'ghost_employee', organizationId: finance.id, findingId: items[0]!.id, status: 'open', title: '财政统发工资人员丁不在实名制名册' });
    expect(violation.description).not.toContain(id(4));
    expect((await blockStatusOf(testDb.db, finance.id)).blocked).toBe(true);
    expect((await listFindings(testDb.db, inspector, { runId: run!.id, kind: 'paid_not_on_roll', limit: 1, offset: 0 })).items[0]!.violationId).toBe(violation.id);
    await expect(findingToViolation(testDb.db, scope, inspector, { findingId: items[0]!.id, deadline: '2027-01-31' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a unit name two units share, asking for the credit code', async () => {
    units.push({ ...statistics, id: randomUUID(), jurisdictionName: '海曙区' });
    try {
      const attempt = importBatch(testDb.db, scope, inspector, { kind: 'payroll', month: '2026-11', fileName: 'x.csv', contentBase64: csv(['身份证号,姓名,单位', `${id(3)},丙,市统计局`]) });
      await expect(attempt).rejects.toMatchObject({ code: 'IMPORT_INVALID', detail: { problems: [{ row: 2, message: { 'zh-CN': expect.stringContaining('请改填统一社会信用代码') } }] } });
    } finally {
      units.pop();
    }
  });
});
