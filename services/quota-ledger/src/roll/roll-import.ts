import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { entryKinds, postCategories} from '@bianzhi/contracts/ledger';
import { isoDay } from '@bianzhi/contracts/common';
import { quotaTypeLabels, quotaTypes, type QuotaType, type RollImportStatus } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError, type Locale } from '@bianzhi/domain/errors';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { retirementMonthStart } from '@bianzhi/domain/retirement';
import { appendOutboxEvents } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { readSheet, simpleWorkbook } from '@bianzhi/sheets/read';
import { applyOrRefuse, derivedTransferId, type LedgerDeps, type LedgerTransfer } from '../transfer/transfer.service.js';
import { engagedText, unitNamesSeenBy } from '../workforce/engagement.js';
import { lockAllPeople, openEngagements } from '../workforce/workforce.repository.js';
import { masked } from './masked.js';

/**
 * Importing an existing roll (实名制名册) from Excel: people and the slots they hold today, for a
 * unit starting on the platform. Every row is checked first (unit in scope, quota type, GB 11643
 * ID number, one slot per person, enough vacancies per unit and type); a file with any error
 * imports nothing. Then one transaction writes the people, one inventory transfer per unit and
 * type (vacant → occupied) and the slots, so the ledger's invariants hold throughout.
 */
export const SHEET_NAME = '实名制名册';
const columns = [
  { key: 'creditCode', header: '单位统一社会信用代码', width: 24 },
  { key: 'unitName', header: '单位名称', width: 28 },
  { key: 'ledger', header: '编制类型', width: 14 },
  { key: 'name', header: '姓名', width: 10 },
  { key: 'idNumber', header: '身份证号', width: 22 },
  { key: 'education', header: '学历', width: 10 },
  { key: 'postCategory', header: '岗位类别', width: 10 },
  { key: 'entryKind', header: '进入方式', width: 12 },
  { key: 'enteredOn', header: '入编日期', width: 12 },
] as const;
type Key = (typeof columns)[number]['key'];

const postLabels: Record<(typeof postCategories)[number], string[]> = { management: ['管理岗', '管理岗位'], professional: ['专技岗', '专业技术岗', '专业技术岗位'], worker: ['工勤岗', '工勤技能岗', '工勤岗位'] };
const entryLabels: Record<(typeof entryKinds)[number], string[]> = { exam: ['考录', '公开招聘', '考试录用'], transfer_in: ['调入', '调任'], military: ['军转安置', '军队转业'], talent: ['人才引进'] };
const MAX_ROWS = 200_000;
const MAX_ERRORS = 1_000;

type Text = Record<Locale, string>;
interface Job {
  id: string;
  ownerId: string;
  state: RollImportStatus['state'];
  total: number;
  processed: number;
  imported: number;
  errors: { row: number; column: string; message: Text }[];
}
/** Import jobs live in the service process; a restart mid-import loses the job, never half a roll (one transaction). */
const jobs = new Map<string, Job>();

export async function rollImportTemplate(): Promise<Buffer> {
  return simpleWorkbook(SHEET_NAME, columns, [['12330200MB0000000X', '示范市某某中心', '事业编制', '张三', '330203199001011234', '本科', '专技岗', '公开招聘', '2020-08-01']], {});
}

export function rollImportStatus(principal: Principal, id: string, locale: Locale): RollImportStatus {
  const job = jobs.get(id);
  if (!job || job.ownerId !== principal.id) throw new DomainError('NOT_FOUND', `import ${id} not found`);
  return statusOf(job, locale);
}

function statusOf(job: Job, locale: Locale): RollImportStatus {
  return { id: job.id, state: job.state, total: job.total, processed: job.processed, imported: job.imported, errors: job.errors.map((e) => ({ row: e.row, column: e.column, message: e.message[locale] })) };
}

