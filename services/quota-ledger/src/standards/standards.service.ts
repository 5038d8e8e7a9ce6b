import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { OrganizationRef } from '@bianzhi/contracts/registry';
import { indicatorLabels, indicators, type Indicator, type IndicatorValueDto, type StandardDefinition, type StandardDto, type StandardVersionDto } from '@bianzhi/contracts/standards';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual as text, DomainError } from '@bianzhi/domain/errors';
import { INDICATOR_MAX, standardProblems } from '@bianzhi/domain/standards';
import { isLive } from '@bianzhi/domain/organization';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { readTable } from '@bianzhi/sheets/table';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { servicePrincipal } from '@bianzhi/trpc/internal-token';
import type { LedgerDb } from '../db.js';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { requireColumns, sheetProblems, sheetUnits, wholeNumberCell } from '../account/sheet-rows.js';

/**
 * Staffing standards (核编标准, docs/ledger.md "Staffing standards"): the indicators of each unit
 * with their history, the standards as versioned data, and which standard measures which unit.
 */

/** An id no row has, for an `in` list that must match nothing. */
const NONE = '00000000-0000-0000-0000-000000000000';
const who = (principal: Principal) => ({ id: principal.id, name: principal.name });
const today = (deps: LedgerDeps) => todayInChina(deps.clock());

/**
 * A unit in the caller's scope (the registry applies the scope), else OUT_OF_SCOPE; for a change,
 * a live one: an abolished unit keeps its history, readable, and takes no new indicator or standard.
 */
export async function unitInScope(deps: LedgerDeps, principal: Principal, organizationId: string, options: { live?: boolean } = {}): Promise<OrganizationRef> {
  const [unit] = await deps.scope.lookupOrganizations(principal, { ids: [organizationId] });
  if (!unit) throw new DomainError('OUT_OF_SCOPE', `organization ${organizationId} is not in the caller's scope`);
  if (options.live && !isLive(unit.status)) throw new DomainError('ORGANIZATION_NOT_LIVE', `organization ${organizationId} is ${unit.status}`);
  return unit;
}

/** The jurisdictions whose standards reach the caller: its own scope and every level above its home. */
async function standardOwnersFor(deps: LedgerDeps, principal: Principal): Promise<string[] | null> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible === null) return null;
  return [...new Set([...visible, ...(await ancestorsOf(deps, principal.jurisdictionId))])];
}

/** A jurisdiction and those above it, from the whole tree as the platform sees it. */
async function ancestorsOf(deps: LedgerDeps, jurisdictionId: string | null): Promise<string[]> {
  if (!jurisdictionId) return [];
  const tree = await deps.scope.jurisdictionsOf(servicePrincipal('quota-ledger'));
  const parentOf = new Map(tree.map((j) => [j.id, j.parentId]));
  const path: string[] = [];
  for (let at: string | null | undefined = jurisdictionId; at && !path.includes(at); at = parentOf.get(at)) path.push(at);
  return path;
}

// ---------------------------------------------------------------------------------------------
// Indicators

/** Each indicator's value as of a day (today by default): the latest effective by then. */
export async function indicatorsAsOf(db: LedgerDb, organizationIds: string[], asOf: string): Promise<Map<string, Partial<Record<Indicator, number>>>> {
  const { rows } = await sql<{ organization_id: string; indicator: Indicator; value: number }>`
    select distinct on (organization_id, indicator) organization_id, indicator, value::int as value
    from ledger.indicator_values
    where organization_id = any(${organizationIds}::uuid[]) and effective_date <= ${asOf}
    order by organization_id, indicator, effective_date desc, seq desc`.execute(db);
  const values = new Map<string, Partial<Record<Indicator, number>>>();
  for (const r of rows) values.set(r.organization_id, { ...values.get(r.organization_id), [r.indicator]: r.value });
  return values;
}

