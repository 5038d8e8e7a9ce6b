import type { OrganizationRef } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { bilingual as text, DomainError, type Locale } from '@bianzhi/domain/errors';
import type { SheetRows } from '@bianzhi/sheets/read';
import type { LedgerDeps } from '../transfer/transfer.service.js';

/**
 * What every import of per-unit figures shares: each row names a unit by name or credit code, in
 * the caller's scope; a bad cell is reported with its row and column, and the file is written whole
 * or not at all.
 */
export interface SheetProblems {
  fail(row: number, column: string, zh: string, en: string): void;
  /** Throws IMPORT_INVALID with the problems found, if any. */
  throwIfAny(): void;
}

export function sheetProblems(): SheetProblems {
  const problems: { row: number; column: string; message: Record<Locale, string> }[] = [];
  return {
    fail: (row, column, zh, en) => void (problems.length < 50 && problems.push({ row, column, message: text(`第${row}行“${column}”：${zh}`, `Row ${row}, “${column}”: ${en}`) })),
    throwIfAny: () => {
      if (problems.length) throw new DomainError('IMPORT_INVALID', `${problems.length} bad cells`, { problems }, text(`文件有错误，未导入任何数据（列出前${problems.length}处）`, `The file has errors; nothing was imported (first ${problems.length} shown)`));
    },
  };
}

/** The file as a table with the unit columns and the `required` ones, else a refusal naming what is missing. */
export function requireColumns<K extends string>(sheet: SheetRows<K> | null, columns: readonly { key: K; header: string }[], required: readonly K[]): SheetRows<K> {
  if (!sheet) throw new DomainError('VALIDATION_FAILED', 'not a readable table', undefined, text('无法读取该文件：请上传 .xlsx 或 .csv 文件', 'Cannot read the file: upload an .xlsx or .csv file'));
  const missing = required.filter((k) => !sheet.columnOf.has(k)).map((k) => columns.find((c) => c.key === k)!.header);
  if (!sheet.columnOf.has('unit' as K) && !sheet.columnOf.has('creditCode' as K)) missing.unshift('单位名称');
  if (missing.length) throw new DomainError('VALIDATION_FAILED', `missing columns ${missing.join(', ')}`, undefined, text(`缺少列：${missing.join('、')}`, `Missing columns: ${missing.join(', ')}`));
  if (sheet.rows.length === 0) throw new DomainError('VALIDATION_FAILED', 'no rows', undefined, text('文件中没有数据行', 'The file has no rows'));
  return sheet;
}

/**
 * The unit each row names (its credit code first, else its name), looked up once for the whole
 * file in the caller's scope; a row naming none, or a name several units share, is a problem.
 */
export async function sheetUnits(deps: LedgerDeps, principal: Principal, rows: SheetRows<string>['rows'], problems: SheetProblems) {
  const refs = await deps.scope.lookupOrganizations(principal, {
    names: [...new Set(rows.map((r) => r.values.unit ?? '').filter(Boolean))],
    creditCodes: [...new Set(rows.map((r) => r.values.creditCode ?? '').filter((c) => c.length === 18))],
  });
  const byName = new Map<string, OrganizationRef[]>();
  for (const ref of refs) byName.set(ref.name, [...(byName.get(ref.name) ?? []), ref]);
  const byCode = new Map(refs.filter((r) => r.creditCode).map((r) => [r.creditCode!, r]));
  const seen = new Set<string>();
  return (row: number, values: Partial<Record<string, string>>): OrganizationRef | null => {
    const named = values.creditCode ? byCode.get(values.creditCode) : undefined;
    const candidates = named ? [named] : (byName.get(values.unit ?? '') ?? []);
    if (candidates.length !== 1) {
      problems.fail(row, '单位名称', candidates.length ? '有多个同名单位，请填写统一社会信用代码' : `找不到单位“${values.unit ?? ''}”，或不在您的管辖范围内`, candidates.length ? 'several units have this name; give the credit code' : 'unit not found in your jurisdiction');
      return null;
    }
    if (seen.has(candidates[0]!.id)) problems.fail(row, '单位名称', '该单位在文件中出现了两次', 'the unit appears twice in the file');
    seen.add(candidates[0]!.id);
    return candidates[0]!;
  };
}

/** A whole number from 0 to `max` in a cell (empty is `empty`), else a problem and null. */
export function wholeNumberCell(problems: SheetProblems, row: number, column: string, raw: string | undefined, max: number, empty: number | null = 0): number | null {
  const value = (raw ?? '').trim();
  if (value === '') return empty;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    problems.fail(row, column, '应为不小于0的整数', 'must be a whole number, 0 or more');
    return null;
  }
  return Number(value);
}
