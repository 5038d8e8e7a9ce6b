import type { EvaluationConclusionRequest } from '@bianzhi/contracts/evaluation';
import type { Principal } from '@bianzhi/domain/access';
import { DomainError } from '@bianzhi/domain/errors';
import { higherOf, type MatterKind } from '@bianzhi/domain/matters';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { AuditClient } from '../service-clients.js';
import { visibleJurisdictions } from '../jurisdictions.js';
import type { MatterClockDeps } from './matter-clock.js';
import { asCaller, jurisdictionTree, matterInvalid } from './matter-context.js';
import * as repo from './matter.repository.js';
import { decidingLevel, type Tree } from './matter-rules.js';
import type { MatterDeps } from './matter.service.js';

// 评估结论 (kind evaluation_conclusion, docs/audit.md "Evaluation and assessment"): a bureau or an
// inspector files the conclusion of an evaluation (keep, adjust, cut by N of a quota type); it is
// decided where the unit is, unless the city took the kind up; approved, the platform records the
// conclusion the matter carried as the evaluation's approved conclusion (audit.evaluation.applyConclusion).
// A cut itself is then carried out by a reform project or a quota matter started from it.

function auditOf(deps: { audit?: AuditClient | undefined }): AuditClient {
  if (!deps.audit) throw new DomainError('DEPENDENCY_UNAVAILABLE', 'the reform service has no audit client');
  return deps.audit;
}

const sameConclusion = (a: EvaluationConclusionRequest['conclusion'], b: EvaluationConclusionRequest['conclusion']) => a.kind === b.kind && (a.ledger ?? null) === (b.ledger ?? null) && (a.amount ?? null) === (b.amount ?? null) && a.reason === b.reason;

/**
 * Filing checks the evaluation as the filer may see it (its unit in their jurisdictions), that it is
 * scored and concluded as the request says (a conclusion changed meanwhile is refused), and that no
 * other matter is deciding it.
 */
export async function routeEvaluationConclusion(deps: MatterDeps, principal: Principal, request: EvaluationConclusionRequest, matterId: string, takenUp: (kind: MatterKind) => Promise<Set<string>>): Promise<{ tree: Tree; decidingJurisdictionId: string }> {
  const visible = (await visibleJurisdictions(deps, principal)).map((j) => j.id);
  let evaluation;
  try {
    evaluation = await auditOf(deps).audit.evaluation.forMatter.query({ id: request.evaluationId, filerJurisdictionIds: visible, matterId });
  } catch (error) {
    const code = remoteDomainCode(error);
    if (code === 'EVALUATION_STATE') throw matterInvalid('该评估尚未评分、尚无结论，或结论已经批准', 'The evaluation is not scored, has no conclusion, or its conclusion is already approved');
    return asCaller(() => Promise.reject(error));
  }
  if (!sameConclusion(evaluation.conclusion, request.conclusion)) throw matterInvalid('评估结论已被修改，请刷新后重新报批', 'The evaluation’s conclusion changed meanwhile; reload and file it again');
  if ((await repo.openMattersNaming(deps.db, { kind: 'evaluation_conclusion', field: 'evaluation', match: { evaluationId: request.evaluationId }, except: matterId })).length > 0) throw matterInvalid('该评估结论已在报批中', 'The evaluation’s conclusion is already being decided');
  const filer = principal.jurisdictionId!;
  const tree = await jurisdictionTree(deps.registry, [filer, evaluation.jurisdictionId]);
  const taken = await takenUp('evaluation_conclusion');
  return { tree, decidingJurisdictionId: higherOf(tree, filer, decidingLevel(tree, evaluation.jurisdictionId, (id) => taken.has(id))) };
}

/** Approved: the platform records the conclusion the matter carried, with the approval's number; a retry finds it recorded. */
export async function applyEvaluationConclusion(deps: MatterClockDeps, matter: repo.MatterRow): Promise<void> {
  const request = matter.content.evaluation!;
  await auditOf(deps).audit.evaluation.applyConclusion.mutate({ id: request.evaluationId, matterId: matter.id, documentNumber: matter.approvalDocumentNumber, conclusion: request.conclusion });
}
