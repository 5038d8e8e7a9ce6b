import { readSheet } from '@bianzhi/sheets/read';
import type { ImportJobDto, ImportRowError, Nameplate } from '@bianzhi/contracts/registry';
import { hasPermission, type Principal } from '@bianzhi/domain/access';
import { DomainError, type Locale } from '@bianzhi/domain/errors';
import { isValidCreditCode } from '@bianzhi/domain/identifiers';
import { branchLabels, classLabels, codeForLabel, fundingLabels, kindLabels, rankLabels } from '@bianzhi/domain/organization-labels';
import type { FundingForm, InstitutionClass, OrganBranch, OrganizationKind, OrganizationRank } from '@bianzhi/domain/organization';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { RegistryDb } from '../db.js';
import { jurisdictionInScope, scopeOf } from '../scope.js';
import { createOrganizationIn, type RegistryDeps } from './organization.service.js';
import { importColumns, SHEET_NAME, type SheetKey } from './organization-sheet.js';

type Text = Record<Locale, string>;
interface StoredRowError {
  row: number;
  column: string;
  message: Text;
}

interface ParsedRow {
  row: number;
  name: string;
  jurisdictionId: string;
  kind: OrganizationKind;
  institutionClass: InstitutionClass | null;
  organBranch: OrganBranch | null;
  funding: FundingForm | null;
  rank: OrganizationRank;
  parentName: string | null;
  creditCode: string | null;
  nameplates: Nameplate[];
  classified: boolean;
}

const MAX_ROWS = 20_000;
const MAX_ERRORS = 1_000;
const PROGRESS_EVERY = 250;

