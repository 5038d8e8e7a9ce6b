import type { Principal } from '@bianzhi/domain/access';
import type { MatterKind, MatterStepKind } from '@bianzhi/domain/matters';
import { matterStepKinds } from '@bianzhi/domain/matters';
import { defaultCalendarDays } from '@bianzhi/domain/working-days';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { DomainError } from '@bianzhi/domain/errors';
import { visibleJurisdictions } from '../jurisdictions.js';
import * as repo from './matter.repository.js';
import { actorOf, type MatterDeps } from './matter.service.js';

// The city bureau's settings for matters: routing (审批权上收 and the chain of steps) and the working-day calendar.

export async function listRouting(deps: MatterDeps, principal: Principal) {
  const visible = (await visibleJurisdictions(deps, principal)).map((j) => j.id);
  return (await repo.listRouting(deps.db, visible)).map((r) => ({ jurisdictionId: r.jurisdiction_id, kind: r.kind as MatterKind, decidedAt: r.decided_at, steps: r.steps ?? [...matterStepKinds], updatedBy: r.updated_by.name, updatedAt: r.updated_at.toISOString() }));
}

/** 审批权上收: the city bureau takes a kind of matter up to itself for a jurisdiction below it, or leaves it there. */
export async function setRouting(deps: MatterDeps, principal: Principal, input: { jurisdictionId: string; kind: MatterKind; decidedAt: 'own' | 'city'; steps?: MatterStepKind[] | undefined }, requestId?: string) {
  const visible = new Set((await visibleJurisdictions(deps, principal)).map((j) => j.id));
  if (!visible.has(input.jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', `jurisdiction ${input.jurisdictionId}`);
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.setRouting(trx, { jurisdictionId: input.jurisdictionId, kind: input.kind, decidedAt: input.decidedAt, steps: input.steps ?? null, actor: actorOf(principal) });
    await appendOutboxEvent(trx, 'reform', { type: 'approval.routing.set', aggregateType: 'matter_routing', aggregateId: `${input.jurisdictionId}/${input.kind}`, jurisdictionId: input.jurisdictionId, actor: auditActorOf(principal), payload: { kind: input.kind, before, after: input.decidedAt, steps: input.steps ?? null }, requestId });
  });
  return listRouting(deps, principal);
}

export async function calendarDays(deps: MatterDeps) {
  const overrides = await repo.calendarOverrides(deps.db);
  const byDay = new Map([...defaultCalendarDays, ...overrides].map((d) => [d.day, d]));
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

export async function setCalendarDay(deps: MatterDeps, principal: Principal, input: { day: string; kind: 'holiday' | 'workday'; name: string }, requestId?: string) {
  await deps.db.transaction().execute(async (trx) => {
    await repo.setCalendarDay(trx, input);
    await appendOutboxEvent(trx, 'reform', { type: 'approval.calendar.set', aggregateType: 'calendar_day', aggregateId: input.day, jurisdictionId: principal.jurisdictionId, actor: auditActorOf(principal), payload: input, requestId });
  });
  return calendarDays(deps);
}