function codeFor<T extends string>(labels: Record<T, string | string[]>, text: string): T | null {
  const normalized = text.replace(/\s/g, '');
  for (const [code, label] of Object.entries(labels) as [T, string | string[]][]) {
    if ((Array.isArray(label) ? label : [label]).includes(normalized) || code === normalized) return code;
  }
  return null;
}

interface ParsedRow {
  row: number;
  organizationId: string;
  jurisdictionId: string;
  ledger: QuotaType;
  name: string;
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: string;
  education: string;
  postCategory: (typeof postCategories)[number];
  entryKind: (typeof entryKinds)[number];
  enteredOn: string;
}

/** Starts the import; the caller polls `importStatus` for progress and the per-row errors. */
export async function startRollImport(deps: LedgerDeps, principal: Principal, input: { fileName: string; contentBase64: string; documentNumber: string }, locale: Locale, requestId?: string): Promise<RollImportStatus> {
  const sheet = await readSheet(Buffer.from(input.contentBase64, 'base64'), SHEET_NAME, columns).catch(() => null);
  if (!sheet) throw new DomainError('VALIDATION_FAILED', 'not a readable Excel workbook', undefined, { 'zh-CN': '无法读取该文件，请使用导入模板（.xlsx）', en: 'The file is not a readable .xlsx workbook; use the template' });
  const missing = columns.filter((c) => !['creditCode', 'unitName', 'education', 'entryKind', 'enteredOn'].includes(c.key) && !sheet.columnOf.has(c.key));
  if (missing.length > 0) throw new DomainError('VALIDATION_FAILED', `missing columns: ${missing.map((c) => c.header).join(', ')}`, undefined, { 'zh-CN': `缺少列：${missing.map((c) => c.header).join('、')}`, en: `Missing columns: ${missing.map((c) => c.header).join(', ')}` });
  if (sheet.rows.length === 0) throw new DomainError('VALIDATION_FAILED', 'the sheet has no rows', undefined, { 'zh-CN': '表中没有数据行', en: 'The sheet has no rows' });
  if (sheet.rows.length > MAX_ROWS) throw new DomainError('VALIDATION_FAILED', `at most ${MAX_ROWS} rows`, undefined, { 'zh-CN': `一次最多导入${MAX_ROWS}行`, en: `At most ${MAX_ROWS} rows per file` });
  const job: Job = { id: randomUUID(), ownerId: principal.id, state: 'validating', total: sheet.rows.length, processed: 0, imported: 0, errors: [] };
  jobs.set(job.id, job);
  void runImport(deps, principal, job, sheet.rows, input.documentNumber, requestId).catch((error: unknown) => {
    job.state = 'failed';
    const message = error instanceof DomainError ? (error.localized ?? { 'zh-CN': error.message, en: error.message }) : { 'zh-CN': '导入失败，未写入任何数据，请稍后重试', en: 'The import failed and wrote nothing; try again' };
    job.errors.push({ row: 0, column: '', message });
  });
  return statusOf(job, locale);
}

export type RollRow = Partial<Record<Key, string>>;

/**
 * The same check and write without a file or a job to poll, for loading a roll in process (the
 * demo seed). Refuses with the first row errors, having written nothing.
 */
export async function importRoll(deps: LedgerDeps, principal: Principal, rows: RollRow[], documentNumber: string): Promise<number> {
  const job: Job = { id: randomUUID(), ownerId: principal.id, state: 'validating', total: rows.length, processed: 0, imported: 0, errors: [] };
  await runImport(deps, principal, job, rows.map((values, i) => ({ row: i + 2, values })), documentNumber);
  if (job.state !== 'done') throw new DomainError('VALIDATION_FAILED', `roll import refused: ${job.errors.slice(0, 3).map((e) => `row ${e.row} ${e.column}: ${e.message.en}`).join('; ')}`);
  return job.imported;
}

