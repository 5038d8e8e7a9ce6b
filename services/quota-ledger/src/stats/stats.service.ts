import type { JurisdictionBalanceRow, MonthlyFigures, MonthlyStatsDto, MonthlyUnitRow, QuotaType, UnitBalanceRow, UnitQuotaFigure } from '@bianzhi/contracts/ledger';
import { quotaTypeLabels, quotaTypes } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { chinaClock, todayInChina } from '@bianzhi/domain/calendar';
import { subtreeIds } from '@bianzhi/registry/scope-client';
import { htmlTable, printPdf, reportDocument } from '@bianzhi/sheets/pdf';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { poolFigures, rollMovements, unitFigures } from './figures.repository.js';

/**
 * The ledger's reads of quota figures (DOMAIN.md, "Statistics"): per unit, per jurisdiction summed
 * over its subtree, now or as of a day, and the monthly figures with entries, exits and the people
 * who reach retirement age next month under the 2025 schedule.
 */
const emptyFigures = (): MonthlyFigures => ({ quota: 0, occupied: 0, reserved: 0, vacant: 0, over: 0, entries: 0, exits: 0, retirementsNextMonth: 0 });

function add(into: MonthlyFigures, row: MonthlyFigures) {
  for (const key of Object.keys(into) as (keyof MonthlyFigures)[]) into[key] += row[key];
}

export async function unitBalance(deps: LedgerDeps, principal: Principal, input: { organizationId: string; asOf?: string | undefined }): Promise<UnitBalanceRow[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const rows = await unitFigures(deps.db, { asOf: input.asOf, jurisdictionIds: null, organizationId: input.organizationId });
  if (rows.length === 0) throw new DomainError('NOT_FOUND', `organization ${input.organizationId} has no ledger accounts`, undefined, { 'zh-CN': '该单位尚未开设编制账户', en: 'The unit has no quota accounts yet' });
  if (visible && rows.some((r) => !visible.includes(r.jurisdictionId))) throw new DomainError('OUT_OF_SCOPE');
  return rows
    .map((r) => ({ ledger: r.ledger, quota: r.quota, occupied: r.occupied, reserved: r.reserved, vacant: r.quota - r.occupied - r.reserved, over: Math.max(0, r.occupied - r.quota), vacantAccountId: r.vacantAccountId, occupiedAccountId: r.occupiedAccountId }))
    .sort((a, b) => quotaTypes.indexOf(a.ledger) - quotaTypes.indexOf(b.ledger));
}

/** The jurisdictions in scope (or one subtree of them) with parents, for sums over subtrees. */
async function jurisdictionsFor(deps: LedgerDeps, principal: Principal, rootId: string | undefined) {
  const all = await deps.scope.jurisdictionsOf(principal);
  if (rootId && !all.some((j) => j.id === rootId)) throw new DomainError('OUT_OF_SCOPE');
  const ids = rootId ? new Set(subtreeIds(all, rootId)) : new Set(all.map((j) => j.id));
  return { all: all.filter((j) => ids.has(j.id)), ids: [...ids] };
}

/** Adds each jurisdiction's own figures into every ancestor's (the list holds parents before or after children). */
export function rollUp<T>(jurisdictions: { id: string; parentId: string | null }[], own: Map<string, T>, make: () => T, addInto: (into: T, from: T) => void): Map<string, T> {
  const parentOf = new Map(jurisdictions.map((j) => [j.id, j.parentId]));
  const summed = new Map(jurisdictions.map((j) => [j.id, make()]));
  for (const [id, figures] of own) {
    for (let at: string | null | undefined = id; at && summed.has(at); at = parentOf.get(at)) addInto(summed.get(at)!, figures);
  }
  return summed;
}

