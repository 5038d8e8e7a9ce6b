import type { z } from 'zod';
import type { CharterCheckDto, PublicCharterDto, applyCharterInput, publicChartersInput } from '@bianzhi/contracts/legal-registration';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { assertCharterSubject } from '@bianzhi/domain/legal-registration';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { RegistryDb } from '../db.js';
import { readableOrganization } from '../organization/organization.service.js';
import * as repo from './registration.repository.js';

/**
 * 章程 (kind charter_approval, docs/registry.md "Charters"): a charter is drafted in a matter, decided
 * along its chain, and recorded here by the platform once approved, as the institution's next version,
 * published at once. No person writes a charter here directly.
 */

/** What a charter matter is checked against when filed, as the filer sees the unit: a live institution, and the version it replaces. */
export async function checkCharter(db: RegistryDb, principal: Principal, organizationId: string): Promise<CharterCheckDto> {
  const unit = await readableOrganization(db, principal, organizationId);
  assertCharterSubject(unit);
  const versions = await repo.chartersOf(db, unit.id);
  return { organizationId: unit.id, organizationName: unit.name, jurisdictionId: unit.jurisdictionId, currentVersion: versions[0]?.version ?? 0 };
}

/**
 * Records an approved charter once: a retry of the same matter finds its version recorded. A charter
 * approved on a version that another approved charter has since replaced is refused (the matter fails).
 */
export async function applyCharter(db: RegistryDb, principal: Principal, input: z.infer<typeof applyCharterInput>, requestId?: string): Promise<{ version: number }> {
  return db.transaction().execute(async (trx) => {
    await repo.lockUnit(trx, input.charter.organizationId);
    const done = await repo.charterByMatter(trx, input.matterId);
    if (done) return { version: done.version };
    const unit = await readableOrganization(trx, principal, input.charter.organizationId);
    assertCharterSubject(unit);
    const current = (await repo.chartersOf(trx, unit.id))[0]?.version ?? 0;
    if (current !== input.charter.basedOnVersion) throw new DomainError('DOCUMENT_VERSION_STALE', `charter of ${unit.id} is at version ${current}`, undefined, bilingual(`${unit.name}的章程已有第${current}版，本事项依据的是第${input.charter.basedOnVersion}版`, `${unit.name}’s charter is at version ${current}; this matter was filed on version ${input.charter.basedOnVersion}`));
    const version = current + 1;
    const approvedOn = todayInChina();
    await repo.insertCharter(trx, { organizationId: unit.id, version, purpose: input.charter.purpose, businessScope: input.charter.businessScope, governance: input.charter.governance, matterId: input.matterId, approvalDocumentNumber: input.documentNumber, approvedOn });
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.charter.approved',
      aggregateType: 'charter',
      aggregateId: unit.id,
      jurisdictionId: unit.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { version, matterId: input.matterId, documentNumber: input.documentNumber, approvedOn },
      requestId,
    });
    return { version };
  });
}

/** The public site's charters: each live, non-classified institution's latest approved version. */
export async function publishedCharters(db: RegistryDb, input: z.infer<typeof publicChartersInput>): Promise<PublicCharterDto[]> {
  const rows = await repo.publicCharters(db, input);
  return rows.map((r) => ({
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    jurisdictionName: r.jurisdiction_name,
    version: r.version,
    purpose: r.purpose,
    businessScope: r.business_scope,
    governance: r.governance,
    approvalDocumentNumber: r.approval_document_number,
    approvedOn: r.approved_on,
  }));
}
