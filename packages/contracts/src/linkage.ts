import { z } from 'zod';
import { isoDay, plainText, uuid } from './common.js';

/**
 * 出入编联动 (issue 24, docs/integration.md): the event types other systems subscribe to, the
 * subscription procedures, and the roll-verification API for payroll and insurance systems.
 */
export const linkageEventTypes = [
  'cn.gov.bianzhi.roll.entry.posted',
  'cn.gov.bianzhi.roll.exit.posted',
  'cn.gov.bianzhi.roll.transfer.posted',
  'cn.gov.bianzhi.unit.established',
  'cn.gov.bianzhi.unit.merged',
  'cn.gov.bianzhi.unit.abolished',
  'cn.gov.bianzhi.unit.renamed',
  'cn.gov.bianzhi.quota.changed',
  'cn.gov.bianzhi.matter.decided',
] as const;
export const linkageEventType = z.enum(linkageEventTypes);
export type LinkageEventType = z.infer<typeof linkageEventType>;

/** A CloudEvents 1.0 event in structured mode, as posted to a receiver. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: LinkageEventType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** The audit log's position of the entry the event comes from (ordering and de-duplication aid). */
  sequence: string;
  data: Record<string, unknown>;
}

export const subscriptionUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => URL.canParse(value), { message: 'not a URL' });

export const createSubscriptionInput = z.object({
  name: plainText(1, 100),
  url: subscriptionUrl,
  eventTypes: z.array(linkageEventType).min(1).max(linkageEventTypes.length),
  jurisdictionIds: z.array(uuid).min(1).max(200),
});
export const subscriptionIdInput = z.object({ id: uuid });
export const updateSubscriptionInput = z.object({ id: uuid, status: z.enum(['active', 'paused']) });
export const deliveriesInput = z.object({
  subscriptionId: uuid,
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  /** Keyset paging: deliveries older than this one. */
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export const deliveriesExportInput = deliveriesInput.omit({ beforeId: true, limit: true });
export const redeliverInput = z.object({ subscriptionId: uuid, deliveryId: z.number().int().positive() });

export interface SubscriptionDto {
  id: string;
  name: string;
  url: string;
  eventTypes: LinkageEventType[];
  jurisdictionIds: string[];
  status: 'active' | 'paused';
  secretVersion: number;
  createdBy: { id: string; name?: string };
  createdAt: Date;
  updatedAt: Date;
  pending: number;
  dead: number;
}

/** Creating or rotating answers the signing secret once; it is never answered again. */
export interface SubscriptionWithSecretDto extends SubscriptionDto {
  secret: string;
}

export interface DeliveryAttemptDto {
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryDto {
  id: number;
  eventId: string;
  eventType: string;
  subject: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  history: DeliveryAttemptDto[];
}

/** 在编核验: is this person on the roll of this unit on day D? */
export const verifyRollInput = z.object({
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{17}[\dXx]$/, { message: '18 characters: 17 digits and a digit or X' })
    .transform((v) => v.toUpperCase()),
  organizationId: uuid,
  asOf: isoDay,
  /** What the caller needs it for (工资统发, 社保, 医保 …): kept in the audit event. */
  purpose: plainText(1, 100),
});

export interface RollVerificationDto {
  onRoll: boolean;
  organizationId: string;
  asOf: string;
  /** Only when on the roll: the quota type and the day the person entered this unit's roll. */
  quotaType: string | null;
  since: string | null;
}
