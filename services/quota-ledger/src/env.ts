import { z } from 'zod';
import { commonEnv, loadEnv } from '@bianzhi/trpc/env';

const schema = z.object({
  ...commonEnv,
  PORT: z.coerce.number().int().positive().default(3102),
  AUDIT_URL: z.url(),
});

export type LedgerEnv = z.infer<typeof schema>;
export const readLedgerEnv = (): LedgerEnv => loadEnv('quota-ledger', schema);
