import { betterAuth } from 'better-auth';
import { username } from 'better-auth/plugins/username';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import pg from 'pg';
import { usernamePattern } from '@bianzhi/contracts/identity';
import { hashPassword, verifyPassword } from './password.js';

export interface AuthOptions {
  databaseUrl: string;
  secret: string;
  publicUrl: string;
  trustedOrigins: string[];
  secureCookies: boolean;
  oidc?: OidcOptions | undefined;
}

export interface OidcOptions {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

export const OIDC_PROVIDER_ID = 'gov-idp';
const syntheticEmail = (username: string) => `${username.toLowerCase()}@users.bianzhi.invalid`;

/**
 * Sessions, password sign-in and their tables (schema `identity`) are better-auth's; the gateway
 * only adds the Bianzhi-specific user fields (role, home jurisdiction) and argon2id hashing.
 */
export function createAuth(options: AuthOptions) {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 5, options: '-c search_path=identity' });
  pool.on('error', () => undefined);
  return betterAuth({
    appName: 'Bianzhi',
    baseURL: options.publicUrl,
    basePath: '/api/auth',
    secret: options.secret,
    database: pool,
    trustedOrigins: options.trustedOrigins,
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 128,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: true, input: false },
        jurisdictionId: { type: 'string', required: false, input: false },
        organizationId: { type: 'string', required: false, input: false },
        disabled: { type: 'boolean', required: false, input: false, defaultValue: false },
      },
    },
    session: { expiresIn: 8 * 60 * 60, updateAge: 60 * 60 },
    // Login attempts are limited at the gateway route (auth.routes.ts); better-auth's own limiter
    // only guards its HTTP handler, which is not mounted.
    advanced: {
      cookiePrefix: 'bianzhi',
      useSecureCookies: options.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      database: { generateId: 'uuid' },
    },
    account: { accountLinking: { enabled: true, trustedProviders: [OIDC_PROVIDER_ID] } },
    plugins: [
      username({ minUsernameLength: 2, maxUsernameLength: 64, usernameValidator: (value) => usernamePattern.test(value) }),
      ...(options.oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  discoveryUrl: `${options.oidc.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`,
                  clientId: options.oidc.clientId,
                  clientSecret: options.oidc.clientSecret,
                  scopes: ['openid', 'profile', 'email'],
                  pkce: true,
                  // Accounts are provisioned in Bianzhi (role, jurisdiction); the identity provider only
                  // proves who someone is. Its login name is matched to an existing Bianzhi username.
                  disableImplicitSignUp: true,
                  mapProfileToUser: (profile) => ({ email: syntheticEmail(String(profile.preferred_username ?? profile.sub ?? '')), emailVerified: true }),
                },
              ],
            }),
          ]
        : []),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