async function runImport(deps: LedgerDeps, principal: Principal, job: Job, rows: { row: number; values: Partial<Record<Key, string>> }[], documentNumber: string, requestId?: string) {
  const parsed = await validate(deps, principal, job, rows);
  if (job.errors.length > 0) {
    job.state = 'failed';
    return;
  }
  job.state = 'importing';
  job.processed = 0;
  await writeRoll(deps, principal, job, parsed, documentNumber, requestId);
  job.imported = parsed.length;
  job.processed = parsed.length;
  job.state = 'done';
}

async function validate(deps: LedgerDeps, principal: Principal, job: Job, rows: { row: number; values: Partial<Record<Key, string>> }[]): Promise<ParsedRow[]> {
  const header = (key: Key) => columns.find((c) => c.key === key)!.header;
  const fail = (row: number, key: Key, zh: string, en: string) => {
    if (job.errors.length < MAX_ERRORS) job.errors.push({ row, column: header(key), message: { 'zh-CN': zh, en } });
  };
  const units = await deps.scope.lookupOrganizations(principal, {
    creditCodes: [...new Set(rows.map((r) => (r.values.creditCode ?? '').toUpperCase()).filter((c) => c.length === 18))],
    names: [...new Set(rows.filter((r) => !r.values.creditCode).map((r) => r.values.unitName ?? '').filter(Boolean))],
  });
  const byCode = new Map(units.filter((u) => u.creditCode).map((u) => [u.creditCode!, u]));
  const byName = new Map<string, typeof units>();
  for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const accounts = await deps.db
    .selectFrom('ledger.accounts')
    .select(['holder_id', 'ledger', 'credits_posted', 'debits_posted', 'debits_pending'])
    .where('kind', '=', 'vacant')
    .where('holder_id', 'in', units.length ? units.map((u) => u.id) : ['00000000-0000-0000-0000-000000000000'])
    .execute();
  const freeOf = new Map(accounts.map((a) => [`${a.holder_id}|${a.ledger}`, a.credits_posted - a.debits_posted - a.debits_pending]));
  const idNumbers = rows.map((r) => (r.values.idNumber ?? '').toUpperCase()).filter(Boolean);
  const holding = new Set<string>();
  for (let i = 0; i < idNumbers.length; i += 10_000) {
    const { rows: found } = await sql<{ id_number: string }>`
      select p.id_number from ledger.persons p join ledger.slots s on s.person_id = p.id and s.exit_kind is null
      where p.id_number = any(${idNumbers.slice(i, i + 10_000)}::text[])`.execute(deps.db);
    for (const r of found) holding.add(r.id_number);
  }
  // 两头占: nobody enters on quota while engaged outside quota; where, only for units the caller sees.
  const outside = await openEngagements(deps.db, idNumbers);
  const outsideUnits = await unitNamesSeenBy(deps, principal, await deps.scope.jurisdictionIdsOf(principal), [...outside.values()]);
  const today = todayInChina(deps.clock());
  const seen = new Map<string, number>();
  const used = new Map<string, number>();
  const parsed: ParsedRow[] = [];
  for (const { row, values } of rows) {
    const before = job.errors.length;
    const code = (values.creditCode ?? '').toUpperCase();
    let unit = code ? byCode.get(code) : undefined;
    if (code && !unit) fail(row, 'creditCode', `统一社会信用代码“${code}”不是您管辖范围内的单位`, `no unit in your jurisdiction has credit code ${code}`);
    if (!code) {
      const named = byName.get(values.unitName ?? '') ?? [];
      if (!values.unitName) fail(row, 'unitName', '请填写单位统一社会信用代码或单位名称', 'give the unit credit code or name');
      else if (named.length === 0) fail(row, 'unitName', `“${values.unitName}”不是您管辖范围内的单位`, `${values.unitName} is not a unit in your jurisdiction`);
      else if (named.length > 1) fail(row, 'unitName', `有${named.length}个单位名为“${values.unitName}”，请填写统一社会信用代码`, `${named.length} units share this name; give the credit code`);
      else unit = named[0];
    }
    const ledger = codeFor(quotaTypeLabels, values.ledger ?? '');
    if (!ledger) fail(row, 'ledger', `编制类型应为：${Object.values(quotaTypeLabels).join('、')}`, `quota type must be one of: ${quotaTypes.join(', ')}`);
    const name = values.name ?? '';
    if (!name) fail(row, 'name', '必填', 'required');
    else if (name.length > 50) fail(row, 'name', '姓名不超过50字', 'at most 50 characters');
    const idNumber = (values.idNumber ?? '').toUpperCase();
    const facts = idNumber.length === 18 ? parseIdNumber(idNumber) : null;
    if (!idNumber) fail(row, 'idNumber', '必填', 'required');
    else if (!facts) fail(row, 'idNumber', `身份证号“${masked(idNumber)}”不正确（应为18位，末位校验码须符合GB 11643）`, `ID number ${masked(idNumber)} is invalid (18 characters with a GB 11643 check character)`);
    else if (holding.has(idNumber)) fail(row, 'idNumber', '此人已在编，同一人在全市只能占用一个编制', 'this person already holds a slot in the city');
    else if (outside.has(idNumber)) {
      const unitName = outsideUnits.get(outside.get(idNumber)!.organizationId);
      const text = engagedText(unitName ? { where: 'outside_quota', unitName } : null, 'on_quota');
      fail(row, 'idNumber', text.zh, text.en);
    }
    else if (seen.has(idNumber)) fail(row, 'idNumber', `与第${seen.get(idNumber)}行是同一人`, `same person as row ${seen.get(idNumber)}`);
    else seen.set(idNumber, row);
    const postCategory = codeFor(postLabels, values.postCategory ?? '');
    if (!postCategory) fail(row, 'postCategory', '岗位类别应为：管理岗、专技岗、工勤岗', 'post category must be management, professional or worker');
    const entryKind = values.entryKind ? codeFor(entryLabels, values.entryKind) : 'exam';
    if (!entryKind) fail(row, 'entryKind', '进入方式应为：考录、公开招聘、调入、军转安置、人才引进', 'entry must be exam, transfer in, military resettlement or talent introduction');
    const enteredOn = values.enteredOn || today;
    if (!isoDay.safeParse(enteredOn).success) fail(row, 'enteredOn', '应为1900至2200年间的有效日期，格式YYYY-MM-DD', 'a real day between 1900 and 2200, as YYYY-MM-DD');
    else if (enteredOn > today) fail(row, 'enteredOn', '入编日期不能晚于今天', 'cannot be in the future');
    if (unit && ledger) {
      const key = `${unit.id}|${ledger}`;
      const free = freeOf.get(key);
      const taken = (used.get(key) ?? 0) + 1;
      if (free === undefined) fail(row, 'ledger', `“${unit.name}”没有${quotaTypeLabels[ledger]}账户`, `${unit.name} has no ${ledger} accounts`);
      else if (taken > free) fail(row, 'ledger', `“${unit.name}”${quotaTypeLabels[ledger]}可用空编${free}名，本表第${taken}名超出`, `${unit.name} has ${free} free ${ledger} places; this is number ${taken}`);
      used.set(key, taken);
    }
    if (job.errors.length === before && unit && ledger && facts && postCategory && entryKind) {
      const birthDate = `${facts.birthDate.year}-${String(facts.birthDate.month).padStart(2, '0')}-${String(facts.birthDate.day).padStart(2, '0')}`;
      parsed.push({ row, organizationId: unit.id, jurisdictionId: unit.jurisdictionId, ledger, name, idNumber, sex: facts.sex, birthDate, education: values.education ?? '', postCategory, entryKind, enteredOn });
    }
    job.processed += 1;
  }
  return parsed;
}

