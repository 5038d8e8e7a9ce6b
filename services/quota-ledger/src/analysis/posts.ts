import { sql } from 'kysely';
import type { PostsComparisonRow } from '@bianzhi/contracts/analysis';
import type { Principal } from '@bianzhi/domain/access';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { readTable } from '@bianzhi/sheets/table';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { requireColumns, sheetProblems, sheetUnits, wholeNumberCell } from '../account/sheet-rows.js';

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
  const sheet = requireColumns(await readTable<Key>(Buffer.from(input.contentBase64, 'base64'), '岗位设置', columns), columns, ['management', 'professional', 'worker']);
  const problems = sheetProblems();
  const unitOf = await sheetUnits(deps, principal, sheet.rows, problems);
  const parsed = new Map<string, { organizationId: string; jurisdictionId: string; management: number; professional: number; worker: number }>();
  for (const { row, values } of sheet.rows) {
    const unit = unitOf(row, values);
    const counts = (['management', 'professional', 'worker'] as const).map((key) => wholeNumberCell(problems, row, columns.find((c) => c.key === key)!.header, values[key], 100_000) ?? 0);
    if (unit) parsed.set(unit.id, { organizationId: unit.id, jurisdictionId: unit.jurisdictionId, management: counts[0]!, professional: counts[1]!, worker: counts[2]! });
  }
  problems.throwIfAny();
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
