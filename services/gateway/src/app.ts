import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { isDatabaseReachable } from '@bianzhi/db/kysely';
import { createServiceHost } from '@bianzhi/trpc/service-host';
import type { GatewayEnv } from './env.js';
import { createAuth } from './auth/auth.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { callerOf } from './auth/session.js';
import { registerCsrfGuard } from './csrf.js';
import { registerSecurityHeaders } from './security-headers.js';
import { createIdentityRouter } from './identity/identity.router.js';
import { registerTrpcProxy, type ProxyOptions } from './proxy/trpc-proxy.js';
import { registerRestApi } from './proxy/rest-proxy.js';
import { serviceRoutes } from './services.js';
import { registerAdminUi } from './static.js';
import type { IdentityDb } from './identity/db.js';
import { identityEvent } from './identity/identity.service.js';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { createServiceClient } from '@bianzhi/trpc/service-client';
import type { Principal } from '@bianzhi/domain/access';
import type { RegistryRouter } from '@bianzhi/registry/router';
import { registryScope, subtreeIds } from '@bianzhi/registry/scope-client';
import { isDomainError } from '@bianzhi/domain/errors';
import type { IdentityDeps } from './identity/identity.service.js';

/** The registry owns the jurisdiction tree; ask it, as the caller, which jurisdictions the caller sees. */
function registryJurisdictionScope(env: GatewayEnv) {
  return async (principal: Principal): Promise<string[] | null> => {
    const registry = createServiceClient<RegistryRouter>({ url: env.REGISTRY_URL, service: 'registry', secret: env.INTERNAL_JWT_SECRET, principal: () => principal });
    return (await registry.registry.jurisdiction.list.query({})).map((j) => j.id);
  };
}

/** The identity rules' view of the registry, always asked as the caller (no caching: a new unit or jurisdiction counts at once). */
export function identityDeps(env: GatewayEnv, db: IdentityDb): IdentityDeps {
  const scope = registryScope({ registryUrl: env.REGISTRY_URL, secret: env.INTERNAL_JWT_SECRET, cacheMs: 0 });
  return {
    db,
    jurisdictionsInScope: registryJurisdictionScope(env),
    async organizationOf(principal, organizationId) {
      try {
        return await scope.organizationOf(principal, organizationId);
      } catch (error) {
        if (isDomainError(error) && (error.code === 'NOT_FOUND' || error.code === 'OUT_OF_SCOPE')) return null;
        throw error;
      }
    },
    jurisdictionSubtree: async (principal, rootId) => subtreeIds(await scope.jurisdictionsOf(principal), rootId),
    personKeySecret: env.PERSON_KEY_SECRET,
  };
}

export function trustedOriginsOf(env: GatewayEnv): string[] {
  return [env.PUBLIC_URL, ...env.TRUSTED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)];
}

export async function createGateway(env: GatewayEnv, db: IdentityDb): Promise<FastifyInstance> {
  const trustedOrigins = trustedOriginsOf(env);
  const auth = createAuth({
    databaseUrl: env.DATABASE_URL,
    secret: env.AUTH_SECRET,
    publicUrl: env.PUBLIC_URL,
    trustedOrigins,
    secureCookies: env.PUBLIC_URL.startsWith('https://'),
    oidc: env.OIDC_ISSUER_URL && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET ? { issuerUrl: env.OIDC_ISSUER_URL, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET } : undefined,
  });
  return createServiceHost({
    name: 'gateway',
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    router: null,
    internalSecret: env.INTERNAL_JWT_SECRET,
    readiness: { database: () => isDatabaseReachable(db as Kysely<unknown>) },
    configure: async (app) => {
      registerSecurityHeaders(app, { https: env.PUBLIC_URL.startsWith('https://') });
      registerCsrfGuard(app, trustedOrigins);
      await registerAuthRoutes(app, auth, db, {
        publicUrl: env.PUBLIC_URL,
        oidcDisplayName: env.OIDC_ISSUER_URL ? env.OIDC_DISPLAY_NAME : null,
        loginAttemptsPerMinute: env.LOGIN_RATE_LIMIT,
        lockoutThreshold: env.LOCKOUT_THRESHOLD,
        lockoutMinutes: env.LOCKOUT_MINUTES,
      });
      const proxy: ProxyOptions = {
        routes: serviceRoutes(env),
        secret: env.INTERNAL_JWT_SECRET,
        identityRouter: createIdentityRouter(identityDeps(env, db)),
        callerOf: (request) => callerOf(auth, db, request),
        onRefused: (caller, paths, request) =>
          db.transaction().execute(async (trx) => {
            await appendOutboxEvent(trx, 'identity', { ...identityEvent(caller.principal, 'access.refused', caller.principal.id, { paths }, caller.principal.jurisdictionId), requestId: request.id });
          }),
      };
      registerTrpcProxy(app, proxy);
      await registerRestApi(app, proxy);
      await registerAdminUi(app, env.ADMIN_DIST);
    },
    onClose: () => db.destroy(),
  });
}
