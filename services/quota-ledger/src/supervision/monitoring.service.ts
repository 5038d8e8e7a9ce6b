import type { z } from 'zod';
import type { MonitoringDto, WatchReason, WatchedFiguresDto, WatchedUnitDto, addWatchInput, monitoringReportInput, removeWatchInput } from '@bianzhi/contracts/reduction';
import { quotaTypeLabels, type QuotaType } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { chinaClock, todayInChina } from '@bianzhi/domain/calendar';
import { bilingual, DomainError } from '@bianzhi/domain/errors';
import { previousQuarter, quarterEnd, quarterOf, trendOf, type Trend } from '@bianzhi/domain/reduction';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { htmlTable, printPdf, reportDocument } from '@bianzhi/sheets/pdf';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { randomUUID } from 'node:crypto';
import type { LedgerDb } from '../db.js';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { unitFigures } from '../stats/figures.repository.js';

/**
 * 季度监控 (docs/ledger.md "Reduction targets and quarterly monitoring"): the units under watch in a
 * jurisdiction — over quota and behind a target found from the figures, cross-check findings and
 * others named by hand — with each quarter's figures frozen at its end and compared with the last.
 */
interface Watched {
  organizationId: string;
  reasons: WatchReason[];
  behindTargets: number;
  figures: WatchedFiguresDto[];
}

const overOf = (figures: WatchedFiguresDto[]) => figures.reduce((sum, f) => sum + f.over, 0);

