import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditAssessmentScores, AuditAssessmentSheets } from '@bianzhi/db/generated/audit';
import type { AssessmentDto, AssessmentItemScore, AssessmentScoreDto, scoreAssessmentInput, setSheetInput } from '@bianzhi/contracts/evaluation';
import { hasPermission, personOf, type Principal } from '@bianzhi/domain/access';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { assertAssessmentDraft, assertAssessmentStep, assertSheet, assessmentTotal, rankPerLevel, rectifiedOnTimeScore, targetsMetScore, type AssessmentItem, type AssessmentState } from '@bianzhi/domain/evaluation';
import { todayInChina } from '@bianzhi/domain/calendar';
import { subtreeIds } from '@bianzhi/registry/scope-client';
import { workbookOf } from '@bianzhi/sheets/read';
import type { AuditDb, AuditTx } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { logSupervision, whoOf } from '../evaluation/supervision-log.js';

/**
 * 考核 (docs/audit.md "Evaluation and assessment"): the city bureau's yearly scoring sheet, a score per
 * district, township or department — computed where the platform holds the data, entered with its
 * evidence where it does not — reviewed and published by different people, ranked per level. Before
 * publication only the bureau that owns the sheet sees it; afterwards every bureau sees the scores of
 * its own jurisdictions (and where they rank).
 */
export type JurisdictionList = (principal: Principal) => Promise<{ id: string; parentId: string | null; name: string; level: string }[]>;

/** The reduction targets (控编减编任务) of a unit or a jurisdiction with their status as of a day, read from the ledger as the caller. */
export type TargetsPort = (principal: Principal, filter: { organizationId?: string; asOf: string }) => Promise<{ jurisdictionId: string; deadline: string; status: string }[]>;

export interface AssessmentDeps {
  db: AuditDb;
  scope: JurisdictionScope;
  jurisdictions: JurisdictionList;
  targets: TargetsPort;
  clock?: () => Date;
}

type Who = { id: string; name?: string };

const noSheet = (year: number) => new DomainError('NOT_FOUND', `no assessment for ${year}`, undefined, bilingual(`${year}年度尚无考核评分表`, `There is no assessment sheet for ${year}`));

