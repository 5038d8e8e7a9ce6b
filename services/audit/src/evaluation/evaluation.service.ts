import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditEvaluations } from '@bianzhi/db/generated/audit';
import type { applyConclusionInput, concludeEvaluationInput, conclusionForMatterInput, createEvaluationInput, EvaluationConclusionDto, EvaluationDto, importWorkloadInput, listEvaluationsInput, setWorkloadInput } from '@bianzhi/contracts/evaluation';
import { quotaTypeLabels, type QuotaType } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { assertConclusion, scoreEvaluation, type EvaluationScore, type EvaluationState, type WorkloadFigure } from '@bianzhi/domain/evaluation';
import { readTable } from '@bianzhi/sheets/table';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { sheetProblems } from '@bianzhi/quota-ledger/account/sheet-rows';
import type { AuditDb, AuditTx } from '../db.js';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { logSupervision, whoOf } from './supervision-log.js';

/**
 * 机构编制评估 (docs/audit.md "Evaluation and assessment"): a bureau or an inspector evaluates a unit
 * in their scope — workload figures entered or imported, the ledger's quarter-end figures, staff
 * outside quota, cross-check findings and violations — scores it by the documented method
 * (`scoreEvaluation`) and writes a conclusion, which is approved as a matter of kind
 * `evaluation_conclusion`; the platform then records the approved conclusion here.
 */
export interface EvaluationDeps {
  db: AuditDb;
  scope: JurisdictionScope;
  ledger: LedgerPort;
  clock?: () => Date;
}

type Row = Selectable<AuditEvaluations>;

function toDto(row: Row): EvaluationDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    jurisdictionId: row.jurisdiction_id,
    year: row.year,
    title: row.title,
    state: row.state as EvaluationState,
    workload: row.workload as unknown as WorkloadFigure[],
    indicators: row.indicators as EvaluationDto['indicators'],
    score: row.score as unknown as EvaluationScore | null,
    conclusion: row.conclusion as unknown as EvaluationConclusionDto | null,
    matterId: row.matter_id,
    approvalDocumentNumber: row.approval_document_number,
    createdBy: row.created_by as EvaluationDto['createdBy'],
    createdAt: row.created_at,
    approvedAt: row.approved_at,
  };
}

const notFound = (id: string) => new DomainError('NOT_FOUND', `no evaluation ${id}`, undefined, bilingual('评估不存在或不在您的管辖范围内', 'The evaluation does not exist or is outside your jurisdiction'));

