import type { GatewayEnv } from './env.js';

/** A gateway's settings for an integration test: what the test names, with working values for the rest. */
export function testGatewayEnv(given: Pick<GatewayEnv, 'DATABASE_URL' | 'INTERNAL_JWT_SECRET' | 'PUBLIC_URL' | 'REGISTRY_URL'> & Partial<GatewayEnv>): GatewayEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: 3999,
    TRUSTED_ORIGINS: '',
    AUTH_SECRET: 'gateway-test-auth-secret-long-enough-xx',
    PERSON_KEY_SECRET: 'gateway-test-person-key-secret-long-enough',
    LEDGER_URL: 'http://127.0.0.1:9',
    AUDIT_URL: 'http://127.0.0.1:9',
    REFORM_URL: 'http://127.0.0.1:9',
    LOGIN_RATE_LIMIT: 1000,
    LOCKOUT_THRESHOLD: 5,
    LOCKOUT_MINUTES: 15,
    OIDC_DISPLAY_NAME: '统一身份认证',
    ...given,
  };
}
