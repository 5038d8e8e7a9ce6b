import type { GatewayEnv } from './env.js';

/** First path segment → the service that owns it, and the audience its tokens carry. */
export function serviceRoutes(env: GatewayEnv): Record<string, { url: string; audience: string }> {
  return {
    registry: { url: env.REGISTRY_URL, audience: 'registry' },
    ledger: { url: env.LEDGER_URL, audience: 'quota-ledger' },
    // The ledger owns the figures the analyses read (ARCHITECTURE.md, "analysis").
    analysis: { url: env.LEDGER_URL, audience: 'quota-ledger' },
    audit: { url: env.AUDIT_URL, audience: 'audit' },
    reform: { url: env.REFORM_URL, audience: 'reform' },
    // Matters and their approval chains are a bounded part of the reform service (docs/decisions.md).
    approval: { url: env.REFORM_URL, audience: 'reform' },
  };
}
