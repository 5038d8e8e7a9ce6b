import { leadershipRankLabels, type AppointmentDto, type LeadershipDto, type leadershipRanks } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual as text, DomainError } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerTx } from '../db.js';
import type { LedgerDeps } from '../transfer/transfer.service.js';

/**
 * Leadership posts (领导职数) per unit and rank, counted like quota, and the appointments that fill
 * them (DOMAIN.md invariant 4): an appointment beyond the posts is refused, unless it is recorded
 * as a violation (超职数配备) with audit and supervision, which the appointment then points to.
 */
type Rank = (typeof leadershipRanks)[number];
export const rankLabels = leadershipRankLabels;

/** The unit's jurisdiction, from its ledger accounts; refuses units out of the caller's scope. */
async function unitJurisdiction(deps: LedgerDeps, trx: LedgerTx, principal: Principal, organizationId: string): Promise<string> {
  const account = await trx.selectFrom('ledger.accounts').select('jurisdiction_id').where('holder_id', '=', organizationId).where('holder_kind', '=', 'organization').executeTakeFirst();
  if (!account) throw new DomainError('NOT_FOUND', `organization ${organizationId} has no ledger accounts`, undefined, text('该单位尚未开设编制账户', 'The unit has no quota accounts yet'));
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && !visible.includes(account.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
  return account.jurisdiction_id;
}

async function filled(trx: LedgerTx, organizationId: string, rank: Rank): Promise<number> {
  const row = await trx.selectFrom('ledger.appointments').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).where('rank', '=', rank).where('removed_on', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setPosts(deps: LedgerDeps, principal: Principal, input: { organizationId: string; rank: Rank; posts: number; documentNumber?: string | undefined }, requestId?: string): Promise<LeadershipDto> {
  await deps.db.transaction().execute(async (trx) => {
    const jurisdictionId = await unitJurisdiction(deps, trx, principal, input.organizationId);
    const before = await trx.selectFrom('ledger.leadership_posts').select('posts').where('organization_id', '=', input.organizationId).where('rank', '=', input.rank).forUpdate().executeTakeFirst();
    const holding = await filled(trx, input.organizationId, input.rank);
    if (input.posts < holding) {
      throw new DomainError('POSTS_BELOW_APPOINTMENTS', `${holding} appointed, ${input.posts} posts`, undefined, text(`${rankLabels[input.rank]}现配备${holding}名，职数不能核定为${input.posts}名，请先免职`, `${holding} are appointed at this rank; remove some before setting ${input.posts} posts`));
    }
    const values = { posts: input.posts, document_number: input.documentNumber ?? null, updated_at: new Date() };
    await trx.insertInto('ledger.leadership_posts').values({ organization_id: input.organizationId, rank: input.rank, jurisdiction_id: jurisdictionId, ...values }).onConflict((oc) => oc.columns(['organization_id', 'rank']).doUpdateSet(values)).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.leadership.posts_set',
      aggregateType: 'organization',
      aggregateId: input.organizationId,
      jurisdictionId,
      actor: auditActorOf(principal),
      payload: { rank: input.rank, before: before?.posts ?? 0, after: input.posts, documentNumber: input.documentNumber ?? null },
      requestId,
    });
  });
  return listLeadership(deps, principal, input.organizationId);
}

/** The person to appoint: on the unit's roll now and holding no other post. */
async function appointee(trx: LedgerTx, input: { organizationId: string; slotId: string }) {
  const slot = await trx.selectFrom('ledger.slots').select(['person_id', 'organization_id']).where('id', '=', input.slotId).where('exit_kind', 'is', null).executeTakeFirst();
  // Not found, as a slot of another unit (perhaps out of the caller's reach) is not the caller's to learn about.
  if (!slot || slot.organization_id !== input.organizationId) throw new DomainError('NOT_FOUND', 'the person holds no slot in this unit', undefined, text('此人不在该单位在编人员中', 'The person holds no slot in this unit'));
  const current = await trx.selectFrom('ledger.appointments').select('title').where('person_id', '=', slot.person_id).where('removed_on', 'is', null).executeTakeFirst();
  if (current) throw new DomainError('VALIDATION_FAILED', 'already holds a leadership post', undefined, text(`此人已任${current.title}，请先免去原职务`, `The person already holds the post ${current.title}`));
  return slot;
}

