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
});

export type AuditEnv = z.infer<typeof schema>;
export const readAuditEnv = (): AuditEnv => loadEnv('audit', schema);
