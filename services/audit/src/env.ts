import { z } from 'zod';
import { commonEnv, loadEnv } from '@bianzhi/trpc/env';

const schema = z.object({
  ...commonEnv,
  PORT: z.coerce.number().int().positive().default(3103),
  REGISTRY_URL: z.url(),
  LEDGER_URL: z.url(),
  /** Ed25519 private key (PKCS#8 PEM) that signs the daily chain head; a secret, never in the repo. */
  AUDIT_SIGNING_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  /** Public keys (SPKI PEM, one after the other) of retired signing keys: heads they signed still verify. */
  AUDIT_RETIRED_PUBLIC_KEYS: z.string().optional(),
  /** Where the daily signed heads are written as files, to be kept outside the database. */
  AUDIT_HEAD_DIR: z.string().optional(),
  /** 32 bytes (64 hex digits) that encrypt the subscriptions' signing secrets at rest (AES-256-GCM); a secret. */
  LINKAGE_SECRET_KEY: z.string().regex(/^[0-9a-f]{64}$/i, { message: 'must be 64 hex digits' }),
  /** Lets subscription URLs reach this machine and private networks: tests and closed intranets only (docs/integration.md). */
  LINKAGE_ALLOW_LOCAL_TARGETS: z.stringbool().default(false),
  /** Retry schedule of deliveries: first wait, longest wait, and how long after the first attempt a delivery is dead-lettered. */
  LINKAGE_RETRY_BASE_MS: z.coerce.number().int().positive().default(10_000),
  LINKAGE_RETRY_MAX_MS: z.coerce.number().int().positive().default(3_600_000),
  LINKAGE_RETRY_WINDOW_MS: z.coerce.number().int().positive().default(86_400_000),
  /** How often the dispatcher looks for new log entries and due deliveries. */
  LINKAGE_POLL_MS: z.coerce.number().int().positive().default(1_000),
});

export type AuditEnv = z.infer<typeof schema>;
export const readAuditEnv = (): AuditEnv => loadEnv('audit', schema);
