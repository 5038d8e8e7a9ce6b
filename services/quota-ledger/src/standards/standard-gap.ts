import type { StandardGapDto, UnitStandardDto } from '@bianzhi/contracts/standards';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { isLive } from '@bianzhi/domain/organization';
import { indicatorLabels, indicators, standardGap, standardTotal } from '@bianzhi/domain/standards';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import type { LedgerDb } from '../db.js';
import { scopeOf } from '../analysis/analysis.service.js';
import { unitFigures } from '../stats/figures.repository.js';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { indicatorsAsOf, standardVersionsAsOf, unitInScope } from './standards.service.js';

/**
 * Each unit measured against its standard (DOMAIN.md "Staffing standards"): the standard total from
 * its indicators, against its approved quota and filed headcount, as of a day. The rule is the
 * domain's (`standardTotal`, `standardGap`); this file only gathers the figures in three reads.
 */
type Measured = Omit<UnitStandardDto, 'name'>;

async function measure(db: LedgerDb, asOf: string, filter: { organizationIds: string[] } | { jurisdictionIds: string[] }): Promise<Measured[]> {
  const assignments = await db
    .selectFrom('ledger.unit_standards')
    .selectAll()
    .$if('organizationIds' in filter, (q) => q.where('organization_id', 'in', (filter as { organizationIds: string[] }).organizationIds))
    .$if('jurisdictionIds' in filter, (q) => q.where('jurisdiction_id', 'in', (filter as { jurisdictionIds: string[] }).jurisdictionIds))
    .execute();
  const organizationIds = 'organizationIds' in filter ? filter.organizationIds : assignments.map((a) => a.organization_id);
  if (organizationIds.length === 0) return [];
  const [versions, values, figures] = await Promise.all([
    standardVersionsAsOf(db, asOf, [...new Set(assignments.map((a) => a.standard_id))]),
    indicatorsAsOf(db, organizationIds, asOf),
    unitFigures(db, { asOf, jurisdictionIds: 'jurisdictionIds' in filter ? filter.jurisdictionIds : null, organizationId: 'organizationIds' in filter && organizationIds.length === 1 ? organizationIds[0] : undefined }),
  ]);
  const codes = new Map((assignments.length ? await db.selectFrom('ledger.staffing_standards').select(['id', 'code']).where('id', 'in', [...new Set(assignments.map((a) => a.standard_id))]).execute() : []).map((s) => [s.id, s.code]));
  const held = new Map<string, { approved: number; filed: number; filingSystem: boolean; jurisdictionId: string; filedVacant: string | null }>();
  for (const f of figures) {
    const h = held.get(f.organizationId) ?? { approved: 0, filed: 0, filingSystem: false, jurisdictionId: f.jurisdictionId, filedVacant: null };
    if (f.ledger === 'filed_headcount') [h.filed, h.filingSystem, h.filedVacant] = [h.filed + f.quota, true, f.vacantAccountId];
    else h.approved += f.quota;
    held.set(f.organizationId, h);
  }
  // Where a filed-headcount change would come from or go back to: each jurisdiction's unallocated pool.
  const filingJurisdictions = [...new Set([...held.values()].filter((h) => h.filingSystem).map((h) => h.jurisdictionId))];
  const poolOf = new Map(
    (filingJurisdictions.length
      ? await db.selectFrom('ledger.accounts').select(['id', 'jurisdiction_id']).where('holder_kind', '=', 'pool').where('kind', '=', 'unallocated').where('ledger', '=', 'filed_headcount').where('jurisdiction_id', 'in', filingJurisdictions).execute()
      : []
    ).map((a) => [a.jurisdiction_id, a.id]),
  );
  const moveFor = (h: { jurisdictionId: string; filedVacant: string | null }, change: number): Measured['filedMove'] => {
    const pool = poolOf.get(h.jurisdictionId);
    if (change === 0 || !pool || !h.filedVacant) return null;
    return change > 0 ? { ledger: 'filed_headcount', code: 'allocate', debitAccountId: pool, creditAccountId: h.filedVacant, amount: change } : { ledger: 'filed_headcount', code: 'recover', debitAccountId: h.filedVacant, creditAccountId: pool, amount: -change };
  };
  const assignmentOf = new Map(assignments.map((a) => [a.organization_id, a]));
  return organizationIds.map((organizationId) => {
    const a = assignmentOf.get(organizationId);
    const h = held.get(organizationId) ?? { approved: 0, filed: 0, filingSystem: false, jurisdictionId: a?.jurisdiction_id ?? '', filedVacant: null };
    const version = a ? versions.get(a.standard_id) : undefined;
    const unitValues = values.get(organizationId) ?? {};
    const base = { organizationId, jurisdictionId: a?.jurisdiction_id ?? h.jurisdictionId, indicators: unitValues, approved: h.approved, filed: h.filed, filingSystem: h.filingSystem };
    if (!a || !version) return { ...base, standard: null, computation: null, gap: null, proposedFiled: null, filedChange: 0, filedMove: null };
    const definition = version.definition;
    // Measured as a variant the version in force does not have (a later version added it): not measured yet.
    if (!definition.variants.some((v) => v.key === a.variant)) return { ...base, standard: null, computation: null, gap: null, proposedFiled: null, filedChange: 0, filedMove: null };
    const computation = standardTotal(definition, a.variant, unitValues);
    const { gap, proposedFiled, filedChange } = standardGap(computation.total, h.approved, h.filed, h.filingSystem);
    return {
      ...base,
      standard: { id: a.standard_id, code: codes.get(a.standard_id) ?? '', name: definition.name, version: version.version, documentNumber: version.documentNumber, sector: definition.sector, variant: a.variant, variantLabel: definition.variants.find((v) => v.key === a.variant)?.label ?? a.variant },
      computation,
      gap,
      proposedFiled,
      filedChange,
      filedMove: moveFor(h, filedChange),
    };
  });
}

