import { z } from 'zod';
import { commonEnv, loadEnv } from '@bianzhi/trpc/env';

const schema = z.object({
  ...commonEnv,
  PORT: z.coerce.number().int().positive().default(3101),
  AUDIT_URL: z.url(),
});

export type RegistryEnv = z.infer<typeof schema>;
export const readRegistryEnv = (): RegistryEnv => loadEnv('registry', schema);
