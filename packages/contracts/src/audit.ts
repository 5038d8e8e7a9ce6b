import { z } from 'zod';
import { uuid } from './common.js';

export const auditActor = z.object({
  kind: z.enum(['user', 'service', 'system']),
  id: z.string().min(1),
  name: z.string().optional(),
  roles: z.array(z.string()).optional(),
  jurisdictionId: z.string().nullable().optional(),
});

export const auditEventInput = z.object({
  id: uuid,
  source: z.enum(['identity', 'registry', 'ledger', 'audit', 'reform']),
  type: z.string().min(1).max(200),
  aggregateType: z.string().min(1).max(100),
  aggregateId: z.string().min(1).max(200),
  jurisdictionId: uuid.nullable().optional(),
  actor: auditActor,
  payload: z.record(z.string(), z.unknown()),
  requestId: z.string().optional(),
  occurredAt: z.iso.datetime({ offset: true }),
});

export const ingestInput = z.object({ events: z.array(auditEventInput).min(1).max(1000) });

export const listAuditLogInput = z
  .object({
    aggregateType: z.string().max(100).optional(),
    aggregateId: z.string().max(200).optional(),
    eventType: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ limit: 100 });

export interface AuditEntryDto {
  eventId: string;
  seq: number;
  source: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  jurisdictionId: string | null;
  actor: z.infer<typeof auditActor>;
  payload: Record<string, unknown>;
  occurredAt: Date;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  headHash: string;
  /** The first entry whose hash does not follow from its predecessor, if any. */
  firstBrokenSeq: number | null;
}

// Violations (督查发现的问题) and their rectification
export const recordViolationInput = z.object({
  organizationId: uuid,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(''),
  ruleId: z.string().trim().max(50).optional(),
});
export const rectifyViolationInput = z.object({ id: uuid, rectification: z.string().trim().min(1).max(4000) });
export const listViolationsInput = z
  .object({ organizationId: uuid.optional(), status: z.enum(['open', 'rectified']).optional(), limit: z.number().int().min(1).max(500).default(100) })
  .default({ limit: 100 });
export const openViolationsInput = z.object({ organizationId: uuid });

export interface ViolationDto {
  id: string;
  organizationId: string;
  jurisdictionId: string;
  title: string;
  description: string;
  ruleId: string | null;
  status: 'open' | 'rectified';
  recordedBy: { id: string; name?: string };
  recordedAt: Date;
  rectifiedAt: Date | null;
  rectification: string | null;
}
