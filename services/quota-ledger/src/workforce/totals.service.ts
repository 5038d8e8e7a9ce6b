import type { WorkforceFigures, WorkforceTotalsDto } from '@bianzhi/contracts/workforce';
import { fundingSourceLabels, fundingSources } from '@bianzhi/contracts/workforce';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual, DomainError } from '@bianzhi/domain/errors';
import { workbookOf } from '@bianzhi/sheets/read';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { scopeOf } from '../analysis/analysis.service.js';
import { monthBounds, rollUp } from '../stats/stats.service.js';
import { unitForCaller } from './auxiliary.service.js';
import * as repo from './workforce.repository.js';
import { openMonths } from '../analysis/analysis.repository.js';

/**
 * 财政供养人员: publicly funded people = people on quota (the roll: occupied places) + staff outside
 * quota, per unit, summed per jurisdiction over its subtree, with those outside quota by funding
 * source; purchased services are shown beside them as full-time equivalents, not counted as people.
 */
export const emptyWorkforce = (): WorkforceFigures => ({ onQuota: 0, outsideQuota: 0, publiclyFunded: 0, outsideByFunding: { fiscal_full: 0, fiscal_partial: 0, self_raised: 0 }, purchasedHeadcount: 0 });

export function addWorkforce(into: WorkforceFigures, from: WorkforceFigures): void {
  into.onQuota += from.onQuota;
  into.outsideQuota += from.outsideQuota;
  into.publiclyFunded += from.publiclyFunded;
  for (const f of fundingSources) into.outsideByFunding[f] += from.outsideByFunding[f];
  into.purchasedHeadcount = Math.round((into.purchasedHeadcount + from.purchasedHeadcount) * 10) / 10;
}

function figuresOf(row: repo.UnitWorkforceRow): WorkforceFigures {
  const outsideQuota = fundingSources.reduce((sum, f) => sum + row.outside[f], 0);
  return { onQuota: row.onQuota, outsideQuota, publiclyFunded: row.onQuota + outsideQuota, outsideByFunding: { ...row.outside }, purchasedHeadcount: row.purchasedHeadcount };
}

/** Those beyond quota in the subtree today (staff outside quota, purchased services), for the dashboard. */
export const beyondQuotaToday = (deps: LedgerDeps, jurisdictionIds: string[]) => repo.beyondQuotaSums(deps.db, jurisdictionIds, todayInChina(deps.clock()));

/** The dashboard's figures: the people on quota it summed from the accounts, with those beyond quota (no person, no unit named). */
export function publiclyFunded(onQuota: number, beyond: Awaited<ReturnType<typeof beyondQuotaToday>>): WorkforceFigures {
  return figuresOf({ organizationId: '', jurisdictionId: '', quota: 0, onQuota, outside: beyond.outside, purchasedHeadcount: beyond.purchased });
}

interface TotalsInput {
  jurisdictionId?: string | undefined;
  organizationId?: string | undefined;
}

async function totalsAsOf(deps: LedgerDeps, principal: Principal, input: TotalsInput, asOf: { day: string; live: boolean; closedMonth?: string | undefined }): Promise<WorkforceTotalsDto> {
  const { all, ids } = await scopeOf(deps, principal, input.jurisdictionId);
  if (input.organizationId) await unitForCaller(deps, deps.db, principal, input.organizationId);
  const rows = await repo.unitWorkforceRows(deps.db, { jurisdictionIds: ids, organizationId: input.organizationId, asOf: asOf.day, live: asOf.live, closedMonth: asOf.closedMonth });
  const names = new Map((rows.length ? await deps.scope.lookupOrganizations(principal, { ids: rows.map((r) => r.organizationId) }) : []).map((o) => [o.id, o.name]));
  const inSubtree = new Set(ids);
  const jurisdictions = all.filter((j) => inSubtree.has(j.id));
  const own = new Map<string, WorkforceFigures>();
  const total = emptyWorkforce();
  const units = rows.map((row) => {
    const figures = figuresOf(row);
    addWorkforce(own.get(row.jurisdictionId) ?? own.set(row.jurisdictionId, emptyWorkforce()).get(row.jurisdictionId)!, figures);
    addWorkforce(total, figures);
    return { organizationId: row.organizationId, name: names.get(row.organizationId) ?? row.organizationId, jurisdictionId: row.jurisdictionId, quota: row.quota, ...figures };
  });
  const summed = rollUp(jurisdictions, own, emptyWorkforce, addWorkforce);
  const order = new Map(jurisdictions.map((j, i) => [j.id, i]));
  return {
    asOf: asOf.day,
    total,
    byJurisdiction: jurisdictions.map((j) => ({ jurisdictionId: j.id, name: j.name, parentId: j.parentId, ...summed.get(j.id)! })),
    units: units.sort((a, b) => (order.get(a.jurisdictionId) ?? 0) - (order.get(b.jurisdictionId) ?? 0) || a.name.localeCompare(b.name, 'zh-CN')),
  };
}

