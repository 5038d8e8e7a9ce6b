import type { AppointmentPreview, AppointmentRequest } from '@bianzhi/contracts/approval';
import { leadershipRankLabels } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { keyedUuid } from '@bianzhi/domain/derived-id';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { SUPERVISION_WORKING_DAYS, higherOf, type MatterKind } from '@bianzhi/domain/matters';
import { isLive } from '@bianzhi/domain/organization';
import type { MatterClockDeps } from './matter-clock.js';
import { asCaller, jurisdictionTree, matterInvalid } from './matter-context.js';
import * as repo from './matter.repository.js';
import { decidingLevel, deadlineAfter, type Tree } from './matter-rules.js';
import type { MatterDeps } from './matter.service.js';
import type { WorkingCalendar } from '@bianzhi/domain/working-days';

// 领导职务任职 (kind leadership_appointment): 事前预审 when filed, 事中核准 along the chain, the
// appointment applied by the platform, 事后督查 some working days later (docs/authority.md).

/**
 * 事前预审: the unit as the filer sees it and live; the person on its roll now and holding no other
 * leadership post there; a post of the rank free once the appointments already filed for it are
 * counted. Then where it is decided: where the unit is, the city where it took the kind up.
 */
export async function routeAppointment(deps: MatterDeps, principal: Principal, request: AppointmentRequest, matterId: string, takenUp: (kind: MatterKind) => Promise<Set<string>>): Promise<{ tree: Tree; decidingJurisdictionId: string }> {
  const unit = await asCaller(() => deps.registryAs(principal).registry.organization.get.query({ id: request.organizationId }));
  if (!isLive(unit.status)) throw matterInvalid(`“${unit.name}”已撤销或不再存续`, `${unit.name} no longer exists`);
  const [roll, leadership, pending, personPending] = await Promise.all([
    asCaller(() => deps.ledger.ledger.person.roll.query({ organizationId: unit.id, includeExited: false })),
    asCaller(() => deps.ledger.ledger.leadership.list.query({ organizationId: unit.id })),
    repo.openMattersNaming(deps.db, { kind: 'leadership_appointment', field: 'appointment', match: { organizationId: unit.id, rank: request.rank }, except: matterId }),
    repo.openMattersNaming(deps.db, { kind: 'leadership_appointment', field: 'appointment', match: { slotId: request.slotId }, except: matterId }),
  ]);
  const slot = roll.find((s) => s.id === request.slotId);
  if (!slot) throw matterInvalid(`该人员不在“${unit.name}”的在编人员中`, `The person is not on the roll of ${unit.name}`);
  const held = leadership.appointments.find((a) => a.personId === slot.personId);
  if (held) throw matterInvalid(`${slot.name}已任${held.title}，不能再任命其他领导职务`, `${slot.name} already holds the post ${held.title}`);
  if (personPending.length > 0) throw matterInvalid(`${slot.name}的任职事项已在办理中`, `An appointment of ${slot.name} is already being decided`);
  const rank = leadership.ranks.find((r) => r.rank === request.rank)!;
  if (rank.filled + pending.length >= rank.posts) {
    const label = leadershipRankLabels[request.rank];
    throw new DomainError('LEADERSHIP_POSTS_FULL', `${rank.filled} filled and ${pending.length} being decided of ${rank.posts}`, { posts: rank.posts, filled: rank.filled, pending: pending.length }, bilingual(
      `事前预审未通过：“${unit.name}”${label}职数${rank.posts}名，已配备${rank.filled}名${pending.length > 0 ? `，另有${pending.length}件任职事项在办理` : ''}，没有空缺职数`,
      `Pre-review failed: ${unit.name} has ${rank.posts} ${request.rank} posts, ${rank.filled} filled${pending.length > 0 ? ` and ${pending.length} being decided` : ''}; none is free`,
    ));
  }
  const filer = principal.jurisdictionId!;
  const tree = await jurisdictionTree(deps.registry, [filer, unit.jurisdictionId]);
  const taken = await takenUp('leadership_appointment');
  return { tree, decidingJurisdictionId: higherOf(tree, filer, decidingLevel(tree, unit.jurisdictionId, (id) => taken.has(id))) };
}

