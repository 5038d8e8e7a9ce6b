import type { ServiceGuideContent, ServiceGuideDto, ServiceGuideSummaryDto, ServiceGuideVersionDto } from '@bianzhi/contracts/service-guides';
import type { Principal } from '@bianzhi/domain/access';
import { bilingual, DomainError } from '@bianzhi/domain/errors';
import { assertGuideConsistent } from '@bianzhi/domain/service-guides';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { RegistryDb, RegistryTx } from '../db.js';
import { lockForChange, readableOrganization } from '../organization/organization.service.js';

/**
 * Service guides (办事指南, seed 002: the power, procedure and responsibility lists merged into one
 * guide per power item, with its flowchart, published). A guide is edited as a draft and published
 * as a new version; the public site shows the latest published version of the items in force.
 * Whoever manages the unit's power list manages its guides, within their scope.
 */

type Db = RegistryDb | RegistryTx;

async function itemOf(db: Db, powerItemId: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('registry.power_items').select(['id', 'organization_id', 'code', 'name', 'removed_in']).where('id', '=', powerItemId);
  if (options.forUpdate) query = query.forUpdate();
  const item = await query.executeTakeFirst();
  if (!item) throw new DomainError('NOT_FOUND', `power item ${powerItemId} not found`);
  return item;
}

function toVersion(row: { version: number; content: unknown; published_by: unknown; published_at: Date }): ServiceGuideVersionDto {
  return { version: row.version, content: row.content as ServiceGuideContent, publishedBy: row.published_by as ServiceGuideVersionDto['publishedBy'], publishedAt: row.published_at };
}

async function guideOf(db: Db, item: { id: string; organization_id: string }): Promise<ServiceGuideDto> {
  const draft = await db.selectFrom('registry.service_guides').selectAll().where('power_item_id', '=', item.id).executeTakeFirst();
  const versions = (await db.selectFrom('registry.service_guide_versions').selectAll().where('power_item_id', '=', item.id).orderBy('version', 'desc').execute()).map(toVersion);
  const content = (draft?.content ?? null) as ServiceGuideContent | null;
  return {
    powerItemId: item.id,
    organizationId: item.organization_id,
    draft: content,
    updatedAt: draft?.updated_at ?? null,
    unpublishedChanges: content !== null && (versions[0] === undefined || !sameContent(versions[0].content, content)),
    versions,
  };
}

function sameContent(a: ServiceGuideContent, b: ServiceGuideContent): boolean {
  return JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));
}

/** Key order as the contract lists it, so that jsonb's own ordering does not count as a change. */
function normalized(c: ServiceGuideContent): ServiceGuideContent {
  return {
    legalBasis: c.legalBasis,
    conditions: c.conditions,
    materials: [...c.materials],
    steps: c.steps.map((s) => ({ name: s.name, actor: s.actor, days: s.days ?? null })),
    timeLimitDays: c.timeLimitDays,
    fees: c.fees,
    contact: c.contact,
  };
}

export async function getServiceGuide(db: RegistryDb, principal: Principal, powerItemId: string): Promise<ServiceGuideDto> {
  const item = await itemOf(db, powerItemId);
  await readableOrganization(db, principal, item.organization_id);
  return guideOf(db, item);
}

/** Per item of the unit's list: whether it has a draft and which version is published. */
export async function listServiceGuides(db: RegistryDb, principal: Principal, organizationId: string): Promise<ServiceGuideSummaryDto[]> {
  await readableOrganization(db, principal, organizationId);
  const rows = await db
    .selectFrom('registry.power_items as i')
    .leftJoin('registry.service_guides as g', 'g.power_item_id', 'i.id')
    .leftJoin(
      (eb) => eb.selectFrom('registry.service_guide_versions').select((v) => ['power_item_id', v.fn.max('version').as('version'), v.fn.max('published_at').as('published_at')]).groupBy('power_item_id').as('v'),
      (join) => join.onRef('v.power_item_id', '=', 'i.id'),
    )
    .select(['i.id', 'g.power_item_id as draft', 'v.version', 'v.published_at'])
    .where('i.organization_id', '=', organizationId)
    .execute();
  return rows.map((r) => ({ powerItemId: r.id, hasDraft: r.draft !== null, publishedVersion: r.version ?? null, publishedAt: r.published_at ?? null }));
}

/** Locks the item and its unit for a change of its guide: in scope, live, and still on the list. */
async function lockItemForGuide(trx: RegistryTx, principal: Principal, powerItemId: string) {
  const item = await itemOf(trx, powerItemId);
  const organization = await lockForChange(trx, principal, item.organization_id);
  const locked = await itemOf(trx, powerItemId, { forUpdate: true });
  if (locked.removed_in !== null) {
    throw new DomainError('VALIDATION_FAILED', `power item ${powerItemId} is removed from the list`, undefined, bilingual(`事项“${locked.name}”已从权责清单中调出，不能再编制办事指南`, `The item “${locked.name}” is removed from the power list; its guide can no longer change`));
  }
  return { item: locked, organization };
}

export async function saveServiceGuide(db: RegistryDb, principal: Principal, input: { powerItemId: string; content: ServiceGuideContent }, requestId?: string): Promise<ServiceGuideDto> {
  assertGuideConsistent(input.content);
  return db.transaction().execute(async (trx) => {
    const { item, organization } = await lockItemForGuide(trx, principal, input.powerItemId);
    const content = JSON.stringify(normalized(input.content));
    const before = await trx.selectFrom('registry.service_guides').select('content').where('power_item_id', '=', item.id).executeTakeFirst();
    await trx
      .insertInto('registry.service_guides')
      .values({ power_item_id: item.id, content, updated_by: JSON.stringify(auditActorOf(principal)) })
      .onConflict((oc) => oc.column('power_item_id').doUpdateSet({ content, updated_by: JSON.stringify(auditActorOf(principal)), updated_at: new Date() }))
      .execute();
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.serviceGuide.saved',
      aggregateType: 'power_item',
      aggregateId: item.id,
      jurisdictionId: organization.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { organizationId: organization.id, code: item.code, before: before?.content ?? null, after: normalized(input.content) },
      requestId,
    });
    return guideOf(trx, item);
  });
}

export async function publishServiceGuide(db: RegistryDb, principal: Principal, input: { powerItemId: string }, requestId?: string): Promise<ServiceGuideDto> {
  return db.transaction().execute(async (trx) => {
    const { item, organization } = await lockItemForGuide(trx, principal, input.powerItemId);
    const current = await guideOf(trx, item);
    if (current.draft === null || !current.unpublishedChanges) {
      throw new DomainError('VALIDATION_FAILED', `nothing to publish for ${item.id}`, undefined, bilingual(`事项“${item.name}”的办事指南没有未发布的修改`, `The guide of “${item.name}” has no unpublished changes`));
    }
    const version = (current.versions[0]?.version ?? 0) + 1;
    await trx
      .insertInto('registry.service_guide_versions')
      .values({ power_item_id: item.id, version, content: JSON.stringify(current.draft), published_by: JSON.stringify(auditActorOf(principal)) })
      .execute();
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.serviceGuide.published',
      aggregateType: 'power_item',
      aggregateId: item.id,
      jurisdictionId: organization.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { organizationId: organization.id, code: item.code, version, after: current.draft },
      requestId,
    });
    return guideOf(trx, item);
  });
}
