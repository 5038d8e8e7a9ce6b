import { randomUUID } from 'node:crypto';
import type { Principal } from '@bianzhi/domain/access';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { AuditTx } from '../db.js';
import { appendToChain } from '../log/log.service.js';

/** An evaluation's or an assessment's change goes onto the audit chain in the transaction that makes it. */
export async function logSupervision(
  trx: AuditTx,
  actor: Principal | null,
  event: { type: string; aggregateType: 'evaluation' | 'assessment' | 'named_roll'; aggregateId: string; jurisdictionId: string | null; payload: Record<string, unknown> },
  requestId?: string,
): Promise<void> {
  await appendToChain(trx, [
    {
      id: randomUUID(),
      source: 'audit',
      type: event.type,
      aggregateType: event.aggregateType,
      aggregateId: event.aggregateId,
      jurisdictionId: event.jurisdictionId,
      actor: actor ? auditActorOf(actor) : { kind: 'system', id: 'matters' },
      payload: event.payload,
      requestId,
      occurredAt: new Date().toISOString(),
    },
  ]);
}

export const whoOf = (principal: Principal) => JSON.stringify({ id: principal.id, name: principal.name });
