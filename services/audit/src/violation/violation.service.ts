import { createHash, randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { AuditEvidence, AuditViolations } from '@bianzhi/db/generated/audit';
import type {
  BlockStatus,
  EvidenceDto,
  closeViolationInput,
  evidenceUpload,
  listViolationsInput,
  openViolationInput,
  updateViolationInput,
  ViolationDetailDto,
  ViolationDto,
  ViolationKind,
} from '@bianzhi/contracts/audit';
import { hasPermission, type Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { DomainError } from '@bianzhi/domain/errors';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { AuditDb, AuditTx } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { appendToChain } from '../log/log.service.js';

type Who = { id: string; name?: string };

function toDto(row: Selectable<AuditViolations>, today: string): ViolationDto {
  const deadline = row.deadline as string | null;
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    jurisdictionId: row.jurisdiction_id,
    kind: row.kind as ViolationKind,
    title: row.title,
    description: row.description,
    ruleId: row.rule_id,
    findingId: row.finding_id,
    status: row.status as ViolationDto['status'],
    deadline,
    overdue: row.status !== 'closed' && deadline !== null && deadline < today,
    recordedBy: row.recorded_by as Who,
    recordedAt: row.recorded_at,
    rectifiedAt: row.rectified_at,
    rectification: row.rectification,
    closedBy: row.closed_by as Who | null,
    closedAt: row.closed_at,
    conclusion: row.conclusion,
  };
}

function toEvidenceDto(row: Omit<Selectable<AuditEvidence>, 'content' | 'violation_id'>): EvidenceDto {
  return { id: row.id, fileName: row.file_name, contentType: row.content_type, size: row.size, sha256: row.sha256, uploadedBy: row.uploaded_by as Who, uploadedAt: row.uploaded_at };
}

const who = (principal: Principal): string => JSON.stringify({ id: principal.id, name: principal.name });

/** The audit service's own changes go straight onto the chain, in the same transaction. */
async function logChange(trx: AuditTx, principal: Principal, type: string, violation: ViolationDto, payload: Record<string, unknown>, requestId?: string) {
  await appendToChain(trx, [
    {
      id: randomUUID(),
      source: 'audit',
      type,
      aggregateType: 'violation',
      aggregateId: violation.id,
      jurisdictionId: violation.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { organizationId: violation.organizationId, ...payload },
      requestId,
      occurredAt: new Date().toISOString(),
    },
  ]);
}

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
const evidenceTypes = new Set([
  'application/pdf',
  'application/ofd',
  'image/jpeg',
  'image/png',
  'text/plain',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

/** Decodes and checks every file before anything is stored, so a bad file stores none of them. */
function decodeEvidence(files: z.infer<typeof evidenceUpload>[]) {
  return files.map((file) => {
    const content = Buffer.from(file.contentBase64, 'base64');
    if (content.length === 0 || content.length > EVIDENCE_MAX_BYTES || !evidenceTypes.has(file.contentType)) {
      throw new DomainError('EVIDENCE_INVALID', `evidence ${file.fileName}: ${content.length} bytes of ${file.contentType}`, undefined, {
        'zh-CN': `佐证材料“${file.fileName}”无效：文件为空、超过10MB，或不是 PDF、OFD、图片、Word、Excel 或文本文件`,
        en: `Evidence “${file.fileName}” is invalid: empty, larger than 10 MB, or not a PDF, OFD, image, Word, Excel or text file`,
      });
    }
    return { fileName: file.fileName, contentType: file.contentType, content, sha256: createHash('sha256').update(content).digest('hex') };
  });
}

async function storeEvidence(trx: AuditTx, violationId: string, principal: Principal, files: ReturnType<typeof decodeEvidence>): Promise<EvidenceDto[]> {
  if (files.length === 0) return [];
  const rows = await trx
    .insertInto('audit.evidence')
    .values(files.map((file) => ({ violation_id: violationId, file_name: file.fileName, content_type: file.contentType, size: file.content.length, sha256: file.sha256, content: file.content, uploaded_by: who(principal) })))
    .returning(['id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at'])
    .execute();
  return rows.map(toEvidenceDto);
}

const evidenceSummary = (evidence: EvidenceDto[]) => evidence.map(({ fileName, size, sha256 }) => ({ fileName, size, sha256 }));

/** A finding a violation cites must come from a cross-check the caller ran: nobody else's findings are theirs to read. */
async function assertOwnFinding(db: AuditDb, principal: Principal, findingId: string): Promise<void> {
  const found = await db
    .selectFrom('audit.findings as f')
    .innerJoin('audit.crosscheck_runs as r', 'r.id', 'f.run_id')
    .select('f.id')
    .where('f.id', '=', findingId)
    .where(sql<string>`r.created_by->>'id'`, '=', principal.id)
    .executeTakeFirst();
  if (!found) throw new DomainError('NOT_FOUND', `finding ${findingId} not found`);
}

export async function openViolation(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof openViolationInput>, requestId?: string): Promise<ViolationDetailDto> {
  const files = decodeEvidence(input.evidence);
  const organization = await scope.organizationOf(principal, input.organizationId);
  if (input.findingId) await assertOwnFinding(db, principal, input.findingId);
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('audit.violations')
      .values({
        organization_id: organization.id,
        organization_name: organization.name,
        jurisdiction_id: organization.jurisdictionId,
        kind: input.kind,
        title: input.title,
        description: input.description,
        deadline: input.deadline,
        rule_id: input.ruleId ?? null,
        finding_id: input.findingId ?? null,
        recorded_by: who(principal),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const violation = toDto(row, today);
    const evidence = await storeEvidence(trx, violation.id, principal, files);
    await logChange(trx, principal, 'audit.violation.opened', violation, { after: violation, organizationName: organization.name, evidence: evidenceSummary(evidence) }, requestId);
    return { ...violation, evidence };
  });
}

/** Reads one violation the caller may see (its unit must be in the caller's scope). */
async function violationInScope(db: AuditDb, scope: JurisdictionScope, principal: Principal, id: string) {
  const row = await db.selectFrom('audit.violations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `violation ${id} not found`);
  await scope.organizationOf(principal, row.organization_id);
  return row;
}

/**
 * The unit reports its rectification and adds evidence (the violation moves to 整改中); an inspector
 * may move the deadline. Nothing changes on a closed violation.
 */
export async function updateViolation(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof updateViolationInput>, requestId?: string): Promise<ViolationDetailDto> {
  if (input.deadline !== undefined && !hasPermission(principal, 'audit.violation.close')) {
    throw new DomainError('FORBIDDEN', 'only an inspector or the bureau moves a deadline', undefined, { 'zh-CN': '只有督查人员或编办可以调整整改期限', en: 'Only an inspector or the bureau can move the deadline' });
  }
  const files = decodeEvidence(input.evidence);
  const existing = await violationInScope(db, scope, principal, input.id);
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    const changes: Partial<{ status: string; rectification: string; rectified_at: Date; deadline: string }> = {};
    if (input.rectification !== undefined) Object.assign(changes, { status: 'rectifying', rectification: input.rectification, rectified_at: new Date() });
    if (input.deadline !== undefined) changes.deadline = input.deadline;
    const row = await trx
      .updateTable('audit.violations')
      .set(changes)
      .where('id', '=', input.id)
      .where('status', '<>', 'closed')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('VIOLATION_STATE', `violation ${input.id} is closed`);
    const violation = toDto(row, today);
    const evidence = await storeEvidence(trx, violation.id, principal, files);
    const before = { status: existing.status, rectification: existing.rectification, deadline: existing.deadline };
    const after = { status: violation.status, rectification: violation.rectification, deadline: violation.deadline };
    await logChange(trx, principal, 'audit.violation.updated', violation, { before, after, evidence: evidenceSummary(evidence) }, requestId);
    return { ...violation, evidence: await evidenceOf(trx, violation.id) };
  });
}

/** An inspector's closure, with a conclusion; it lifts the approval block. */
export async function closeViolation(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof closeViolationInput>, requestId?: string): Promise<ViolationDetailDto> {
  await violationInScope(db, scope, principal, input.id);
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('audit.violations')
      .set({ status: 'closed', closed_at: new Date(), closed_by: who(principal), conclusion: input.conclusion })
      .where('id', '=', input.id)
      .where('status', '<>', 'closed')
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('VIOLATION_STATE', `violation ${input.id} is already closed`);
    const violation = toDto(row, today);
    await logChange(trx, principal, 'audit.violation.closed', violation, { after: { status: 'closed', conclusion: input.conclusion } }, requestId);
    return { ...violation, evidence: await evidenceOf(trx, violation.id) };
  });
}