/**
 * 事中核准 applied: the appointment, as the platform, under an id derived from the matter (a retry
 * appoints once) — if the unit still exists (abolished since the filing, the matter fails).
 */
export async function applyAppointment(deps: MatterClockDeps, matter: repo.MatterRow): Promise<string | null> {
  const request = matter.content.appointment!;
  if (!isLive((await deps.registry.registry.organization.get.query({ id: request.organizationId })).status)) return 'ORGANIZATION_NOT_LIVE';
  await deps.ledger.ledger.leadership.appoint.mutate({ id: appointmentIdOf(deps.idKey, matter.id), ...request, documentNumber: matter.approvalDocumentNumber ?? undefined });
  return null;
}

export const appointmentIdOf = (idKey: string, matterId: string) => keyedUuid(idKey, `matter/${matterId}/appointment`);

/** When 事后督查 is due: some working days after the appointment took effect. */
export function supervisionDue(calendar: WorkingCalendar, appliedAt: Date): Date {
  return deadlineAfter(calendar, appliedAt, SUPERVISION_WORKING_DAYS);
}

/** 事后督查: whether the appointment is still in force, and within the unit's posts of its rank. */
export async function superviseAppointment(deps: MatterClockDeps, matter: repo.MatterRow): Promise<{ withinPosts: boolean; inForce: boolean; finding: string }> {
  const request = matter.content.appointment!;
  const leadership = await deps.ledger.ledger.leadership.list.query({ organizationId: request.organizationId });
  const rank = leadership.ranks.find((r) => r.rank === request.rank)!;
  const appointment = leadership.appointments.find((a) => a.id === appointmentIdOf(deps.idKey, matter.id));
  const label = leadershipRankLabels[request.rank];
  const withinPosts = rank.filled <= rank.posts;
  const finding = !appointment
    ? `事后督查：${request.title}已免职或调离，不再占用职数`
    : withinPosts
      ? `事后督查：${appointment.name}任${request.title}，${label}职数${rank.posts}名、配备${rank.filled}名，在核定职数内`
      : `事后督查：${label}职数${rank.posts}名、配备${rank.filled}名，超职数配备，请整改`;
  return { withinPosts, inForce: Boolean(appointment), finding };
}

/** An appointment matter as the reader sees it. */
export async function appointmentPreviewOf(deps: MatterDeps, matter: repo.MatterRow, visible: Set<string>, events: repo.EventRow[], calendar: WorkingCalendar): Promise<AppointmentPreview | null> {
  const request = matter.content.appointment;
  if (!request) return null;
  const unit = await deps.registry.registry.organization.get.query({ id: request.organizationId }).catch(() => null);
  const seen = unit !== null && visible.has(unit.jurisdictionId);
  const [roll, leadership] = seen ? await Promise.all([deps.ledger.ledger.person.roll.query({ organizationId: request.organizationId, includeExited: true }), deps.ledger.ledger.leadership.list.query({ organizationId: request.organizationId })]) : [[], null];
  const rank = leadership?.ranks.find((r) => r.rank === request.rank);
  const applied = events.find((e) => e.kind === 'applied');
  const supervised = events.find((e) => e.kind === 'supervised');
  return {
    ...request,
    organizationName: seen ? unit.name : '',
    personName: roll.find((s) => s.id === request.slotId)?.name ?? null,
    posts: rank?.posts ?? null,
    filled: rank?.filled ?? null,
    supervisionDue: applied && !supervised ? supervisionDue(calendar, applied.at).toISOString() : null,
    supervision: supervised ? { at: supervised.at.toISOString(), withinPosts: !supervised.comment.includes('超职数'), inForce: !supervised.comment.includes('不再占用'), finding: supervised.comment } : null,
  };
}