export async function jurisdictionBalances(deps: LedgerDeps, principal: Principal, input: { jurisdictionId?: string | undefined; ledger?: QuotaType | undefined; asOf?: string | undefined }): Promise<JurisdictionBalanceRow[]> {
  const { all, ids } = await jurisdictionsFor(deps, principal, input.jurisdictionId);
  if (ids.length === 0) return [];
  const filter = { asOf: input.asOf, jurisdictionIds: ids, ledger: input.ledger };
  const [units, pools] = await Promise.all([unitFigures(deps.db, filter), poolFigures(deps.db, filter)]);
  type Sum = Omit<JurisdictionBalanceRow, 'jurisdictionId' | 'name' | 'ledger'>;
  const make = (): Sum => ({ approvedTotal: 0, pools: 0, quota: 0, occupied: 0, reserved: 0, vacant: 0, over: 0, overUnits: 0 });
  const ledgers = [...new Set([...units.map((u) => u.ledger), ...pools.map((p) => p.ledger)])];
  const result: JurisdictionBalanceRow[] = [];
  for (const ledger of ledgers) {
    const own = new Map<string, Sum>();
    const at = (id: string) => own.get(id) ?? own.set(id, make()).get(id)!;
    for (const p of pools.filter((p) => p.ledger === ledger)) Object.assign(at(p.jurisdictionId), { approvedTotal: at(p.jurisdictionId).approvedTotal + p.approvedTotal, pools: at(p.jurisdictionId).pools + p.pools });
    for (const u of units.filter((u) => u.ledger === ledger)) {
      const s = at(u.jurisdictionId);
      s.quota += u.quota;
      s.occupied += u.occupied;
      s.reserved += u.reserved;
      s.vacant += u.quota - u.occupied - u.reserved;
      s.over += Math.max(0, u.occupied - u.quota);
      s.overUnits += u.occupied > u.quota ? 1 : 0;
    }
    const summed = rollUp(all, own, make, (into, from) => {
      for (const key of Object.keys(into) as (keyof Sum)[]) into[key] += from[key];
    });
    for (const j of all) result.push({ jurisdictionId: j.id, name: j.name, ledger, ...summed.get(j.id)! });
  }
  return result;
}

export function monthBounds(month: string) {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { monthStart: `${month}-01`, monthEnd: `${month}-${String(lastDay).padStart(2, '0')}`, nextMonthStart: `${next}-01` };
}

export async function monthlyStats(deps: LedgerDeps, principal: Principal, input: { month: string; jurisdictionId?: string | undefined; ledger?: QuotaType | undefined }): Promise<MonthlyStatsDto> {
  const bounds = monthBounds(input.month);
  if (bounds.monthStart > todayInChina(deps.clock())) throw new DomainError('VALIDATION_FAILED', 'month in the future', undefined, { 'zh-CN': '不能统计尚未开始的月份', en: 'The month has not begun' });
  const { all, ids } = await jurisdictionsFor(deps, principal, input.jurisdictionId);
  const filter = { asOf: bounds.monthEnd, jurisdictionIds: ids, ledger: input.ledger };
  const [units, movements] = await Promise.all([unitFigures(deps.db, filter), rollMovements(deps.db, { ...filter, ...bounds })]);
  const names = new Map((units.length ? await deps.scope.lookupOrganizations(principal, { ids: [...new Set(units.map((u) => u.organizationId))] }) : []).map((o) => [o.id, o.name]));
  const rows: MonthlyUnitRow[] = units.map((u) => {
    const m = movements.get(`${u.organizationId}|${u.ledger}`) ?? { entries: 0, exits: 0, retiring: 0 };
    return {
      organizationId: u.organizationId,
      name: names.get(u.organizationId) ?? u.organizationId,
      jurisdictionId: u.jurisdictionId,
      ledger: u.ledger,
      quota: u.quota,
      occupied: u.occupied,
      reserved: u.reserved,
      vacant: u.quota - u.occupied - u.reserved,
      over: Math.max(0, u.occupied - u.quota),
      entries: m.entries,
      exits: m.exits,
      retirementsNextMonth: m.retiring,
    };
  });
  const own = new Map<string, MonthlyFigures>();
  for (const r of rows) add(own.get(r.jurisdictionId) ?? own.set(r.jurisdictionId, emptyFigures()).get(r.jurisdictionId)!, r);
  const summed = rollUp(all, own, emptyFigures, add);
  const total = emptyFigures();
  for (const figures of own.values()) add(total, figures);
  const order = new Map(all.map((j, i) => [j.id, i]));
  return {
    month: input.month,
    asOf: bounds.monthEnd,
    total,
    byJurisdiction: all.map((j) => ({ jurisdictionId: j.id, name: j.name, parentId: j.parentId, ...summed.get(j.id)! })),
    units: rows.sort((a, b) => (order.get(a.jurisdictionId) ?? 0) - (order.get(b.jurisdictionId) ?? 0) || a.name.localeCompare(b.name, 'zh-CN') || a.ledger.localeCompare(b.ledger)),
  };
}

