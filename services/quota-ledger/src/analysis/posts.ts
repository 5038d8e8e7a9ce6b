import { sql } from 'kysely';
import type { PostsComparisonRow } from '@bianzhi/contracts/analysis';
import type { Principal } from '@bianzhi/domain/access';
import { bilingual as text, DomainError } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { readTable } from '@bianzhi/sheets/table';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDeps } from '../transfer/transfer.service.js';

/**
 * 编岗相适: HR sets each unit's posts (management, professional-technical, worker); the bureau compares
 * them with the unit's quota and with who occupies it by post category.
 */
const columns = [
  { key: 'unit', header: '单位名称' },
  { key: 'unit', header: '单位' },
  { key: 'creditCode', header: '统一社会信用代码' },
  { key: 'management', header: '管理岗位' },
  { key: 'management', header: '管理岗' },
  { key: 'professional', header: '专业技术岗位' },
  { key: 'professional', header: '专技岗' },
  { key: 'worker', header: '工勤技能岗位' },
  { key: 'worker', header: '工勤岗' },
] as const;
type Key = (typeof columns)[number]['key'];

export async function postsTemplate(): Promise<Buffer> {
  return simpleWorkbook('岗位设置', [{ header: '单位名称', width: 30 }, { header: '统一社会信用代码', width: 22 }, { header: '管理岗位' }, { header: '专业技术岗位' }, { header: '工勤技能岗位' }], [['示范市某某中心', '', 3, 12, 2]]);
}

/** Reads the file, checks every row (unit in scope, whole numbers), and writes all rows or none. */
export async function importPosts(deps: LedgerDeps, principal: Principal, input: { fileName: string; contentBase64: string }, requestId?: string): Promise<{ units: number }> {
  const sheet = await readTable<Key>(Buffer.from(input.contentBase64, 'base64'), '岗位设置', columns);
  if (!sheet) throw new DomainError('VALIDATION_FAILED', 'not a readable table', undefined, text('无法读取该文件：请上传 .xlsx 或 .csv 文件', 'Cannot read the file: upload an .xlsx or .csv file'));
  const missing = (['management', 'professional', 'worker'] as const).filter((k) => !sheet.columnOf.has(k)).map((k) => columns.find((c) => c.key === k)!.header);
  if (!sheet.columnOf.has('unit') && !sheet.columnOf.has('creditCode')) missing.unshift('单位名称');
  if (missing.length) throw new DomainError('VALIDATION_FAILED', `missing columns ${missing.join(', ')}`, undefined, text(`缺少列：${missing.join('、')}`, `Missing columns: ${missing.join(', ')}`));
  if (sheet.rows.length === 0) throw new DomainError('VALIDATION_FAILED', 'no rows', undefined, text('文件中没有数据行', 'The file has no rows'));
  const refs = await deps.scope.lookupOrganizations(principal, {
    names: [...new Set(sheet.rows.map((r) => r.values.unit ?? '').filter(Boolean))],
    creditCodes: [...new Set(sheet.rows.map((r) => r.values.creditCode ?? '').filter((c) => c.length === 18))],
  });
  const byName = new Map<string, (typeof refs)[number][]>();
  for (const ref of refs) byName.set(ref.name, [...(byName.get(ref.name) ?? []), ref]);
  const byCode = new Map(refs.filter((r) => r.creditCode).map((r) => [r.creditCode!, r]));
  const problems: { row: number; column: string; message: ReturnType<typeof text> }[] = [];
  const fail = (row: number, column: string, zh: string, en: string) => problems.length < 50 && problems.push({ row, column, message: text(`第${row}行“${column}”：${zh}`, `Row ${row}, “${column}”: ${en}`) });
  const parsed = new Map<string, { organizationId: string; jurisdictionId: string; management: number; professional: number; worker: number }>();
  for (const { row, values } of sheet.rows) {
    const named = values.creditCode ? byCode.get(values.creditCode) : undefined;
    const candidates = named ? [named] : (byName.get(values.unit ?? '') ?? []);
    if (candidates.length !== 1) {
      fail(row, '单位名称', candidates.length ? '有多个同名单位，请填写统一社会信用代码' : `找不到单位“${values.unit ?? ''}”，或不在您的管辖范围内`, candidates.length ? 'several units have this name; give the credit code' : 'unit not found in your jurisdiction');
      continue;
    }
    const counts = (['management', 'professional', 'worker'] as const).map((key) => {
      const value = (values[key] ?? '').trim() || '0';
      const n = Number(value);
      if (!/^\d+$/.test(value) || n > 100_000) fail(row, columns.find((c) => c.key === key)!.header, '应为不小于0的整数', 'must be a whole number, 0 or more');
      return n;
    });
    if (parsed.has(candidates[0]!.id)) fail(row, '单位名称', '该单位在文件中出现了两次', 'the unit appears twice in the file');
    parsed.set(candidates[0]!.id, { organizationId: candidates[0]!.id, jurisdictionId: candidates[0]!.jurisdictionId, management: counts[0]!, professional: counts[1]!, worker: counts[2]! });
  }
  if (problems.length) throw new DomainError('IMPORT_INVALID', `${problems.length} bad cells`, { problems }, text(`文件有错误，未导入任何数据（列出前${problems.length}处）`, `The file has errors; nothing was imported (first ${problems.length} shown)`));
  const rows = [...parsed.values()];
  const who = JSON.stringify({ id: principal.id, name: principal.name });
  await deps.db.transaction().execute(async (trx) => {
    await sql`
      insert into ledger.post_counts (organization_id, jurisdiction_id, management, professional, worker, imported_by)
      select u.organization_id, u.jurisdiction_id, u.management, u.professional, u.worker, ${who}::jsonb
      from unnest(${rows.map((r) => r.organizationId)}::uuid[], ${rows.map((r) => r.jurisdictionId)}::uuid[], ${rows.map((r) => r.management)}::int[],
        ${rows.map((r) => r.professional)}::int[], ${rows.map((r) => r.worker)}::int[]) as u(organization_id, jurisdiction_id, management, professional, worker)
      on conflict (organization_id) do update set management = excluded.management, professional = excluded.professional, worker = excluded.worker,
        imported_by = excluded.imported_by, imported_at = now()`.execute(trx);
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.posts.imported',
      aggregateType: 'post_counts',
      aggregateId: input.fileName,
      jurisdictionId: principal.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { fileName: input.fileName, units: rows.length },
      requestId,
    });
  });
  return { units: rows.length };
}

