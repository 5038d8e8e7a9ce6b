import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditEventDeliveries, AuditEventSubscriptions } from '@bianzhi/db/generated/audit';
import { pgArray } from '@bianzhi/db/pg-array';
import type { createSubscriptionInput, deliveriesExportInput, deliveriesInput, DeliveryDto, LinkageEventType, SubscriptionDto, SubscriptionWithSecretDto } from '@bianzhi/contracts/linkage';
import type { Principal } from '@bianzhi/domain/access';
import { chinaClock } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { AuditDb, AuditTx } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { appendToChain } from '../log/log.service.js';
import { newSigningSecret, type SecretBox } from './secret-box.js';
import { checkTargetUrl } from './target.js';

export interface SubscriptionDeps {
  db: AuditDb;
  scope: Pick<JurisdictionScope, 'jurisdictionIdsOf'>;
  box: SecretBox;
  allowLocal: boolean;
}

type Row = Selectable<AuditEventSubscriptions> & { pending: number; dead: number };

function toDto(row: Row): SubscriptionDto {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    eventTypes: row.event_types as LinkageEventType[],
    jurisdictionIds: row.jurisdiction_ids,
    status: row.status as SubscriptionDto['status'],
    secretVersion: row.secret_version,
    createdBy: row.created_by as SubscriptionDto['createdBy'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    pending: Number(row.pending),
    dead: Number(row.dead),
  };
}

/** Subscriptions the caller may manage: every jurisdiction they name is in the caller's scope (SQL). */
function subscriptionsInScope(db: AuditDb | AuditTx, visible: string[] | null) {
  const counts = (status: string) =>
    sql<number>`(select count(*)::int from audit.event_deliveries d where d.subscription_id = s.id and d.status = ${status})`;
  let query = db.selectFrom('audit.event_subscriptions as s').selectAll('s').select([counts('pending').as('pending'), counts('dead').as('dead')]);
  if (visible) query = query.where(sql<boolean>`s.jurisdiction_ids <@ ${pgArray('uuid', visible)}`);
  return query;
}

async function subscriptionOf(db: AuditDb | AuditTx, visible: string[] | null, id: string, lock = false): Promise<Row> {
  let query = subscriptionsInScope(db, visible).where('s.id', '=', id);
  if (lock) query = query.forUpdate('s');
  const row = await query.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `subscription ${id}`);
  return row as Row;
}

async function log(trx: AuditTx, principal: Principal, type: string, subscription: { id: string; owner_jurisdiction_id: string }, payload: Record<string, unknown>, requestId?: string) {
  await appendToChain(trx, [
    {
      id: randomUUID(),
      source: 'audit',
      type: `audit.subscription.${type}`,
      aggregateType: 'event_subscription',
      aggregateId: subscription.id,
      jurisdictionId: subscription.owner_jurisdiction_id,
      actor: auditActorOf(principal),
      payload,
      requestId,
      occurredAt: new Date().toISOString(),
    },
  ]);
}

export async function listSubscriptions(deps: SubscriptionDeps, principal: Principal): Promise<SubscriptionDto[]> {
  const rows = await subscriptionsInScope(deps.db, await deps.scope.jurisdictionIdsOf(principal)).orderBy('s.created_at', 'desc').execute();
  return (rows as Row[]).map(toDto);
}

/**
 * Registers a receiving system. Its jurisdictions must all be in the caller's scope — checked in
 * the insert itself — and it receives what the log gains from now on. The secret is answered once.
 */
export async function createSubscription(deps: SubscriptionDeps, principal: Principal, input: z.infer<typeof createSubscriptionInput>, requestId?: string): Promise<SubscriptionWithSecretDto> {
  const url = checkTargetUrl(input.url, deps.allowLocal);
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const jurisdictionIds = [...new Set(input.jurisdictionIds)];
  const eventTypes = [...new Set(input.eventTypes)];
  const id = randomUUID();
  const secret = newSigningSecret();
  return deps.db.transaction().execute(async (trx) => {
    const inScope = visible ? sql<boolean>`${pgArray('uuid', jurisdictionIds)} <@ ${pgArray('uuid', visible)}` : sql<boolean>`true`;
    const { rows } = await sql<{ id: string; owner_jurisdiction_id: string }>`
      insert into audit.event_subscriptions (id, name, url, event_types, jurisdiction_ids, owner_jurisdiction_id, secret_ciphertext, start_seq, created_by)
      select ${id}, ${input.name}, ${url}, ${pgArray('text', eventTypes)}, ${pgArray('uuid', jurisdictionIds)}, ${principal.jurisdictionId ?? jurisdictionIds[0]!},
        ${deps.box.seal(id, secret)}, (select seq from audit.chain_head where id = 1), ${JSON.stringify({ id: principal.id, name: principal.name })}::jsonb
      where ${inScope}
      returning id, owner_jurisdiction_id`.execute(trx);
    if (rows.length === 0) throw new DomainError('OUT_OF_SCOPE', 'a jurisdiction of the subscription is out of scope');
    await log(trx, principal, 'created', rows[0]!, { name: input.name, url, eventTypes, jurisdictionIds }, requestId);
    return { ...toDto(await subscriptionOf(trx, null, id)), secret };
  });
}

/** Pauses (deliveries wait, events keep being queued) or resumes a subscription. */
export async function setSubscriptionStatus(deps: SubscriptionDeps, principal: Principal, input: { id: string; status: 'active' | 'paused' }, requestId?: string): Promise<SubscriptionDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    const current = await subscriptionOf(trx, visible, input.id, true);
    if (current.status === input.status) return toDto(current);
    await trx.updateTable('audit.event_subscriptions').set({ status: input.status, updated_at: new Date() }).where('id', '=', input.id).execute();
    await log(trx, principal, input.status === 'paused' ? 'paused' : 'resumed', current, {}, requestId);
    return toDto(await subscriptionOf(trx, null, input.id));
  });
}