/** A unit's indicators as of a day, and every value ever recorded (newest first). */
export async function unitIndicators(deps: LedgerDeps, principal: Principal, input: { organizationId: string; asOf?: string | undefined }) {
  await unitInScope(deps, principal, input.organizationId);
  const asOf = input.asOf ?? today(deps);
  const [current, history] = await Promise.all([
    indicatorsAsOf(deps.db, [input.organizationId], asOf),
    deps.db.selectFrom('ledger.indicator_values').selectAll().where('organization_id', '=', input.organizationId).orderBy('effective_date', 'desc').orderBy('seq', 'desc').limit(500).execute(),
  ]);
  return {
    asOf,
    values: current.get(input.organizationId) ?? {},
    history: history.map(
      (r): IndicatorValueDto => ({ indicator: r.indicator as Indicator, value: Number(r.value), effectiveDate: r.effective_date, documentNumber: r.document_number, recordedBy: r.recorded_by as IndicatorValueDto['recordedBy'], recordedAt: r.recorded_at }),
    ),
  };
}

type IndicatorRow = { organizationId: string; jurisdictionId: string; indicator: Indicator; value: number };

async function recordIndicators(deps: LedgerDeps, principal: Principal, rows: IndicatorRow[], meta: { effectiveDate: string; documentNumber?: string | undefined; fileName?: string }, requestId?: string) {
  const actor = auditActorOf(principal);
  await deps.db.transaction().execute(async (trx) => {
    await sql`
      insert into ledger.indicator_values (organization_id, jurisdiction_id, indicator, value, effective_date, document_number, recorded_by)
      select u.organization_id, u.jurisdiction_id, u.indicator, u.value, ${meta.effectiveDate}::date, ${meta.documentNumber ?? null}, ${JSON.stringify(who(principal))}::jsonb
      from unnest(${rows.map((r) => r.organizationId)}::uuid[], ${rows.map((r) => r.jurisdictionId)}::uuid[], ${rows.map((r) => r.indicator)}::text[], ${rows.map((r) => r.value)}::bigint[])
        as u(organization_id, jurisdiction_id, indicator, value)`.execute(trx);
    const units = [...new Set(rows.map((r) => r.organizationId))];
    await appendOutboxEvent(trx, 'ledger', {
      type: meta.fileName ? 'ledger.indicator.imported' : 'ledger.indicator.set',
      aggregateType: meta.fileName ? 'indicator_import' : 'organization',
      aggregateId: meta.fileName ?? units[0]!,
      jurisdictionId: meta.fileName ? principal.jurisdictionId : rows[0]!.jurisdictionId,
      actor,
      payload: meta.fileName
        ? { fileName: meta.fileName, units: units.length, values: rows.length, effectiveDate: meta.effectiveDate }
        : { values: Object.fromEntries(rows.map((r) => [r.indicator, r.value])), effectiveDate: meta.effectiveDate, documentNumber: meta.documentNumber ?? null },
      requestId,
    });
  });
}

/** Records a unit's indicators from a day on; earlier values stay, readable as of their days. */
export async function setIndicators(
  deps: LedgerDeps,
  principal: Principal,
  input: { organizationId: string; values: { indicator: Indicator; value: number }[]; effectiveDate: string; documentNumber?: string | undefined },
  requestId?: string,
) {
  const unit = await unitInScope(deps, principal, input.organizationId, { live: true });
  const named = input.values.map((v) => v.indicator);
  if (new Set(named).size !== named.length) throw new DomainError('VALIDATION_FAILED', 'an indicator appears twice', undefined, text('同一指标填写了两次', 'An indicator appears twice'));
  await recordIndicators(deps, principal, input.values.map((v) => ({ organizationId: unit.id, jurisdictionId: unit.jurisdictionId, ...v })), input, requestId);
  return unitIndicators(deps, principal, { organizationId: unit.id, asOf: input.effectiveDate });
}

const indicatorColumns = [
  { key: 'unit', header: '单位名称' },
  { key: 'creditCode', header: '统一社会信用代码' },
  ...indicators.map((indicator) => ({ key: indicator, header: indicatorLabels[indicator]['zh-CN'] })),
] as { key: 'unit' | 'creditCode' | Indicator; header: string }[];

export async function indicatorTemplate(): Promise<Buffer> {
  return simpleWorkbook('指标', indicatorColumns.map((c) => ({ header: c.header, width: c.key === 'unit' ? 30 : 16 })), [['示范市某某医院', '', 500, '', '', '', '', '', '', '', '']]);
}

