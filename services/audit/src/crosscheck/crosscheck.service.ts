import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { CrosscheckBatchDto, crosscheckImportInput, CrosscheckRunDto, FindingDto, FindingKind, ViolationKind } from '@bianzhi/contracts/audit';
import { leadershipRankLabels, type HoldersDto } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { bilingual as text, DomainError, type Locale } from '@bianzhi/domain/errors';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { readTable } from '@bianzhi/sheets/table';
import type { AuditDb } from '../db.js';
import type { LedgerPort } from '../ledger-port.js';
import type { JurisdictionScope } from '../scope.js';
import { openViolation } from '../violation/violation.service.js';
import { compare, type CadreRow, type Finding, type PaidRow, type PostCount, type Rank } from './compare.js';

/** What cross-checks read from the ledger: everyone holding a slot, and the leadership posts. */
export type RollPort = Pick<LedgerPort, 'holders' | 'outsideQuotaHolders' | 'postsOf'>;

const MAX_ROWS = 300_000;
const MAX_PROBLEMS = 50;

const columns = {
  payroll: [
    { key: 'idNumber', header: '公民身份号码' },
    { key: 'idNumber', header: '身份证号' },
    { key: 'idNumber', header: '身份证号码' },
    { key: 'name', header: '姓名' },
    { key: 'unit', header: '发放单位' },
    { key: 'unit', header: '单位名称' },
    { key: 'unit', header: '单位' },
    { key: 'month', header: '月份' },
    { key: 'month', header: '发放月份' },
    { key: 'amount', header: '应发金额' },
    { key: 'amount', header: '应发工资' },
    { key: 'amount', header: '金额' },
  ],
  cadre: [
    { key: 'idNumber', header: '公民身份号码' },
    { key: 'idNumber', header: '身份证号' },
    { key: 'idNumber', header: '身份证号码' },
    { key: 'name', header: '姓名' },
    { key: 'unit', header: '任职单位' },
    { key: 'unit', header: '单位名称' },
    { key: 'unit', header: '单位' },
    { key: 'rank', header: '职级' },
    { key: 'rank', header: '领导职数类别' },
    { key: 'title', header: '职务' },
  ],
} as const;
type Key = 'idNumber' | 'name' | 'unit' | 'month' | 'amount' | 'rank' | 'title';
const headerOf = (kind: 'payroll' | 'cadre', key: Key) => columns[kind].find((c) => c.key === key)?.header ?? key;
const required: Record<'payroll' | 'cadre', Key[]> = { payroll: ['idNumber', 'name', 'unit'], cadre: ['idNumber', 'name', 'unit', 'rank'] };

type Text = Record<Locale, string>;

/** 2026-11, 2026/11, 202611, 2026年11月 → 2026-11. */
function normalizeMonth(value: string): string | null {
  const match = /^(\d{4})\s*(?:[-/.年])?\s*(\d{1,2})\s*月?$/.exec(value.trim());
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? `${match[1]}-${String(month).padStart(2, '0')}` : null;
}

function rankOf(value: string): Rank | null {
  const normalized = value.replace(/\s/g, '');
  const found = (Object.entries(leadershipRankLabels) as [Rank, string][]).find(([code, label]) => label === normalized || code === normalized);
  return found?.[0] ?? null;
}

/**
 * Reads and checks a payroll or cadre file; a file with any bad row stores nothing and the refusal
 * names each bad cell (up to 50). Units are named as the caller's scope knows them (name or credit code).
 */
