import type { PublicPowerItemDto, PublicPowerListVersionDto, PublicPowerUnitDto, ServiceGuideContent } from '@bianzhi/contracts/service-guides';
import { DomainError } from '@bianzhi/domain/errors';
import type { PowerCategory } from '@bianzhi/domain/organization';
import { sql } from 'kysely';
import type { RegistryDb } from '../db.js';
import { escapeLike } from '../like-pattern.js';
import { batchChanges } from './power-batch-changes.js';

/**
 * The public face of power lists (anonymous, docs/audit.md "Public disclosure"): the items in force
 * of live, non-classified units — added by a published batch and not removed by one — each with the
 * latest published version of its guide, and per unit the published batches that changed its list.
 * Classified units are left out here, in SQL, whatever the caller asks.
 */
function inForce(db: RegistryDb) {
  return db
    .selectFrom('registry.power_items as i')
    .innerJoin('registry.organizations as o', 'o.id', 'i.organization_id')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id')
    .innerJoin('registry.power_batches as a', 'a.id', 'i.added_in')
    .leftJoin('registry.power_batches as r', 'r.id', 'i.removed_in')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('registry.service_guide_versions')
          .distinctOn('power_item_id')
          .select(['power_item_id', 'version', 'content', 'published_at'])
          .orderBy('power_item_id')
          .orderBy('version', 'desc')
          .as('g'),
      (join) => join.onRef('g.power_item_id', '=', 'i.id'),
    )
    .where('a.status', '=', 'published')
    .where((eb) => eb.or([eb('i.removed_in', 'is', null), eb('r.status', '=', 'open')]))
    .where('o.classified', '=', false)
    .where('o.status', 'in', ['active', 'merging']);
}

type Row = {
  id: string;
  code: string;
  name: string;
  category: string;
  legal_basis: string;
  responsible_body: string;
  organization_id: string;
  organization_name: string;
  jurisdiction_name: string;
  version: number | null;
  content: unknown;
  published_at: Date | null;
};

function toItem(row: Row): PublicPowerItemDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    category: row.category as PowerCategory,
    legalBasis: row.legal_basis,
    responsibleBody: row.responsible_body,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    jurisdictionName: row.jurisdiction_name,
    guide: row.version !== null && row.published_at !== null ? { ...(row.content as ServiceGuideContent), version: row.version, publishedAt: row.published_at } : null,
  };
}

const columns = ['i.id', 'i.code', 'i.name', 'i.category', 'i.legal_basis', 'i.responsible_body', 'o.id as organization_id', 'o.name as organization_name', 'j.name as jurisdiction_name', 'g.version', 'g.content', 'g.published_at'] as const;

/** Search by item name or code, unit name or legal basis; optionally within one jurisdiction's subtree. */
export async function searchPublicPowerItems(db: RegistryDb, input: { q: string; jurisdictionId?: string | undefined; page: number; pageSize: number }): Promise<{ rows: PublicPowerItemDto[]; total: number }> {
  let query = inForce(db);
  if (input.q) {
    const pattern = `%${escapeLike(input.q)}%`;
    query = query.where((eb) => eb.or([eb('i.name', 'ilike', pattern), eb('i.code', 'ilike', pattern), eb('o.name', 'ilike', pattern), eb('i.legal_basis', 'ilike', pattern)]));
  }
  if (input.jurisdictionId) {
    const root = await db.selectFrom('registry.jurisdictions').select('path').where('id', '=', input.jurisdictionId).executeTakeFirst();
    if (!root) return { rows: [], total: 0 };
    query = query.where('j.path', 'like', `${escapeLike(root.path)}%`);
  }
  const { total } = await query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await query
    .select(columns)
    .orderBy('j.path')
    .orderBy('o.name')
    .orderBy('i.code')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return { rows: rows.map(toItem), total };
}

/** One unit's published list, its guides and its version history (the published batches that changed it). */
export async function publicPowerUnit(db: RegistryDb, organizationId: string): Promise<PublicPowerUnitDto> {
  const unit = await db
    .selectFrom('registry.organizations as o')
    .innerJoin('registry.jurisdictions as j', 'j.id', 'o.jurisdiction_id')
    .select(['o.id', 'o.name', 'j.name as jurisdiction_name'])
    .where('o.id', '=', organizationId)
    .where('o.classified', '=', false)
    .where('o.status', 'in', ['active', 'merging'])
    .executeTakeFirst();
  if (!unit) throw new DomainError('NOT_FOUND', `organization ${organizationId} has no public power list`);
  const items = await inForce(db).select(columns).where('o.id', '=', organizationId).orderBy('i.category').orderBy('i.code').execute();
  const changes = await batchChanges(db, { organizationId, publishedOnly: true, publicOnly: true });
  const batchIds = [...new Set(changes.map((c) => c.batchId))];
  const batches = batchIds.length
    ? await db.selectFrom('registry.power_batches').select(['id', 'year', 'half', 'document_number', 'published_at']).where('status', '=', 'published').where('id', 'in', batchIds).orderBy('published_at', 'desc').execute()
    : [];
  const history: PublicPowerListVersionDto[] = batches.map((b) => ({
    batchId: b.id,
    year: b.year,
    half: b.half as 1 | 2,
    documentNumber: b.document_number ?? '',
    publishedAt: b.published_at ?? new Date(0),
    added: changes.filter((c) => c.batchId === b.id && c.change === 'added').map(({ code, name }) => ({ code, name })),
    removed: changes.filter((c) => c.batchId === b.id && c.change === 'removed').map(({ code, name }) => ({ code, name })),
  }));
  return { organizationId: unit.id, organizationName: unit.name, jurisdictionName: unit.jurisdiction_name, items: items.map(toItem), history };
}
