import type { z } from 'zod';
import type { MatterDto, MatterSummaryDto, MovePreview, listMattersInput } from '@bianzhi/contracts/approval';
import type { AccountBalances } from '@bianzhi/contracts/ledger';
import { personOf, type Principal } from '@bianzhi/domain/access';
import { roleLevel } from '@bianzhi/domain/authority';
import { DomainError } from '@bianzhi/domain/errors';
import { assertMayDecide } from '@bianzhi/domain/matters';
import { visibleJurisdictions } from '../jurisdictions.js';
import * as repo from './matter.repository.js';
import type { Tree } from './matter-rules.js';
import { accountsById, jurisdictionTree, workingCalendar } from './matter-context.js';
import type { MatterDeps } from './matter.service.js';
import { organizationPreviewOf } from './organization-change.js';
import { appointmentPreviewOf } from './appointment.js';
import { personTransferPreviewOf } from './person-transfer.js';
import { staffingPlanPreviewOf } from './staffing-plan.js';

// Reading matters: one matter with its chain, history, documents and the effect it will have; lists and inboxes.

/** The matter if the caller may see it: filed in or decided at a jurisdiction of the caller's subtree; else NOT_FOUND. */
export async function visibleMatter(deps: MatterDeps, principal: Principal, id: string, knownVisible?: Set<string>): Promise<{ matter: repo.MatterRow; visible: Set<string> }> {
  const [matter, visible] = await Promise.all([repo.findMatter(deps.db, id), knownVisible ?? visibleJurisdictions(deps, principal).then((all) => new Set(all.map((j) => j.id)))]);
  if (!matter || !(visible.has(matter.jurisdictionId) || visible.has(matter.decidingJurisdictionId))) throw new DomainError('NOT_FOUND', `no matter ${id}`);
  return { matter, visible };
}

function summaryOf(m: repo.MatterRow & { stepKind?: string | null; stepDeadline?: Date | null }, names: Map<string, string>, now: Date): MatterSummaryDto {
  const deadline = m.state === 'in_review' ? (m.stepDeadline ?? null) : null;
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    state: m.state,
    jurisdictionId: m.jurisdictionId,
    jurisdictionName: names.get(m.jurisdictionId) ?? '',
    decidingJurisdictionId: m.decidingJurisdictionId,
    filedBy: { id: m.filedBy.id, name: m.filedBy.name },
    filedAt: m.filedAt.toISOString(),
    currentStep: m.currentStep,
    currentStepKind: m.state === 'in_review' ? ((m.stepKind as MatterSummaryDto['currentStepKind']) ?? null) : null,
    deadline: deadline?.toISOString() ?? null,
    overdue: Boolean(deadline && deadline < now),
    updatedAt: m.updatedAt.toISOString(),
  };
}

const nameMap = (tree: Tree) => new Map([...tree].map(([id, j]) => [id, j.name]));

async function holderNames(deps: MatterDeps, tree: Tree, accounts: AccountBalances[]): Promise<Map<string, string>> {
  const names = nameMap(tree);
  const organizations = accounts.filter((a) => a.holderKind === 'organization').map((a) => a.holderId);
  if (organizations.length > 0) for (const o of await deps.registry.registry.organization.lookup.query({ ids: [...new Set(organizations)] })) names.set(o.id, o.name);
  return names;
}

/** A posts matter as the reader sees it: the unit's posts of the rank now and the people holding them, where the reader may see the unit. */
async function postsPreviewOf(deps: MatterDeps, matter: repo.MatterRow, visible: Set<string>): Promise<MatterDto['posts']> {
  const posts = matter.content.posts;
  if (!posts) return null;
  const [unit] = await deps.registry.registry.organization.lookup.query({ ids: [posts.organizationId] });
  if (!unit || !visible.has(unit.jurisdictionId)) return { ...posts, organizationName: '', before: null, filled: null };
  const now = (await deps.ledger.ledger.leadership.list.query({ organizationId: posts.organizationId })).ranks.find((r) => r.rank === posts.rank);
  return { ...posts, organizationName: unit.name, before: now?.posts ?? 0, filled: now?.filled ?? 0 };
}

async function previewOf(deps: MatterDeps, matter: repo.MatterRow, visible: Set<string>, tree: Tree): Promise<MovePreview[]> {
  const accounts = await accountsById(deps.ledger, matter.content.moves.flatMap((m) => [m.debitAccountId, m.creditAccountId]));
  const names = await holderNames(deps, tree, [...accounts.values()]);
  const applied = matter.state === 'applied';
  return matter.content.moves.map((move) => {
    const side = (a: AccountBalances, sign: -1 | 1) => {
      const seen = visible.has(a.jurisdictionId);
      return { holderName: names.get(a.holderId) ?? a.holderId, kind: a.kind, jurisdictionId: a.jurisdictionId, balance: seen ? a.balance : null, after: seen && !applied ? a.balance + sign * move.amount : null };
    };
    const debit = accounts.get(move.debitAccountId)!;
    const credit = accounts.get(move.creditAccountId)!;
    return { ...move, debit: side(debit, -1), credit: side(credit, 1), movement: `${move.code}` };
  });
}