export async function importBatch(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof crosscheckImportInput>): Promise<CrosscheckBatchDto> {
  const kind = input.kind;
  const sheet = await readTable<Key>(Buffer.from(input.contentBase64, 'base64'), kind === 'payroll' ? '工资发放' : '干部名册', columns[kind]);
  if (!sheet) throw new DomainError('VALIDATION_FAILED', 'not a readable table', undefined, text('无法读取该文件：请上传 .xlsx 或 .csv 文件', 'Cannot read the file: upload an .xlsx or .csv file'));
  const missing = required[kind].filter((key) => !sheet.columnOf.has(key));
  if (missing.length > 0) {
    const names = missing.map((key) => headerOf(kind, key));
    throw new DomainError('VALIDATION_FAILED', `missing columns ${names.join(', ')}`, undefined, text(`缺少列：${names.join('、')}`, `Missing columns: ${names.join(', ')}`));
  }
  if (sheet.rows.length === 0) throw new DomainError('VALIDATION_FAILED', 'no rows', undefined, text('文件中没有数据行', 'The file has no rows'));
  if (sheet.rows.length > MAX_ROWS) throw new DomainError('VALIDATION_FAILED', 'too many rows', undefined, text(`一次最多${MAX_ROWS}行`, `At most ${MAX_ROWS} rows per file`));

  const unitNames = [...new Set(sheet.rows.map((r) => r.values.unit ?? '').filter((v) => v && !/^[0-9A-Z]{18}$/.test(v)))];
  const creditCodes = [...new Set(sheet.rows.map((r) => r.values.unit ?? '').filter((v) => /^[0-9A-Z]{18}$/.test(v)))];
  const refs = unitNames.length + creditCodes.length > 0 ? await scope.lookupOrganizations(principal, { names: unitNames, creditCodes }) : [];
  const unitOf = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const ref of refs) {
    if (unitOf.has(ref.name) && unitOf.get(ref.name) !== ref.id) ambiguous.add(ref.name);
    unitOf.set(ref.name, ref.id);
    if (ref.creditCode) unitOf.set(ref.creditCode, ref.id);
  }

  const problems: { row: number; column: string; message: Text }[] = [];
  const fail = (row: number, key: Key, zh: string, en: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ row, column: headerOf(kind, key), message: text(`第${row}行“${headerOf(kind, key)}”：${zh}`, `Row ${row}, “${headerOf(kind, key)}”: ${en}`) });
  };
  const parsed: { row: number; idNumber: string; name: string; organizationId: string; amount: number | null; rank: Rank | null; title: string | null }[] = [];
  for (const { row, values } of sheet.rows) {
    const idNumber = (values.idNumber ?? '').toUpperCase();
    const name = values.name ?? '';
    const organizationId = unitOf.get(values.unit ?? '');
    let ok = true;
    if (!parseIdNumber(idNumber)) ok = (fail(row, 'idNumber', '公民身份号码不正确（校验位、出生日期或格式）', 'invalid ID number (check character, birth date or format)'), false);
    if (!name || name.length > 50) ok = (fail(row, 'name', '姓名为空或过长', 'name missing or too long'), false);
    if (ambiguous.has(values.unit ?? '')) ok = (fail(row, 'unit', `有多个单位名为“${values.unit}”，请改填统一社会信用代码`, `several units are named “${values.unit}”; give the credit code instead`), false);
    else if (!organizationId) ok = (fail(row, 'unit', `找不到单位“${values.unit ?? ''}”，或不在您的管辖范围内`, `unit “${values.unit ?? ''}” not found in your jurisdiction`), false);
    if (values.month && normalizeMonth(values.month) !== input.month) ok = (fail(row, 'month', `月份${values.month}与本次比对的${input.month}不符`, `month ${values.month} is not ${input.month}`), false);
    let amount: number | null = null;
    if (values.amount) {
      amount = Number(values.amount.replace(/,/g, ''));
      if (!Number.isFinite(amount) || amount < 0 || amount >= 1e10) ok = (fail(row, 'amount', '金额不是有效数字', 'not a valid amount'), false);
    }
    const rank = kind === 'cadre' ? rankOf(values.rank ?? '') : null;
    if (kind === 'cadre' && !rank) ok = (fail(row, 'rank', '职级应为正职、副职、内设机构正职或内设机构副职', 'rank must be 正职, 副职, 内设机构正职 or 内设机构副职'), false);
    if (ok) parsed.push({ row, idNumber, name, organizationId: organizationId!, amount, rank, title: values.title ?? null });
  }
  if (problems.length > 0) {
    throw new DomainError('IMPORT_INVALID', `${problems.length} bad cells`, { problems }, text(`文件有错误，未导入任何数据（列出前${problems.length}处）`, `The file has errors; nothing was imported (first ${problems.length} shown)`));
  }

  const id = randomUUID();
  const jurisdictionIds = await scope.jurisdictionIdsOf(principal);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('audit.crosscheck_batches')
      .values({ id, kind, month: input.month, file_name: input.fileName, rows: parsed.length, jurisdiction_ids: jurisdictionIds, created_by: JSON.stringify({ id: principal.id, name: principal.name }) })
      .execute();
    for (let start = 0; start < parsed.length; start += 20_000) {
      const chunk = parsed.slice(start, start + 20_000);
      await sql`
        insert into audit.crosscheck_rows (batch_id, row_no, id_number, name, organization_id, amount, rank, title)
        select ${id}::uuid, * from unnest(${chunk.map((r) => r.row)}::int[], ${chunk.map((r) => r.idNumber)}::text[], ${chunk.map((r) => r.name)}::text[],
          ${chunk.map((r) => r.organizationId)}::uuid[], ${chunk.map((r) => r.amount)}::numeric[], ${chunk.map((r) => r.rank)}::text[], ${chunk.map((r) => r.title)}::text[])`.execute(trx);
    }
  });
  return { id, kind, month: input.month, fileName: input.fileName, rows: parsed.length, units: new Set(parsed.map((r) => r.organizationId)).size };
}

