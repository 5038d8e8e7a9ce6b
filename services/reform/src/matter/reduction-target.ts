import type { ReductionTargetRequest } from '@bianzhi/contracts/reduction';
import type { Client } from '@temporalio/client';
import type { Principal } from '@bianzhi/domain/access';
import { refusalError } from '@bianzhi/domain/errors';
import { higherOf, type MatterKind } from '@bianzhi/domain/matters';
import { visibleJurisdictions } from '../jurisdictions.js';
import { monitoringQuarters, monitoringWorkflowId } from '../workflows/reduction-target.js';
import type { MatterClockDeps } from './matter-clock.js';
import { asCaller, jurisdictionTree, matterInvalid } from './matter-context.js';
import * as repo from './matter.repository.js';
import { decidingLevel, type Tree } from './matter-rules.js';
import type { MatterDeps } from './matter.service.js';

// 控编减编任务 (kind reduction_target, docs/ledger.md "Reduction targets and quarterly monitoring"):
// a target for a unit is set by the bureau of the unit's jurisdiction (a township's unit by its
// district), a target for a jurisdiction by the level above it; the city where it took the kind up;
// never below the filer's level. Approved, the platform records it in the ledger and starts the
// target's workflow, which freezes its progress at each quarter end and at the deadline.

/**
 * Filing checks the unit (or jurisdiction) as the filer sees it, that it holds quota of the type and
 * at least the amount, and that no other target of the same unit and type is being decided.
 */
export async function routeReductionTarget(deps: MatterDeps, principal: Principal, request: ReductionTargetRequest, matterId: string, takenUp: (kind: MatterKind) => Promise<Set<string>>): Promise<{ tree: Tree; decidingJurisdictionId: string }> {
  let at: string;
  if (request.organizationId) {
    at = (await asCaller(() => deps.registryAs(principal).registry.organization.get.query({ id: request.organizationId! }))).jurisdictionId;
  } else {
    if (!(await visibleJurisdictions(deps, principal)).some((j) => j.id === request.jurisdictionId)) throw matterInvalid('所选区划不在您的管辖范围内', 'The jurisdiction is out of your reach');
    at = request.jurisdictionId!;
  }
  const match: Record<string, string> = request.organizationId ? { organizationId: request.organizationId, ledger: request.ledger } : { jurisdictionId: request.jurisdictionId!, ledger: request.ledger };
  if ((await repo.openMattersNaming(deps.db, { kind: 'reduction_target', field: 'reduction', match, except: matterId })).length > 0) throw matterInvalid('该单位（区划）同类编制的减编任务已在报批中', 'A reduction target of this unit (or jurisdiction) and quota type is already being decided');
  const { refusal } = await asCaller(() => deps.ledger.ledger.target.check.query(request));
  if (refusal) throw refusalError(refusal);
  const filer = principal.jurisdictionId!;
  const tree = await jurisdictionTree(deps.registry, [filer, at]);
  const taken = await takenUp('reduction_target');
  // A jurisdiction's own target is the level above's to set (the city's own, the city's).
  const setBy = request.organizationId ? at : (tree.get(at)?.parentId ?? at);
  return { tree, decidingJurisdictionId: higherOf(tree, filer, decidingLevel(tree, setBy, (id) => taken.has(id))) };
}

/** Approved: the ledger records the target (once: its id is the matter's); the matter's workflow then starts the target's. */
export async function applyReductionTarget(deps: MatterClockDeps, matter: repo.MatterRow): Promise<void> {
  await deps.ledger.ledger.target.record.mutate({ id: matter.id, title: matter.title, target: matter.content.reduction!, documentNumber: matter.approvalDocumentNumber ?? undefined });
}

/** 季度监控's workflow, one for the platform: started with the service, found running when it already is. */
export async function ensureMonitoringQuarters(temporal: Client, taskQueue: string): Promise<void> {
  try {
    await temporal.workflow.start(monitoringQuarters, { workflowId: monitoringWorkflowId, taskQueue, args: [] });
  } catch (error) {
    if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
  }
}
