import type { AnnualQuotaFigures, AnnualReportDto, OrganizationCountRow } from '@bianzhi/contracts/annual-report';
import { entryKinds, exitKinds, postCategories, quotaTypes, type QuotaType } from '@bianzhi/contracts/ledger';
import { auxiliaryKinds, fundingSources } from '@bianzhi/contracts/workforce';
import type { Principal } from '@bianzhi/domain/access';
import { ageBands, bandOfAge, checkAnnualFigures, educationLevel, educationLevels, reportDates, type Counts } from '@bianzhi/domain/annual-report';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { institutionClasses, organizationKinds, organizationRanks } from '@bianzhi/domain/organization';
import { subtreeIds } from '@bianzhi/registry/scope-client';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { unitFigures, type UnitFigureRow } from '../stats/figures.repository.js';
import { scopeOf } from './analysis.service.js';
import * as repo from './annual-report.repository.js';

/** A record with every key of `keys` at zero. */
const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const bump = (counts: Counts, key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
const emptyQuota = (): AnnualQuotaFigures => ({ quota: 0, occupied: 0, vacant: 0, over: 0 });
function addUnit(into: AnnualQuotaFigures, u: UnitFigureRow) {
  into.quota += u.quota;
  into.occupied += u.occupied;
  into.vacant += Math.max(0, u.quota - u.occupied);
  into.over += Math.max(0, u.occupied - u.quota);
}
const emptyPeople = () => ({ total: 0, bySex: zeros(['male', 'female'] as const), byAge: zeros(ageBands), byEducation: zeros(educationLevels), byPostCategory: zeros(postCategories) });
const byTypeOrder = <T extends { ledger: QuotaType }>(rows: T[]) => rows.sort((a, b) => quotaTypes.indexOf(a.ledger) - quotaTypes.indexOf(b.ledger));

/**
 * One jurisdiction's year-end return (统计年报) as of December 31 of `year`, with the checks between
 * its tables: the quota, the roll and the workforce from the ledger's own entries and slots, the
 * organizations from the registry (asked on the caller's behalf, so its scope applies there too).
 * One JSON object per jurisdiction and year, codes rather than labels: the Excel, the PDF and a
 * later signed package upward all print this object.
 */
export async function annualReport(deps: LedgerDeps, principal: Principal, input: { year: number; jurisdictionId?: string | undefined }): Promise<AnnualReportDto> {
  const today = todayInChina(deps.clock());
  const dates = reportDates(input.year);
  if (dates.yearStart > today) throw new DomainError('VALIDATION_FAILED', `year ${input.year} has not begun`, undefined, { 'zh-CN': `${input.year}年尚未开始，不能统计年报`, en: `The year ${input.year} has not begun` });
  if (!deps.scope.organizationCounts) throw new Error('the annual report needs the registry (organization counts)');
  const { all, root, ids } = await scopeOf(deps, principal, input.jurisdictionId);
  // A view over several cities has a virtual root ('all'): the registry then counts the whole scope.
  const rootForRegistry = root.id === 'all' ? undefined : root.id;
  const [endUnits, startUnits, people, roll, quotaMoves, outside, orgsEnd, orgsStart] = await Promise.all([
    unitFigures(deps.db, { asOf: dates.asOf, jurisdictionIds: ids }),
    unitFigures(deps.db, { asOf: dates.startOf, jurisdictionIds: ids }),
    repo.peopleAt(deps.db, ids, dates.asOf),
    repo.rollChanges(deps.db, ids, dates),
    repo.quotaChanges(deps.db, ids, dates),
    repo.outsideQuotaAt(deps.db, ids, dates.asOf),
    deps.scope.organizationCounts(principal, { asOf: dates.asOf, jurisdictionId: rootForRegistry }),
    deps.scope.organizationCounts(principal, { asOf: dates.startOf, jurisdictionId: rootForRegistry }),
  ]);

  // Rows by jurisdiction: the root's own units, then each child jurisdiction with its subtree.
  const children = all.filter((j) => j.parentId === root.id);
  const groupOf = new Map<string, string>();
  for (const child of children) for (const id of subtreeIds(all, child.id)) groupOf.set(id, child.id);
  const groups = [
    ...(root.id === 'all' ? [] : [{ jurisdictionId: root.id, name: root.name, own: true }]),
    ...children.map((c) => ({ jurisdictionId: c.id, name: c.name, own: false })),
  ];
  const groupFor = (jurisdictionId: string) => groupOf.get(jurisdictionId) ?? root.id;
  const inReport = new Set(ids);

  const organizations = organizationTables(orgsEnd.filter((r) => inReport.has(r.jurisdictionId)), groups, groupFor);
  const atStart = orgsStart.filter((r) => inReport.has(r.jurisdictionId)).reduce((n, r) => n + r.count, 0);

  const quotaTotal = emptyQuota();
  const quotaByType = new Map<QuotaType, AnnualQuotaFigures>();
  const quotaByGroup = new Map(groups.map((g) => [g.jurisdictionId, emptyQuota()]));
  for (const u of endUnits) {
    addUnit(quotaTotal, u);
    addUnit(quotaByType.get(u.ledger) ?? quotaByType.set(u.ledger, emptyQuota()).get(u.ledger)!, u);
    const group = quotaByGroup.get(groupFor(u.jurisdictionId));
    if (group) addUnit(group, u);
  }

  const peopleTotal = emptyPeople();
  const peopleByType = new Map<QuotaType, ReturnType<typeof emptyPeople>>();
  for (const p of people) {
    const type = peopleByType.get(p.ledger as QuotaType) ?? peopleByType.set(p.ledger as QuotaType, emptyPeople()).get(p.ledger as QuotaType)!;
    for (const into of [type, peopleTotal]) {
      into.total += p.count;
      bump(into.bySex, p.sex, p.count);
      bump(into.byAge, bandOfAge(p.age), p.count);
      bump(into.byEducation, educationLevel(p.education), p.count);
      bump(into.byPostCategory, p.postCategory, p.count);
    }
  }

  const ledgers = quotaTypes.filter((t) => quotaByType.has(t) || peopleByType.has(t) || roll.some((r) => r.ledger === t) || quotaMoves.some((m) => m.ledger === t) || startUnits.some((u) => u.ledger === t && u.quota !== 0));
  const peopleChanges = ledgers.map((ledger) => {
    const rows = roll.filter((r) => r.ledger === ledger);
    const entries = zeros(entryKinds);
    const exits = zeros(exitKinds);
    for (const r of rows) if (r.what === 'entry' && r.kind) bump(entries, r.kind, r.count);
    for (const r of rows) if (r.what === 'exit' && r.kind) bump(exits, r.kind, r.count);
    return { ledger, atStart: rows.find((r) => r.what === 'start')?.count ?? 0, entries, exits, atEnd: peopleByType.get(ledger)?.total ?? 0 };
  });
  const quotaChanges = ledgers.map((ledger) => ({
    ledger,
    atStart: startUnits.filter((u) => u.ledger === ledger).reduce((n, u) => n + u.quota, 0),
    byCode: Object.fromEntries(quotaMoves.filter((m) => m.ledger === ledger).map((m) => [m.code, m.net])),
    atEnd: quotaByType.get(ledger)?.quota ?? 0,
  }));

  const outsideQuota = { total: 0, byFunding: zeros(fundingSources), byKind: auxiliaryKinds.map((kind) => ({ kind, total: 0, byFunding: zeros(fundingSources) })) };
  for (const o of outside) {
    outsideQuota.total += o.count;
    bump(outsideQuota.byFunding, o.funding, o.count);
    const kind = outsideQuota.byKind.find((k) => k.kind === o.kind);
    if (kind) {
      kind.total += o.count;
      bump(kind.byFunding, o.funding, o.count);
    }
  }

  const checks = checkAnnualFigures({
    organizations,
    quota: { total: quotaTotal, byType: Object.fromEntries(quotaByType), byJurisdiction: [...quotaByGroup.values()] },
    people: Object.fromEntries(peopleByType),
    changes: Object.fromEntries(
      ledgers.map((ledger, i) => [ledger, { peopleAtStart: peopleChanges[i]!.atStart, entries: peopleChanges[i]!.entries, exits: peopleChanges[i]!.exits, quotaAtStart: quotaChanges[i]!.atStart, quotaChanges: quotaChanges[i]!.byCode as Counts }]),
    ),
  });

  return {
    format: 'bianzhi.annual-report/1',
    year: input.year,
    asOf: dates.asOf,
    startOf: dates.startOf,
    provisional: dates.asOf >= today,
    jurisdiction: { id: root.id, name: root.name, level: root.level },
    generatedAt: deps.clock().toISOString(),
    organizations: { ...organizations, atStart },
    quota: {
      total: quotaTotal,
      byType: byTypeOrder([...quotaByType].map(([ledger, f]) => ({ ledger, ...f }))),
      byJurisdiction: groups.map((g) => ({ ...g, ...quotaByGroup.get(g.jurisdictionId)! })),
    },
    people: { total: peopleTotal, byType: byTypeOrder([...peopleByType].map(([ledger, p]) => ({ ledger, ...p }))) },
    changes: { people: peopleChanges, quota: quotaChanges },
    outsideQuota,
    checks,
    failedChecks: checks.filter((c) => !c.passed).length,
  };
}

/** The organizations table: in all, by kind, rank and class, and by jurisdiction group. */
function organizationTables(rows: OrganizationCountRow[], groups: { jurisdictionId: string; name: string; own: boolean }[], groupFor: (jurisdictionId: string) => string) {
  const byKind = zeros(organizationKinds);
  const byRank = zeros(organizationRanks);
  const byClass = zeros(institutionClasses);
  const byGroup = new Map(groups.map((g) => [g.jurisdictionId, { ...g, total: 0, byKind: zeros(organizationKinds) }]));
  let total = 0;
  let institutions = 0;
  for (const r of rows) {
    total += r.count;
    bump(byKind, r.kind, r.count);
    bump(byRank, r.rank, r.count);
    if (r.kind === 'institution') {
      institutions += r.count;
      if (r.institutionClass) bump(byClass, r.institutionClass, r.count);
    }
    const group = byGroup.get(groupFor(r.jurisdictionId));
    if (group) {
      group.total += r.count;
      bump(group.byKind, r.kind, r.count);
    }
  }
  return { total, byKind, byRank, institutions, byClass, byJurisdiction: [...byGroup.values()] };
}