export async function appoint(
  deps: LedgerDeps,
  principal: Principal,
  input: { id: string; organizationId: string; rank: Rank; slotId: string; title: string; appointedOn?: string | undefined; documentNumber?: string | undefined; beyondPosts?: { reason: string } | undefined },
  requestId?: string,
): Promise<LeadershipDto> {
  // Recording the violation is a call to another service: made before the transaction, as the caller.
  const plan = await deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('ledger.appointments').select(['organization_id', 'rank']).where('id', '=', input.id).executeTakeFirst();
    if (existing) {
      // The id is the client's: an appointment made out of the caller's reach is neither shown nor compared.
      await unitJurisdiction(deps, trx, principal, existing.organization_id);
      if (existing.organization_id !== input.organizationId || existing.rank !== input.rank) throw new DomainError('IDEMPOTENCY_MISMATCH', `appointment ${input.id} was made with other content`);
      return 'done' as const;
    }
    await unitJurisdiction(deps, trx, principal, input.organizationId);
    // The person is checked before a violation is recorded, so a refused appointment leaves none behind.
    await appointee(trx, input);
    const posts = await trx.selectFrom('ledger.leadership_posts').select('posts').where('organization_id', '=', input.organizationId).where('rank', '=', input.rank).executeTakeFirst();
    return { posts: posts?.posts ?? 0, holding: await filled(trx, input.organizationId, input.rank) };
  });
  if (plan === 'done') return listLeadership(deps, principal, input.organizationId);
  let violationId: string | null = null;
  if (plan.holding >= plan.posts) {
    if (!input.beyondPosts) {
      throw new DomainError('LEADERSHIP_POSTS_FULL', `${plan.holding} of ${plan.posts} posts filled`, undefined, text(`${rankLabels[input.rank]}职数${plan.posts}名，已配备${plan.holding}名，不能再任命（超职数配备须作为违规问题登记）`, `${plan.holding} of ${plan.posts} ${input.rank} posts are filled; appointing beyond them must be recorded as a violation`));
    }
    const violation = await deps.rules.recordViolation(principal, {
      organizationId: input.organizationId,
      title: `超职数配备${rankLabels[input.rank]}（${input.title}）`,
      description: `${rankLabels[input.rank]}职数${plan.posts}名，已配备${plan.holding}名。理由：${input.beyondPosts.reason}`,
      ruleId: 'LEADERSHIP-POSTS',
    });
    violationId = violation.id;
  }
  await deps.db.transaction().execute(async (trx) => {
    const jurisdictionId = await unitJurisdiction(deps, trx, principal, input.organizationId);
    // Locks the rank's posts row, then counts again: two appointments racing for the last post cannot both pass.
    await trx.insertInto('ledger.leadership_posts').values({ organization_id: input.organizationId, rank: input.rank, jurisdiction_id: jurisdictionId, posts: 0 }).onConflict((oc) => oc.doNothing()).execute();
    const { posts } = await trx.selectFrom('ledger.leadership_posts').select('posts').where('organization_id', '=', input.organizationId).where('rank', '=', input.rank).forUpdate().executeTakeFirstOrThrow();
    const holding = await filled(trx, input.organizationId, input.rank);
    if (holding >= posts && !violationId) {
      throw new DomainError('LEADERSHIP_POSTS_FULL', `${holding} of ${posts} posts filled`, undefined, text(`${rankLabels[input.rank]}职数${posts}名，已配备${holding}名`, `${holding} of ${posts} posts are filled`));
    }
    const slot = await appointee(trx, input);
    const appointedOn = input.appointedOn ?? todayInChina(deps.clock());
    await trx
      .insertInto('ledger.appointments')
      .values({ id: input.id, organization_id: input.organizationId, jurisdiction_id: jurisdictionId, rank: input.rank, person_id: slot.person_id, title: input.title, appointed_on: appointedOn, document_number: input.documentNumber ?? null, beyond_posts: holding >= posts, violation_id: violationId })
      .execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.leadership.appointed',
      aggregateType: 'organization',
      aggregateId: input.organizationId,
      jurisdictionId,
      actor: auditActorOf(principal),
      payload: { appointmentId: input.id, rank: input.rank, personId: slot.person_id, title: input.title, appointedOn, beyondPosts: holding >= posts, violationId },
      requestId,
    });
  });
  return listLeadership(deps, principal, input.organizationId);
}