/** Indicators of many units from one file, from one day on: every cell checked, all rows or none. */
export async function importIndicators(deps: LedgerDeps, principal: Principal, input: { fileName: string; contentBase64: string; effectiveDate: string }, requestId?: string) {
  const sheet = requireColumns(await readTable(Buffer.from(input.contentBase64, 'base64'), '指标', indicatorColumns), indicatorColumns, []);
  const present = indicators.filter((i) => sheet.columnOf.has(i));
  if (present.length === 0) throw new DomainError('VALIDATION_FAILED', 'no indicator column', undefined, text('文件中没有任何指标列（如“核定床位数”）', 'The file has no indicator column (such as “核定床位数”)'));
  const problems = sheetProblems();
  const unitOf = await sheetUnits(deps, principal, sheet.rows, problems);
  const rows: IndicatorRow[] = [];
  for (const { row, values } of sheet.rows) {
    const unit = unitOf(row, values);
    for (const indicator of present) {
      const value = wholeNumberCell(problems, row, indicatorLabels[indicator]['zh-CN'], values[indicator], INDICATOR_MAX, null);
      if (unit && value !== null) rows.push({ organizationId: unit.id, jurisdictionId: unit.jurisdictionId, indicator, value });
    }
  }
  problems.throwIfAny();
  if (rows.length === 0) throw new DomainError('VALIDATION_FAILED', 'no values', undefined, text('文件中没有填写任何指标值', 'The file holds no indicator value'));
  await recordIndicators(deps, principal, rows, { effectiveDate: input.effectiveDate, fileName: input.fileName }, requestId);
  return { units: new Set(rows.map((r) => r.organizationId)).size, values: rows.length };
}

// ---------------------------------------------------------------------------------------------
// Standards

/** Every standard's version in force on a day: the highest version effective by then. */
export async function standardVersionsAsOf(db: LedgerDb, asOf: string, standardIds?: string[]) {
  const { rows } = await sql<{ standard_id: string; version: number; definition: StandardDefinition; document_number: string; effective_from: string; recorded_by: { id: string; name?: string }; recorded_at: Date }>`
    select distinct on (standard_id) standard_id, version, definition, document_number, effective_from::text, recorded_by, recorded_at
    from ledger.staffing_standard_versions
    where effective_from <= ${asOf} and (${standardIds === undefined} or standard_id = any(${standardIds ?? []}::uuid[]))
    order by standard_id, version desc`.execute(db);
  return new Map(rows.map((r) => [r.standard_id, versionDto(r)]));
}

function versionDto(r: { version: number; definition: unknown; document_number: string; effective_from: string; recorded_by: unknown; recorded_at: Date }): StandardVersionDto {
  return { version: r.version, definition: r.definition as StandardDefinition, documentNumber: r.document_number, effectiveFrom: r.effective_from, recordedBy: r.recorded_by as StandardVersionDto['recordedBy'], recordedAt: r.recorded_at };
}

export async function listStandards(deps: LedgerDeps, principal: Principal, input: { asOf?: string | undefined }): Promise<StandardDto[]> {
  const owners = await standardOwnersFor(deps, principal);
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const standards = await deps.db
    .selectFrom('ledger.staffing_standards as s')
    .select([
      's.id',
      's.code',
      's.jurisdiction_id',
      's.latest_version',
      // The caller's own units only: another district's are none of its business.
      (eb) =>
        eb
          .selectFrom('ledger.unit_standards as u')
          .whereRef('u.standard_id', '=', 's.id')
          .$if(visible !== null, (q) => q.where('u.jurisdiction_id', 'in', visible!.length ? visible! : [NONE]))
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('units'),
    ])
    .$if(owners !== null, (q) => q.where('s.jurisdiction_id', 'in', owners!.length ? owners! : [NONE]))
    .orderBy('s.code')
    .execute();
  const versions = await standardVersionsAsOf(deps.db, input.asOf ?? today(deps), standards.map((s) => s.id));
  return standards.map((s) => ({ id: s.id, code: s.code, jurisdictionId: s.jurisdiction_id, latestVersion: s.latest_version, current: versions.get(s.id) ?? null, units: Number(s.units ?? 0) }));
}

