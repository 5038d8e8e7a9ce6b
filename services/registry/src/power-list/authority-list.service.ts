import type { AuthorityEntry, AuthorityListDto, AuthorityListVersionDto } from '@bianzhi/contracts/service-guides';
import type { Principal } from '@bianzhi/domain/access';
import { bilingual, DomainError } from '@bianzhi/domain/errors';
import { assertAuthorityEntriesDistinct, assertMaySetAuthorityList, authorityListJurisdiction, type JurisdictionNode } from '@bianzhi/domain/service-guides';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { Selectable } from 'kysely';
import type { RegistryAuthorityListVersions } from '@bianzhi/db/generated/registry';
import type { RegistryDb, RegistryTx } from '../db.js';
import { findJurisdiction } from '../jurisdiction/jurisdiction.repository.js';
import type { OrganizationRecord } from '../organization/organization.repository.js';
import { findOrganization } from '../organization/organization.repository.js';
import { lockForChange, readableOrganization } from '../organization/organization.service.js';

/**
 * The institution-versus-organ authority list (政事权限清单): per public institution, which decisions
 * its supervising organ keeps and which the institution makes. Each publish is a new version (the
 * latest is in force; the history stays). Set by the bureau of the jurisdiction where the
 * supervising organ sits (the level holding authority over the institution, docs/authority.md).
 */
type Db = RegistryDb | RegistryTx;

function toVersion(row: Selectable<RegistryAuthorityListVersions>): AuthorityListVersionDto {
  return {
    organizationId: row.organization_id,
    version: row.version,
    entries: row.entries as AuthorityEntry[],
    documentNumber: row.document_number,
    effectiveDate: row.effective_date,
    publishedBy: row.published_by as AuthorityListVersionDto['publishedBy'],
    publishedAt: row.published_at,
  };
}

function assertInstitution(organization: OrganizationRecord): void {
  if (organization.kind === 'institution') return;
  throw new DomainError('VALIDATION_FAILED', `${organization.id} is not a public institution`, undefined, bilingual(`政事权限清单只适用于事业单位，“${organization.name}”不是事业单位`, `An authority list is kept for public institutions only; “${organization.name}” is not one`));
}

/** The jurisdiction whose bureau sets the list: where the supervising organ sits (else the institution), a township's raised to its district. */
async function decidingJurisdiction(db: Db, organization: OrganizationRecord): Promise<string> {
  const supervisor = organization.parentId ? await findOrganization(db, organization.parentId) : null;
  const home = await findJurisdiction(db, supervisor?.jurisdictionId ?? organization.jurisdictionId);
  if (!home) throw new DomainError('NOT_FOUND', `jurisdiction of ${organization.id} not found`);
  const parent = home.parentId ? await findJurisdiction(db, home.parentId) : null;
  const node = (j: { id: string; parentId: string | null; level: string }): JurisdictionNode => ({ id: j.id, parentId: j.parentId, level: j.level as JurisdictionNode['level'] });
  return authorityListJurisdiction(node(home), (id) => (parent && parent.id === id ? node(parent) : undefined));
}

async function versionsOf(db: Db, organizationId: string): Promise<AuthorityListVersionDto[]> {
  const rows = await db.selectFrom('registry.authority_list_versions').selectAll().where('organization_id', '=', organizationId).orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

export async function listAuthorityList(db: RegistryDb, principal: Principal, organizationId: string, mayManage: boolean): Promise<AuthorityListDto> {
  const organization = await readableOrganization(db, principal, organizationId);
  assertInstitution(organization);
  const deciding = await decidingJurisdiction(db, organization);
  return { organizationId, supervisorId: organization.parentId, editable: mayManage && principal.jurisdictionId === deciding, versions: await versionsOf(db, organizationId) };
}

export async function publishAuthorityList(
  db: RegistryDb,
  principal: Principal,
  input: { organizationId: string; basedOnVersion: number; documentNumber: string; effectiveDate: string; entries: AuthorityEntry[] },
  requestId?: string,
): Promise<AuthorityListVersionDto> {
  assertAuthorityEntriesDistinct(input.entries);
  return db.transaction().execute(async (trx) => {
    const organization = await lockForChange(trx, principal, input.organizationId);
    assertInstitution(organization);
    assertMaySetAuthorityList(principal, await decidingJurisdiction(trx, organization), organization.name);
    const current = (await versionsOf(trx, organization.id))[0];
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== input.basedOnVersion) throw new DomainError('DOCUMENT_VERSION_STALE', `version ${currentVersion} is in force, not ${input.basedOnVersion}`);
    const row = await trx
      .insertInto('registry.authority_list_versions')
      .values({
        organization_id: organization.id,
        version: currentVersion + 1,
        entries: JSON.stringify(input.entries),
        document_number: input.documentNumber,
        effective_date: input.effectiveDate,
        published_by: JSON.stringify(auditActorOf(principal)),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const version = toVersion(row);
    await appendOutboxEvent(trx, 'registry', {
      type: 'registry.authorityList.published',
      aggregateType: 'organization',
      aggregateId: organization.id,
      jurisdictionId: organization.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { before: current ?? null, after: version },
      requestId,
    });
    return version;
  });
}