export async function getMatter(deps: MatterDeps, principal: Principal, id: string, knownVisible?: Set<string>): Promise<MatterDto> {
  const { matter, visible } = await visibleMatter(deps, principal, id, knownVisible);
  const [steps, events, documents, tree] = await Promise.all([repo.stepsOf(deps.db, id), repo.eventsOf(deps.db, id), repo.documentsOf(deps.db, id), jurisdictionTree(deps.registry, [matter.jurisdictionId, matter.decidingJurisdictionId])]);
  const now = (deps.clock ?? (() => new Date()))();
  const current = steps[matter.currentStep];
  const names = nameMap(tree);
  let mayDecide = false;
  try {
    assertMayDecide(turnOf(matter, steps), principal, matter.currentStep, 'approve', '');
    mayDecide = true;
  } catch {
    mayDecide = false;
  }
  const isFiler = personOf(principal) === matter.filedBy.personId || principal.id === matter.filedBy.id;
  return {
    ...summaryOf({ ...matter, stepKind: current?.kind ?? null, stepDeadline: current?.deadline ?? null }, names, now),
    reason: matter.reason,
    moves: matter.content.moves,
    preview: await previewOf(deps, matter, visible, tree),
    posts: await postsPreviewOf(deps, matter, visible),
    organization: await organizationPreviewOf(deps, matter, visible),
    appointment: matter.content.appointment ? await appointmentPreviewOf(deps, matter, visible, events, await workingCalendar(deps.db)) : null,
    transfer: await personTransferPreviewOf(deps, matter, visible),
    plan: await staffingPlanPreviewOf(deps, matter, visible),
    evaluation: matter.content.evaluation ?? null,
    reduction: matter.content.reduction ?? null,
    charter: matter.content.charter ?? null,
    namedRoll: matter.content.namedRoll ?? null,
    steps: steps.map((s) => ({ index: s.index, kind: s.kind, jurisdictionId: s.jurisdictionId, jurisdictionName: names.get(s.jurisdictionId) ?? '', deadline: s.deadline?.toISOString() ?? null, escalated: s.escalated, decidedBy: s.decidedBy ? { id: s.decidedBy.id, name: s.decidedBy.name } : null, decidedAt: s.decidedAt?.toISOString() ?? null })),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind as MatterDto['events'][number]['kind'], stepIndex: e.stepIndex, actor: e.actor ? { id: e.actor.id, name: e.actor.name } : null, comment: e.comment, documentIds: e.documentIds })),
    documents: documents.map((d) => ({ id: d.id, title: d.title, documentNumber: d.document_number, fileName: d.file_name, size: d.size, addedAt: d.added_at.toISOString(), addedBy: d.added_by ? { id: d.added_by.id, name: d.added_by.name } : null })),
    approvalDocumentNumber: matter.approvalDocumentNumber,
    failure: matter.failure,
    can: { decide: mayDecide, resubmit: isFiler && matter.state === 'returned', withdraw: isFiler && (matter.state === 'in_review' || matter.state === 'returned') },
  };
}

export const turnOf = (matter: repo.MatterRow, steps: repo.StepRow[]) => ({
  state: matter.state,
  currentStep: matter.currentStep,
  filedBy: { id: matter.filedBy.id, personId: matter.filedBy.personId },
  steps: steps.map((s) => ({ index: s.index, kind: s.kind, jurisdictionId: s.jurisdictionId, level: s.level, decidedBy: s.decidedBy ? { id: s.decidedBy.id, personId: s.decidedBy.personId } : null })),
});

export async function listMatters(deps: MatterDeps, principal: Principal, input: z.infer<typeof listMattersInput>): Promise<{ items: MatterSummaryDto[] }> {
  const visible = (await visibleJurisdictions(deps, principal)).map((j) => j.id);
  const tree = await jurisdictionTree(deps.registry);
  const rows = await repo.listMatters(deps.db, { visible, state: input.state, kind: input.kind, limit: input.limit, offset: input.offset });
  const now = (deps.clock ?? (() => new Date()))();
  return { items: rows.map((r) => summaryOf(r, nameMap(tree), now)) };
}

/** todo: what waits on the caller (steps to decide, own matters returned); done: what they decided; filed: what they filed. */
export async function inbox(deps: MatterDeps, principal: Principal, input: { box: 'todo' | 'done' | 'filed'; limit: number }): Promise<{ items: MatterSummaryDto[]; overdue: number }> {
  const person = personOf(principal);
  const levels = principal.roles.flatMap((r) => roleLevel[r] ?? []);
  const rows =
    input.box === 'todo'
      ? principal.jurisdictionId
        ? await repo.todoOf(deps.db, { jurisdictionId: principal.jurisdictionId, levels, person, account: principal.id, limit: input.limit })
        : []
      : input.box === 'done'
        ? await repo.decidedBy(deps.db, { person, limit: input.limit })
        : await repo.filedBy(deps.db, { person, account: principal.id, limit: input.limit });
  // A person's filings and decisions are listed where the caller may see them now (an account of the
  // same person in another jurisdiction lists only that jurisdiction's).
  const visible = new Set((await visibleJurisdictions(deps, principal)).map((j) => j.id));
  const tree = await jurisdictionTree(deps.registry);
  const now = (deps.clock ?? (() => new Date()))();
  const items = rows.filter((r) => visible.has(r.jurisdictionId) || visible.has(r.decidingJurisdictionId)).map((r) => summaryOf(r, nameMap(tree), now));
  return { items, overdue: items.filter((i) => i.overdue).length };
}

export async function matterDocument(deps: MatterDeps, principal: Principal, input: { matterId: string; documentId: string }): Promise<{ fileName: string; contentType: string; base64: string }> {
  await visibleMatter(deps, principal, input.matterId);
  const found = await repo.documentContent(deps.db, input.matterId, input.documentId);
  if (!found?.content) throw new DomainError('NOT_FOUND', 'no such file');
  return { fileName: found.file_name ?? 'document', contentType: found.content_type ?? 'application/octet-stream', base64: found.content.toString('base64') };
}
