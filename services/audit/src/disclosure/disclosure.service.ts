import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DisclosedUnit, DisclosureScoreDto } from '@bianzhi/contracts/audit';
import { leadershipRankLabels, quotaTypeLabels, type UnitQuotaFigure } from '@bianzhi/contracts/ledger';
import type { PublicUnitRecord } from '@bianzhi/contracts/registry';
import { classLabels, fundingLabels, kindLabels, rankLabels } from '@bianzhi/domain/organization-labels';
import { DomainError } from '@bianzhi/domain/errors';
import type { AuditDb } from '../db.js';
import type { PostCount } from '../crosscheck/compare.js';
import { namedRollOf, storeNamedRoll, type PublicRollSource } from './named-roll-snapshot.js';
import { allDisclosureChanges, closeOrdersShownIn } from './timeliness.service.js';
import { accuracyOf, scoreUnit, timelinessOf } from './timeliness-score.js';
import { csvOf } from '@bianzhi/sheets/csv';
import type { Principal } from '@bianzhi/domain/access';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { appendToChain } from '../log/log.service.js';

/**
 * 信息公开: the public page per unit (DOMAIN.md "Public disclosure"). A published snapshot is built from
 * the registry's public records (classified units are already left out there) and the ledger's
 * per-unit figures; it holds no person. Snapshots are kept, so each stays online a year or more;
 * completeness is scored per unit and jurisdiction in the half-yearly evaluation runs.
 */
export interface DisclosureSources {
  publicRecords(): Promise<PublicUnitRecord[]>;
  publicFigures(): Promise<UnitQuotaFigure[]>;
  postsOf(organizationIds: string[]): Promise<PostCount[]>;
  /** 实名制公示: the ledger's public roll of the units named (absent: no named roll is published). */
  namedRoll?: PublicRollSource;
}

const departmentTypeLabels: Record<string, string> = { office: '内设机构', platform: '内设平台' };

export function disclosedUnits(records: PublicUnitRecord[], figures: UnitQuotaFigure[], posts: PostCount[]): DisclosedUnit[] {
  const figuresOf = new Map<string, UnitQuotaFigure[]>();
  for (const f of figures) figuresOf.set(f.organizationId, [...(figuresOf.get(f.organizationId) ?? []), f]);
  const postsOf = new Map<string, PostCount[]>();
  for (const p of posts) postsOf.set(p.organizationId, [...(postsOf.get(p.organizationId) ?? []), p]);
  return records.map((r) => {
    const own = (figuresOf.get(r.id) ?? []).filter((f) => f.quota > 0 || f.occupied > 0);
    return {
      id: r.id,
      name: r.name,
      nameplates: r.nameplates,
      jurisdictionId: r.jurisdictionId,
      jurisdictionName: r.jurisdictionName,
      kind: kindLabels[r.kind],
      institutionClass: r.institutionClass ? classLabels[r.institutionClass] : null,
      funding: r.funding ? fundingLabels[r.funding] : null,
      rank: rankLabels[r.rank],
      functions: r.functions,
      documentNumber: r.documentNumber,
      departments: r.departments.map((d) => ({ name: d.name, type: departmentTypeLabels[d.type] ?? d.type, headcount: d.headcount, leadershipPosts: d.leadershipPosts })),
      quota: own.map((f) => ({ type: quotaTypeLabels[f.ledger], approved: f.quota })),
      quotaTotal: own.reduce((sum, f) => sum + f.quota, 0),
      leadershipPosts: (postsOf.get(r.id) ?? []).filter((p) => p.posts > 0).map((p) => ({ rank: leadershipRankLabels[p.rank], posts: p.posts })),
      headcount: own.reduce((sum, f) => sum + f.occupied, 0),
    };
  });
}