/** Per unit in the subtree: quota, occupancy by post category, the posts on record, and what does not fit. */
export async function comparePosts(deps: LedgerDeps, principal: Principal, jurisdictionIds: string[], input: { mismatchesOnly: boolean; limit: number }): Promise<PostsComparisonRow[]> {
  const { rows } = await sql<{ organization_id: string; quota: string; occupied: string; m: string; p: string; w: string; pm: number | null; pp: number | null; pw: number | null }>`
    with quota as (
      select holder_id as organization_id, sum(credits_posted - debits_posted) as quota,
        sum(credits_posted - debits_posted) filter (where kind = 'occupied') as occupied
      from ledger.accounts where holder_kind = 'organization' and kind in ('vacant', 'occupied') and jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[]))
      group by holder_id),
    people as (
      select s.organization_id, count(*) filter (where p.post_category = 'management') as m,
        count(*) filter (where p.post_category = 'professional') as p, count(*) filter (where p.post_category = 'worker') as w
      from ledger.slots s join ledger.persons p on p.id = s.person_id
      where s.exit_kind is null and s.jurisdiction_id in (select unnest(${jurisdictionIds}::uuid[])) group by s.organization_id)
    select q.organization_id, q.quota, coalesce(q.occupied, 0) as occupied, coalesce(pe.m, 0) as m, coalesce(pe.p, 0) as p, coalesce(pe.w, 0) as w,
      pc.management as pm, pc.professional as pp, pc.worker as pw
    from quota q left join people pe using (organization_id) left join ledger.post_counts pc using (organization_id)`.execute(deps.db);
  const compared = rows.map((r) => {
    const occupiedByCategory = { management: Number(r.m), professional: Number(r.p), worker: Number(r.w) };
    const posts = r.pm === null ? null : { management: r.pm, professional: r.pp!, worker: r.pw!, total: r.pm + r.pp! + r.pw! };
    const mismatches: PostsComparisonRow['mismatches'] = [];
    if (!posts) mismatches.push('no_posts');
    else {
      if (posts.total > Number(r.quota)) mismatches.push('posts_exceed_quota');
      if (occupiedByCategory.management > posts.management || occupiedByCategory.professional > posts.professional || occupiedByCategory.worker > posts.worker) mismatches.push('occupied_exceed_posts');
    }
    return { organizationId: r.organization_id, name: '', quota: Number(r.quota), occupied: Number(r.occupied), posts, occupiedByCategory, mismatches };
  });
  const shown = (input.mismatchesOnly ? compared.filter((c) => c.mismatches.length > 0) : compared).slice(0, input.limit);
  const refs = shown.length ? await deps.scope.lookupOrganizations(principal, { ids: shown.map((c) => c.organizationId) }) : [];
  const nameOf = new Map(refs.map((r) => [r.id, r.name]));
  return shown.map((c) => ({ ...c, name: nameOf.get(c.organizationId) ?? c.organizationId })).sort((a, b) => b.mismatches.length - a.mismatches.length || a.name.localeCompare(b.name, 'zh'));
}
