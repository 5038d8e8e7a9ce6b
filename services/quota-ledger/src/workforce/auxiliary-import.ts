import { randomUUID } from 'node:crypto';
import { isoDay } from '@bianzhi/contracts/common';
import type { AuxiliaryImportStatus, AuxiliaryKind, FundingSource } from '@bianzhi/contracts/workforce';
import { auxiliaryKindLabels, fundingSourceLabels } from '@bianzhi/contracts/workforce';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual, DomainError, type Locale } from '@bianzhi/domain/errors';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { auxiliaryCap, policyRules } from '@bianzhi/domain/policy';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { readSheet, simpleWorkbook } from '@bianzhi/sheets/read';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { masked } from '../roll/masked.js';
import { assertWithinRatio, unitForCaller } from './auxiliary.service.js';
import { engagedText, unitNamesSeenBy } from './engagement.js';
import * as repo from './workforce.repository.js';

/**
 * A unit's staff outside quota from Excel. Every row is checked first (kind, name, GB 11643 ID number,
 * nobody on quota or already engaged, nobody twice in the file, post, funding source, dates, and the
 * unit's AUX-RATIO cap counting the file's own rows); a file with any error imports nothing and
 * names each bad cell. A clean file is written in one transaction. Jobs live in the service process,
 * as the roll import's do: a restart loses the job, never half a file.
 */
export const AUXILIARY_SHEET = '编外人员';
const columns = [
  { key: 'kind', header: '类别', width: 12 },
  { key: 'name', header: '姓名', width: 10 },
  { key: 'idNumber', header: '身份证号', width: 22 },
  { key: 'post', header: '岗位', width: 16 },
  { key: 'funding', header: '经费来源', width: 12 },
  { key: 'startedOn', header: '到岗日期', width: 12 },
  { key: 'endsOn', header: '约定终止日期', width: 14 },
] as const;
type Key = (typeof columns)[number]['key'];
const required: Key[] = ['kind', 'name', 'idNumber', 'post', 'funding', 'startedOn'];
const MAX_ROWS = 20_000;
const MAX_ERRORS = 1_000;

const kindAliases: Record<AuxiliaryKind, string[]> = { contract: ['合同制人员', '合同制', '合同工'], auxiliary: ['辅助人员', '辅助', '辅警'], temporary: ['临时人员', '临时', '临聘人员'] };
const fundingAliases: Record<FundingSource, string[]> = { fiscal_full: ['财政全额', '全额拨款', '财政全额拨款'], fiscal_partial: ['财政差额', '差额拨款', '财政差额补助'], self_raised: ['自筹', '自收自支', '单位自筹'] };

interface Job {
  id: string;
  ownerId: string;
  state: AuxiliaryImportStatus['state'];
  total: number;
  processed: number;
  imported: number;
  errors: { row: number; column: string; message: Record<Locale, string> }[];
}
const jobs = new Map<string, Job>();

export async function auxiliaryImportTemplate(): Promise<Buffer> {
  return simpleWorkbook(AUXILIARY_SHEET, columns, [['合同制人员', '张三', '330203199001011234', '窗口服务', '财政全额', '2026-01-01', '2028-12-31']], {});
}

export function auxiliaryImportStatus(principal: Principal, id: string, locale: Locale): AuxiliaryImportStatus {
  const job = jobs.get(id);
  if (!job || job.ownerId !== principal.id) throw new DomainError('NOT_FOUND', `import ${id} not found`);
  return { id: job.id, state: job.state, total: job.total, processed: job.processed, imported: job.imported, errors: job.errors.map((e) => ({ row: e.row, column: e.column, message: e.message[locale] })) };
}

const codeOf = <T extends string>(aliases: Record<T, string[]>, text: string): T | null => {
  const plain = text.replace(/\s/g, '');
  return (Object.entries(aliases) as [T, string[]][]).find(([code, names]) => code === plain || names.includes(plain))?.[0] ?? null;
};
/** A real calendar day between 1900 and 2200 (2026-02-30 is none), as PostgreSQL will take it. */
const isDay = (value: string) => isoDay.safeParse(value).success;

type Values = Partial<Record<Key, string>>;