/** Today's totals in the caller's scope (or one jurisdiction's subtree, or one unit). */
export async function workforceTotals(deps: LedgerDeps, principal: Principal, input: TotalsInput): Promise<WorkforceTotalsDto> {
  return totalsAsOf(deps, principal, input, { day: todayInChina(deps.clock()), live: true });
}

/**
 * As of a month's last day: people on quota from the entries effective by then, staff outside quota
 * from the month-end rows once the month is closed (from their dates before that).
 */
export async function workforceMonthly(deps: LedgerDeps, principal: Principal, input: { month: string; jurisdictionId?: string | undefined }): Promise<WorkforceTotalsDto> {
  const bounds = monthBounds(input.month);
  if (bounds.monthStart > todayInChina(deps.clock())) throw new DomainError('VALIDATION_FAILED', 'month in the future', undefined, bilingual('不能统计尚未开始的月份', 'The month has not begun'));
  const closed = await repo.isWorkforceMonthClosed(deps.db, bounds.monthStart);
  return totalsAsOf(deps, principal, input, { day: bounds.monthEnd, live: false, closedMonth: closed ? bounds.monthStart : undefined });
}

const figureColumns = [
  { header: '在编人数', width: 10 },
  { header: '编外人数', width: 10 },
  ...fundingSources.map((f) => ({ header: `编外·${fundingSourceLabels[f]}`, width: 12 })),
  { header: '财政供养人员合计', width: 16 },
  { header: '购买服务折合人数', width: 16 },
];
const cells = (f: WorkforceFigures) => [f.onQuota, f.outsideQuota, ...fundingSources.map((s) => f.outsideByFunding[s]), f.publiclyFunded, f.purchasedHeadcount];

/** The totals as a workbook: the jurisdictions summed over their subtrees, then every unit. */
export async function workforceWorkbook(totals: WorkforceTotalsDto, title: string): Promise<string> {
  const jurisdictionName = new Map(totals.byJurisdiction.map((j) => [j.jurisdictionId, j.name]));
  const content = await workbookOf([
    { name: '分区划', title, columns: [{ header: '区划（含下级）', width: 18 }, ...figureColumns], rows: [...totals.byJurisdiction.map((j) => [j.name, ...cells(j)]), ['合计', ...cells(totals.total)]] },
    { name: '分单位', title, columns: [{ header: '区划', width: 14 }, { header: '单位', width: 30 }, { header: '核定编制', width: 10 }, ...figureColumns], rows: totals.units.map((u) => [jurisdictionName.get(u.jurisdictionId) ?? '', u.name, u.quota, ...cells(u)]) },
  ]);
  return content.toString('base64');
}

export async function exportWorkforceTotals(deps: LedgerDeps, principal: Principal, input: TotalsInput) {
  const totals = await workforceTotals(deps, principal, input);
  return { filename: `财政供养人员-${totals.asOf}.xlsx`, contentBase64: await workforceWorkbook(totals, `财政供养人员统计（截至${totals.asOf}）`), rows: totals.units.length };
}

export async function exportWorkforceMonthly(deps: LedgerDeps, principal: Principal, input: { month: string; jurisdictionId?: string | undefined }) {
  const totals = await workforceMonthly(deps, principal, input);
  return { filename: `财政供养人员月报-${input.month}.xlsx`, contentBase64: await workforceWorkbook(totals, `财政供养人员月度统计（${input.month}，截至${totals.asOf}）`), rows: totals.units.length };
}

/** Writes the month-end rows of staff outside quota for every ended month of the last two years not yet written. */
export async function closeWorkforceMonths(deps: LedgerDeps, earliest: string): Promise<string[]> {
  const months = await openMonths(deps.db, earliest, todayInChina(deps.clock()), 'ledger.workforce_closed_months');
  const closed: string[] = [];
  for (const month of months) if (await repo.closeWorkforceMonth(deps.db, month)) closed.push(month);
  return closed;
}