/** Progress of runs in this process; the run's row holds its outcome for good. */
const progress = new Map<string, number>();

async function batchOf(db: AuditDb, principal: Principal, id: string, kind: 'payroll' | 'cadre') {
  const batch = await db.selectFrom('audit.crosscheck_batches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!batch || batch.kind !== kind || (batch.created_by as { id: string }).id !== principal.id) throw new DomainError('NOT_FOUND', `${kind} batch ${id} not found`);
  return batch;
}

/** Starts the comparison in the background; poll `status` for the progress bar. */
export async function startRun(db: AuditDb, scope: JurisdictionScope, roll: RollPort, principal: Principal, input: { payrollBatchId: string; cadreBatchId?: string | undefined }): Promise<CrosscheckRunDto> {
  const payroll = await batchOf(db, principal, input.payrollBatchId, 'payroll');
  if (input.cadreBatchId) await batchOf(db, principal, input.cadreBatchId, 'cadre');
  const id = randomUUID();
  await db
    .insertInto('audit.crosscheck_runs')
    .values({ id, payroll_batch_id: payroll.id, cadre_batch_id: input.cadreBatchId ?? null, state: 'running', created_by: JSON.stringify({ id: principal.id, name: principal.name }) })
    .execute();
  progress.set(id, 0);
  void runComparison(db, scope, roll, principal, id, payroll.id, input.cadreBatchId ?? null, payroll.jurisdiction_ids as string[] | null).catch(async (error: unknown) => {
    progress.delete(id);
    await db
      .updateTable('audit.crosscheck_runs')
      .set({ state: 'failed', error: error instanceof Error ? error.message.slice(0, 1000) : String(error), finished_at: new Date() })
      .where('id', '=', id)
      .execute()
      .catch(() => undefined);
  });
  return runStatus(db, principal, id);
}

async function runComparison(db: AuditDb, scope: JurisdictionScope, roll: RollPort, principal: Principal, runId: string, payrollId: string, cadreId: string | null, jurisdictionIds: string[] | null) {
  const step = (percent: number) => progress.set(runId, percent);
  const rowsOf = (batchId: string) => db.selectFrom('audit.crosscheck_rows').selectAll().where('batch_id', '=', batchId).orderBy('row_no').execute();
  const payroll: PaidRow[] = (await rowsOf(payrollId)).map((r) => ({ row: r.row_no, idNumber: r.id_number, name: r.name, organizationId: r.organization_id, amount: r.amount === null ? null : Number(r.amount) }));
  step(10);
  const [holders, outside] = await Promise.all([roll.holders(jurisdictionIds), roll.outsideQuotaHolders(jurisdictionIds)]);
  step(40);
  let cadres: CadreRow[] | undefined;
  let posts: PostCount[] | undefined;
  if (cadreId) {
    cadres = (await rowsOf(cadreId)).map((r) => ({ row: r.row_no, idNumber: r.id_number, name: r.name, organizationId: r.organization_id, rank: r.rank as Rank, title: r.title ?? '' }));
    posts = await roll.postsOf([...new Set(cadres.map((c) => c.organizationId))]);
  }
  step(50);
  const people = (list: HoldersDto) => list.idNumbers.map((idNumber, i) => ({ idNumber, name: list.names[i]!, organizationId: list.organizationIds[i]! }));
  const findings = compare({ payroll, roll: people(holders), outsideQuota: people(outside), cadres, posts });
  step(60);
  const units = await unitsOf(scope, principal, findings);
  const counts: Partial<Record<FindingKind, number>> = {};
  for (const finding of findings) counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  await db.transaction().execute(async (trx) => {
    const size = 10_000;
    for (let start = 0; start < findings.length; start += size) {
      const chunk = findings.slice(start, start + size);
      await sql`
        insert into audit.findings (run_id, kind, organization_id, organization_name, jurisdiction_id, id_number, name, detail)
        select ${runId}::uuid, * from unnest(${chunk.map((f) => f.kind)}::text[], ${chunk.map((f) => f.organizationId)}::uuid[],
          ${chunk.map((f) => units.get(f.organizationId)?.name ?? '')}::text[], ${chunk.map((f) => units.get(f.organizationId)?.jurisdictionId)}::uuid[],
          ${chunk.map((f) => f.idNumber)}::text[], ${chunk.map((f) => f.name)}::text[], ${chunk.map((f) => JSON.stringify(detailWithNames(f, units)))}::jsonb[])`.execute(trx);
      step(60 + Math.round((40 * (start + chunk.length)) / findings.length));
    }
    await trx.updateTable('audit.crosscheck_runs').set({ state: 'succeeded', counts: JSON.stringify(counts), finished_at: new Date() }).where('id', '=', runId).execute();
  });
  progress.delete(runId);
}

type UnitRef = { name: string; jurisdictionId: string };

/** Names and jurisdictions of every unit a finding mentions, as the caller's scope knows them. */
async function unitsOf(scope: JurisdictionScope, principal: Principal, findings: Finding[]): Promise<Map<string, UnitRef>> {
  const ids = new Set<string>();
  for (const f of findings) {
    ids.add(f.organizationId);
    if (typeof f.detail['rollOrganizationId'] === 'string') ids.add(f.detail['rollOrganizationId']);
  }
  const units = new Map<string, UnitRef>();
  const all = [...ids];
  for (let start = 0; start < all.length; start += 50_000) {
    for (const ref of await scope.lookupOrganizations(principal, { ids: all.slice(start, start + 50_000) })) units.set(ref.id, { name: ref.name, jurisdictionId: ref.jurisdictionId });
  }
  return units;
}

function detailWithNames(finding: Finding, units: Map<string, UnitRef>): Record<string, unknown> {
  const other = finding.detail['rollOrganizationId'];
  return typeof other === 'string' ? { ...finding.detail, rollOrganizationName: units.get(other)?.name ?? '' } : finding.detail;
}

export async function runStatus(db: AuditDb, principal: Principal, id: string): Promise<CrosscheckRunDto> {
  const run = await db.selectFrom('audit.crosscheck_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!run || (run.created_by as { id: string }).id !== principal.id) throw new DomainError('NOT_FOUND', `run ${id} not found`);
  const state = run.state as CrosscheckRunDto['state'];
  return {
    id: run.id,
    payrollBatchId: run.payroll_batch_id,
    cadreBatchId: run.cadre_batch_id,
    state,
    percent: state === 'running' ? (progress.get(id) ?? 0) : 100,
    counts: run.counts as CrosscheckRunDto['counts'],
    error: run.error,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
  };
}

export async function listFindings(db: AuditDb, principal: Principal, input: { runId: string; kind?: FindingKind | undefined; limit: number; offset: number }): Promise<{ total: number; items: FindingDto[] }> {
  await runStatus(db, principal, input.runId);
  let query = db.selectFrom('audit.findings').where('run_id', '=', input.runId);
  if (input.kind) query = query.where('kind', '=', input.kind);
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('kind').orderBy('organization_name').orderBy('id').limit(input.limit).offset(input.offset).execute();
  return {
    total,
    items: rows.map((r) => ({ id: r.id, kind: r.kind as FindingKind, organizationId: r.organization_id, organizationName: r.organization_name, idNumber: r.id_number, name: r.name, detail: r.detail as Record<string, unknown>, violationId: r.violation_id })),
  };
}

const violationKindOf: Record<FindingKind, ViolationKind> = { paid_not_on_roll: 'ghost_employee', on_roll_not_paid: 'other', paid_elsewhere: 'mixed_posting', beyond_posts: 'over_post_appointment' };

function describe(finding: FindingDto): { title: string; description: string } {
  const who = finding.name ? `${finding.name}（${finding.idNumber?.slice(0, 6)}********${finding.idNumber?.slice(14)}）` : '';
  switch (finding.kind) {
    case 'paid_not_on_roll':
      return { title: `财政统发工资人员${finding.name}不在实名制名册`, description: `比对发现：${who}由${finding.organizationName}发放工资，但未占用编制。` };
    case 'paid_elsewhere':
      return { title: `${finding.name}在${String(finding.detail['rollOrganizationName'] ?? '')}占编、在${finding.organizationName}领薪`, description: `比对发现：${who}占用${String(finding.detail['rollOrganizationName'] ?? '')}编制，工资由${finding.organizationName}发放。` };
    case 'on_roll_not_paid':
      return { title: `${finding.name}在编但未在统发工资名单`, description: `比对发现：${who}占用${finding.organizationName}编制，当月未由财政统发工资。` };
    case 'beyond_posts': {
      const rank = leadershipRankLabels[finding.detail['rank'] as Rank] ?? '';
      return { title: `超职数配备${rank}`, description: `干部信息比对：${rank}核定${String(finding.detail['posts'])}名，实际任职${String(finding.detail['appointed'])}名。` };
    }
  }
}

/** 一键转为问题: opens a violation for the finding's unit, described from the finding, and links the two. */
export async function findingToViolation(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: { findingId: string; deadline: string }, requestId?: string) {
  const row = await db.selectFrom('audit.findings').selectAll().where('id', '=', input.findingId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `finding ${input.findingId} not found`);
  await runStatus(db, principal, row.run_id);
  if (row.violation_id) throw new DomainError('CONFLICT', `finding already became violation ${row.violation_id}`, undefined, text('该比对结果已转为问题', 'This finding has already become a violation'));
  const finding: FindingDto = { id: row.id, kind: row.kind as FindingKind, organizationId: row.organization_id, organizationName: row.organization_name, idNumber: row.id_number, name: row.name, detail: row.detail as Record<string, unknown>, violationId: null };
  const { title, description } = describe(finding);
  const violation = await openViolation(db, scope, principal, { organizationId: finding.organizationId, kind: violationKindOf[finding.kind], title: title.slice(0, 200), description, deadline: input.deadline, findingId: finding.id, evidence: [] }, requestId);
  await db.updateTable('audit.findings').set({ violation_id: violation.id }).where('id', '=', finding.id).where('violation_id', 'is', null).execute();
  return violation;
}