/** A new secret, answered once; the old one signs nothing from now on. */
export async function rotateSecret(deps: SubscriptionDeps, principal: Principal, id: string, requestId?: string): Promise<SubscriptionWithSecretDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const secret = newSigningSecret();
  return deps.db.transaction().execute(async (trx) => {
    const current = await subscriptionOf(trx, visible, id, true);
    await trx.updateTable('audit.event_subscriptions').set({ secret_ciphertext: deps.box.seal(id, secret), secret_version: current.secret_version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await log(trx, principal, 'secret_rotated', current, { secretVersion: current.secret_version + 1 }, requestId);
    return { ...toDto(await subscriptionOf(trx, null, id)), secret };
  });
}

/** Deletes a subscription with its queue and delivery log; the audit log keeps that it existed. */
export async function deleteSubscription(deps: SubscriptionDeps, principal: Principal, id: string, requestId?: string): Promise<{ id: string }> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    const current = await subscriptionOf(trx, visible, id, true);
    await trx.deleteFrom('audit.event_subscriptions').where('id', '=', id).execute();
    await log(trx, principal, 'deleted', current, { name: current.name, url: current.url, pending: Number(current.pending), dead: Number(current.dead) }, requestId);
    return { id };
  });
}

function toDeliveryDto(row: Selectable<AuditEventDeliveries>, history: DeliveryDto['history']): DeliveryDto {
  return {
    id: Number(row.id),
    eventId: row.event_id,
    eventType: row.event_type,
    subject: row.subject,
    status: row.status as DeliveryDto['status'],
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    history,
  };
}

/** The delivery log of one subscription in scope, newest first, each with its attempts. */
export async function listDeliveries(deps: SubscriptionDeps, principal: Principal, input: Omit<z.infer<typeof deliveriesInput>, 'limit'> & { limit: number }): Promise<DeliveryDto[]> {
  const subscription = await subscriptionOf(deps.db, await deps.scope.jurisdictionIdsOf(principal), input.subscriptionId);
  let query = deps.db.selectFrom('audit.event_deliveries').selectAll().where('subscription_id', '=', subscription.id);
  if (input.status) query = query.where('status', '=', input.status);
  if (input.beforeId) query = query.where('id', '<', input.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(input.limit).execute();
  if (rows.length === 0) return [];
  const attempts = await deps.db
    .selectFrom('audit.event_delivery_attempts')
    .select(['delivery_id', 'attempted_at', 'status_code', 'error', 'duration_ms'])
    .where('delivery_id', 'in', rows.map((r) => r.id))
    .orderBy('id')
    .execute();
  const byDelivery = new Map<number, DeliveryDto['history']>();
  for (const a of attempts) {
    const list = byDelivery.get(Number(a.delivery_id)) ?? [];
    list.push({ attemptedAt: a.attempted_at, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms });
    byDelivery.set(Number(a.delivery_id), list);
  }
  return rows.map((r) => toDeliveryDto(r, byDelivery.get(Number(r.id)) ?? []));
}

const statusLabels: Record<DeliveryDto['status'], string> = { pending: '待投递', delivered: '已送达', dead: '已放弃（死信）' };

export async function exportDeliveries(deps: SubscriptionDeps, principal: Principal, input: z.infer<typeof deliveriesExportInput>) {
  const deliveries = await listDeliveries(deps, principal, { ...input, limit: 10_000 });
  const rows = deliveries.map((d) => [d.id, d.eventId, d.eventType, d.subject, statusLabels[d.status], d.attempts, d.lastStatusCode, d.lastError, chinaClock(d.createdAt), d.nextAttemptAt ? chinaClock(d.nextAttemptAt) : null, d.deliveredAt ? chinaClock(d.deliveredAt) : null]);
  const columns = [
    { header: '序号', width: 10 },
    { header: '事件编号', width: 40 },
    { header: '事件类型', width: 36 },
    { header: '主体', width: 46 },
    { header: '状态', width: 14 },
    { header: '尝试次数', width: 10 },
    { header: '最近状态码', width: 12 },
    { header: '最近错误', width: 40 },
    { header: '生成时间', width: 22 },
    { header: '下次重试', width: 22 },
    { header: '送达时间', width: 22 },
  ];
  const content = await simpleWorkbook('投递记录', columns, rows, { title: '联动订阅投递记录（北京时间）' });
  return { filename: `联动投递记录-${chinaClock(new Date()).slice(0, 10)}.xlsx`, contentBase64: content.toString('base64'), rows: rows.length };
}

/** Queues a delivery again now, with a fresh 24-hour window (a dead letter, or one the receiver lost). */
export async function redeliver(deps: SubscriptionDeps, principal: Principal, input: { subscriptionId: string; deliveryId: number }, requestId?: string): Promise<DeliveryDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    const subscription = await subscriptionOf(trx, visible, input.subscriptionId, true);
    const row = await trx
      .updateTable('audit.event_deliveries')
      .set({ status: 'pending', next_attempt_at: new Date(), first_attempt_at: null, delivered_at: null })
      .where('id', '=', input.deliveryId)
      .where('subscription_id', '=', subscription.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `delivery ${input.deliveryId}`);
    await log(trx, principal, 'redelivered', subscription, { deliveryId: input.deliveryId, eventId: row.event_id }, requestId);
    return toDeliveryDto(row, []);
  });
}
