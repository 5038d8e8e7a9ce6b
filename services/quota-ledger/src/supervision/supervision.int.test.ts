import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Principal } from '@bianzhi/domain/access';
import { createTransfers } from '../transfer/transfer.service.js';
import { ledgerHarness, refusal, system } from '../test/ledger-harness.js';

/** 控编减编任务 and 季度监控 against PostgreSQL: progress from the ledger, frozen once per quarter, scoped by jurisdiction. */
let h: Awaited<ReturnType<typeof ledgerHarness>>;
const platform = () => h.callerAs(system);
const api = () => h.callerAs(h.bureau());
const otherDistrict = randomUUID();
const outsider: Principal = { kind: 'user', id: 'other-bureau', name: '他区编办', roles: ['district_admin'], jurisdictionId: otherDistrict, organizationId: null };
const unit = (i: number) => h.units[i]!.organizationId;
const quotaTarget = () => ({ organizationId: unit(0), ledger: 'administrative' as const, measure: 'quota' as const, amount: 6, startDate: '2026-10-01', deadline: '2027-06-30', basisDocument: '示编发〔2026〕5号' });
const targetId = randomUUID();
const staffTargetId = randomUUID();

async function recover(i: number, amount: number, effectiveDate: string) {
  const [result] = await createTransfers(h.deps, system, { linked: false, transfers: [{ kind: 'single', id: randomUUID(), debitAccountId: h.units[i]!.vacant, creditAccountId: h.pool('unallocated'), amount, code: 'recover', effectiveDate, approvalRef: 'test' }] });
  expect(result!.status).toBe('created');
}

async function outbox(type: string) {
  return h.db.selectFrom('ledger.outbox').select(['aggregate_id', 'payload']).where('event_type', '=', type).execute();
}

beforeAll(async () => {
  h = await ledgerHarness('ledger-supervision', { units: 3 });
  await h.allocate(0, 10, '2026-09-01');
  await h.allocate(1, 3, '2026-09-01');
  await h.allocate(2, 2, '2026-09-01');
  // The other district's bureau sees only its own jurisdiction; the platform and this city's bureau see all.
  const all = h.scope.jurisdictionIdsOf;
  h.scope.jurisdictionIdsOf = async (p) => (p.id === outsider.id ? [otherDistrict] : all(p));
});
afterAll(async () => h?.drop());

