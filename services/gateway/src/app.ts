import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { isDatabaseReachable } from '@bianzhi/db/kysely';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import type { GatewayEnv } from './env.js';
import { createAuth } from './auth/auth.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { principalFromSession } from './auth/session.js';
import { registerCsrfGuard } from './csrf.js';
import { createIdentityRouter } from './identity/identity.router.js';
import { registerTrpcProxy } from './proxy/trpc-proxy.js';
import { serviceRoutes } from './services.js';
import { registerAdminUi } from './static.js';

export function trustedOriginsOf(env: GatewayEnv): string[] {
  return [env.PUBLIC_URL, ...env.TRUSTED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)];
}

export async function createGateway(env: GatewayEnv, db: Kysely<unknown>): Promise<FastifyInstance> {
  const trustedOrigins = trustedOriginsOf(env);
  const auth = createAuth({
    databaseUrl: env.DATABASE_URL,
    secret: env.AUTH_SECRET,
    publicUrl: env.PUBLIC_URL,
    trustedOrigins,
    secureCookies: env.PUBLIC_URL.startsWith('https://'),
  });
  return createServiceHost({
    name: 'gateway',
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    router: null,
    internalSecret: env.INTERNAL_JWT_SECRET,
    readiness: { database: () => isDatabaseReachable(db) },
    configure: async (app) => {
      registerCsrfGuard(app, trustedOrigins);
      await registerAuthRoutes(app, auth, { loginAttemptsPerMinute: env.LOGIN_RATE_LIMIT });
      registerTrpcProxy(app, {
        routes: serviceRoutes(env),
        secret: env.INTERNAL_JWT_SECRET,
        identityRouter: createIdentityRouter(),
        principalOf: (request) => principalFromSession(auth, request),
      });
      await registerAdminUi(app, env.ADMIN_DIST);
    },
    onClose: () => db.destroy(),
  });
}