async function evidenceOf(db: AuditDb | AuditTx, violationId: string): Promise<EvidenceDto[]> {
  const rows = await db
    .selectFrom('audit.evidence')
    .select(['id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at'])
    .where('violation_id', '=', violationId)
    .orderBy('uploaded_at')
    .execute();
  return rows.map(toEvidenceDto);
}

export async function getViolation(db: AuditDb, scope: JurisdictionScope, principal: Principal, id: string): Promise<ViolationDetailDto> {
  const row = await violationInScope(db, scope, principal, id);
  return { ...toDto(row, todayInChina()), evidence: await evidenceOf(db, id) };
}

/** One evidence file, its checksum verified against the one stored at upload. */
export async function evidenceFile(db: AuditDb, scope: JurisdictionScope, principal: Principal, id: string) {
  const file = await db.selectFrom('audit.evidence').selectAll().where('id', '=', id).executeTakeFirst();
  if (!file) throw new DomainError('NOT_FOUND', `evidence ${id} not found`);
  await violationInScope(db, scope, principal, file.violation_id);
  const actual = createHash('sha256').update(file.content).digest('hex');
  return { ...toEvidenceDto(file), contentBase64: file.content.toString('base64'), intact: actual === file.sha256 };
}

export async function listViolations(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof listViolationsInput>): Promise<ViolationDto[]> {
  const ids = await scope.jurisdictionIdsOf(principal);
  if (ids && ids.length === 0) return [];
  const today = todayInChina();
  let query = db.selectFrom('audit.violations').selectAll();
  if (ids) query = query.where('jurisdiction_id', 'in', ids);
  // A department user sees only their own unit's.
  if (principal.organizationId) query = query.where('organization_id', '=', principal.organizationId);
  if (input.organizationId) query = query.where('organization_id', '=', input.organizationId);
  if (input.status) query = query.where('status', '=', input.status);
  if (input.kind) query = query.where('kind', '=', input.kind);
  if (input.overdue) query = query.where('status', '<>', 'closed').where('deadline', '<', today);
  const rows = await query.orderBy('recorded_at', 'desc').limit(input.limit).execute();
  return rows.map((row) => toDto(row, today));
}

/** Whether approvals for a unit are blocked: any violation not yet closed by an inspector. */
/** The open violations of many units in one query, by unit (units without any are absent). */
export async function openViolationsOf(db: AuditDb, organizationIds: string[]): Promise<Record<string, { id: string; title: string }[]>> {
  if (organizationIds.length === 0) return {};
  const rows = await db.selectFrom('audit.violations').select(['id', 'title', 'organization_id']).where('organization_id', 'in', organizationIds).where('status', '<>', 'closed').orderBy('recorded_at').execute();
  const byUnit: Record<string, { id: string; title: string }[]> = {};
  for (const row of rows) (byUnit[row.organization_id] ??= []).push({ id: row.id, title: row.title });
  return byUnit;
}

export async function blockStatusOf(db: AuditDb, organizationId: string): Promise<BlockStatus> {
  const violations = await db
    .selectFrom('audit.violations')
    .select(['id', 'title', 'kind', 'deadline'])
    .where('organization_id', '=', organizationId)
    .where('status', '<>', 'closed')
    .orderBy('recorded_at')
    .execute();
  return { blocked: violations.length > 0, violations: violations.map((v) => ({ id: v.id, title: v.title, kind: v.kind as ViolationKind, deadline: v.deadline as string | null })) };
}