async function writeRoll(deps: LedgerDeps, principal: Principal, job: Job, rows: ParsedRow[], documentNumber: string, requestId?: string) {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const today = todayInChina(deps.clock());
  await deps.db.transaction().execute(async (trx) => {
    // Checked again with every person's entry and engagement held off (the people-wide lock, before any account's): 两头占.
    await lockAllPeople(trx);
    if ((await openEngagements(trx, rows.map((r) => r.idNumber))).size > 0) {
      throw new DomainError('STAFF_ALREADY_ENGAGED', 'engaged outside quota meanwhile', undefined, { 'zh-CN': '导入期间有人员被登记为编外人员，请重新导入', en: 'Some people were engaged outside quota meanwhile; import again' });
    }
    const groups = new Map<string, ParsedRow[]>();
    for (const r of rows) groups.set(`${r.organizationId}|${r.ledger}`, [...(groups.get(`${r.organizationId}|${r.ledger}`) ?? []), r]);
    const accounts = await trx.selectFrom('ledger.accounts').select(['id', 'holder_id', 'ledger', 'kind']).where('holder_id', 'in', [...new Set(rows.map((r) => r.organizationId))]).where('kind', 'in', ['vacant', 'occupied']).execute();
    const accountOf = (organizationId: string, ledger: string, kind: string) => accounts.find((a) => a.holder_id === organizationId && a.ledger === ledger && a.kind === kind)!.id;
    const transfers: LedgerTransfer[] = [...groups.entries()].map(([key, members]) => ({
      kind: 'single',
      id: derivedTransferId(`roll-import:${job.id}:${key}`),
      debitAccountId: accountOf(members[0]!.organizationId, members[0]!.ledger, 'vacant'),
      creditAccountId: accountOf(members[0]!.organizationId, members[0]!.ledger, 'occupied'),
      amount: members.length,
      code: 'enter',
      documentNumber,
      effectiveDate: today,
    }));
    // Vacancies were counted when validating; a change since then refuses the whole file here.
    await applyOrRefuse(deps, trx, principal, transfers, { visible, requestId });
    for (let i = 0; i < rows.length; i += 2000) {
      const slice = rows.slice(i, i + 2000);
      const people = await trx
        .insertInto('ledger.persons')
        .values(slice.map((r) => ({ id_number: r.idNumber, name: r.name, sex: r.sex, birth_date: r.birthDate, education: r.education, post_category: r.postCategory, retires_on: retirementMonthStart(r) })))
        .onConflict((oc) => oc.column('id_number').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), education: eb.ref('excluded.education'), post_category: eb.ref('excluded.post_category'), retires_on: eb.ref('excluded.retires_on'), updated_at: new Date() })))
        .returning(['id', 'id_number'])
        .execute();
      const personOf = new Map(people.map((p) => [p.id_number, p.id]));
      await trx
        .insertInto('ledger.slots')
        .values(slice.map((r) => ({
          person_id: personOf.get(r.idNumber)!,
          organization_id: r.organizationId,
          jurisdiction_id: r.jurisdictionId,
          ledger: r.ledger,
          occupied_account_id: accountOf(r.organizationId, r.ledger, 'occupied'),
          vacant_account_id: accountOf(r.organizationId, r.ledger, 'vacant'),
          entry_kind: r.entryKind,
          entry_transfer_id: derivedTransferId(`roll-import:${job.id}:${r.organizationId}|${r.ledger}`),
          entered_on: r.enteredOn,
          imported: true,
        })))
        .execute();
      job.processed = i + slice.length;
    }
    await appendOutboxEvents(
      trx,
      'ledger',
      [...groups.values()].map((members) => ({
        type: 'ledger.roll.imported',
        aggregateType: 'organization',
        aggregateId: members[0]!.organizationId,
        jurisdictionId: members[0]!.jurisdictionId,
        actor: auditActorOf(principal),
        payload: { importId: job.id, ledger: members[0]!.ledger, people: members.length, documentNumber },
        requestId,
      })),
    );
  });
}