describe('reduction targets', () => {
  it('are set only by the platform (the effect of an approved matter), once per matter', async () => {
    const input = { id: targetId, title: '测试单位1控编减编', target: quotaTarget(), documentNumber: '示编〔2026〕60号' };
    expect((await refusal(api().ledger.target.record(input))).code).toBe('FORBIDDEN');
    expect(await platform().ledger.target.record(input)).toEqual({ id: targetId, created: true });
    expect(await platform().ledger.target.record(input)).toEqual({ id: targetId, created: false });
    expect(await outbox('ledger.target.recorded')).toHaveLength(1);
    const none = await refusal(platform().ledger.target.record({ ...input, id: randomUUID(), target: { ...quotaTarget(), ledger: 'institution' } }));
    expect(none.domainCode).toBe('REDUCTION_TARGET_INVALID');
    expect(none.zh).toContain('没有此类编制账户');
  });

  it('checks a target as filed: in the filer’s reach, and no more than the unit holds', async () => {
    expect(await api().ledger.target.check(quotaTarget())).toEqual({ current: 10, refusal: null });
    // A target that would not hold answers its refusal in both languages, for the matter to relay.
    const above = (await api().ledger.target.check({ ...quotaTarget(), amount: 11 })).refusal;
    expect(above).toMatchObject({ code: 'REDUCTION_TARGET_INVALID', localized: { 'zh-CN': expect.stringContaining('超过现有编制数10'), en: expect.stringContaining('(10)') } });
    expect((await refusal(h.callerAs(outsider).ledger.target.check(quotaTarget()))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await refusal(h.callerAs(outsider).ledger.target.check({ ...quotaTarget(), organizationId: undefined, jurisdictionId: h.jurisdictionId }))).domainCode).toBe('OUT_OF_SCOPE');
    expect((await api().ledger.target.check({ ...quotaTarget(), ledger: 'institution' })).refusal?.code).toBe('REDUCTION_TARGET_INVALID');
    expect((await refusal(api().ledger.target.check({ ...quotaTarget(), deadline: '2026-09-01' }))).code).toBe('BAD_REQUEST');
  });

  it('computes progress from the ledger: a recovery counts on its date, the pace and what remains', async () => {
    await recover(0, 1, '2026-11-02');
    const [target] = await api().ledger.target.list({ asOf: '2026-11-23' });
    // 54 of 273 days: a steady pace would have reached floor(6 × 54 / 273) = 1.
    expect(target).toMatchObject({ id: targetId, before: 10, now: 9, achieved: 1, remaining: 5, expected: 1, quartersLeft: 3, pacePerQuarter: 2, status: 'on_pace', flaggedAt: null });
    // As of the day before the recovery, nothing was achieved yet, and a steady pace expected nothing yet either.
    expect((await api().ledger.target.list({ asOf: '2026-11-01' }))[0]).toMatchObject({ achieved: 0, expected: 0, status: 'on_pace' });
    // Without it, mid-December would be behind: floor(6 × 76 / 273) = 1.
    expect((await api().ledger.target.list({ asOf: '2026-12-15' }))[0]).toMatchObject({ achieved: 1, expected: 1, status: 'on_pace' });
  });

  it('freezes a quarter end once: behind flags the unit', async () => {
    expect((await refusal(platform().ledger.target.freeze({ id: targetId, day: '2026-12-31' }))).zh).toContain('尚未结束');
    h.setNow(new Date('2027-01-01T02:00:00Z'));
    const frozen = await platform().ledger.target.freeze({ id: targetId, day: '2026-12-31' });
    expect(frozen).toMatchObject({ status: 'behind', remaining: 5 });
    // A late back-dated cut does not change what was frozen.
    await recover(0, 1, '2026-12-30');
    expect(await platform().ledger.target.freeze({ id: targetId, day: '2026-12-31' })).toMatchObject({ status: 'behind', remaining: 5 });
    expect((await api().ledger.target.get({ id: targetId })).flaggedAt).toBe('2026-12-31');
    expect((await refusal(platform().ledger.target.freeze({ id: targetId, day: '2026-11-15' }))).domainCode).toBe('REDUCTION_TARGET_INVALID');
    expect((await refusal(api().ledger.target.freeze({ id: targetId, day: '2027-03-31' }))).code).toBe('FORBIDDEN');
    expect(await outbox('ledger.target.frozen')).toHaveLength(1);
  });

  it('hides another jurisdiction’s targets', async () => {
    expect(await h.callerAs(outsider).ledger.target.list({})).toEqual([]);
    expect((await refusal(h.callerAs(outsider).ledger.target.get({ id: targetId }))).code).toBe('NOT_FOUND');
  });

  it('counts exits not refilled for a people target, and a missed deadline stays missed', async () => {
    const slots = await h.staff(1, 3, 7);
    await platform().ledger.target.record({ id: staffTargetId, title: '测试单位2出编不补', target: { organizationId: unit(1), ledger: 'administrative', measure: 'occupied', amount: 2, startDate: '2026-11-01', deadline: '2026-12-31', basisDocument: '示编发〔2026〕6号' } });
    await api().ledger.person.exit({ id: randomUUID(), slotId: slots[0]!, exitKind: 'retirement', exitedOn: '2026-11-20' });
    expect((await api().ledger.target.get({ id: staffTargetId })).achieved).toBe(1);
    const missed = await platform().ledger.target.freeze({ id: staffTargetId, day: '2026-12-31' });
    expect(missed).toMatchObject({ status: 'missed', remaining: 1, organizationId: unit(1), violationId: null });
    const violationId = randomUUID();
    await platform().ledger.target.linkViolation({ id: staffTargetId, violationId });
    await platform().ledger.target.linkViolation({ id: staffTargetId, violationId: randomUUID() });
    expect((await api().ledger.target.get({ id: staffTargetId })).violationId).toBe(violationId);
  });
});