/** The evaluation if it lies in one of the jurisdictions (null: every one), else NOT_FOUND; locked when in a transaction. */
async function visibleRow(db: AuditDb | AuditTx, jurisdictionIds: string[] | null, id: string, lock = false): Promise<Row> {
  let query = db.selectFrom('audit.evaluations').selectAll().where('id', '=', id);
  if (jurisdictionIds) query = query.where('jurisdiction_id', 'in', jurisdictionIds.length ? jurisdictionIds : ['00000000-0000-0000-0000-000000000000']);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

function assertState(row: Row, allowed: EvaluationState[]): void {
  if (allowed.includes(row.state as EvaluationState)) return;
  throw new DomainError('EVALUATION_STATE', `evaluation is ${row.state}`, { state: row.state }, row.state === 'approved' ? bilingual('该评估的结论已经批准，不能再修改', 'The evaluation’s conclusion is approved; it can no longer change') : bilingual('请先录入工作量指标并计算评分', 'Enter the workload figures and score the evaluation first'));
}

/** One change of an evaluation in the caller's scope, under its row lock, with its audit event. */
async function change(deps: EvaluationDeps, principal: Principal, id: string, allowed: EvaluationState[], type: string, apply: (trx: AuditTx, row: Row) => Promise<Record<string, unknown>>, requestId?: string): Promise<EvaluationDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    const row = await visibleRow(trx, visible, id, true);
    assertState(row, allowed);
    const payload = await apply(trx, row);
    await logSupervision(trx, principal, { type: `audit.evaluation.${type}`, aggregateType: 'evaluation', aggregateId: id, jurisdictionId: row.jurisdiction_id, payload: { organizationId: row.organization_id, ...payload } }, requestId);
    return toDto(await trx.selectFrom('audit.evaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

export async function createEvaluation(deps: EvaluationDeps, principal: Principal, input: z.infer<typeof createEvaluationInput>, requestId?: string): Promise<EvaluationDto> {
  const existing = await deps.db.selectFrom('audit.evaluations').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (existing) {
    if (existing.organization_id === input.organizationId && (existing.created_by as { id: string }).id === principal.id) return toDto(existing);
    throw new DomainError('IDEMPOTENCY_MISMATCH', `evaluation id ${input.id} already used`);
  }
  const unit = await deps.scope.organizationOf(principal, input.organizationId);
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('audit.evaluations')
      .values({ id: input.id, organization_id: unit.id, organization_name: unit.name, jurisdiction_id: unit.jurisdictionId, year: input.year, title: input.title, created_by: whoOf(principal) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await logSupervision(trx, principal, { type: 'audit.evaluation.created', aggregateType: 'evaluation', aggregateId: row.id, jurisdictionId: unit.jurisdictionId, payload: { organizationId: unit.id, year: input.year, title: input.title } }, requestId);
    return toDto(row);
  });
}

export async function listEvaluations(deps: EvaluationDeps, principal: Principal, input: z.infer<typeof listEvaluationsInput>): Promise<EvaluationDto[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  let query = deps.db.selectFrom('audit.evaluations').selectAll();
  if (visible) query = query.where('jurisdiction_id', 'in', visible.length ? visible : ['00000000-0000-0000-0000-000000000000']);
  if (input.year) query = query.where('year', '=', input.year);
  if (input.organizationId) query = query.where('organization_id', '=', input.organizationId);
  return (await query.orderBy('created_at', 'desc').limit(1000).execute()).map(toDto);
}

export async function getEvaluation(deps: EvaluationDeps, principal: Principal, id: string): Promise<EvaluationDto> {
  return toDto(await visibleRow(deps.db, await deps.scope.jurisdictionIdsOf(principal), id));
}

/** New workload figures replace the old ones and take the evaluation back to a draft (its score no longer holds). */
async function storeWorkload(deps: EvaluationDeps, principal: Principal, id: string, workload: WorkloadFigure[], source: Record<string, unknown>, requestId?: string) {
  const names = new Set<string>();
  for (const f of workload) {
    if (names.has(f.name)) throw new DomainError('VALIDATION_FAILED', `workload ${f.name} twice`, undefined, bilingual(`工作量指标“${f.name}”重复`, `The workload figure “${f.name}” appears twice`));
    names.add(f.name);
  }
  return change(deps, principal, id, ['draft', 'scored'], 'workload_recorded', async (trx) => {
    await trx.updateTable('audit.evaluations').set({ workload: JSON.stringify(workload), state: 'draft', score: null, indicators: null, conclusion: null, updated_at: new Date() }).where('id', '=', id).execute();
    return { figures: workload.length, ...source };
  }, requestId);
}

export async function setWorkload(deps: EvaluationDeps, principal: Principal, input: z.infer<typeof setWorkloadInput>, requestId?: string): Promise<EvaluationDto> {
  return storeWorkload(deps, principal, input.id, input.workload, { source: 'entered' }, requestId);
}

const workloadColumns = [
  { key: 'name', header: '指标名称' },
  { key: 'unit', header: '计量单位' },
  { key: 'previous', header: '上年数' },
  { key: 'current', header: '本年数' },
] as const;

/** The workload figures from an Excel (or CSV) sheet: every bad cell reported with its row, and nothing stored unless all rows are good. */
export async function importWorkload(deps: EvaluationDeps, principal: Principal, input: z.infer<typeof importWorkloadInput>, requestId?: string): Promise<EvaluationDto> {
  await getEvaluation(deps, principal, input.id);
  const sheet = await readTable(Buffer.from(input.contentBase64, 'base64'), '工作量', workloadColumns).catch(() => null);
  if (!sheet) throw new DomainError('VALIDATION_FAILED', 'not a readable table', undefined, bilingual('无法读取该文件：请上传 .xlsx 或 .csv 文件', 'Cannot read the file: upload an .xlsx or .csv file'));
  const missing = workloadColumns.filter((c) => !sheet.columnOf.has(c.key)).map((c) => c.header);
  if (missing.length) throw new DomainError('VALIDATION_FAILED', `missing columns ${missing.join(', ')}`, undefined, bilingual(`缺少列：${missing.join('、')}`, `Missing columns: ${missing.join(', ')}`));
  if (sheet.rows.length === 0) throw new DomainError('VALIDATION_FAILED', 'no rows', undefined, bilingual('文件中没有数据行', 'The file has no rows'));
  const problems = sheetProblems();
  const figures: WorkloadFigure[] = [];
  const seen = new Set<string>();
  const numberAt = (row: number, header: string, raw: string | undefined) => {
    const text = (raw ?? '').replace(/,/g, '').trim();
    if (!/^\d+(\.\d+)?$/.test(text) || Number(text) > 1e9) {
      problems.fail(row, header, '应为不小于0的数字', 'must be a number, 0 or more');
      return null;
    }
    return Number(text);
  };
  for (const { row, values } of sheet.rows) {
    const name = (values.name ?? '').trim();
    const unit = (values.unit ?? '').trim();
    if (!name || name.length > 100) problems.fail(row, '指标名称', '不能为空，且不超过100字', 'must be given, at most 100 characters');
    else if (seen.has(name)) problems.fail(row, '指标名称', '该指标在文件中出现了两次', 'the figure appears twice in the file');
    if (!unit || unit.length > 20) problems.fail(row, '计量单位', '不能为空，且不超过20字', 'must be given, at most 20 characters');
    seen.add(name);
    const previous = numberAt(row, '上年数', values.previous);
    const current = numberAt(row, '本年数', values.current);
    if (name && unit && previous !== null && current !== null) figures.push({ name, unit, previous, current });
  }
  if (figures.length > 200) problems.fail(201, '指标名称', '最多导入200项指标', 'at most 200 figures');
  problems.throwIfAny();
  return storeWorkload(deps, principal, input.id, figures, { source: 'import', fileName: input.fileName }, requestId);
}

/** The last day of each quarter of the year that has ended by today (today itself when none has). */
export function quarterEnds(year: number, today: string): string[] {
  const ends = ['03-31', '06-30', '09-30', '12-31'].map((d) => `${year}-${d}`).filter((d) => d <= today);
  return ends.length ? ends : [today < `${year}-01-01` ? `${year}-01-01` : today];
}

/** Scores the evaluation from its workload figures and the platform's figures read now, which are kept with the score. */
export async function scoreEvaluationNow(deps: EvaluationDeps, principal: Principal, id: string, requestId?: string): Promise<EvaluationDto> {
  const before = await getEvaluation(deps, principal, id);
  if (before.state === 'approved') assertState({ state: 'approved' } as Row, ['draft', 'scored']);
  const today = todayInChina(deps.clock?.());
  const days = quarterEnds(before.year, today);
  const figures = await Promise.all(days.map((day) => deps.ledger.unitFigures(principal, before.organizationId, day)));
  const quarters = days.map((day, i) => {
    const rows = figures[i]!.filter((f) => f.ledger !== 'filed_headcount');
    const quota = rows.reduce((s, f) => s + f.quota, 0);
    const occupied = rows.reduce((s, f) => s + f.occupied + f.reserved, 0);
    return { day, quota, occupied, vacant: quota - occupied };
  });
  const latest = figures[figures.length - 1] ?? [];
  const vacantByType = Object.fromEntries(latest.map((f) => [f.ledger, Math.max(0, f.vacant)])) as Partial<Record<QuotaType, number>>;
  const holders = await deps.ledger.outsideQuotaHolders([before.jurisdictionId]);
  const outsideQuota = holders.organizationIds.filter((o) => o === before.organizationId).length;
  const from = `${before.year}-01-01`;
  const to = `${before.year + 1}-01-01`;
  const { findings } = await deps.db
      .selectFrom('audit.findings as f')
      .innerJoin('audit.crosscheck_runs as r', 'r.id', 'f.run_id')
      .select(sql<number>`count(*)::int`.as('findings'))
      .where('f.organization_id', '=', before.organizationId)
      .where('r.started_at', '>=', new Date(`${from}T00:00:00+08:00`))
      .where('r.started_at', '<', new Date(`${to}T00:00:00+08:00`))
      .executeTakeFirstOrThrow();
  const { violations } = await deps.db
    .selectFrom('audit.violations')
    .select(sql<number>`count(*)::int`.as('violations'))
    .where('organization_id', '=', before.organizationId)
    .where('recorded_at', '>=', new Date(`${from}T00:00:00+08:00`))
    .where('recorded_at', '<', new Date(`${to}T00:00:00+08:00`))
    .executeTakeFirstOrThrow();
  const indicators = { quarters, outsideQuota, findings, violations, vacantByType };
  const score = scoreEvaluation({ workload: before.workload, ...indicators });
  return change(deps, principal, id, ['draft', 'scored'], 'scored', async (trx, row) => {
    // Figures changed meanwhile: the score is of what was read, so it is taken only for those figures.
    if (JSON.stringify(row.workload) !== JSON.stringify(before.workload)) throw new DomainError('CONFLICT', 'workload changed while scoring', undefined, bilingual('工作量指标刚被修改，请重新计算评分', 'The workload figures changed meanwhile; score again'));
    await trx.updateTable('audit.evaluations').set({ state: 'scored', indicators: JSON.stringify(indicators), score: JSON.stringify(score), updated_at: new Date() }).where('id', '=', id).execute();
    return { total: score.total, parts: score.parts, suggestion: score.suggestion, indicators };
  }, requestId);
}

/** The conclusion the evaluator proposes (filed afterwards as a matter); a cut stays within the type's vacancies as scored. */
export async function concludeEvaluation(deps: EvaluationDeps, principal: Principal, input: z.infer<typeof concludeEvaluationInput>, requestId?: string): Promise<EvaluationDto> {
  return change(deps, principal, input.id, ['scored'], 'concluded', async (trx, row) => {
    const conclusion = input.conclusion;
    const vacant = (row.indicators as EvaluationDto['indicators'])?.vacantByType ?? {};
    assertConclusion(conclusion, conclusion.kind === 'cut' && conclusion.ledger ? (vacant[conclusion.ledger] ?? 0) : null);
    await trx.updateTable('audit.evaluations').set({ conclusion: JSON.stringify(conclusion), updated_at: new Date() }).where('id', '=', input.id).execute();
    return { conclusion };
  }, requestId);
}

/**
 * For the matter engine, when a bureau files the conclusion (system only): the evaluation as the filer
 * sees it (in their jurisdictions), scored, with a conclusion. The matter carries that conclusion;
 * what is approved is what was filed.
 */
export async function conclusionForMatter(db: AuditDb, input: z.infer<typeof conclusionForMatterInput>): Promise<{ organizationId: string; organizationName: string; jurisdictionId: string; conclusion: EvaluationConclusionDto; score: number }> {
  const row = await visibleRow(db, input.filerJurisdictionIds, input.id);
  assertState(row, ['scored']);
  if (!row.conclusion) throw new DomainError('EVALUATION_STATE', 'no conclusion', undefined, bilingual('请先填写评估结论，再报批', 'Write the evaluation’s conclusion before filing it'));
  return { organizationId: row.organization_id, organizationName: row.organization_name, jurisdictionId: row.jurisdiction_id, conclusion: row.conclusion as unknown as EvaluationConclusionDto, score: (row.score as unknown as EvaluationScore).total };
}

/**
 * The effect of an approved `evaluation_conclusion` matter (system only): the conclusion the matter
 * carried is recorded as approved, with the approval's document number. Applied once: a retry of the
 * same matter finds it done; another matter finds the evaluation already approved.
 */
export async function applyConclusion(db: AuditDb, principal: Principal, input: z.infer<typeof applyConclusionInput> & { conclusion: EvaluationConclusionDto }, requestId?: string): Promise<EvaluationDto> {
  return db.transaction().execute(async (trx) => {
    const row = await visibleRow(trx, null, input.id, true);
    if (row.state === 'approved' && row.matter_id === input.matterId) return toDto(row);
    assertState(row, ['scored']);
    await trx.updateTable('audit.evaluations').set({ state: 'approved', conclusion: JSON.stringify(input.conclusion), matter_id: input.matterId, approval_document_number: input.documentNumber, approved_at: new Date(), updated_at: new Date() }).where('id', '=', input.id).execute();
    await logSupervision(trx, principal, { type: 'audit.evaluation.approved', aggregateType: 'evaluation', aggregateId: input.id, jurisdictionId: row.jurisdiction_id, payload: { organizationId: row.organization_id, matterId: input.matterId, documentNumber: input.documentNumber, conclusion: input.conclusion } }, requestId);
    return toDto(await trx.selectFrom('audit.evaluations').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow());
  });
}

const stateLabels: Record<EvaluationState, string> = { draft: '草稿', scored: '已评分', approved: '结论已批准' };
const conclusionLabels = { keep: '维持', adjust: '调整', cut: '核减' } as const;

export function conclusionText(c: EvaluationConclusionDto | null): string {
  if (!c) return '';
  return c.kind === 'cut' && c.ledger ? `核减${quotaTypeLabels[c.ledger]}${c.amount}名` : conclusionLabels[c.kind];
}

/** The caller's evaluations as a workbook (the list as the page shows it). */
export async function exportEvaluations(deps: EvaluationDeps, principal: Principal, input: z.infer<typeof listEvaluationsInput>): Promise<{ filename: string; contentBase64: string; rows: number }> {
  const rows = await listEvaluations(deps, principal, input);
  const content = await simpleWorkbook(
    '机构编制评估',
    [{ header: '单位', width: 28 }, { header: '年度', width: 8 }, { header: '评估名称', width: 30 }, { header: '状态', width: 12 }, { header: '评分', width: 8 }, { header: '工作量', width: 8 }, { header: '编制使用', width: 10 }, { header: '编外人员', width: 10 }, { header: '合规', width: 8 }, { header: '结论', width: 20 }, { header: '批准文号', width: 20 }],
    rows.map((e) => [e.organizationName, e.year, e.title, stateLabels[e.state], e.score?.total ?? null, e.score?.parts.workload ?? null, e.score?.parts.quotaUse ?? null, e.score?.parts.outsideQuota ?? null, e.score?.parts.compliance ?? null, conclusionText(e.conclusion), e.approvalDocumentNumber]),
  );
  return { filename: `机构编制评估${input.year ? `-${input.year}` : ''}.xlsx`, contentBase64: content.toString('base64'), rows: rows.length };
}