/** One unit: its indicators, standard, computed total, quota held and the filed headcount proposed. */
export async function unitStandard(deps: LedgerDeps, principal: Principal, input: { organizationId: string; asOf?: string | undefined }): Promise<UnitStandardDto> {
  const unit = await unitInScope(deps, principal, input.organizationId);
  const [measured] = await measure(deps.db, input.asOf ?? todayInChina(deps.clock()), { organizationIds: [unit.id] });
  return { ...measured!, jurisdictionId: unit.jurisdictionId, name: unit.name };
}

/** Every measured unit of a subtree, per jurisdiction and in all: shortfalls, excesses, incomplete indicators. */
export async function standardGapReport(deps: LedgerDeps, principal: Principal, input: { jurisdictionId?: string | undefined; asOf?: string | undefined; differencesOnly: boolean; limit: number }): Promise<StandardGapDto> {
  const { all, root, ids } = await scopeOf(deps, principal, input.jurisdictionId);
  const asOf = input.asOf ?? todayInChina(deps.clock());
  const assessed = (await measure(deps.db, asOf, { jurisdictionIds: ids })).filter((m) => m.computation);
  // The registry says which units are still live and where they are now: an abolished unit keeps its
  // assignment but is measured no more; a delegated one counts where it went, if that is in the subtree.
  const subtree = new Set(ids);
  const refs = new Map((assessed.length ? await deps.scope.lookupOrganizations(principal, { ids: assessed.map((m) => m.organizationId) }) : []).map((r) => [r.id, r]));
  const measured = assessed.flatMap((m) => {
    const ref = refs.get(m.organizationId);
    return ref && isLive(ref.status) && subtree.has(ref.jurisdictionId) ? [{ ...m, jurisdictionId: ref.jurisdictionId, name: ref.name }] : [];
  });
  const summary = { units: measured.length, measured: 0, incomplete: 0, standard: 0, approved: 0, filed: 0, shortfall: 0, excess: 0, filedChange: 0 };
  const perJurisdiction = new Map<string, { measured: number; standard: number; held: number; shortfall: number; excess: number }>();
  for (const m of measured) {
    const c = m.computation!;
    if (c.missing.length) summary.incomplete++;
    summary.measured++;
    summary.standard += c.total;
    summary.approved += m.approved;
    summary.filed += m.filed;
    summary.shortfall += Math.max(0, m.gap!);
    summary.excess += Math.max(0, -m.gap!);
    summary.filedChange += m.filedChange;
    const j = perJurisdiction.get(m.jurisdictionId) ?? { measured: 0, standard: 0, held: 0, shortfall: 0, excess: 0 };
    j.measured++;
    j.standard += c.total;
    j.held += m.approved + m.filed;
    j.shortfall += Math.max(0, m.gap!);
    j.excess += Math.max(0, -m.gap!);
    perJurisdiction.set(m.jurisdictionId, j);
  }
  const shown = measured
    .filter((m) => !input.differencesOnly || m.gap !== 0 || m.computation!.missing.length > 0 || m.filedChange !== 0)
    .sort((a, b) => Math.abs(b.gap!) - Math.abs(a.gap!) || a.organizationId.localeCompare(b.organizationId));
  const page = shown.slice(0, input.limit);
  const jurisdictionName = new Map(all.map((j) => [j.id, j.name]));
  return {
    jurisdictionId: root.id,
    asOf,
    summary,
    byJurisdiction: [...perJurisdiction].map(([jurisdictionId, j]) => ({ jurisdictionId, name: jurisdictionName.get(jurisdictionId) ?? jurisdictionId, ...j })).sort((a, b) => b.shortfall + b.excess - (a.shortfall + a.excess)),
    units: page,
    truncated: shown.length > page.length,
  };
}

/** The same report as a workbook: one row per measured unit, with its indicators. */
export async function exportStandardGap(deps: LedgerDeps, principal: Principal, input: { jurisdictionId?: string | undefined; asOf?: string | undefined; differencesOnly: boolean }) {
  const report = await standardGapReport(deps, principal, { ...input, limit: 10_000 });
  const used = indicators.filter((i) => report.units.some((u) => u.indicators[i] !== undefined));
  const content = await simpleWorkbook(
    '核编标准测算',
    [
      { header: '单位名称', width: 30 },
      { header: '适用标准', width: 24 },
      { header: '适用类别' },
      ...used.map((i) => ({ header: indicatorLabels[i]['zh-CN'] })),
      { header: '标准编制数' },
      { header: '审批编制' },
      { header: '报备员额' },
      { header: '缺口（+缺 / −超）' },
      { header: '建议报备员额' },
      { header: '缺少指标', width: 24 },
    ],
    report.units.map((u) => [
      u.name,
      u.standard ? `${u.standard.name}（第${u.standard.version}版）` : '',
      u.standard?.variantLabel ?? '',
      ...used.map((i) => u.indicators[i] ?? null),
      u.computation?.total ?? null,
      u.approved,
      u.filed,
      u.gap,
      u.proposedFiled,
      (u.computation?.missing ?? []).map((i) => indicatorLabels[i]['zh-CN']).join('、'),
    ]),
    { title: `核编标准测算（截至${report.asOf}）` },
  );
  return { filename: `核编标准测算-${report.asOf}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: content.toString('base64') };
}