/** The jurisdiction, if the caller may see it (OUT_OF_SCOPE otherwise). */
async function assertJurisdiction(deps: LedgerDeps, principal: Principal, jurisdictionId: string): Promise<void> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && !visible.includes(jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${jurisdictionId}`);
}

/** Who is under watch in a jurisdiction as of a day, and their figures then (units it holds directly). */
async function watchedAsOf(db: LedgerDb, jurisdictionId: string, day: string): Promise<Watched[]> {
  const [rows, behind, entries] = await Promise.all([
    unitFigures(db, { asOf: day, jurisdictionIds: [jurisdictionId] }),
    db.selectFrom('ledger.reduction_targets').select(['organization_id']).select((eb) => eb.fn.countAll<string>().as('n')).where('jurisdiction_id', '=', jurisdictionId).where('organization_id', 'is not', null).where('flagged_quarter', 'is not', null).groupBy('organization_id').execute(),
    db.selectFrom('ledger.monitoring_entries').select(['organization_id', 'reason']).where('jurisdiction_id', '=', jurisdictionId).where('removed_at', 'is', null).execute(),
  ]);
  const figures = new Map<string, WatchedFiguresDto[]>();
  for (const r of rows) figures.set(r.organizationId, [...(figures.get(r.organizationId) ?? []), { ledger: r.ledger, quota: r.quota, occupied: r.occupied, over: Math.max(0, r.occupied - r.quota) }]);
  const reasons = new Map<string, Set<WatchReason>>();
  const add = (id: string, reason: WatchReason) => reasons.set(id, (reasons.get(id) ?? new Set()).add(reason));
  for (const [id, f] of figures) if (overOf(f) > 0) add(id, 'over_quota');
  for (const b of behind) add(b.organization_id!, 'behind_target');
  for (const e of entries) add(e.organization_id, e.reason as WatchReason);
  const behindOf = new Map(behind.map((b) => [b.organization_id!, Number(b.n)]));
  return [...reasons].map(([organizationId, r]) => ({ organizationId, reasons: [...r].sort(), behindTargets: behindOf.get(organizationId) ?? 0, figures: (figures.get(organizationId) ?? []).sort((a, b) => a.ledger.localeCompare(b.ledger)) }));
}

async function frozenOf(db: LedgerDb, jurisdictionId: string, quarter: string): Promise<Watched[] | null> {
  const rows = await db.selectFrom('ledger.monitoring_quarters').selectAll().where('jurisdiction_id', '=', jurisdictionId).where('quarter', '=', quarter).orderBy('ledger').execute();
  if (rows.length === 0) return null;
  const by = new Map<string, Watched>();
  for (const r of rows) {
    const w = by.get(r.organization_id) ?? { organizationId: r.organization_id, reasons: r.reasons as WatchReason[], behindTargets: r.behind_targets, figures: [] };
    if (r.ledger !== '') w.figures.push({ ledger: r.ledger as QuotaType, quota: r.quota, occupied: r.occupied, over: Math.max(0, r.occupied - r.quota) });
    by.set(r.organization_id, w);
  }
  return [...by.values()];
}

/**
 * The watch list of a jurisdiction for a quarter (the current one by default): the figures frozen at
 * its end when they were, else live (as of today, or the quarter's end if it is past); each unit
 * compared with the quarter before's frozen figures.
 */
export async function monitoringList(deps: LedgerDeps, principal: Principal, input: { jurisdictionId: string; quarter?: string | undefined }): Promise<MonitoringDto> {
  await assertJurisdiction(deps, principal, input.jurisdictionId);
  const today = todayInChina(deps.clock());
  const quarter = input.quarter ?? quarterOf(today);
  const end = quarterEnd(quarter);
  const frozen = await frozenOf(deps.db, input.jurisdictionId, quarter);
  const watched = frozen ?? (await watchedAsOf(deps.db, input.jurisdictionId, end < today ? end : today));
  const previous = previousQuarter(quarter);
  const before = new Map((await frozenOf(deps.db, input.jurisdictionId, previous))?.map((w) => [w.organizationId, w.figures]) ?? []);
  const entries = await deps.db.selectFrom('ledger.monitoring_entries').selectAll().where('jurisdiction_id', '=', input.jurisdictionId).where('removed_at', 'is', null).execute();
  const entryOf = new Map(entries.map((e) => [e.organization_id, e]));
  const ids = [...new Set([...watched.map((w) => w.organizationId)])];
  const names = new Map((ids.length ? await deps.scope.lookupOrganizations(principal, { ids }) : []).map((o) => [o.id, o.name]));
  const units: WatchedUnitDto[] = watched.map((w) => {
    const e = entryOf.get(w.organizationId);
    const prev = before.get(w.organizationId) ?? null;
    return {
      organizationId: w.organizationId,
      organizationName: names.get(w.organizationId) ?? '',
      reasons: w.reasons,
      entry: e ? { id: e.id, reason: e.reason as 'by_hand' | 'cross_check', note: e.note, addedBy: String((e.added_by as { name?: string }).name ?? ''), addedAt: e.added_at.toISOString() } : null,
      behindTargets: w.behindTargets,
      figures: w.figures,
      previous: prev,
      trend: trendOf(prev ? overOf(prev) : null, overOf(w.figures)),
    };
  });
  units.sort((a, b) => a.organizationName.localeCompare(b.organizationName, 'zh-CN'));
  return { jurisdictionId: input.jurisdictionId, quarter, frozen: frozen !== null, previousQuarter: previous, units };
}

/** Puts a unit under watch by hand (or from a cross-check finding), with the reason; one open entry per unit. */
export async function addWatch(deps: LedgerDeps, principal: Principal, input: z.infer<typeof addWatchInput>, requestId?: string): Promise<{ id: string }> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom('ledger.accounts')
      .select('jurisdiction_id')
      .where('holder_id', '=', input.organizationId)
      .where('holder_kind', '=', 'organization')
      .$if(visible !== null, (q) => q.where('jurisdiction_id', 'in', visible!.length ? visible! : ['00000000-0000-0000-0000-000000000000']))
      .executeTakeFirst();
    if (!account) throw new DomainError('NOT_FOUND', `organization ${input.organizationId}`, undefined, bilingual('没有找到该单位的编制账户，或该单位不在您的管辖范围内', 'No quota accounts of this unit within your reach'));
    const open = await trx.selectFrom('ledger.monitoring_entries').select('id').where('organization_id', '=', input.organizationId).where('removed_at', 'is', null).forUpdate().executeTakeFirst();
    if (open) throw new DomainError('CONFLICT', 'already watched', undefined, bilingual('该单位已在监控名单中', 'The unit is already on the watch list'));
    const id = randomUUID();
    await trx.insertInto('ledger.monitoring_entries').values({ id, jurisdiction_id: account.jurisdiction_id, organization_id: input.organizationId, reason: input.reason, note: input.note, added_by: JSON.stringify(auditActorOf(principal)) }).execute();
    await appendOutboxEvent(trx, 'ledger', { type: 'ledger.monitoring.watch_added', aggregateType: 'organization', aggregateId: input.organizationId, jurisdictionId: account.jurisdiction_id, actor: auditActorOf(principal), payload: { entryId: id, reason: input.reason, note: input.note }, requestId });
    return { id };
  });
}

/** Takes a unit named by hand off the watch list, with the reason; over quota and behind target stay while they hold. */
export async function removeWatch(deps: LedgerDeps, principal: Principal, input: z.infer<typeof removeWatchInput>, requestId?: string): Promise<void> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  await deps.db.transaction().execute(async (trx) => {
    const entry = await trx.selectFrom('ledger.monitoring_entries').select(['organization_id', 'jurisdiction_id', 'removed_at']).where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!entry || (visible && !visible.includes(entry.jurisdiction_id))) throw new DomainError('NOT_FOUND', `no watch entry ${input.id}`, undefined, bilingual('没有找到该监控记录', 'No such watch entry'));
    if (entry.removed_at) throw new DomainError('CONFLICT', 'already removed', undefined, bilingual('该单位已移出监控名单', 'The unit was already taken off the watch list'));
    await trx.updateTable('ledger.monitoring_entries').set({ removed_at: deps.clock(), removed_by: JSON.stringify(auditActorOf(principal)), removed_note: input.note }).where('id', '=', input.id).execute();
    await appendOutboxEvent(trx, 'ledger', { type: 'ledger.monitoring.watch_removed', aggregateType: 'organization', aggregateId: entry.organization_id, jurisdictionId: entry.jurisdiction_id, actor: auditActorOf(principal), payload: { entryId: input.id, note: input.note }, requestId });
  });
}

/**
 * Freezes a jurisdiction's watch list and figures as of a quarter's end, once (the platform, at the
 * quarter's end): a second call finds them frozen. A unit watched with no quota account of any type
 * is frozen with one row of type ''.
 */
export async function freezeQuarter(deps: LedgerDeps, principal: Principal, input: { jurisdictionId: string; quarter: string }, requestId?: string): Promise<{ frozen: boolean; units: number }> {
  const end = quarterEnd(input.quarter);
  if (end >= todayInChina(deps.clock())) throw new DomainError('VALIDATION_FAILED', `quarter ${input.quarter} has not ended`, undefined, bilingual('该季度尚未结束，不能冻结', 'The quarter has not ended yet'));
  return deps.db.transaction().execute(async (trx) => {
    // One freeze per jurisdiction and quarter at a time: the second waits and finds the first's rows.
    await trx.selectFrom('ledger.accounts').select('id').where('jurisdiction_id', '=', input.jurisdictionId).where('holder_kind', '=', 'pool').forUpdate().execute();
    if (await trx.selectFrom('ledger.monitoring_quarters').select('organization_id').where('jurisdiction_id', '=', input.jurisdictionId).where('quarter', '=', input.quarter).executeTakeFirst()) return { frozen: false, units: 0 };
    const watched = await watchedAsOf(trx as unknown as LedgerDb, input.jurisdictionId, end);
    const values = watched.flatMap((w) => (w.figures.length ? w.figures : [{ ledger: '' as QuotaType, quota: 0, occupied: 0, over: 0 }]).map((f) => ({ jurisdiction_id: input.jurisdictionId, quarter: input.quarter, organization_id: w.organizationId, ledger: f.ledger, quota: f.quota, occupied: f.occupied, behind_targets: w.behindTargets, reasons: w.reasons })));
    if (values.length) await trx.insertInto('ledger.monitoring_quarters').values(values).execute();
    await appendOutboxEvent(trx, 'ledger', { type: 'ledger.monitoring.quarter_frozen', aggregateType: 'jurisdiction', aggregateId: input.jurisdictionId, jurisdictionId: input.jurisdictionId, actor: auditActorOf(principal), payload: { quarter: input.quarter, units: watched.length }, requestId });
    return { frozen: true, units: watched.length };
  });
}

const reasonLabels: Record<WatchReason, string> = { over_quota: '超编', behind_target: '减编进度滞后', cross_check: '比对发现', by_hand: '人工列入' };
const trendLabels: Record<Trend, string> = { better: '好转', same: '持平', worse: '加重', new: '新列入' };
const reportColumns = ['单位', '列入原因', '编制类型', '编制数', '实有人数', '超编', '上季度超编', '滞后任务', '趋势'];

function reportRows(list: MonitoringDto): (string | number)[][] {
  return list.units.flatMap((u) =>
    (u.figures.length ? u.figures : [null]).map((f) => {
      const prev = f && u.previous?.find((p) => p.ledger === f.ledger);
      return [u.organizationName, u.reasons.map((r) => reasonLabels[r]).join('、'), f ? quotaTypeLabels[f.ledger] : '', f?.quota ?? '', f?.occupied ?? '', f?.over ?? '', prev ? prev.over : u.previous ? 0 : '—', u.behindTargets, trendLabels[u.trend]];
    }),
  );
}

/** The quarterly report of a jurisdiction: each watched unit, its figures, trend and status, as Excel or PDF. */
export async function monitoringReport(deps: LedgerDeps, principal: Principal, input: z.infer<typeof monitoringReportInput>) {
  const list = await monitoringList(deps, principal, input);
  const [jurisdiction] = (await deps.scope.jurisdictionsOf(principal)).filter((j) => j.id === input.jurisdictionId);
  const name = jurisdiction?.name ?? '';
  const title = `${name}机构编制季度监控报告（${list.quarter}）`;
  const status = list.frozen ? `${quarterEnd(list.quarter)}季末冻结数据` : `实时数据（截至${todayInChina(deps.clock())}，本季度尚未冻结）`;
  const rows = reportRows(list);
  if (input.format === 'xlsx') {
    const content = await simpleWorkbook('季度监控', reportColumns.map((header, i) => ({ header, width: i === 0 ? 30 : i === 1 ? 20 : 12 })), rows, { title: `${title}　${status}` });
    return { filename: `季度监控-${list.quarter}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: content.toString('base64') };
  }
  const html = reportDocument({
    title,
    subtitle: `${status}　｜　对比 ${list.previousQuarter}`,
    landscape: true,
    sections: [{ heading: `一、监控单位（${list.units.length}个）`, html: htmlTable(reportColumns, rows, '本季度没有列入监控的单位。') }],
    footer: `由编制管理平台根据编制台账生成；超编为实有人数超出编制数的部分，趋势按各类编制超编合计与上季度冻结数比较。生成时间 ${chinaClock(deps.clock()).slice(0, 16)}（北京时间）。`,
  });
  const pdf = await printPdf(html);
  return { filename: `季度监控-${list.quarter}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') };
}
