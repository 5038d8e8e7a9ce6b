import { randomUUID } from 'node:crypto';
import type { CreateJurisdictionInput, JurisdictionDto, JurisdictionTreeNode } from '@bianzhi/contracts/registry';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { checkDivisionCode, checkParentLevel, type JurisdictionLevel } from '@bianzhi/domain/jurisdiction';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import type { RegistryDb } from '../db.js';
import { jurisdictionInScope, scopeOf } from '../scope.js';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import * as repo from './jurisdiction.repository.js';

export async function createJurisdiction(db: RegistryDb, principal: Principal, input: CreateJurisdictionInput, requestId?: string): Promise<JurisdictionDto> {
  return db.transaction().execute(async (trx) => {
    const scope = await scopeOf(trx, principal);
    const parent = input.parentId ? await repo.findJurisdiction(trx, input.parentId) : null;
    if (input.parentId && !parent) throw new DomainError('NOT_FOUND', `parent jurisdiction ${input.parentId} not found`);
    // A new city is a platform-level act; anything else must land inside the caller's subtree.
    if (parent ? !jurisdictionInScope(scope, parent.path) : scope.path !== null) {
      throw new DomainError('OUT_OF_SCOPE', 'the parent jurisdiction is outside the caller scope');
    }
    checkParentLevel(input.level, (parent?.level as JurisdictionLevel | undefined) ?? null);
    checkDivisionCode(input.level, input.code, parent?.code ?? null);
    if (await repo.codeExists(trx, input.code)) throw new DomainError('JURISDICTION_CODE_TAKEN', `code ${input.code} exists`);

    const created = await repo.insertJurisdiction(trx, {
      id: randomUUID(),
      parentId: parent?.id ?? null,
      parentPath: parent?.path ?? '/',
      level: input.level,
      code: input.code,
      name: input.name,
    });
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.jurisdiction.created',
      aggregateType: 'jurisdiction',
      aggregateId: created.id,
      jurisdictionId: created.id,
      actor: auditActorOf(principal),
      payload: { after: created },
      requestId,
    });
    return created;
  });
}

export async function listJurisdictions(
  db: RegistryDb,
  principal: Principal,
  filter: { search?: string | undefined; level?: JurisdictionLevel | undefined },
): Promise<JurisdictionDto[]> {
  const scope = await scopeOf(db, principal);
  return repo.listJurisdictions(db, { scopePath: scope.path, exact: scope.onlyOwnJurisdiction, ...filter });
}

export async function getJurisdiction(db: RegistryDb, principal: Principal, id: string): Promise<JurisdictionDto> {
  const found = await repo.findJurisdiction(db, id);
  if (!found) throw new DomainError('NOT_FOUND', `jurisdiction ${id} not found`);
  if (!jurisdictionInScope(await scopeOf(db, principal), found.path)) throw new DomainError('OUT_OF_SCOPE');
  const { path: _path, ...dto } = found;
  return dto;
}

/** Renames a jurisdiction (its code, the official identity, stays). */
export async function renameJurisdiction(db: RegistryDb, principal: Principal, input: { id: string; name: string }, requestId?: string): Promise<JurisdictionDto> {
  return db.transaction().execute(async (trx) => {
    const found = await repo.findJurisdiction(trx, input.id);
    if (!found) throw new DomainError('NOT_FOUND', `jurisdiction ${input.id} not found`);
    if (!jurisdictionInScope(await scopeOf(trx, principal), found.path)) throw new DomainError('OUT_OF_SCOPE');
    const renamed = await repo.renameJurisdiction(trx, input.id, input.name);
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.jurisdiction.renamed',
      aggregateType: 'jurisdiction',
      aggregateId: input.id,
      jurisdictionId: input.id,
      actor: auditActorOf(principal),
      payload: { before: { name: found.name }, after: { name: renamed.name } },
      requestId,
    });
    return renamed;
  });
}

/** The caller's jurisdictions nested: city → districts → townships, each level in code order. */
export async function jurisdictionTree(db: RegistryDb, principal: Principal): Promise<JurisdictionTreeNode[]> {
  const all = await listJurisdictions(db, principal, {});
  const nodes = new Map(all.map((j) => [j.id, { ...j, children: [] as JurisdictionTreeNode[] }]));
  const roots: JurisdictionTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