/** What a unit's public page must carry; each item applies to some kinds of unit only. */
const checks: { item: string; applies: (u: DisclosedUnit) => boolean; present: (u: DisclosedUnit) => boolean }[] = [
  { item: '机构规格', applies: () => true, present: (u) => u.rank !== rankLabels.none },
  { item: '主要职责', applies: () => true, present: (u) => u.functions.length > 0 },
  { item: '批准文号', applies: () => true, present: (u) => Boolean(u.documentNumber) },
  { item: '编制数', applies: () => true, present: (u) => u.quotaTotal > 0 },
  { item: '事业单位类别', applies: (u) => u.kind === kindLabels.institution, present: (u) => u.institutionClass !== null },
  { item: '经费形式', applies: (u) => u.kind === kindLabels.institution, present: (u) => u.funding !== null },
  { item: '内设机构', applies: (u) => u.kind !== kindLabels.institution, present: (u) => u.departments.length > 0 },
  { item: '领导职数', applies: (u) => u.kind !== kindLabels.institution, present: (u) => u.leadershipPosts.length > 0 },
];

/** Completeness (0–100), the items missing and the counts behind them, the half-yearly score's first part. */
export function completeness(unit: DisclosedUnit): { score: number; missing: string[]; applicable: number; present: number } {
  const applicable = checks.filter((c) => c.applies(unit));
  const missing = applicable.filter((c) => !c.present(unit)).map((c) => c.item);
  return { score: Math.round((100 * (applicable.length - missing.length)) / applicable.length), missing, applicable: applicable.length, present: applicable.length - missing.length };
}

/**
 * Builds and stores a new snapshot; the public site reads the latest one. Publishing is on the audit
 * chain (who, or the schedule; how many units; which jurisdictions' named rolls went online).
 */
export async function publishDisclosure(db: AuditDb, sources: DisclosureSources, by: Principal | null = null, requestId?: string): Promise<{ id: string; units: number }> {
  const records = await sources.publicRecords();
  const [figures, posts] = await Promise.all([sources.publicFigures(), sources.postsOf(records.map((r) => r.id))]);
  const units = disclosedUnits(records, figures, posts);
  const namedRoll = await namedRollOf(db, sources.namedRoll, records);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('audit.disclosure_snapshots').values({ id, units: units.length, named_roll_jurisdiction_ids: namedRoll.jurisdictionIds }).execute();
    for (let start = 0; start < units.length; start += 2_000) {
      const chunk = units.slice(start, start + 2_000);
      await sql`
        insert into audit.disclosed_units (snapshot_id, organization_id, jurisdiction_id, jurisdiction_name, name, record)
        select ${id}::uuid, * from unnest(${chunk.map((u) => u.id)}::uuid[], ${chunk.map((u) => u.jurisdictionId)}::uuid[], ${chunk.map((u) => u.jurisdictionName)}::text[],
          ${chunk.map((u) => u.name)}::text[], ${chunk.map((u) => JSON.stringify(u))}::jsonb[])`.execute(trx);
    }
    await storeNamedRoll(trx, id, namedRoll);
    // 责令限期补正: an open correction order closes once the unit is on a snapshot published after it.
    await closeOrdersShownIn(trx, id);
    await appendToChain(trx, [
      {
        id: randomUUID(),
        source: 'audit',
        type: 'audit.disclosure.published',
        aggregateType: 'disclosure_snapshot',
        aggregateId: id,
        jurisdictionId: null,
        actor: by ? auditActorOf(by) : { kind: 'system', id: 'disclosure-schedule' },
        payload: { units: units.length, namedRollJurisdictionIds: namedRoll.jurisdictionIds },
        requestId,
        occurredAt: new Date().toISOString(),
      },
    ]);
  });
  return { id, units: units.length };
}

