import { sql, type Transaction } from 'kysely';
import type { DB } from '@bianzhi/db/generated/reform';
import type { MatterKind, MatterState, MatterStepKind } from '@bianzhi/domain/matters';
import { DomainError } from '@bianzhi/domain/errors';
import type { JurisdictionLevel } from '@bianzhi/domain/jurisdiction';
import type { AppointmentRequest, OrganizationChange, PersonTransferRequest, PostsChange, QuotaMove, StaffingPlanRequest } from '@bianzhi/contracts/approval';
import type { EvaluationConclusionRequest } from '@bianzhi/contracts/evaluation';
import type { ReductionTargetRequest } from '@bianzhi/contracts/reduction';
import type { CharterRequest } from '@bianzhi/contracts/legal-registration';
import type { NamedRollPublicationRequest } from '@bianzhi/contracts/named-roll';

/** What a matter asks for: quota moves, a unit's posts of one rank, or an establishment change. */
export interface MatterContent {
  moves: QuotaMove[];
  posts?: PostsChange | undefined;
  organization?: OrganizationChange | undefined;
  appointment?: AppointmentRequest | undefined;
  transfer?: PersonTransferRequest | undefined;
  plan?: StaffingPlanRequest | undefined;
  evaluation?: EvaluationConclusionRequest | undefined;
  reduction?: ReductionTargetRequest | undefined;
  charter?: CharterRequest | undefined;
  namedRoll?: NamedRollPublicationRequest | undefined;
  /** Recorded when an approved establishment created its unit. */
  establishedOrganizationId?: string | undefined;
}
import type { ReformDb } from '../db.js';

type Db = ReformDb;
type Tx = Transaction<DB>;

export interface Actor {
  id: string;
  personId: string;
  name: string;
}

export interface MatterRow {
  id: string;
  kind: MatterKind;
  title: string;
  reason: string;
  state: MatterState;
  jurisdictionId: string;
  decidingJurisdictionId: string;
  content: MatterContent;
  requestHash: string;
  filedBy: Actor;
  filedAt: Date;
  currentStep: number;
  approvalDocumentNumber: string | null;
  failure: string | null;
  updatedAt: Date;
}

export interface StepRow {
  index: number;
  kind: MatterStepKind;
  jurisdictionId: string;
  level: JurisdictionLevel;
  deadline: Date | null;
  reminded: boolean;
  escalated: boolean;
  overdueNoted: boolean;
  decidedBy: Actor | null;
  decidedAt: Date | null;
}

export interface EventRow {
  kind: string;
  stepIndex: number | null;
  actor: Actor | null;
  comment: string;
  documentIds: string[];
  at: Date;
}

const matterColumns = sql`id, kind, title, reason, state, jurisdiction_id, deciding_jurisdiction_id, content, request_hash, filed_by, filed_at, current_step, approval_document_number, failure, updated_at`;

interface RawMatter {
  id: string;
  kind: string;
  title: string;
  reason: string;
  state: string;
  jurisdiction_id: string;
  deciding_jurisdiction_id: string;
  content: MatterContent;
  request_hash: string;
  filed_by: Actor;
  filed_at: Date;
  current_step: number;
  approval_document_number: string | null;
  failure: string | null;
  updated_at: Date;
}

const toMatter = (r: RawMatter): MatterRow => ({
  id: r.id,
  kind: r.kind as MatterKind,
  title: r.title,
  reason: r.reason,
  state: r.state as MatterState,
  jurisdictionId: r.jurisdiction_id,
  decidingJurisdictionId: r.deciding_jurisdiction_id,
  content: r.content,
  requestHash: r.request_hash,
  filedBy: r.filed_by,
  filedAt: r.filed_at,
  currentStep: r.current_step,
  approvalDocumentNumber: r.approval_document_number,
  failure: r.failure,
  updatedAt: r.updated_at,
});

