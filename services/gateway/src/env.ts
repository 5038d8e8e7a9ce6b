import { z } from 'zod';
import { commonEnv, loadEnv } from '@bianzhi/trpc/env';

const schema = z.object({
  ...commonEnv,
  PORT: z.coerce.number().int().positive().default(3000),
  /** The URL users open; cookies and CSRF origin checks are bound to it. */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** Extra origins allowed to send credentials (the Vite dev server in development). */
  TRUSTED_ORIGINS: z.string().default(''),
  AUTH_SECRET: z.string().min(32),
  /** Key of the keyed hash (HMAC) that turns an account holder's national ID number into their person id. */
  PERSON_KEY_SECRET: z.string().min(32),
  REGISTRY_URL: z.url(),
  LEDGER_URL: z.url(),
  AUDIT_URL: z.url(),
  REFORM_URL: z.url(),
  /** Folder of the built admin UI; served at / when present. */
  ADMIN_DIST: z.string().optional(),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  LOCKOUT_THRESHOLD: z.coerce.number().int().positive().default(5),
  /** OpenID Connect sign-in through a government unified identity provider (optional). */
  OIDC_ISSUER_URL: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_DISPLAY_NAME: z.string().min(1).default('统一身份认证'),
  LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
});

export type GatewayEnv = z.infer<typeof schema>;
export const readGatewayEnv = (): GatewayEnv => loadEnv('gateway', schema);
