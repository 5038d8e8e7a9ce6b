import { z } from 'zod';
import { commonEnv, loadEnv } from '@bianzhi/trpc/env';

const schema = z.object({
  ...commonEnv,
  PORT: z.coerce.number().int().positive().default(3103),
  REGISTRY_URL: z.url(),
});

export type AuditEnv = z.infer<typeof schema>;
export const readAuditEnv = (): AuditEnv => loadEnv('audit', schema);