async function sheetRow(db: AuditDb | AuditTx, year: number, lock = false): Promise<Selectable<AuditAssessmentSheets> | undefined> {
  const query = db.selectFrom('audit.assessment_sheets').selectAll().where('year', '=', year);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The person (not the account) recorded as having done a step. */
const personIn = (recorded: unknown) => (recorded ? personOf(recorded as { id: string; personId?: string }) : null);
const editor = (principal: Principal) => JSON.stringify({ id: principal.id, personId: personOf(principal), name: principal.name });

async function log(trx: AuditTx, principal: Principal, year: number, type: string, payload: Record<string, unknown>, requestId?: string) {
  await logSupervision(trx, principal, { type: `audit.assessment.${type}`, aggregateType: 'assessment', aggregateId: String(year), jurisdictionId: principal.jurisdictionId ?? null, payload: { year, ...payload } }, requestId);
}

/** Creates the year's sheet, or replaces its items while it is a draft; every score's total follows the new weights. */
export async function setSheet(deps: AssessmentDeps, principal: Principal, input: z.infer<typeof setSheetInput>, requestId?: string): Promise<AssessmentDto> {
  assertSheet(input.items);
  await deps.db.transaction().execute(async (trx) => {
    const row = await sheetRow(trx, input.year, true);
    if (row) assertAssessmentDraft(row.state as AssessmentState);
    await trx
      .insertInto('audit.assessment_sheets')
      .values({ year: input.year, items: JSON.stringify(input.items), edited_by: editor(principal) })
      .onConflict((oc) => oc.column('year').doUpdateSet({ items: JSON.stringify(input.items), edited_by: editor(principal), updated_at: new Date() }))
      .execute();
    const scores = await trx.selectFrom('audit.assessment_scores').select(['subject_id', 'items']).where('year', '=', input.year).execute();
    for (const s of scores) {
      const items = s.items as unknown as Record<string, AssessmentItemScore>;
      const kept = Object.fromEntries(input.items.map((i) => [i.key, items[i.key] && items[i.key]!.source === i.source ? items[i.key]! : { score: null, source: i.source, evidence: '' }]));
      await trx.updateTable('audit.assessment_scores').set({ items: JSON.stringify(kept), total: assessmentTotal(input.items, scoreMap(kept)) }).where('year', '=', input.year).where('subject_id', '=', s.subject_id).execute();
    }
    await log(trx, principal, input.year, 'sheet_set', { items: input.items }, requestId);
  });
  return getAssessment(deps, principal, input.year);
}

const scoreMap = (items: Record<string, AssessmentItemScore>) => Object.fromEntries(Object.entries(items).map(([k, v]) => [k, v.score]));

interface Subject {
  id: string;
  kind: 'jurisdiction' | 'organization';
  /** A district's or township's records are those of its whole subtree (a district's townships count too). */
  jurisdictionIds: string[];
  name: string;
  level: 'district' | 'township' | 'department';
  jurisdictionId: string;
}

/** The subject as the caller sees it: a district or township among their jurisdictions, or a unit in their scope. */
async function subjectOf(deps: AssessmentDeps, principal: Principal, subject: { kind: 'jurisdiction' | 'organization'; id: string }): Promise<Subject> {
  if (subject.kind === 'organization') {
    const unit = await deps.scope.organizationOf(principal, subject.id);
    return { id: unit.id, kind: 'organization', jurisdictionIds: [], name: unit.name, level: 'department', jurisdictionId: unit.jurisdictionId };
  }
  const all = await deps.jurisdictions(principal);
  const jurisdiction = all.find((j) => j.id === subject.id);
  if (!jurisdiction) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${subject.id}`, undefined, bilingual('该地区不在您的管辖范围内', 'The jurisdiction is outside your scope'));
  if (jurisdiction.level !== 'district' && jurisdiction.level !== 'township') throw new DomainError('VALIDATION_FAILED', 'only districts and townships are assessed', undefined, bilingual('考核对象为区县、乡镇（街道）或部门单位', 'Districts, townships and departments are assessed'));
  return { id: jurisdiction.id, kind: 'jurisdiction', jurisdictionIds: subtreeIds(all, jurisdiction.id), name: jurisdiction.name, level: jurisdiction.level, jurisdictionId: jurisdiction.id };
}

/** Violations rectified on time: those due in the year, recorded against the unit (or in the jurisdiction's subtree), closed by their deadline (China's day). */
async function rectifiedOnTime(db: AuditDb | AuditTx, subject: Subject, year: number): Promise<AssessmentItemScore> {
  const rows = await db
    .selectFrom('audit.violations')
    .select([sql<string>`deadline::text`.as('deadline'), sql<string | null>`(closed_at at time zone 'Asia/Shanghai')::date::text`.as('closed_on')])
    .$if(subject.kind === 'organization', (q) => q.where('organization_id', '=', subject.id))
    .$if(subject.kind === 'jurisdiction', (q) => q.where('jurisdiction_id', 'in', subject.jurisdictionIds))
    .where('deadline', '>=', `${year}-01-01`)
    .where('deadline', '<=', `${year}-12-31`)
    .execute();
  const onTime = rows.filter((r) => r.closed_on !== null && r.closed_on <= r.deadline).length;
  return { score: rectifiedOnTimeScore(rows.map((r) => ({ deadline: r.deadline, closedOn: r.closed_on }))), source: 'violations_rectified', evidence: `${year}年到期违规问题${rows.length}个，按期整改关闭${onTime}个` };
}

/** Disclosure completeness: the year's latest half-yearly evaluation, the unit's score or the average over the jurisdiction's subtree. */
async function disclosureOf(db: AuditDb | AuditTx, subject: Subject, year: number): Promise<AssessmentItemScore> {
  const evaluation = await db.selectFrom('audit.disclosure_evaluations').select(['id', 'period']).where('period', 'like', `${year}-H%`).orderBy('period', 'desc').limit(1).executeTakeFirst();
  if (!evaluation) return { score: null, source: 'disclosure', evidence: `${year}年度未开展信息公开评估` };
  const { average, units } = await db
    .selectFrom('audit.disclosure_scores')
    .select([sql<number | null>`round(avg(score), 1)::float`.as('average'), sql<number>`count(*)::int`.as('units')])
    .where('evaluation_id', '=', evaluation.id)
    .$if(subject.kind === 'organization', (q) => q.where('organization_id', '=', subject.id))
    .$if(subject.kind === 'jurisdiction', (q) => q.where('jurisdiction_id', 'in', subject.jurisdictionIds))
    .executeTakeFirstOrThrow();
  return { score: average, source: 'disclosure', evidence: average === null ? `${evaluation.period}信息公开评估中没有该对象` : `${evaluation.period}信息公开评估，${units}个单位平均完整度${average}` };
}

/** Reduction targets met: the subject's targets due in the year (by today, for the current year), as the ledger has them at the year's end. */
async function targetsMet(deps: AssessmentDeps, principal: Principal, subject: Subject, year: number): Promise<AssessmentItemScore> {
  const today = todayInChina(deps.clock?.());
  const asOf = `${year}-12-31` < today ? `${year}-12-31` : today;
  const targets = (await deps.targets(principal, { ...(subject.kind === 'organization' ? { organizationId: subject.id } : {}), asOf })).filter((t) => (subject.kind === 'organization' || subject.jurisdictionIds.includes(t.jurisdictionId)) && t.deadline >= `${year}-01-01` && t.deadline <= asOf);
  const met = targets.filter((t) => t.status === 'met').length;
  return { score: targetsMetScore(targets), source: 'targets_met', evidence: `${year}年到期控编减编任务${targets.length}项，完成${met}项（截至${asOf}）` };
}

/** Scores one subject for the year: computed items from the platform's records, entered items with their evidence. */
export async function scoreAssessment(deps: AssessmentDeps, principal: Principal, input: z.infer<typeof scoreAssessmentInput>, requestId?: string): Promise<AssessmentDto> {
  const subject = await subjectOf(deps, principal, input.subject);
  // The ledger's figures are read before the sheet is locked; a sheet that gains the item meanwhile is asked to score again.
  const current = await sheetRow(deps.db, input.year);
  const fromLedger = current && (current.items as unknown as AssessmentItem[]).some((i) => i.source === 'targets_met') ? await targetsMet(deps, principal, subject, input.year) : null;
  await deps.db.transaction().execute(async (trx) => {
    const sheet = await sheetRow(trx, input.year, true);
    if (!sheet) throw noSheet(input.year);
    assertAssessmentDraft(sheet.state as AssessmentState);
    const items = sheet.items as unknown as AssessmentItem[];
    const byKey = new Map(items.map((i) => [i.key, i]));
    for (const key of Object.keys(input.entered)) {
      const item = byKey.get(key);
      if (!item) throw new DomainError('VALIDATION_FAILED', `no item ${key}`, undefined, bilingual(`评分表中没有“${key}”项`, `The sheet has no item “${key}”`));
      if (item.source !== 'entered') throw new DomainError('VALIDATION_FAILED', `item ${key} is computed`, undefined, bilingual(`“${item.name}”由平台根据数据计算，不能手工评分`, `“${item.name}” is computed from the platform’s data and cannot be entered`));
    }
    const previous = await trx.selectFrom('audit.assessment_scores').select('items').where('year', '=', input.year).where('subject_id', '=', subject.id).executeTakeFirst();
    const kept = (previous?.items ?? {}) as unknown as Record<string, AssessmentItemScore>;
    const scored: Record<string, AssessmentItemScore> = {};
    for (const item of items) {
      if (item.source === 'violations_rectified') scored[item.key] = await rectifiedOnTime(trx, subject, input.year);
      else if (item.source === 'disclosure') scored[item.key] = await disclosureOf(trx, subject, input.year);
      else if (item.source === 'targets_met') {
        if (!fromLedger) throw new DomainError('CONFLICT', 'the sheet changed while scoring', undefined, bilingual('评分表刚被修改，请重新评分', 'The sheet changed meanwhile; score again'));
        scored[item.key] = fromLedger;
      }
      else scored[item.key] = input.entered[item.key] ? { score: input.entered[item.key]!.score, source: 'entered', evidence: input.entered[item.key]!.evidence } : (kept[item.key] ?? { score: null, source: 'entered', evidence: '' });
    }
    const total = assessmentTotal(items, scoreMap(scored));
    const values = { year: input.year, subject_id: subject.id, subject_kind: subject.kind, subject_name: subject.name, level: subject.level, jurisdiction_id: subject.jurisdictionId, items: JSON.stringify(scored), total, scored_by: whoOf(principal), scored_at: new Date() };
    await trx.insertInto('audit.assessment_scores').values(values).onConflict((oc) => oc.columns(['year', 'subject_id']).doUpdateSet(values)).execute();
    await trx.updateTable('audit.assessment_sheets').set({ edited_by: editor(principal), updated_at: new Date() }).where('year', '=', input.year).execute();
    await log(trx, principal, input.year, 'scored', { subjectId: subject.id, subjectKind: subject.kind, subjectName: subject.name, items: scored, total }, requestId);
  });
  return getAssessment(deps, principal, input.year);
}

/** 审核 then 发布: each by another person than the one before (the last editor, then the reviewer). */
export async function advanceAssessment(deps: AssessmentDeps, principal: Principal, year: number, to: 'reviewed' | 'published', requestId?: string): Promise<AssessmentDto> {
  await deps.db.transaction().execute(async (trx) => {
    const sheet = await sheetRow(trx, year, true);
    if (!sheet) throw noSheet(year);
    assertAssessmentStep({ state: sheet.state as AssessmentState, editedBy: personIn(sheet.edited_by), reviewedBy: personIn(sheet.reviewed_by) }, to, personOf(principal));
    const { count } = await trx.selectFrom('audit.assessment_scores').select(sql<number>`count(*)::int`.as('count')).where('year', '=', year).executeTakeFirstOrThrow();
    if (count === 0) throw new DomainError('ASSESSMENT_STATE', 'no scores', undefined, bilingual('尚未对任何对象评分，不能审核或发布', 'Nothing has been scored yet'));
    const now = new Date();
    await trx
      .updateTable('audit.assessment_sheets')
      .set(to === 'reviewed' ? { state: 'reviewed', reviewed_by: editor(principal), reviewed_at: now } : { state: 'published', published_by: editor(principal), published_at: now })
      .where('year', '=', year)
      .execute();
    await log(trx, principal, year, to, { subjects: count }, requestId);
  });
  return getAssessment(deps, principal, year);
}

function scoreDto(row: Selectable<AuditAssessmentScores> & { rank: number }): AssessmentScoreDto {
  return {
    subjectId: row.subject_id,
    subjectKind: row.subject_kind as AssessmentScoreDto['subjectKind'],
    subjectName: row.subject_name,
    level: row.level as AssessmentScoreDto['level'],
    jurisdictionId: row.jurisdiction_id,
    items: row.items as unknown as Record<string, AssessmentItemScore>,
    total: Number(row.total),
    rank: row.rank,
    scoredBy: row.scored_by as Who,
    scoredAt: row.scored_at,
  };
}

const levelOrder = { district: 0, township: 1, department: 2 } as const;

/**
 * The year's sheet and scores, ranked per level over all subjects. The sheet's owner (the city
 * bureau) sees it in every state; others see it once published, with only the scores of subjects
 * in their jurisdictions (a unit's by its jurisdiction), each with its rank among all.
 */
export async function getAssessment(deps: AssessmentDeps, principal: Principal, year: number): Promise<AssessmentDto> {
  const sheet = await sheetRow(deps.db, year);
  const owner = hasPermission(principal, 'audit.assessment.manage');
  if (!sheet || (!owner && sheet.state !== 'published')) throw noSheet(year);
  const rows = await deps.db.selectFrom('audit.assessment_scores').selectAll().where('year', '=', year).execute();
  const ranked = rankPerLevel(rows.map((r) => ({ ...r, total: Number(r.total) })));
  const visible = owner ? null : await deps.scope.jurisdictionIdsOf(principal);
  const shown = ranked.filter((r) => !visible || visible.includes(r.jurisdiction_id));
  return {
    year,
    state: sheet.state as AssessmentState,
    items: sheet.items as unknown as AssessmentItem[],
    editedBy: sheet.edited_by as Who,
    reviewedBy: sheet.reviewed_by as Who | null,
    reviewedAt: sheet.reviewed_at,
    publishedBy: sheet.published_by as Who | null,
    publishedAt: sheet.published_at,
    scores: shown.map((r) => scoreDto({ ...r, total: String(r.total) })).sort((a, b) => levelOrder[a.level] - levelOrder[b.level] || a.rank - b.rank || a.subjectName.localeCompare(b.subjectName, 'zh-CN')),
  };
}

/** The years with a sheet the caller may see. */
export async function assessmentYears(deps: AssessmentDeps, principal: Principal): Promise<{ year: number; state: AssessmentState }[]> {
  let query = deps.db.selectFrom('audit.assessment_sheets').select(['year', 'state']);
  if (!hasPermission(principal, 'audit.assessment.manage')) query = query.where('state', '=', 'published');
  return (await query.orderBy('year', 'desc').execute()).map((r) => ({ year: r.year, state: r.state as AssessmentState }));
}

const levelLabels = { district: '区县', township: '乡镇（街道）', department: '部门单位' } as const;
const stateLabels: Record<AssessmentState, string> = { draft: '草稿', reviewed: '已审核', published: '已发布' };

/** The year's ranking as a workbook: one row per subject, each item's score and its evidence. */
export async function exportAssessment(deps: AssessmentDeps, principal: Principal, year: number): Promise<{ filename: string; contentBase64: string; subjectIds: string[] }> {
  const assessment = await getAssessment(deps, principal, year);
  const content = await workbookOf([
    {
      name: '考核排名',
      title: `${year}年度机构编制工作考核（${stateLabels[assessment.state]}）`,
      columns: [{ header: '层级', width: 12 }, { header: '排名', width: 6 }, { header: '考核对象', width: 28 }, { header: '总分', width: 8 }, ...assessment.items.flatMap((i) => [{ header: `${i.name}（${i.weight}）`, width: 12 }, { header: `${i.name}·依据`, width: 30 }])],
      rows: assessment.scores.map((s) => [levelLabels[s.level], s.rank, s.subjectName, s.total, ...assessment.items.flatMap((i) => [s.items[i.key]?.score ?? null, s.items[i.key]?.evidence ?? ''])]),
    },
    { name: '评分表', columns: [{ header: '项目', width: 24 }, { header: '权重', width: 8 }, { header: '评分方式', width: 16 }, { header: '所需佐证', width: 40 }], rows: assessment.items.map((i) => [i.name, i.weight, i.source === 'entered' ? '手工评分（附佐证）' : '平台计算', i.evidence]) },
  ]);
  return { filename: `${year}年度机构编制工作考核.xlsx`, contentBase64: content.toString('base64'), subjectIds: assessment.scores.map((s) => s.subjectId) };
}
