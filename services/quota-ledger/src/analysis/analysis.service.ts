import type { DashboardSummary, DormantVacancyDto, DrilldownDto, Figures, RetirementForecastDto, RetiringPersonDto, TrendPoint } from '@bianzhi/contracts/analysis';
import { quotaTypes, type QuotaType } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { addMonths, todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { subtreeIds } from '@bianzhi/registry/scope-client';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { masked } from '../roll/roll.service.js';
import { unitFigures } from '../stats/figures.repository.js';
import * as repo from './analysis.repository.js';
import { beyondQuotaToday, closeWorkforceMonths, publiclyFunded } from '../workforce/totals.service.js';

type Jurisdiction = { id: string; parentId: string | null; name: string; level: string };

const zero = (): Figures => ({ quota: 0, occupied: 0, vacant: 0, over: 0 });
const add = (into: Figures, from: Figures) => {
  into.quota += from.quota;
  into.occupied += from.occupied;
  into.vacant += from.vacant;
  into.over += from.over;
};
const figuresOf = (r: Figures): Figures => ({ quota: r.quota, occupied: r.occupied, vacant: r.vacant, over: r.over });

/** Stands above several top-level jurisdictions (a provincial or platform view of many cities). */
const ALL = 'all';

/**
 * The caller's jurisdictions and the subtree asked for. By default the top of the caller's scope;
 * when the scope has several tops (a view over many cities), all of them under one virtual root.
 */
export async function scopeOf(deps: LedgerDeps, principal: Principal, jurisdictionId: string | undefined) {
  return subtree(deps, principal, jurisdictionId);
}

async function subtree(deps: LedgerDeps, principal: Principal, jurisdictionId: string | undefined) {
  const scoped: Jurisdiction[] = await deps.scope.jurisdictionsOf(principal);
  const known = new Set(scoped.map((j) => j.id));
  const tops = scoped.filter((j) => !j.parentId || !known.has(j.parentId));
  if (tops.length === 0) throw new DomainError('NOT_FOUND', 'no jurisdiction in scope');
  if (jurisdictionId !== undefined && !known.has(jurisdictionId)) throw new DomainError('OUT_OF_SCOPE');
  if (jurisdictionId === undefined && tops.length > 1) {
    const all = [{ id: ALL, parentId: null, name: '全部区划', level: 'province' }, ...scoped.map((j) => (tops.includes(j) ? { ...j, parentId: ALL } : j))];
    return { all, root: all[0]!, ids: scoped.map((j) => j.id) };
  }
  const root = jurisdictionId ?? tops[0]!.id;
  return { all: scoped, root: scoped.find((j) => j.id === root)!, ids: subtreeIds(scoped, root) };
}

const nextMonthStart = (today: string) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
const monthsBack = (today: string, n: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
};

export async function dashboardSummary(deps: LedgerDeps, principal: Principal, input: { jurisdictionId?: string | undefined }): Promise<DashboardSummary> {
  const { all, root, ids } = await subtree(deps, principal, input.jurisdictionId);
  const today = todayInChina(deps.clock());
  const [rows, retiring, beyond] = await Promise.all([repo.jurisdictionRows(deps.db, ids), repo.retiringCount(deps.db, ids, nextMonthStart(today)), beyondQuotaToday(deps, ids)]);
  const levelOf = new Map(all.map((j) => [j.id, j.level]));
  const total = { ...zero(), overUnits: 0, units: 0 };
  const byType = new Map<QuotaType, Figures & { overUnits: number }>();
  const byLevel = new Map<string, Figures & { units: number }>();
  for (const row of rows) {
    if (row.ledger === null) {
      total.overUnits += row.overUnits;
      total.units += row.units;
      const level = levelOf.get(row.jurisdictionId) ?? 'city';
      const entry = byLevel.get(level) ?? { ...zero(), units: 0 };
      entry.units += row.units;
      byLevel.set(level, entry);
      continue;
    }
    add(total, row);
    const type = byType.get(row.ledger) ?? { ...zero(), overUnits: 0 };
    add(type, row);
    type.overUnits += row.overUnits;
    byType.set(row.ledger, type);
    const level = byLevel.get(levelOf.get(row.jurisdictionId) ?? 'city') ?? { ...zero(), units: 0 };
    add(level, row);
    byLevel.set(levelOf.get(row.jurisdictionId) ?? 'city', level);
  }
  return {
    jurisdictionId: root.id,
    name: root.name,
    total,
    byType: quotaTypes.filter((t) => byType.has(t)).map((ledger) => ({ ledger, ...byType.get(ledger)! })),
    byLevel: ['city', 'district', 'township'].filter((l) => byLevel.has(l)).map((level) => ({ level, ...byLevel.get(level)! })),
    retirementsNextMonth: retiring,
    workforce: publiclyFunded(total.occupied, beyond),
  };
}

export async function drilldown(deps: LedgerDeps, principal: Principal, input: { jurisdictionId?: string | undefined }): Promise<DrilldownDto> {
  const { all, root, ids } = await subtree(deps, principal, input.jurisdictionId);
  const rows = await repo.jurisdictionRows(deps.db, ids);
  const children = all.filter((j) => j.parentId === root.id);
  const childOf = new Map<string, string>();
  for (const child of children) for (const id of subtreeIds(all, child.id)) childOf.set(id, child.id);
  const sums = new Map(children.map((c) => [c.id, { ...zero(), units: 0 }]));
  for (const row of rows) {
    const child = childOf.get(row.jurisdictionId);
    if (!child) continue;
    if (row.ledger === null) sums.get(child)!.units += row.units;
    else add(sums.get(child)!, row);
  }
  const own = root.id === ALL ? [] : await unitFigures(deps.db, { jurisdictionIds: [root.id] });
  const refs = own.length ? await deps.scope.lookupOrganizations(principal, { ids: [...new Set(own.map((u) => u.organizationId))] }) : [];
  const nameOf = new Map(refs.map((r) => [r.id, r.name]));
  const units = new Map<string, DrilldownDto['units'][number]>();
  for (const u of own) {
    const figures = { quota: u.quota, occupied: u.occupied, vacant: Math.max(0, u.quota - u.occupied - u.reserved), over: Math.max(0, u.occupied - u.quota) };
    const unit = units.get(u.organizationId) ?? { organizationId: u.organizationId, name: nameOf.get(u.organizationId) ?? u.organizationId, ...zero(), byType: [] };
    add(unit, figures);
    unit.byType.push({ ledger: u.ledger, ...figures });
    units.set(u.organizationId, unit);
  }
  return {
    jurisdiction: { id: root.id, name: root.name, level: root.level, parentId: root.parentId },
    children: children.map((c) => ({ id: c.id, name: c.name, level: c.level, ...sums.get(c.id)! })),
    units: [...units.values()].sort((a, b) => b.over - a.over || a.name.localeCompare(b.name, 'zh')),
  };
}

/** Month-end figures of the last `months` months (closed months) and this month so far (live). */
export async function trend(deps: LedgerDeps, principal: Principal, input: { jurisdictionId?: string | undefined; months: number }): Promise<TrendPoint[]> {
  const { ids } = await subtree(deps, principal, input.jurisdictionId);
  const today = todayInChina(deps.clock());
  const closed = await repo.trendRows(deps.db, ids, monthsBack(today, input.months - 1));
  const live = (await repo.jurisdictionRows(deps.db, ids)).filter((r) => r.ledger !== null);
  const thisMonth = today.slice(0, 7);
  const points: TrendPoint[] = closed.filter((r) => r.month !== thisMonth).map((r) => ({ ...figuresOf(r), month: r.month, ledger: r.ledger }));
  const current = new Map<QuotaType, Figures>();
  for (const r of live) add(current.get(r.ledger!) ?? current.set(r.ledger!, zero()).get(r.ledger!)!, r);
  for (const [ledger, f] of current) points.push({ month: thisMonth, ledger, ...f });
  const totals = new Map<string, Figures>();
  for (const p of points) add(totals.get(p.month) ?? totals.set(p.month, zero()).get(p.month)!, p);
  return [...points, ...[...totals].map(([month, f]) => ({ month, ledger: 'all' as const, ...f }))].sort((a, b) => a.month.localeCompare(b.month));
}

/** Writes month-end figures for every ended month of the last two years not yet written. */
export async function closeEndedMonths(deps: LedgerDeps): Promise<string[]> {
  const today = todayInChina(deps.clock());
  const months = await repo.openMonths(deps.db, monthsBack(today, 24), today);
  const closed: string[] = [];
  for (const month of months) if ((await repo.closeMonth(deps.db, month)) >= 0) closed.push(month);
  // Staff outside quota at each month's end, beside the quota figures (their own marker: a month closed before they existed gets them too).
  await closeWorkforceMonths(deps, monthsBack(today, 24));
  return closed;
}

export async function retirementForecast(
  deps: LedgerDeps,
  principal: Principal,
  input: { jurisdictionId?: string | undefined; organizationId?: string | undefined; ledger?: QuotaType | undefined; years: number },
): Promise<RetirementForecastDto> {
  const { ids } = await subtree(deps, principal, input.jurisdictionId);
  const today = todayInChina(deps.clock());
  const from = nextMonthStart(today);
  const until = `${Number(from.slice(0, 4)) + input.years}${from.slice(4)}`;
  const rows = await repo.retirementRows(deps.db, { jurisdictionIds: ids, organizationId: input.organizationId, ledger: input.ledger, from, until });
  const months: RetirementForecastDto['months'] = [];
  for (let m = from; m < until; m = nextMonthStart(m)) months.push({ month: m.slice(0, 7), byType: {}, total: 0 });
  const monthIndex = new Map(months.map((m, i) => [m.month, i]));
  const perUnit = new Map<string, { total: number; byType: Partial<Record<QuotaType, number>> }>();
  for (const r of rows) {
    const month = months[monthIndex.get(r.month)!]!;
    month.byType[r.ledger] = (month.byType[r.ledger] ?? 0) + r.count;
    month.total += r.count;
    const unit = perUnit.get(r.organizationId) ?? { total: 0, byType: {} };
    unit.total += r.count;
    unit.byType[r.ledger] = (unit.byType[r.ledger] ?? 0) + r.count;
    perUnit.set(r.organizationId, unit);
  }
  const top = [...perUnit].sort((a, b) => b[1].total - a[1].total).slice(0, 50);
  const refs = top.length ? await deps.scope.lookupOrganizations(principal, { ids: top.map(([id]) => id) }) : [];
  const nameOf = new Map(refs.map((r) => [r.id, r.name]));
  return { months, units: top.map(([organizationId, u]) => ({ organizationId, name: nameOf.get(organizationId) ?? organizationId, ...u })) };
}

export async function retiringNextMonth(deps: LedgerDeps, principal: Principal, input: { jurisdictionId?: string | undefined; limit: number }): Promise<RetiringPersonDto[]> {
  const { ids } = await subtree(deps, principal, input.jurisdictionId);
  const rows = await repo.retiringPeople(deps.db, ids, nextMonthStart(todayInChina(deps.clock())), input.limit);
  const refs = rows.length ? await deps.scope.lookupOrganizations(principal, { ids: [...new Set(rows.map((r) => r.organization_id))] }) : [];
  const nameOf = new Map(refs.map((r) => [r.id, r.name]));
  return rows.map((r) => ({ personId: r.person_id, name: r.name, idNumberMasked: masked(r.id_number), organizationId: r.organization_id, organizationName: nameOf.get(r.organization_id) ?? '', ledger: r.ledger as QuotaType, retiresOn: r.retires_on }));
}

export async function dormantVacancies(deps: LedgerDeps, principal: Principal, input: { jurisdictionId?: string | undefined; months: number; limit: number }): Promise<DormantVacancyDto[]> {
  const { ids } = await subtree(deps, principal, input.jurisdictionId);
  const today = todayInChina(deps.clock());
  const cutoff = addMonths(today, -input.months);
  const rows = await repo.dormantRows(deps.db, ids, cutoff, input.limit);
  const refs = rows.length ? await deps.scope.lookupOrganizations(principal, { ids: [...new Set(rows.map((r) => r.organization_id))] }) : [];
  const nameOf = new Map(refs.map((r) => [r.id, r.name]));
  const monthsSince = (day: string) => {
    const [y, m] = day.split('-').map(Number) as [number, number];
    const [ty, tm] = today.split('-').map(Number) as [number, number];
    return ty * 12 + tm - (y * 12 + m);
  };
  return rows.map((r) => {
    const lastUse = [r.last_entry, r.last_credit].filter((d): d is string => d !== null).sort().at(-1) ?? null;
    return { organizationId: r.organization_id, name: nameOf.get(r.organization_id) ?? r.organization_id, jurisdictionId: r.jurisdiction_id, ledger: r.ledger as QuotaType, vacant: r.vacant, lastEntry: r.last_entry, idleMonths: lastUse ? monthsSince(lastUse) : null, vacantAccountId: r.vacant_id, poolAccountId: r.pool_id };
  });
}