/** Starts the import of one unit's file; the caller polls `importStatus`. The unit is checked before any job exists. */
export async function startAuxiliaryImport(deps: LedgerDeps, principal: Principal, input: { organizationId: string; fileName: string; contentBase64: string }, locale: Locale, requestId?: string): Promise<AuxiliaryImportStatus> {
  await unitForCaller(deps, deps.db, principal, input.organizationId, { live: true });
  const sheet = await readSheet(Buffer.from(input.contentBase64, 'base64'), AUXILIARY_SHEET, columns).catch(() => null);
  if (!sheet) throw new DomainError('VALIDATION_FAILED', 'not a readable Excel workbook', undefined, bilingual('无法读取该文件，请使用导入模板（.xlsx）', 'The file is not a readable .xlsx workbook; use the template'));
  const missing = columns.filter((c) => required.includes(c.key) && !sheet.columnOf.has(c.key));
  if (missing.length > 0) throw new DomainError('VALIDATION_FAILED', `missing columns: ${missing.map((c) => c.header).join(', ')}`, undefined, bilingual(`缺少列：${missing.map((c) => c.header).join('、')}`, `Missing columns: ${missing.map((c) => c.header).join(', ')}`));
  if (sheet.rows.length === 0) throw new DomainError('VALIDATION_FAILED', 'the sheet has no rows', undefined, bilingual('表中没有数据行', 'The sheet has no rows'));
  if (sheet.rows.length > MAX_ROWS) throw new DomainError('VALIDATION_FAILED', `at most ${MAX_ROWS} rows`, undefined, bilingual(`一次最多导入${MAX_ROWS}行`, `At most ${MAX_ROWS} rows per file`));
  const job: Job = { id: randomUUID(), ownerId: principal.id, state: 'validating', total: sheet.rows.length, processed: 0, imported: 0, errors: [] };
  jobs.set(job.id, job);
  void runImport(deps, principal, job, input.organizationId, sheet.rows, requestId).catch((error: unknown) => {
    job.state = 'failed';
    job.errors.push({ row: 0, column: '', message: error instanceof DomainError ? (error.localized ?? bilingual(error.message, error.message)) : bilingual('导入失败，未写入任何数据，请稍后重试', 'The import failed and wrote nothing; try again') });
  });
  return auxiliaryImportStatus(principal, job.id, locale);
}

/** The same check and write without a file or a job, for in-process loading (the demo seed); refuses with the first errors. */
export async function importAuxiliary(deps: LedgerDeps, principal: Principal, organizationId: string, rows: Values[]): Promise<number> {
  await unitForCaller(deps, deps.db, principal, organizationId, { live: true });
  const job: Job = { id: randomUUID(), ownerId: principal.id, state: 'validating', total: rows.length, processed: 0, imported: 0, errors: [] };
  await runImport(deps, principal, job, organizationId, rows.map((values, i) => ({ row: i + 2, values })));
  if (job.state !== 'done') throw new DomainError('VALIDATION_FAILED', `import refused: ${job.errors.slice(0, 3).map((e) => `row ${e.row} ${e.column}: ${e.message.en}`).join('; ')}`);
  return job.imported;
}