/** A standard with every version, newest first. */
export async function getStandard(deps: LedgerDeps, principal: Principal, input: { id: string }) {
  const owners = await standardOwnersFor(deps, principal);
  // Absent and out of reach answer alike: a caller learns nothing of another jurisdiction's standards.
  const standard = await deps.db
    .selectFrom('ledger.staffing_standards')
    .selectAll()
    .where('id', '=', input.id)
    .$if(owners !== null, (q) => q.where('jurisdiction_id', 'in', owners!.length ? owners! : [NONE]))
    .executeTakeFirst();
  if (!standard) throw new DomainError('NOT_FOUND', `standard ${input.id}`);
  const versions = await deps.db.selectFrom('ledger.staffing_standard_versions').selectAll().where('standard_id', '=', input.id).orderBy('version', 'desc').execute();
  return { id: standard.id, code: standard.code, jurisdictionId: standard.jurisdiction_id, latestVersion: standard.latest_version, versions: versions.map(versionDto) };
}

/**
 * Issues a standard, or its next version: checked whole (variants, bands, minimum and maximum)
 * before anything is written. Earlier versions stay and keep measuring the days they covered.
 */
export async function saveStandard(
  deps: LedgerDeps,
  principal: Principal,
  input: { id?: string | undefined; expectedVersion?: number | undefined; code: string; definition: StandardDefinition; documentNumber: string; effectiveFrom: string },
  requestId?: string,
) {
  const problems = standardProblems(input.definition);
  if (problems.length) {
    throw new DomainError('VALIDATION_FAILED', 'the standard is not consistent', { problems: problems.map((message) => ({ message })) }, text(problems.map((p) => p['zh-CN']).join('；'), problems.map((p) => p.en).join('; ')));
  }
  if (!principal.jurisdictionId) throw new DomainError('FORBIDDEN', 'a standard is issued by a jurisdiction');
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const id = await deps.db.transaction().execute(async (trx) => {
    let standard = input.id
      ? await trx
          .selectFrom('ledger.staffing_standards')
          .selectAll()
          .where('id', '=', input.id)
          .$if(visible !== null, (q) => q.where('jurisdiction_id', 'in', visible!.length ? visible! : [NONE]))
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (input.id && !standard) throw new DomainError('NOT_FOUND', `standard ${input.id}`);
    if (standard && input.expectedVersion !== undefined && standard.latest_version !== input.expectedVersion) {
      throw new DomainError('CONFLICT', `standard ${standard.id} is at version ${standard.latest_version}`, undefined, text(`该标准已有第${standard.latest_version}版，请刷新后在最新版本上修改`, `The standard is already at version ${standard.latest_version}; refresh and edit the latest`));
    }
    if (!standard) {
      // Two editors creating the same code at once: the unique key decides, and the loser is told so.
      standard = await trx
        .insertInto('ledger.staffing_standards')
        .values({ id: randomUUID(), jurisdiction_id: principal.jurisdictionId!, code: input.code })
        .onConflict((oc) => oc.columns(['jurisdiction_id', 'code']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!standard) throw new DomainError('CONFLICT', `code ${input.code} is taken`, undefined, text(`标准编码“${input.code}”已被使用`, `The code ${input.code} is already used`));
    } else if (standard.code !== input.code) {
      throw new DomainError('VALIDATION_FAILED', 'the code of a standard does not change', undefined, text('标准编码不能修改', 'A standard keeps its code'));
    } else {
      // A variant units are measured as cannot disappear from under them: reassign them first.
      const kept = new Set(input.definition.variants.map((v) => v.key));
      const orphaned = await trx.selectFrom('ledger.unit_standards').select(['variant', (e) => e.fn.countAll<string>().as('n')]).where('standard_id', '=', standard.id).groupBy('variant').execute();
      const dropped = orphaned.filter((o) => !kept.has(o.variant));
      if (dropped.length) {
        const previous = await trx.selectFrom('ledger.staffing_standard_versions').select('definition').where('standard_id', '=', standard.id).where('version', '=', standard.latest_version).executeTakeFirstOrThrow();
        const labelOf = (key: string) => (previous.definition as unknown as StandardDefinition).variants.find((v) => v.key === key)?.label ?? key;
        const list = dropped.map((d) => `“${labelOf(d.variant)}”（${d.n}个单位）`).join('、');
        throw new DomainError('CONFLICT', `variants still assigned: ${dropped.map((d) => d.variant).join(', ')}`, undefined, text(`适用类别${list}仍有单位适用，请先调整这些单位的适用类别`, `Units are still measured as ${dropped.map((d) => `${d.variant} (${d.n})`).join(', ')}; reassign them first`));
      }
    }
    const version = standard.latest_version + 1;
    await trx
      .insertInto('ledger.staffing_standard_versions')
      .values({ standard_id: standard.id, version, definition: JSON.stringify(input.definition), document_number: input.documentNumber, effective_from: input.effectiveFrom, recorded_by: JSON.stringify(who(principal)) })
      .execute();
    await trx.updateTable('ledger.staffing_standards').set({ latest_version: version }).where('id', '=', standard.id).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.standard.saved',
      aggregateType: 'staffing_standard',
      aggregateId: standard.id,
      jurisdictionId: standard.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { code: input.code, version, name: input.definition.name, documentNumber: input.documentNumber, effectiveFrom: input.effectiveFrom },
      requestId,
    });
    return standard.id;
  });
  return getStandard(deps, principal, { id });
}