describe('quarterly monitoring', () => {
  let entryId: string;

  it('lists units behind a target and named by hand, once each, in the caller’s jurisdiction only', async () => {
    entryId = (await api().ledger.monitoring.add({ organizationId: unit(2), reason: 'by_hand', note: '群众反映超编进人' })).id;
    expect((await refusal(api().ledger.monitoring.add({ organizationId: unit(2), reason: 'cross_check', note: '比对发现' }))).code).toBe('CONFLICT');
    const list = await api().ledger.monitoring.list({ jurisdictionId: h.jurisdictionId, quarter: '2026Q4' });
    expect(list).toMatchObject({ quarter: '2026Q4', frozen: false, previousQuarter: '2026Q3' });
    expect(list.units.map((u) => [u.organizationName, u.reasons, u.trend])).toEqual([
      ['测试单位1', ['behind_target'], 'new'],
      ['测试单位2', ['behind_target'], 'new'],
      ['测试单位3', ['by_hand'], 'new'],
    ]);
    expect(list.units[2]!.entry).toMatchObject({ id: entryId, note: '群众反映超编进人' });
    expect((await refusal(h.callerAs(outsider).ledger.monitoring.list({ jurisdictionId: h.jurisdictionId }))).code).toBe('FORBIDDEN');
    expect((await refusal(h.callerAs(outsider).ledger.monitoring.add({ organizationId: unit(0), reason: 'by_hand', note: '越权' }))).code).toBe('NOT_FOUND');
    expect((await refusal(h.callerAs(outsider).ledger.monitoring.remove({ id: entryId, note: '越权' }))).code).toBe('NOT_FOUND');
  });

  it('freezes a quarter once it has ended, once, and compares the next quarter with it', async () => {
    expect((await refusal(platform().ledger.monitoring.freeze({ jurisdictionId: h.jurisdictionId, quarter: '2027Q1' }))).zh).toContain('尚未结束');
    expect(await platform().ledger.monitoring.freeze({ jurisdictionId: h.jurisdictionId, quarter: '2026Q4' })).toEqual({ frozen: true, units: 3 });
    expect(await platform().ledger.monitoring.freeze({ jurisdictionId: h.jurisdictionId, quarter: '2026Q4' })).toEqual({ frozen: false, units: 0 });
    expect((await refusal(api().ledger.monitoring.freeze({ jurisdictionId: h.jurisdictionId, quarter: '2026Q4' }))).code).toBe('FORBIDDEN');
    const frozen = await api().ledger.monitoring.list({ jurisdictionId: h.jurisdictionId, quarter: '2026Q4' });
    expect(frozen.frozen).toBe(true);
    expect(frozen.units.find((u) => u.organizationId === unit(0))!.figures).toEqual([{ ledger: 'administrative', quota: 8, occupied: 0, over: 0 }]);

    await api().ledger.monitoring.remove({ id: entryId, note: '核实无超编' });
    expect((await refusal(api().ledger.monitoring.remove({ id: entryId, note: '再次移出' }))).code).toBe('CONFLICT');
    const next = await api().ledger.monitoring.list({ jurisdictionId: h.jurisdictionId });
    expect(next).toMatchObject({ quarter: '2027Q1', frozen: false, previousQuarter: '2026Q4' });
    expect(next.units.map((u) => [u.organizationName, u.trend])).toEqual([
      ['测试单位1', 'same'],
      ['测试单位2', 'same'],
    ]);
    expect(next.units[0]!.previous).toEqual([{ ledger: 'administrative', quota: 8, occupied: 0, over: 0 }]);
    expect((await outbox('ledger.monitoring.watch_added')).length).toBe(1);
    expect((await outbox('ledger.monitoring.watch_removed')).length).toBe(1);
    expect((await outbox('ledger.monitoring.quarter_frozen')).length).toBe(1);
  });

  it('prints the quarterly report as Excel and PDF', async () => {
    const xlsx = await api().ledger.monitoring.report({ jurisdictionId: h.jurisdictionId, quarter: '2026Q4', format: 'xlsx' });
    expect(xlsx.filename).toBe('季度监控-2026Q4.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells.join('|')).toContain('测试单位3');
    expect(cells.join('|')).toContain('人工列入');
    const pdf = await api().ledger.monitoring.report({ jurisdictionId: h.jurisdictionId, quarter: '2026Q4', format: 'pdf' });
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lifts a target’s flag when a later quarter end finds it on pace, and the unit leaves the watch list', async () => {
    await recover(0, 3, '2027-03-01');
    h.setNow(new Date('2027-04-01T02:00:00Z'));
    // 1 + 1 + 3 = 5 by 2027-03-31; a steady pace expects floor(6 × 182 / 273) = 4.
    expect(await platform().ledger.target.freeze({ id: targetId, day: '2027-03-31' })).toMatchObject({ status: 'on_pace', remaining: 1 });
    const target = await api().ledger.target.get({ id: targetId });
    expect(target.flaggedAt).toBeNull();
    expect(target.quarters.map((q) => [q.day, q.status])).toEqual([
      ['2026-12-31', 'behind'],
      ['2027-03-31', 'on_pace'],
    ]);
    const list = await api().ledger.monitoring.list({ jurisdictionId: h.jurisdictionId, quarter: '2027Q1' });
    expect(list.units.map((u) => u.organizationName)).toEqual(['测试单位2']);
    expect(await h.checkInvariants()).toEqual([]);
  });
});