async function runImport(deps: LedgerDeps, principal: Principal, job: Job, organizationId: string, rows: { row: number; values: Values }[], requestId?: string) {
  const unit = await unitForCaller(deps, deps.db, principal, organizationId, { live: true });
  const header = (key: Key) => columns.find((c) => c.key === key)!.header;
  const fail = (row: number, key: Key, zh: string, en: string) => {
    if (job.errors.length < MAX_ERRORS) job.errors.push({ row, column: header(key), message: bilingual(zh, en) });
  };
  const engaged = await repo.engagedIdNumbers(deps.db, rows.map((r) => (r.values.idNumber ?? '').toUpperCase()).filter(Boolean));
  // Where someone is engaged is told only for units the caller sees.
  const engagedUnits = await unitNamesSeenBy(deps, principal, await deps.scope.jurisdictionIdsOf(principal), [...engaged.values()]);
  // The ratio counted as the rows come: the row that would pass the cap is named.
  const settings = await deps.rules.settingsFor(unit.jurisdictionId);
  const ratio = settings['AUX-RATIO'];
  const cap = ratio.enabled ? auxiliaryCap(unit.quota, ratio.params['numerator'] ?? 1, ratio.params['denominator'] ?? 5) : Infinity;
  let count = await repo.openAuxiliaryCount(deps.db, organizationId);
  const today = todayInChina(deps.clock());
  const seen = new Map<string, number>();
  const parsed: repo.AuxiliaryValues[] = [];
  for (const { row, values } of rows) {
    const before = job.errors.length;
    const kind = codeOf(kindAliases, values.kind ?? '');
    if (!kind) fail(row, 'kind', `类别应为：${Object.values(auxiliaryKindLabels).join('、')}`, 'kind must be contract, auxiliary or temporary');
    const name = values.name ?? '';
    if (!name) fail(row, 'name', '必填', 'required');
    else if (name.length > 50) fail(row, 'name', '姓名不超过50字', 'at most 50 characters');
    const idNumber = (values.idNumber ?? '').toUpperCase();
    if (!idNumber) fail(row, 'idNumber', '必填', 'required');
    else if (idNumber.length !== 18 || !parseIdNumber(idNumber)) fail(row, 'idNumber', `身份证号“${masked(idNumber)}”不正确（应为18位，末位校验码须符合GB 11643）`, `ID number ${masked(idNumber)} is invalid (18 characters with a GB 11643 check character)`);
    else if (engaged.has(idNumber)) {
      const other = engaged.get(idNumber)!;
      const unitName = engagedUnits.get(other.organizationId);
      const text = engagedText(unitName ? { where: other.where, unitName } : null, 'outside_quota');
      fail(row, 'idNumber', text.zh, text.en);
    }
    else if (seen.has(idNumber)) fail(row, 'idNumber', `与第${seen.get(idNumber)}行是同一人`, `same person as row ${seen.get(idNumber)}`);
    else seen.set(idNumber, row);
    const post = values.post ?? '';
    if (!post) fail(row, 'post', '必填', 'required');
    else if (post.length > 100) fail(row, 'post', '岗位不超过100字', 'at most 100 characters');
    const funding = codeOf(fundingAliases, values.funding ?? '');
    if (!funding) fail(row, 'funding', `经费来源应为：${Object.values(fundingSourceLabels).join('、')}`, 'funding must be fiscal full, fiscal partial or self-raised');
    const startedOn = values.startedOn ?? '';
    if (!isDay(startedOn)) fail(row, 'startedOn', '应为1900至2200年间的有效日期，格式YYYY-MM-DD', 'a real day between 1900 and 2200, as YYYY-MM-DD');
    else if (startedOn > today) fail(row, 'startedOn', '到岗日期不能晚于今天', 'cannot be in the future');
    const endsOn = values.endsOn || null;
    if (endsOn && !isDay(endsOn)) fail(row, 'endsOn', '应为1900至2200年间的有效日期，格式YYYY-MM-DD', 'a real day between 1900 and 2200, as YYYY-MM-DD');
    else if (endsOn && endsOn < startedOn) fail(row, 'endsOn', '约定终止日期不能早于到岗日期', 'cannot precede the start');
    // Only rows that would be written count towards the cap.
    if (job.errors.length === before) count += 1;
    if (job.errors.length === before && count > cap) {
      const rule = policyRules['AUX-RATIO'].name;
      fail(row, 'name', `【${rule['zh-CN']}（AUX-RATIO）】核定编制${unit.quota}名，编外人员上限${cap}名；连同现有人员和本表前面各行，此人是第${count}名`, `[${rule.en} (AUX-RATIO)] quota ${unit.quota} allows ${cap} staff outside quota; with the present staff and the rows above, this is number ${count}`);
    }
    if (job.errors.length === before && kind && funding) {
      parsed.push({ id: randomUUID(), organizationId, jurisdictionId: unit.jurisdictionId, kind, name, idNumber, post, funding, startedOn, endsOn, importId: job.id, createdBy: auditActorOf(principal) });
    }
    job.processed += 1;
  }
  if (job.errors.length > 0) {
    job.state = 'failed';
    return;
  }
  job.state = 'importing';
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockUnitWorkforce(trx, organizationId);
    // Every person's entry and engagement held off while the file is checked again and written (两头占).
    await repo.lockAllPeople(trx);
    // Checked again under the unit's lock: someone may have added staff since the rows were read.
    await assertWithinRatio(deps, trx, unit, organizationId, parsed.length);
    const since = await repo.engagedIdNumbers(trx, parsed.map((p) => p.idNumber));
    if (since.size > 0) throw new DomainError('STAFF_ALREADY_ENGAGED', 'engaged meanwhile', undefined, bilingual('导入期间有人员已在编或被登记为编外人员，请重新导入', 'Some people were engaged meanwhile; import again'));
    await repo.insertAuxiliary(trx, parsed);
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.auxiliary.imported',
      aggregateType: 'organization',
      aggregateId: organizationId,
      jurisdictionId: unit.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { importId: job.id, organizationId, people: parsed.length },
      requestId,
    });
  });
  job.imported = parsed.length;
  job.state = 'done';
}