function toDto(row: { id: string; filename: string; status: string; total_rows: number; processed_rows: number; imported: number; errors: unknown; created_at: Date; finished_at: Date | null }, locale: Locale): ImportJobDto {
  return {
    id: row.id,
    filename: row.filename,
    status: row.status as ImportJobDto['status'],
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    imported: row.imported,
    errors: (row.errors as StoredRowError[]).map((e): ImportRowError => ({ row: e.row, column: e.column, message: e.message[locale] })),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

const loadRows = (content: Buffer) => readSheet(content, SHEET_NAME, importColumns);

/**
 * Checks every row before anything is written. Errors name the row and column in the bureau's
 * words; a file with any error imports nothing.
 */
async function validate(
  db: RegistryDb,
  principal: Principal,
  rows: { row: number; values: Partial<Record<SheetKey, string>> }[],
  onProgress: (done: number) => Promise<void>,
): Promise<{ parsed: ParsedRow[]; errors: StoredRowError[] }> {
  const scope = await scopeOf(db, principal);
  const jurisdictions = await db.selectFrom('registry.jurisdictions').select(['id', 'code', 'path', 'name']).execute();
  const byCode = new Map(jurisdictions.map((j) => [j.code, j]));
  const existing = await db
    .selectFrom('registry.organizations')
    .select(['name', 'jurisdiction_id', 'credit_code'])
    .where('status', 'in', ['planned', 'active', 'merging'])
    .execute();
  const existingNames = new Set(existing.map((o) => `${o.jurisdiction_id}|${o.name}`));
  const existingByName = new Set(existing.map((o) => o.name));
  const takenCodes = new Set(existing.map((o) => o.credit_code).filter(Boolean));
  const fileNames = new Map<string, number>();
  const fileCodes = new Map<string, number>();
  const fileOrgNames = new Set(rows.map((r) => r.values.name).filter(Boolean));
  const errors: StoredRowError[] = [];
  const parsed: ParsedRow[] = [];
  const header = (key: SheetKey) => importColumns.find((c) => c.key === key)!.header;

  for (const [index, { row, values }] of rows.entries()) {
    const rowErrors: StoredRowError[] = [];
    const fail = (key: SheetKey, zh: string, en: string) => rowErrors.push({ row, column: header(key), message: { 'zh-CN': zh, en } });
    const pick = <T extends string>(key: SheetKey, labels: Record<T, string>, required: boolean): T | null => {
      const text = values[key] ?? '';
      if (!text) {
        if (required) fail(key, '必填', 'required');
        return null;
      }
      const code = codeForLabel(labels, text);
      if (!code) fail(key, `“${text}”不是有效选项，应为：${Object.values(labels).join('、')}`, `"${text}" is not one of: ${Object.values(labels).join(', ')}`);
      return code ?? null;
    };

    const name = values.name ?? '';
    if (!name) fail('name', '必填', 'required');
    else if (name.length > 200) fail('name', '机构名称不超过200字', 'at most 200 characters');
    const code = values.jurisdictionCode ?? '';
    const jurisdiction = byCode.get(code);
    if (!code) fail('jurisdictionCode', '必填', 'required');
    else if (!jurisdiction) fail('jurisdictionCode', `行政区划代码“${code}”不存在`, `no jurisdiction has code ${code}`);
    else if (!jurisdictionInScope(scope, jurisdiction.path)) fail('jurisdictionCode', `“${jurisdiction.name}”不在您的管辖范围内`, `${jurisdiction.name} is outside your jurisdiction`);
    const kind = pick('kind', kindLabels, true);
    const institutionClass = pick('institutionClass', classLabels, false);
    if (institutionClass && kind && kind !== 'institution') fail('institutionClass', '只有事业单位填写事业单位类别', 'only public institutions have a class');
    const organBranch = pick('organBranch', branchLabels, false);
    if (organBranch && kind && kind !== 'organ') fail('organBranch', '只有党政机关填写机关类别', 'only organs have a branch');
    const funding = pick('funding', fundingLabels, false);
    const rank = pick('rank', rankLabels, false) ?? 'none';
    const creditCode = (values.creditCode ?? '').toUpperCase() || null;
    if (creditCode) {
      if (!isValidCreditCode(creditCode)) fail('creditCode', `统一社会信用代码“${creditCode}”不正确（校验位不符或格式有误）`, `credit code ${creditCode} is invalid`);
      else if (takenCodes.has(creditCode)) fail('creditCode', '该统一社会信用代码已登记在系统中的另一机构名下', 'already registered to another organization');
      else if (fileCodes.has(creditCode)) fail('creditCode', `与第${fileCodes.get(creditCode)}行重复`, `same as row ${fileCodes.get(creditCode)}`);
      else fileCodes.set(creditCode, row);
    }
    if (name && jurisdiction) {
      const key = `${jurisdiction.id}|${name}`;
      if (existingNames.has(key)) fail('name', `“${jurisdiction.name}”已有同名机构`, `${jurisdiction.name} already has an organization of this name`);
      else if (fileNames.has(key)) fail('name', `与第${fileNames.get(key)}行重复`, `same as row ${fileNames.get(key)}`);
      else fileNames.set(key, row);
    }
    const parentName = values.parentName || null;
    if (parentName && !fileOrgNames.has(parentName) && !existingByName.has(parentName)) {
      fail('parentName', `主管部门“${parentName}”在文件和系统中都找不到`, `supervising organ ${parentName} is neither in the file nor in the registry`);
    }
    if (parentName && parentName === name) fail('parentName', '主管部门不能是机构自身', 'an organization cannot supervise itself');
    const classifiedText = values.classified ?? '';
    if (classifiedText && !['是', '否'].includes(classifiedText)) fail('classified', '请填写“是”或“否”', 'use 是 or 否');
    const nameplates = (values.nameplates ?? '').split(/[、,，;；]/).map((n) => n.trim()).filter(Boolean).map((n) => ({ name: n, kind: 'nameplate' as const }));

    if (rowErrors.length > 0) errors.push(...rowErrors);
    else {
      parsed.push({ row, name, jurisdictionId: jurisdiction!.id, kind: kind!, institutionClass, organBranch, funding, rank, parentName, creditCode, nameplates, classified: classifiedText === '是' });
    }
    if ((index + 1) % PROGRESS_EVERY === 0) await onProgress(index + 1);
    if (errors.length >= MAX_ERRORS) break;
  }
  return { parsed, errors };
}

/** Supervising organs before the units under them, so that every parent exists when its children are created. */
function parentsFirst(rows: ParsedRow[]): ParsedRow[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const ordered: ParsedRow[] = [];
  const placed = new Set<ParsedRow>();
  const visiting = new Set<ParsedRow>();
  const place = (row: ParsedRow) => {
    if (placed.has(row) || visiting.has(row)) return;
    visiting.add(row);
    const parent = row.parentName ? byName.get(row.parentName) : undefined;
    if (parent) place(parent);
    visiting.delete(row);
    placed.add(row);
    ordered.push(row);
  };
  rows.forEach(place);
  return ordered;
}

async function updateJob(db: RegistryDb, id: string, values: Partial<{ status: string; total_rows: number; processed_rows: number; imported: number; errors: string; finished_at: Date }>) {
  await db.updateTable('registry.import_jobs').set(values).where('id', '=', id).execute();
}

async function runImport(deps: RegistryDeps, principal: Principal, jobId: string, content: Buffer, requestId?: string): Promise<void> {
  const { db } = deps;
  const finishFailed = (errors: StoredRowError[]) => updateJob(db, jobId, { status: 'failed', errors: JSON.stringify(errors), finished_at: new Date() });
  let loaded: Awaited<ReturnType<typeof loadRows>>;
  try {
    loaded = await loadRows(content);
  } catch {
    loaded = null;
  }
  if (!loaded) return finishFailed([{ row: 0, column: '文件', message: { 'zh-CN': '无法读取该文件，请上传由模板填写的 .xlsx 文件', en: 'The file cannot be read; upload an .xlsx filled in from the template' } }]);
  const missing = importColumns.filter((c) => c.required && !loaded.columnOf.has(c.key));
  if (missing.length > 0) {
    return finishFailed(missing.map((c) => ({ row: 1, column: c.header, message: { 'zh-CN': `缺少“${c.header}”列，请使用导入模板`, en: `the column ${c.header} is missing; use the template` } })));
  }
  if (loaded.rows.length === 0) return finishFailed([{ row: 2, column: '文件', message: { 'zh-CN': '文件中没有数据行', en: 'The file has no data rows' } }]);
  if (loaded.rows.length > MAX_ROWS) return finishFailed([{ row: 0, column: '文件', message: { 'zh-CN': `一次最多导入${MAX_ROWS}行`, en: `At most ${MAX_ROWS} rows per file` } }]);

  const total = loaded.rows.length;
  await updateJob(db, jobId, { total_rows: total });
  // Validation is the first half of the progress bar, writing the second.
  const { parsed, errors } = await validate(db, principal, loaded.rows, (done) => updateJob(db, jobId, { processed_rows: Math.floor(done / 2) }));
  if (errors.length > 0) return finishFailed(errors);

  await updateJob(db, jobId, { status: 'importing', processed_rows: Math.floor(total / 2) });
  try {
    await db.transaction().execute(async (trx) => {
      const ids = new Map<string, string>();
      const ordered = parentsFirst(parsed);
      for (const [index, row] of ordered.entries()) {
        let parentId = row.parentName ? ids.get(row.parentName) : undefined;
        if (row.parentName && !parentId) {
          const found = await trx.selectFrom('registry.organizations').select('id').where('name', '=', row.parentName).where('status', 'in', ['planned', 'active', 'merging']).executeTakeFirst();
          parentId = found?.id;
        }
        const created = await createOrganizationIn(deps, trx, principal, {
          jurisdictionId: row.jurisdictionId,
          name: row.name,
          kind: row.kind,
          basis: 'inventory',
          parentId: parentId ?? null,
          institutionClass: row.institutionClass,
          organBranch: row.organBranch,
          funding: row.funding,
          rank: row.rank,
          creditCode: row.creditCode,
          nameplates: row.nameplates,
          classified: row.classified,
          reason: `Excel导入（第${row.row}行）`,
        }, requestId);
        ids.set(row.name, created.id);
        if ((index + 1) % PROGRESS_EVERY === 0) await updateJob(db, jobId, { processed_rows: Math.floor(total / 2) + Math.floor((index + 1) / 2) });
      }
    });
  } catch (error) {
    const known = error instanceof DomainError;
    return finishFailed([{ row: 0, column: '文件', message: { 'zh-CN': `导入中止，未导入任何数据：${known ? error.localized?.['zh-CN'] ?? error.message : '系统错误'}`, en: `Import stopped, nothing imported: ${known ? error.message : 'internal error'}` } }]);
  }
  await updateJob(db, jobId, { status: 'succeeded', processed_rows: total, imported: parsed.length, finished_at: new Date() });
}

/**
 * Starts importing organizations from an .xlsx file and returns at once; poll `importStatus` for
 * progress. The rows are checked first and written in one transaction: all or nothing.
 */
export async function startImport(deps: RegistryDeps, principal: Principal, input: { filename: string; contentBase64: string }, locale: Locale, requestId?: string): Promise<ImportJobDto> {
  if (!hasPermission(principal, 'registry.organization.import')) throw new DomainError('FORBIDDEN');
  const content = Buffer.from(input.contentBase64, 'base64');
  const job = await deps.db
    .insertInto('registry.import_jobs')
    .values({ jurisdiction_id: principal.jurisdictionId, filename: input.filename, created_by: JSON.stringify(auditActorOf(principal)) })
    .returningAll()
    .executeTakeFirstOrThrow();
  void runImport(deps, principal, job.id, content, requestId).catch(() =>
    updateJob(deps.db, job.id, { status: 'failed', errors: JSON.stringify([{ row: 0, column: '文件', message: { 'zh-CN': '导入失败：系统错误', en: 'Import failed: internal error' } }]), finished_at: new Date() }),
  );
  return toDto(job, locale);
}

/** A job the caller started (or any, for platform services). */
export async function importStatus(db: RegistryDb, principal: Principal, id: string, locale: Locale): Promise<ImportJobDto> {
  const job = await db.selectFrom('registry.import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!job || (principal.kind !== 'service' && (job.created_by as { id: string }).id !== principal.id)) throw new DomainError('NOT_FOUND', `import ${id} not found`);
  return toDto(job, locale);
}
