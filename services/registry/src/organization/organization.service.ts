import type { CreateOrganizationInput, OrganizationDto, OrganizationListDto } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import type { RegistryDb, RegistryTx } from '../db.js';
import { jurisdictionInScope, organizationInScope, scopeOf } from '../scope.js';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import * as repo from './organization.repository.js';
import { nameInitials } from './search-key.js';
import { organizationsWorkbook } from './organization-export.js';

async function jurisdictionPathOf(trx: RegistryTx, jurisdictionId: string): Promise<string> {
  const jurisdiction = await findJurisdiction(trx, jurisdictionId);
  if (!jurisdiction) throw new DomainError('NOT_FOUND', `jurisdiction ${jurisdictionId} not found`);
  return jurisdiction.path;
}

async function assertJurisdictionInScope(trx: RegistryTx, principal: Principal, jurisdictionId: string): Promise<void> {
  if (!jurisdictionInScope(await scopeOf(trx, principal), await jurisdictionPathOf(trx, jurisdictionId))) throw new DomainError('OUT_OF_SCOPE');
}

async function assertOrganizationInScope(trx: RegistryTx, principal: Principal, organization: { id: string; jurisdictionId: string }): Promise<void> {
  if (!organizationInScope(await scopeOf(trx, principal), organization.id, await jurisdictionPathOf(trx, organization.jurisdictionId))) throw new DomainError('OUT_OF_SCOPE');
}

/**
 * Creates a planned organization. With an idempotency key, a retry returns the first result and
 * a different request under the same key is refused.
 */
export async function createOrganization(db: RegistryDb, principal: Principal, input: CreateOrganizationInput, requestId?: string): Promise<OrganizationDto> {
  return db.transaction().execute(async (trx) => {
    if (input.idempotencyKey) {
      const existing = await repo.findOrganizationByKey(trx, input.idempotencyKey);
      if (existing) {
        if (existing.name !== input.name || existing.kind !== input.kind || existing.jurisdictionId !== input.jurisdictionId) {
          throw new DomainError('IDEMPOTENCY_MISMATCH', `key ${input.idempotencyKey} was used for another organization`);
        }
        return existing;
      }
    }
    await assertJurisdictionInScope(trx, principal, input.jurisdictionId);
    const created = await repo.insertOrganization(trx, {
      jurisdictionId: input.jurisdictionId,
      name: input.name,
      nameInitials: nameInitials(input.name),
      kind: input.kind,
      idempotencyKey: input.idempotencyKey ?? null,
    });
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.organization.created',
      aggregateType: 'organization',
      aggregateId: created.id,
      jurisdictionId: created.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { after: created },
      requestId,
    });
    return created;
  });
}

/** planned → active. Activating an already active organization is a no-op, so retries are safe. */
export async function activateOrganization(db: RegistryDb, principal: Principal, id: string, requestId?: string): Promise<OrganizationDto> {
  return db.transaction().execute(async (trx) => {
    const current = await repo.findOrganization(trx, id, { forUpdate: true });
    if (!current) throw new DomainError('NOT_FOUND', `organization ${id} not found`);
    await assertOrganizationInScope(trx, principal, current);
    if (current.status === 'active') return current;
    if (current.status !== 'planned') throw new DomainError('ORGANIZATION_NOT_PLANNED', `organization ${id} is ${current.status}`);
    const updated = await repo.setOrganizationStatus(trx, id, 'active');
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.organization.activated',
      aggregateType: 'organization',
      aggregateId: id,
      jurisdictionId: updated.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { before: { status: current.status }, after: { status: updated.status } },
      requestId,
    });
    return updated;
  });
}

export async function getOrganization(db: RegistryDb, principal: Principal, id: string): Promise<OrganizationDto> {
  return db.transaction().execute(async (trx) => {
    const found = await repo.findOrganization(trx, id);
    if (!found) throw new DomainError('NOT_FOUND', `organization ${id} not found`);
    await assertOrganizationInScope(trx, principal, found);
    const { idempotencyKey: _key, ...dto } = found;
    return dto;
  });
}

export async function listOrganizations(
  db: RegistryDb,
  principal: Principal,
  filter: { search?: string | undefined; jurisdictionId?: string | undefined; kind?: string | undefined; status?: string | undefined; limit: number; offset: number },
): Promise<OrganizationListDto> {
  const scope = await scopeOf(db, principal);
  const { total, items } = await repo.listOrganizations(db, { scopePath: scope.path, exactPath: scope.onlyOwnJurisdiction, organizationId: scope.organizationId, ...filter });
  return { total, items };
}

/** Every organization matching the filter (up to 20,000), as an Excel workbook. */
export async function exportOrganizations(
  db: RegistryDb,
  principal: Principal,
  filter: { search?: string | undefined; jurisdictionId?: string | undefined; kind?: string | undefined; status?: string | undefined },
): Promise<{ filename: string; contentBase64: string; rows: number }> {
  const { items } = await listOrganizations(db, principal, { ...filter, limit: 20_000, offset: 0 });
  const now = new Date();
  const workbook = await organizationsWorkbook(items, now);
  return { filename: `机构名录-${now.toISOString().slice(0, 10)}.xlsx`, contentBase64: workbook.toString('base64'), rows: items.length };
}
