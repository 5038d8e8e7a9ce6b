import { z } from 'zod';
import { commonEnv, loadEnv } from '@bianzhi/trpc/env';

const schema = z.object({
  ...commonEnv,
  PORT: z.coerce.number().int().positive().default(3102),
  AUDIT_URL: z.url(),
  REGISTRY_URL: z.url(),
  /** How often the sweeper expires overdue reservations. */
  EXPIRY_SWEEP_MS: z.coerce.number().int().min(1000).default(30_000),
});

export type LedgerEnv = z.infer<typeof schema>;
export const readLedgerEnv = (): LedgerEnv => loadEnv('quota-ledger', schema);