export async function insertMatter(trx: Tx, m: Omit<MatterRow, 'filedAt' | 'updatedAt' | 'approvalDocumentNumber' | 'failure' | 'currentStep' | 'state'>, steps: Omit<StepRow, 'reminded' | 'escalated' | 'overdueNoted' | 'decidedBy' | 'decidedAt'>[]): Promise<void> {
  await sql`insert into reform.matters (id, kind, title, reason, state, jurisdiction_id, deciding_jurisdiction_id, content, request_hash, filed_by, filed_person)
    values (${m.id}, ${m.kind}, ${m.title}, ${m.reason}, 'in_review', ${m.jurisdictionId}, ${m.decidingJurisdictionId}, ${JSON.stringify(m.content)}::jsonb, ${m.requestHash}, ${JSON.stringify(m.filedBy)}::jsonb, ${m.filedBy.personId})`.execute(trx);
  for (const s of steps) {
    await sql`insert into reform.matter_steps (matter_id, index, kind, jurisdiction_id, level, deadline) values (${m.id}, ${s.index}, ${s.kind}, ${s.jurisdictionId}, ${s.level}, ${s.deadline})`.execute(trx);
  }
}

/** The matter and its steps, the matter's row locked until the transaction ends (one decision at a time). */
export async function lockMatter(trx: Tx, id: string): Promise<{ matter: MatterRow; steps: StepRow[] } | null> {
  const { rows } = await sql<RawMatter>`select ${matterColumns} from reform.matters where id = ${id} for update`.execute(trx);
  if (!rows[0]) return null;
  return { matter: toMatter(rows[0]), steps: await stepsOf(trx, id) };
}

export async function findMatter(db: Db | Tx, id: string): Promise<MatterRow | null> {
  const { rows } = await sql<RawMatter>`select ${matterColumns} from reform.matters where id = ${id}`.execute(db);
  return rows[0] ? toMatter(rows[0]) : null;
}

export async function stepsOf(db: Db | Tx, id: string): Promise<StepRow[]> {
  const { rows } = await sql<{ index: number; kind: string; jurisdiction_id: string; level: string; deadline: Date | null; reminded: boolean; escalated: boolean; overdue_noted: boolean; decided_by: Actor | null; decided_at: Date | null }>`
    select index, kind, jurisdiction_id, level, deadline, reminded, escalated, overdue_noted, decided_by, decided_at from reform.matter_steps where matter_id = ${id} order by index`.execute(db);
  return rows.map((r) => ({ index: r.index, kind: r.kind as MatterStepKind, jurisdictionId: r.jurisdiction_id, level: r.level as JurisdictionLevel, deadline: r.deadline, reminded: r.reminded, escalated: r.escalated, overdueNoted: r.overdue_noted, decidedBy: r.decided_by, decidedAt: r.decided_at }));
}

export async function eventsOf(db: Db | Tx, id: string): Promise<EventRow[]> {
  const { rows } = await sql<{ kind: string; step_index: number | null; actor: Actor | null; comment: string; document_ids: string[]; at: Date }>`
    select kind, step_index, actor, comment, document_ids, at from reform.matter_events where matter_id = ${id} order by id`.execute(db);
  return rows.map((r) => ({ kind: r.kind, stepIndex: r.step_index, actor: r.actor, comment: r.comment, documentIds: r.document_ids, at: r.at }));
}

export async function documentsOf(db: Db | Tx, id: string) {
  const { rows } = await sql<{ id: string; title: string; document_number: string | null; file_name: string | null; size: number; added_at: Date; added_by: Actor | null }>`
    select id, title, document_number, file_name, coalesce(octet_length(content), 0)::int as size, added_at, added_by from reform.matter_documents where matter_id = ${id} order by added_at, id`.execute(db);
  return rows;
}

export async function documentContent(db: Db, matterId: string, documentId: string) {
  const { rows } = await sql<{ file_name: string | null; content_type: string | null; content: Buffer | null }>`
    select file_name, content_type, content from reform.matter_documents where matter_id = ${matterId} and id = ${documentId}`.execute(db);
  return rows[0] ?? null;
}

