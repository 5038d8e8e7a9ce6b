import { sql } from 'kysely';
import type { z } from 'zod';
import type { PublicRollEntry, setClassifiedPostInput } from '@bianzhi/contracts/named-roll';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDeps } from '../transfer/transfer.service.js';

/**
 * 实名制公示 from the roll's side (docs/audit.md "Named-roll publication"): a roll entry may be a
 * classified post (涉密岗位), set by the roll's writers within their scope; the public roll the
 * audit service publishes selects only a person's name, quota type and post category, of the open
 * slots of the units it names (the registry's non-classified units), classified posts left out — in SQL.
 */

/** Marks or unmarks an open roll entry as a classified post, in the caller's scope; audited in the same transaction. */
export async function setClassifiedPost(deps: LedgerDeps, principal: Principal, input: z.infer<typeof setClassifiedPostInput>, requestId?: string): Promise<{ slotId: string; classifiedPost: boolean }> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('ledger.slots').select(['id', 'person_id', 'organization_id', 'jurisdiction_id', 'classified_post', 'exit_kind']).where('id', '=', input.slotId);
    if (visible) query = query.where(sql<boolean>`jurisdiction_id = any(${visible}::uuid[])`);
    const slot = await query.forUpdate().executeTakeFirst();
    if (!slot) throw new DomainError('NOT_FOUND', `slot ${input.slotId} not found in scope`);
    if (slot.exit_kind) throw new DomainError('SLOT_CLOSED', `slot ${slot.id} is closed`, undefined, bilingual('该人员已出编，不能再标记涉密岗位', 'The person has left; a closed roll entry cannot be marked'));
    if (slot.classified_post === input.classifiedPost) return { slotId: slot.id, classifiedPost: slot.classified_post };
    await trx.updateTable('ledger.slots').set({ classified_post: input.classifiedPost }).where('id', '=', slot.id).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.person.classifiedPostSet',
      aggregateType: 'person',
      aggregateId: slot.person_id,
      jurisdictionId: slot.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { slotId: slot.id, organizationId: slot.organization_id, before: { classifiedPost: slot.classified_post }, after: { classifiedPost: input.classifiedPost } },
      requestId,
    });
    return { slotId: slot.id, classifiedPost: input.classifiedPost };
  });
}

/**
 * The public roll (platform only): for the units named, each open slot's holder by name with the
 * slot's quota type and the person's post category — no other column is read — leaving classified
 * posts out. Ordered as the public site lists them.
 */
export async function publicRoll(deps: Pick<LedgerDeps, 'db'>, organizationIds: string[]): Promise<PublicRollEntry[]> {
  if (organizationIds.length === 0) return [];
  const rows = await deps.db
    .selectFrom('ledger.slots as s')
    .innerJoin('ledger.persons as p', 'p.id', 's.person_id')
    .select(['s.organization_id', 'p.name', 's.ledger', 'p.post_category'])
    .where(sql<boolean>`s.organization_id = any(${organizationIds}::uuid[])`)
    .where('s.exit_kind', 'is', null)
    .where('s.classified_post', '=', false)
    .orderBy('s.organization_id')
    .orderBy('p.name')
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({ organizationId: r.organization_id, name: r.name, ledger: r.ledger as PublicRollEntry['ledger'], postCategory: r.post_category as PublicRollEntry['postCategory'] }));
}
