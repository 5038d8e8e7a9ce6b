import { sql } from 'kysely';
import type { RegistryDb } from '../db.js';

/**
 * Live organizations (active or merging) as they stood at the end of `asOf`: each organization's last
 * version in effect by then, counted where that version placed it. Bounded by the caller's scope
 * (`scopePath`, or one jurisdiction, or one unit) and by the subtree asked for (`subtreePath`).
 */
export async function organizationCountsAsOf(db: RegistryDb, filter: { asOf: string; scopePath: string | null; exactPath: boolean; organizationId: string | null; subtreePath: string | null }) {
  if (filter.organizationId === '') return [];
  const { rows } = await sql<{ jurisdiction_id: string; kind: string; rank: string | null; institution_class: string | null; count: string }>`
    with latest as (
      select distinct on (v.organization_id) v.organization_id, v.snapshot
      from registry.organization_versions v
      where v.effective_date <= ${filter.asOf}
      order by v.organization_id, v.version desc
    )
    select j.id as jurisdiction_id, l.snapshot->>'kind' as kind, l.snapshot->>'rank' as rank, l.snapshot->>'institutionClass' as institution_class, count(*) as count
    from latest l join registry.jurisdictions j on j.id = (l.snapshot->>'jurisdictionId')::uuid
    where l.snapshot->>'status' in ('active', 'merging')
      and (${filter.scopePath}::text is null or (case when ${filter.exactPath} then j.path = ${filter.scopePath} else j.path like ${filter.scopePath} || '%' end))
      and (${filter.subtreePath}::text is null or j.path like ${filter.subtreePath} || '%')
      and (${filter.organizationId}::uuid is null or l.organization_id = ${filter.organizationId})
    group by 1, 2, 3, 4`.execute(db);
  return rows;
}