const figureColumns = [
  { header: '编制数', width: 10 },
  { header: '实有人数', width: 10 },
  { header: '预留', width: 8 },
  { header: '空编', width: 8 },
  { header: '超编', width: 8 },
  { header: '本月进人', width: 10 },
  { header: '本月减员', width: 10 },
  { header: '下月退休', width: 10 },
];
const figureCells = (f: MonthlyFigures) => [f.quota, f.occupied, f.reserved, f.vacant, f.over, f.entries, f.exits, f.retirementsNextMonth];

/** The monthly figures as the bureau's Excel report: one row per unit and type, then the total. */
export async function exportMonthlyStats(deps: LedgerDeps, principal: Principal, input: { month: string; jurisdictionId?: string | undefined; ledger?: QuotaType | undefined }) {
  const stats = await monthlyStats(deps, principal, input);
  const jurisdictionName = new Map(stats.byJurisdiction.map((j) => [j.jurisdictionId, j.name]));
  const rows = stats.units.map((u) => [jurisdictionName.get(u.jurisdictionId) ?? '', u.name, quotaTypeLabels[u.ledger], ...figureCells(u)]);
  rows.push(['合计', '', '', ...figureCells(stats.total)]);
  const content = await simpleWorkbook('月度统计', [{ header: '区划', width: 14 }, { header: '单位', width: 30 }, { header: '编制类型', width: 14 }, ...figureColumns], rows, { title: `编制月度统计表（${stats.month}，截至${stats.asOf}）` });
  return { filename: `编制月度统计-${stats.month}.xlsx`, contentBase64: content.toString('base64'), rows: stats.units.length };
}

export async function publicFigures(deps: LedgerDeps): Promise<UnitQuotaFigure[]> {
  const rows = await unitFigures(deps.db, { jurisdictionIds: null });
  return rows.map((r) => ({ organizationId: r.organizationId, ledger: r.ledger, quota: r.quota, occupied: r.occupied }));
}

/** The same monthly table printed as a landscape A4 PDF: jurisdictions summed, then every unit and type. */
export async function monthlyStatsPdf(deps: LedgerDeps, principal: Principal, input: { month: string; jurisdictionId?: string | undefined }) {
  const stats = await monthlyStats(deps, principal, input);
  const jurisdictionName = new Map(stats.byJurisdiction.map((j) => [j.jurisdictionId, j.name]));
  const headers = figureColumns.map((c) => c.header);
  const html = reportDocument({
    title: '编制月度统计表',
    subtitle: `${stats.month}　｜　截至 ${stats.asOf}`,
    landscape: true,
    sections: [
      { heading: '一、合计', html: htmlTable(headers, [figureCells(stats.total)], '') },
      { heading: '二、分区划（含下级）', html: htmlTable(['区划', ...headers], stats.byJurisdiction.map((j) => [j.name, ...figureCells(j)]), '没有数据。') },
      { heading: '三、分单位', html: htmlTable(['区划', '单位', '编制类型', ...headers], stats.units.map((u) => [jurisdictionName.get(u.jurisdictionId) ?? '', u.name, quotaTypeLabels[u.ledger], ...figureCells(u)]), '没有数据。') },
    ],
    footer: `由编制管理平台根据编制台账生成；下月到龄退休按2025年起施行的渐进式延迟退休办法计算。生成时间 ${chinaClock(new Date()).slice(0, 16)}（北京时间）。`,
  });
  const pdf = await printPdf(html);
  return { filename: `编制月度统计-${stats.month}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') };
}