/**
 * Which standard measures a unit, as which of its variants (null: none). The standard must be one
 * issued for the unit's jurisdiction or a level above it.
 */
export async function assignStandard(deps: LedgerDeps, principal: Principal, input: { organizationId: string; standardId: string | null; variant?: string | undefined }, requestId?: string) {
  const unit = await unitInScope(deps, principal, input.organizationId, { live: input.standardId !== null });
  const actor = auditActorOf(principal);
  let variant: string | null = null;
  if (input.standardId) {
    const standard = await deps.db.selectFrom('ledger.staffing_standards').selectAll().where('id', '=', input.standardId).executeTakeFirst();
    if (!standard || !(await ancestorsOf(deps, unit.jurisdictionId)).includes(standard.jurisdiction_id)) {
      throw new DomainError('NOT_FOUND', `standard ${input.standardId} does not reach the unit`, undefined, text('找不到该标准，或该标准不适用于本单位所在区划', 'No such standard for the unit’s jurisdiction'));
    }
    // The latest version and the one in force today (they differ while a new one waits for its day) must both know the variant.
    const latest = await deps.db.selectFrom('ledger.staffing_standard_versions').select('definition').where('standard_id', '=', standard.id).where('version', '=', standard.latest_version).executeTakeFirstOrThrow();
    const inForce = (await standardVersionsAsOf(deps.db, today(deps), [standard.id])).get(standard.id)?.definition;
    const variants = (latest.definition as unknown as StandardDefinition).variants.filter((v) => !inForce || inForce.variants.some((w) => w.key === v.key));
    variant = input.variant ?? variants[0]?.key ?? '';
    if (!variants.some((v) => v.key === variant)) {
      throw new DomainError('VALIDATION_FAILED', `variant ${variant}`, undefined, text(`该标准没有适用类别“${variant}”，可选：${variants.map((v) => v.label).join('、')}`, `The standard has no variant ${variant}`));
    }
  }
  await deps.db.transaction().execute(async (trx) => {
    if (input.standardId && variant) {
      const values = { jurisdiction_id: unit.jurisdictionId, standard_id: input.standardId, variant, assigned_by: JSON.stringify(who(principal)), assigned_at: new Date() };
      await trx.insertInto('ledger.unit_standards').values({ organization_id: unit.id, ...values }).onConflict((oc) => oc.column('organization_id').doUpdateSet(values)).execute();
    } else {
      await trx.deleteFrom('ledger.unit_standards').where('organization_id', '=', unit.id).execute();
    }
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.standard.assigned',
      aggregateType: 'organization',
      aggregateId: unit.id,
      jurisdictionId: unit.jurisdictionId,
      actor,
      payload: { standardId: input.standardId, variant },
      requestId,
    });
  });
  return { organizationId: unit.id, standardId: input.standardId, variant };
}
