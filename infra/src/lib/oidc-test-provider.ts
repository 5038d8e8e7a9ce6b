import type { Server } from 'node:http';
import Provider from 'oidc-provider';

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/**
 * A minimal OpenID Connect provider standing in for a government unified identity platform in the
 * browser tests: any login name signs in (its built-in development login page) and is returned as
 * `preferred_username`, which Bianzhi matches to an account it already holds.
 */
export async function startTestOidcProvider(options: { port: number; redirectUri: string }): Promise<TestOidcProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = 'bianzhi-e2e';
  const clientSecret = 'e2e-oidc-client-secret-0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: sub, preferred_username: sub, email: `${sub}@idp.gov.invalid`, email_verified: true }),
    }),
    cookies: { keys: ['bianzhi-e2e-oidc-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(options.port, '127.0.0.1', () => resolve(listening));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