export async function latestSnapshot(db: AuditDb): Promise<string | null> {
  const row = await db.selectFrom('audit.disclosure_snapshots').select('id').orderBy('published_at', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

export async function publicUnits(db: AuditDb, input: { jurisdictionId?: string | undefined; q?: string | undefined; limit: number; offset: number }): Promise<{ total: number; items: DisclosedUnit[] }> {
  const snapshot = await latestSnapshot(db);
  if (!snapshot) return { total: 0, items: [] };
  let query = db.selectFrom('audit.disclosed_units').where('snapshot_id', '=', snapshot);
  if (input.jurisdictionId) query = query.where('jurisdiction_id', '=', input.jurisdictionId);
  if (input.q) query = query.where('name', 'ilike', `%${input.q.replace(/[\\%_]/g, '\\$&')}%`);
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await query.select('record').orderBy('jurisdiction_name').orderBy('name').limit(input.limit).offset(input.offset).execute();
  return { total, items: rows.map((r) => r.record as unknown as DisclosedUnit) };
}

export async function publicUnit(db: AuditDb, id: string): Promise<DisclosedUnit> {
  const snapshot = await latestSnapshot(db);
  const row = snapshot ? await db.selectFrom('audit.disclosed_units').select('record').where('snapshot_id', '=', snapshot).where('organization_id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new DomainError('NOT_FOUND', `no published unit ${id}`);
  return row.record as unknown as DisclosedUnit;
}

export async function publicJurisdictions(db: AuditDb): Promise<{ jurisdictionId: string; name: string; units: number }[]> {
  const snapshot = await latestSnapshot(db);
  if (!snapshot) return [];
  const rows = await db
    .selectFrom('audit.disclosed_units')
    .select(['jurisdiction_id', 'jurisdiction_name', sql<number>`count(*)::int`.as('units')])
    .where('snapshot_id', '=', snapshot)
    .groupBy(['jurisdiction_id', 'jurisdiction_name'])
    .orderBy('jurisdiction_name')
    .execute();
  return rows.map((r) => ({ jurisdictionId: r.jurisdiction_id, name: r.jurisdiction_name, units: r.units }));
}

/** The half-year a day falls in: 2026-H2. */
export const periodOf = (day: string) => `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;

/**
 * Scores the latest snapshot (publishing one first if there is none) for a half-year; a rerun replaces
 * that half-year's scores. A unit's score weighs completeness, timeliness and accuracy
 * (`disclosureScore`, docs/audit.md "Timely disclosure"): accuracy compares the published values with
 * the registry's and the ledger's as they stand when the evaluation runs.
 */
export async function evaluateDisclosure(db: AuditDb, sources: DisclosureSources, period: string): Promise<{ period: string; units: number }> {
  const snapshot = (await latestSnapshot(db)) ?? (await publishDisclosure(db, sources)).id;
  const units = await db.selectFrom('audit.disclosed_units').select('record').where('snapshot_id', '=', snapshot).execute();
  const records = await sources.publicRecords();
  const [figures, posts, changes] = await Promise.all([sources.publicFigures(), sources.postsOf(records.map((r) => r.id)), allDisclosureChanges(db)]);
  const current = new Map(disclosedUnits(records, figures, posts).map((u) => [u.id, u]));
  const timeliness = timelinessOf(changes, period);
  const scored = units.map((u) => {
    const unit = u.record as unknown as DisclosedUnit;
    return { unit, ...scoreUnit(completeness(unit), timeliness.get(unit.id), accuracyOf(unit, current.get(unit.id))) };
  });
  await db.transaction().execute(async (trx) => {
    // One evaluation of a half-year at a time: a second (the button pressed twice, the hourly job meanwhile) waits, then replaces the first's.
    await sql`select pg_advisory_xact_lock(hashtext(${`audit.disclosure_evaluation:${period}`}))`.execute(trx);
    const previous = await trx.selectFrom('audit.disclosure_evaluations').select('id').where('period', '=', period).executeTakeFirst();
    if (previous) {
      await trx.deleteFrom('audit.disclosure_scores').where('evaluation_id', '=', previous.id).execute();
      await trx.deleteFrom('audit.disclosure_evaluations').where('id', '=', previous.id).execute();
    }
    const id = randomUUID();
    await trx.insertInto('audit.disclosure_evaluations').values({ id, period, snapshot_id: snapshot }).execute();
    for (let start = 0; start < scored.length; start += 5_000) {
      const chunk = scored.slice(start, start + 5_000);
      await sql`
        insert into audit.disclosure_scores (evaluation_id, organization_id, jurisdiction_id, name, score, missing, completeness, timeliness, accuracy, inaccurate, late)
        select ${id}::uuid, u.organization_id, u.jurisdiction_id, u.name, u.score, array(select jsonb_array_elements_text(u.missing)),
          u.completeness, u.timeliness, u.accuracy, array(select jsonb_array_elements_text(u.inaccurate)), u.late
        from unnest(${chunk.map((s) => s.unit.id)}::uuid[], ${chunk.map((s) => s.unit.jurisdictionId)}::uuid[], ${chunk.map((s) => s.unit.name)}::text[],
          ${chunk.map((s) => s.score)}::int[], ${chunk.map((s) => JSON.stringify(s.missing))}::jsonb[],
          ${chunk.map((s) => s.completeness)}::int[], ${chunk.map((s) => s.timeliness)}::int[], ${chunk.map((s) => s.accuracy)}::int[],
          ${chunk.map((s) => JSON.stringify(s.inaccurate))}::jsonb[], ${chunk.map((s) => s.late)}::int[])
          as u(organization_id, jurisdiction_id, name, score, missing, completeness, timeliness, accuracy, inaccurate, late)`.execute(trx);
    }
  });
  return { period, units: scored.length };
}

export async function disclosureScores(db: AuditDb, input: { jurisdictionId?: string | undefined }): Promise<DisclosureScoreDto> {
  const evaluation = await db.selectFrom('audit.disclosure_evaluations').selectAll().orderBy('period', 'desc').limit(1).executeTakeFirst();
  if (!evaluation) return { period: null, evaluatedAt: null, jurisdictions: [], units: [] };
  const names = new Map((await publicJurisdictions(db)).map((j) => [j.jurisdictionId, j.name]));
  const jurisdictions = await db
    .selectFrom('audit.disclosure_scores')
    .select(['jurisdiction_id', sql<number>`count(*)::int`.as('units'), sql<number>`round(avg(score), 1)::float`.as('average')])
    .where('evaluation_id', '=', evaluation.id)
    .groupBy('jurisdiction_id')
    .execute();
  let query = db.selectFrom('audit.disclosure_scores').select(['organization_id', 'name', 'jurisdiction_id', 'score', 'missing', 'completeness', 'timeliness', 'accuracy', 'inaccurate', 'late']).where('evaluation_id', '=', evaluation.id);
  if (input.jurisdictionId) query = query.where('jurisdiction_id', '=', input.jurisdictionId);
  const units = await query.orderBy('score').orderBy('name').limit(500).execute();
  return {
    period: evaluation.period,
    evaluatedAt: evaluation.evaluated_at,
    jurisdictions: jurisdictions.map((j) => ({ jurisdictionId: j.jurisdiction_id, name: names.get(j.jurisdiction_id) ?? '', units: j.units, average: j.average })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    units: units.map((u) => ({ organizationId: u.organization_id, name: u.name, jurisdictionId: u.jurisdiction_id, score: u.score, missing: u.missing, completeness: u.completeness, timeliness: u.timeliness, accuracy: u.accuracy, inaccurate: u.inaccurate, late: u.late })),
  };
}

/** The whole latest snapshot as open data: JSON (the records as published) or CSV (one row per unit, UTF-8 with BOM for Excel). */
export async function openData(db: AuditDb, format: 'json' | 'csv'): Promise<{ filename: string; contentType: string; content: string }> {
  const { items } = await publicUnits(db, { limit: 1_000_000, offset: 0 });
  if (format === 'json') return { filename: 'bianzhi-disclosure.json', contentType: 'application/json', content: JSON.stringify(items) };
  const header = ['单位名称', '加挂牌子', '所属区划', '机构性质', '事业单位类别', '经费形式', '机构规格', '批准文号', '核定编制', '编制构成', '领导职数', '实有人数', '内设机构数', '主要职责'];
  const rows = items.map((u) => [
    u.name,
    u.nameplates.join('；'),
    u.jurisdictionName,
    u.kind,
    u.institutionClass,
    u.funding,
    u.rank,
    u.documentNumber,
    u.quotaTotal,
    u.quota.map((q) => `${q.type}${q.approved}`).join('；'),
    u.leadershipPosts.map((p) => `${p.rank}${p.posts}`).join('；'),
    u.headcount,
    u.departments.length,
    u.functions.join('；'),
  ]);
  return { filename: 'bianzhi-disclosure.csv', contentType: 'text/csv; charset=utf-8', content: csvOf(header, rows) };
}
