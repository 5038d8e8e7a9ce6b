import { z } from 'zod';
import { commonEnv, loadEnv } from '@bianzhi/trpc/env';

const schema = z.object({
  ...commonEnv,
  PORT: z.coerce.number().int().positive().default(3104),
  AUDIT_URL: z.url(),
  REGISTRY_URL: z.url(),
  LEDGER_URL: z.url(),
  TEMPORAL_ADDRESS: z.string().min(3).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('bianzhi-reform'),
  /** Follow-up supervision after a reform's execution, in days (fractions allowed: test stacks compress them). */
  REFORM_FOLLOW_UP_DAYS: z
    .string()
    .default('90,180,360')
    .transform((v) => v.split(',').map(Number))
    .pipe(z.array(z.number().positive().max(3650)).min(1).max(12)),
});

export type ReformEnv = z.infer<typeof schema>;
export const readReformEnv = (): ReformEnv => loadEnv('reform', schema);
