/** Every service owns exactly one schema; migrations run in this order. */
export const serviceSchemas = ['identity', 'registry', 'ledger', 'audit', 'reform'] as const;
export type ServiceSchema = (typeof serviceSchemas)[number];