export async function insertDocuments(trx: Tx, matterId: string, actor: Actor, documents: { id: string; title: string; documentNumber: string | null; fileName: string | null; contentType: string | null; content: Buffer | null }[]): Promise<string[]> {
  for (const d of documents) {
    await sql`insert into reform.matter_documents (id, matter_id, title, document_number, file_name, content_type, content, added_by)
      values (${d.id}, ${matterId}, ${d.title}, ${d.documentNumber}, ${d.fileName}, ${d.contentType}, ${d.content}, ${JSON.stringify(actor)}::jsonb)`.execute(trx);
  }
  return documents.map((d) => d.id);
}

/** Appends to the matter's history; false when this decision id was recorded before (a repeated click). */
export async function insertEvent(trx: Tx, matterId: string, event: { decisionId: string | null; kind: string; stepIndex: number | null; actor: Actor | null; comment: string; documentIds: string[] }): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    insert into reform.matter_events (matter_id, decision_id, kind, step_index, actor, actor_person, comment, document_ids)
    values (${matterId}, ${event.decisionId}, ${event.kind}, ${event.stepIndex}, ${event.actor ? JSON.stringify(event.actor) : null}::jsonb, ${event.actor?.personId ?? null}, ${event.comment}, ${event.documentIds}::uuid[])
    on conflict (matter_id, decision_id) do nothing returning id`.execute(trx);
  return rows.length > 0;
}

/** Whether this decision id was recorded already (a repeated click): refused when it was someone else's. */
export async function decisionRecorded(db: Db | Tx, matterId: string, decisionId: string, person: string): Promise<boolean> {
  const { rows } = await sql<{ actor_person: string | null }>`select actor_person from reform.matter_events where matter_id = ${matterId} and decision_id = ${decisionId}`.execute(db);
  if (!rows[0]) return false;
  if (rows[0].actor_person !== person) throw new DomainError('IDEMPOTENCY_MISMATCH', 'the decision id was used by someone else');
  return true;
}

export async function updateMatter(trx: Tx, id: string, patch: { state?: MatterState; currentStep?: number; approvalDocumentNumber?: string; failure?: string; content?: MatterContent }): Promise<void> {
  await sql`update reform.matters set
      state = coalesce(${patch.state ?? null}, state),
      current_step = coalesce(${patch.currentStep ?? null}::int, current_step),
      approval_document_number = coalesce(${patch.approvalDocumentNumber ?? null}, approval_document_number),
      failure = coalesce(${patch.failure ?? null}, failure),
      content = coalesce(${patch.content ? JSON.stringify(patch.content) : null}::jsonb, content),
      updated_at = now()
    where id = ${id}`.execute(trx);
}

export async function updateStep(trx: Tx, matterId: string, index: number, patch: { jurisdictionId?: string; level?: JurisdictionLevel; deadline?: Date | null; reminded?: boolean; escalated?: boolean; overdueNoted?: boolean; decidedBy?: Actor | null; decided?: boolean }): Promise<void> {
  await sql`update reform.matter_steps set
      jurisdiction_id = coalesce(${patch.jurisdictionId ?? null}::uuid, jurisdiction_id),
      level = coalesce(${patch.level ?? null}, level),
      deadline = case when ${patch.deadline !== undefined} then ${patch.deadline ?? null}::timestamptz else deadline end,
      reminded = coalesce(${patch.reminded ?? null}::boolean, reminded),
      escalated = coalesce(${patch.escalated ?? null}::boolean, escalated),
      overdue_noted = coalesce(${patch.overdueNoted ?? null}::boolean, overdue_noted),
      decided_by = case when ${patch.decided !== undefined} then ${patch.decidedBy ? JSON.stringify(patch.decidedBy) : null}::jsonb else decided_by end,
      decided_person = case when ${patch.decided !== undefined} then ${patch.decidedBy?.personId ?? null} else decided_person end,
      decided_at = case when ${patch.decided !== undefined} then (case when ${patch.decided ?? false} then now() else null end) else decided_at end
    where matter_id = ${matterId} and index = ${index}`.execute(trx);
}

export interface SummaryRow extends MatterRow {
  stepKind: MatterStepKind | null;
  stepDeadline: Date | null;
}

const summaryColumns = sql`m.id, m.kind, m.title, m.reason, m.state, m.jurisdiction_id, m.deciding_jurisdiction_id, m.content, m.request_hash, m.filed_by, m.filed_at, m.current_step, m.approval_document_number, m.failure, m.updated_at, s.kind as step_kind, s.deadline as step_deadline`;
const toSummary = (r: RawMatter & { step_kind: string | null; step_deadline: Date | null }): SummaryRow => ({ ...toMatter(r), stepKind: r.step_kind as MatterStepKind | null, stepDeadline: r.step_deadline });

/** Matters filed in, or decided at, one of the visible jurisdictions (null: all). */
/**
 * Matters of a kind still open (in review, returned, or approved and not yet applied) whose content
 * field names what `match` says — the same unit and rank, person or plan — other than `except`.
 */
export async function openMattersNaming(db: Db, input: { kind: MatterKind; field: keyof MatterContent; match: Record<string, string>; except: string }): Promise<{ id: string }[]> {
  const { rows } = await sql<{ id: string }>`
    select id from reform.matters
    where kind = ${input.kind} and state in ('in_review', 'returned', 'approved') and id <> ${input.except}
      and content->${input.field} @> ${JSON.stringify(input.match)}::jsonb`.execute(db);
  return rows;
}

export async function listMatters(db: Db, input: { visible: string[] | null; state?: MatterState | undefined; kind?: string | undefined; limit: number; offset: number }): Promise<SummaryRow[]> {
  const { rows } = await sql<RawMatter & { step_kind: string | null; step_deadline: Date | null }>`
    select ${summaryColumns} from reform.matters m left join reform.matter_steps s on s.matter_id = m.id and s.index = m.current_step
    where (${input.visible === null} or m.jurisdiction_id = any(${input.visible ?? []}::uuid[]) or m.deciding_jurisdiction_id = any(${input.visible ?? []}::uuid[]))
      and (${input.state ?? null}::text is null or m.state = ${input.state ?? null})
      and (${input.kind ?? null}::text is null or m.kind = ${input.kind ?? null})
    order by m.filed_at desc, m.id limit ${input.limit} offset ${input.offset}`.execute(db);
  return rows.map(toSummary);
}

/**
 * The caller's to-do list: waiting steps of their jurisdiction at their level that they may decide
 * (not filed by them, no earlier step decided by them), and their own matters returned to them.
 */
export async function todoOf(db: Db, input: { jurisdictionId: string; levels: string[]; person: string; account: string; limit: number }): Promise<SummaryRow[]> {
  const { rows } = await sql<RawMatter & { step_kind: string | null; step_deadline: Date | null }>`
    select ${summaryColumns} from reform.matters m join reform.matter_steps s on s.matter_id = m.id and s.index = m.current_step
    where (m.state = 'in_review' and s.decided_at is null and s.jurisdiction_id = ${input.jurisdictionId} and s.level = any(${input.levels}::text[])
           and m.filed_person <> ${input.person} and m.filed_by->>'id' <> ${input.account}
           and not exists (select 1 from reform.matter_steps e where e.matter_id = m.id and e.index < m.current_step and (e.decided_person = ${input.person} or e.decided_by->>'id' = ${input.account})))
       or (m.state = 'returned' and (m.filed_person = ${input.person} or m.filed_by->>'id' = ${input.account}))
    order by s.deadline nulls last, m.filed_at limit ${input.limit}`.execute(db);
  return rows.map(toSummary);
}

export async function filedBy(db: Db, input: { person: string; account: string; limit: number }): Promise<SummaryRow[]> {
  const { rows } = await sql<RawMatter & { step_kind: string | null; step_deadline: Date | null }>`
    select ${summaryColumns} from reform.matters m left join reform.matter_steps s on s.matter_id = m.id and s.index = m.current_step
    where m.filed_person = ${input.person} or m.filed_by->>'id' = ${input.account}
    order by m.filed_at desc limit ${input.limit}`.execute(db);
  return rows.map(toSummary);
}

export async function decidedBy(db: Db, input: { person: string; limit: number }): Promise<SummaryRow[]> {
  const { rows } = await sql<RawMatter & { step_kind: string | null; step_deadline: Date | null }>`
    select ${summaryColumns} from reform.matters m left join reform.matter_steps s on s.matter_id = m.id and s.index = m.current_step
    where exists (select 1 from reform.matter_events e where e.matter_id = m.id and e.actor_person = ${input.person} and e.kind in ('approve', 'reject', 'return'))
    order by m.updated_at desc limit ${input.limit}`.execute(db);
  return rows.map(toSummary);
}

export async function routingOf(db: Db | Tx, jurisdictionId: string, kind: string): Promise<'own' | 'city' | null> {
  const { rows } = await sql<{ decided_at: 'own' | 'city' }>`select decided_at from reform.matter_routing where jurisdiction_id = ${jurisdictionId} and kind = ${kind}`.execute(db);
  return rows[0]?.decided_at ?? null;
}

export async function listRouting(db: Db, jurisdictionIds: string[] | null) {
  const { rows } = await sql<{ jurisdiction_id: string; kind: string; decided_at: 'own' | 'city'; steps: MatterStepKind[] | null; updated_by: Actor; updated_at: Date }>`
    select jurisdiction_id, kind, decided_at, steps, updated_by, updated_at from reform.matter_routing where ${jurisdictionIds === null} or jurisdiction_id = any(${jurisdictionIds ?? []}::uuid[]) order by jurisdiction_id, kind`.execute(db);
  return rows;
}

export async function setRouting(trx: Tx, row: { jurisdictionId: string; kind: string; decidedAt: 'own' | 'city'; steps: MatterStepKind[] | null; actor: Actor }): Promise<'own' | 'city' | null> {
  const before = await routingOf(trx, row.jurisdictionId, row.kind);
  await sql`insert into reform.matter_routing (jurisdiction_id, kind, decided_at, steps, updated_by) values (${row.jurisdictionId}, ${row.kind}, ${row.decidedAt}, ${row.steps}::text[], ${JSON.stringify(row.actor)}::jsonb)
    on conflict (jurisdiction_id, kind) do update set decided_at = excluded.decided_at, steps = excluded.steps, updated_by = excluded.updated_by, updated_at = now()`.execute(trx);
  return before;
}

/** The chain a jurisdiction set for a kind of matter, if it set one. */
export async function chainOf(db: Db | Tx, jurisdictionId: string, kind: string): Promise<MatterStepKind[] | null> {
  const { rows } = await sql<{ steps: MatterStepKind[] | null }>`select steps from reform.matter_routing where jurisdiction_id = ${jurisdictionId} and kind = ${kind}`.execute(db);
  return rows[0]?.steps ?? null;
}

export async function calendarOverrides(db: Db | Tx): Promise<{ day: string; kind: 'holiday' | 'workday'; name: string }[]> {
  const { rows } = await sql<{ day: string; kind: 'holiday' | 'workday'; name: string }>`select to_char(day, 'YYYY-MM-DD') as day, kind, name from reform.calendar_days order by day`.execute(db);
  return rows;
}

export async function setCalendarDay(trx: Tx, day: { day: string; kind: 'holiday' | 'workday'; name: string }): Promise<void> {
  await sql`insert into reform.calendar_days (day, kind, name) values (${day.day}, ${day.kind}, ${day.name}) on conflict (day) do update set kind = excluded.kind, name = excluded.name`.execute(trx);
}

/** Matters whose workflow should be running: not closed (for restarting lost workflows). */
export async function openMatterIds(db: Db): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from reform.matters where state in ('in_review', 'returned', 'approved')`.execute(db);
  return rows.map((r) => r.id);
}

export type { Tx as MatterTx };
