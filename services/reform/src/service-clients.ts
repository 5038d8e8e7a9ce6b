import { createServiceClient, servicePrincipalFor } from '@bianzhi/trpc/service-client';
import type { RegistryRouter } from '@bianzhi/registry/router';
import type { LedgerRouter } from '@bianzhi/quota-ledger/router';
import type { AuditRouter } from '@bianzhi/audit/router';
import type { Principal } from '@bianzhi/domain/access';

export type RegistryClient = ReturnType<typeof createServiceClient<RegistryRouter>>;
export type LedgerClient = ReturnType<typeof createServiceClient<LedgerRouter>>;
export type AuditClient = ReturnType<typeof createServiceClient<AuditRouter>>;

export interface ServiceUrls {
  registryUrl: string;
  ledgerUrl: string;
  auditUrl: string;
  secret: string;
}

/** Clients the worker's activities use; they call as the reform service itself. */
export function createServiceClients(urls: ServiceUrls, principal: () => Principal = () => servicePrincipalFor('reform')) {
  return {
    registry: createServiceClient<RegistryRouter>({ url: urls.registryUrl, service: 'registry', secret: urls.secret, principal }),
    ledger: createServiceClient<LedgerRouter>({ url: urls.ledgerUrl, service: 'quota-ledger', secret: urls.secret, principal }),
    audit: createServiceClient<AuditRouter>({ url: urls.auditUrl, service: 'audit', secret: urls.secret, principal }),
  };
}
