import type { Principal } from '@bianzhi/domain/access';
import type { HoldersDto, StatementLine, UnitBalanceRow } from '@bianzhi/contracts/ledger';
import { createServiceClient, servicePrincipalFor } from '@bianzhi/trpc/service-client';
import type { LedgerRouter } from '@bianzhi/quota-ledger/router';
import type { RegistryRouter } from '@bianzhi/registry/router';
import type { DisclosureSources } from './disclosure/disclosure.service.js';
import type { PostCount } from './crosscheck/compare.js';
import type { TargetsPort } from './assessment/assessment.service.js';

/**
 * What audit reads from the ledger: the roll and the posts for cross-checks (as the audit service,
 * through internal procedures), and a unit's figures and statements for reports (as the caller,
 * so the ledger applies the caller's scope).
 */
export interface LedgerPort {
  holders(jurisdictionIds: string[] | null): Promise<HoldersDto>;
  /** Staff outside quota (编外人员), who are paid but hold no slot: not ghosts. */
  outsideQuotaHolders(jurisdictionIds: string[] | null): Promise<HoldersDto>;
  postsOf(organizationIds: string[]): Promise<PostCount[]>;
  unitFigures(principal: Principal, organizationId: string, asOf: string): Promise<UnitBalanceRow[]>;
  statement(principal: Principal, accountId: string): Promise<StatementLine[]>;
}

/** The registry's public records and the ledger's per-unit figures, read by the audit service itself. */
export function remoteDisclosureSources(options: { registryUrl: string; ledgerUrl: string; secret: string }): DisclosureSources {
  const asAudit = () => servicePrincipalFor('audit');
  const registry = createServiceClient<RegistryRouter>({ url: options.registryUrl, service: 'registry', secret: options.secret, principal: asAudit });
  const ledger = createServiceClient<LedgerRouter>({ url: options.ledgerUrl, service: 'quota-ledger', secret: options.secret, principal: asAudit });
  return {
    publicRecords: () => registry.registry.organization.publicRecords.query(),
    publicFigures: () => ledger.ledger.balance.publicFigures.query(),
    postsOf: (organizationIds) => ledger.ledger.leadership.postsOf.query({ organizationIds }),
    namedRoll: (organizationIds) => ledger.ledger.namedRoll.publicRoll.query({ organizationIds }),
  };
}

/** 控编减编任务 as the caller sees them (the ledger applies the caller's scope), for the assessment's `targets_met` items. */
export function remoteTargets(options: { ledgerUrl: string; secret: string }): TargetsPort {
  return async (principal, filter) => (await createServiceClient<LedgerRouter>({ url: options.ledgerUrl, service: 'quota-ledger', secret: options.secret, principal: () => principal }).ledger.target.list.query(filter)).map((t) => ({ jurisdictionId: t.jurisdictionId, deadline: t.deadline, status: t.status }));
}

export function remoteLedger(options: { ledgerUrl: string; secret: string }): LedgerPort {
  const as = (principal: () => Principal) => createServiceClient<LedgerRouter>({ url: options.ledgerUrl, service: 'quota-ledger', secret: options.secret, principal });
  const ledger = as(() => servicePrincipalFor('audit'));
  return {
    holders: (jurisdictionIds) => ledger.ledger.person.holders.query({ jurisdictionIds }),
    outsideQuotaHolders: (jurisdictionIds) => ledger.ledger.auxiliary.holders.query({ jurisdictionIds }),
    postsOf: (organizationIds) => ledger.ledger.leadership.postsOf.query({ organizationIds }),
    unitFigures: (principal, organizationId, asOf) => as(() => principal).ledger.balance.get.query({ organizationId, asOf }),
    statement: (principal, accountId) => as(() => principal).ledger.account.statement.query({ accountId, limit: 1000 }),
  };
}