export async function removeAppointment(deps: LedgerDeps, principal: Principal, input: { id: string; removedOn?: string | undefined }, requestId?: string): Promise<LeadershipDto> {
  const organizationId = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('ledger.appointments').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `appointment ${input.id} not found`);
    await unitJurisdiction(deps, trx, principal, row.organization_id);
    if (row.removed_on) return row.organization_id;
    const removedOn = input.removedOn ?? todayInChina(deps.clock());
    await trx.updateTable('ledger.appointments').set({ removed_on: removedOn, removal_id: input.id }).where('id', '=', row.id).execute();
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.leadership.removed',
      aggregateType: 'organization',
      aggregateId: row.organization_id,
      jurisdictionId: row.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { appointmentId: row.id, rank: row.rank, personId: row.person_id, removedOn },
      requestId,
    });
    return row.organization_id;
  });
  return listLeadership(deps, principal, organizationId);
}

export async function listLeadership(deps: LedgerDeps, principal: Principal, organizationId: string): Promise<LeadershipDto> {
  return deps.db.transaction().execute(async (trx) => {
    await unitJurisdiction(deps, trx, principal, organizationId);
    const posts = await trx.selectFrom('ledger.leadership_posts').selectAll().where('organization_id', '=', organizationId).execute();
    const appointments = await trx
      .selectFrom('ledger.appointments as a')
      .innerJoin('ledger.persons as p', 'p.id', 'a.person_id')
      .select(['a.id', 'a.rank', 'a.person_id', 'p.name', 'a.title', 'a.appointed_on', 'a.document_number', 'a.beyond_posts', 'a.violation_id'])
      .where('a.organization_id', '=', organizationId)
      .where('a.removed_on', 'is', null)
      .orderBy('a.appointed_on')
      .execute();
    const ranks = (Object.keys(rankLabels) as Rank[]).map((rank) => {
      const row = posts.find((p) => p.rank === rank);
      return { rank, posts: row?.posts ?? 0, filled: appointments.filter((a) => a.rank === rank).length, documentNumber: row?.document_number ?? null };
    });
    return {
      organizationId,
      ranks,
      appointments: appointments.map((a): AppointmentDto => ({ id: a.id, rank: a.rank as Rank, personId: a.person_id, name: a.name, title: a.title, appointedOn: a.appointed_on, documentNumber: a.document_number, beyondPosts: a.beyond_posts, violationId: a.violation_id })),
    };
  });
}

/** Posts per unit and rank, for audit's cross-check of cadre records (internal). */
export async function postsOf(deps: LedgerDeps, organizationIds: string[]): Promise<{ organizationId: string; rank: Rank; posts: number }[]> {
  if (organizationIds.length === 0) return [];
  const rows = await deps.db.selectFrom('ledger.leadership_posts').select(['organization_id', 'rank', 'posts']).where('organization_id', '=', (eb) => eb.fn.any(eb.val(organizationIds))).execute();
  return rows.map((row) => ({ organizationId: row.organization_id, rank: row.rank as Rank, posts: row.posts }));
}
