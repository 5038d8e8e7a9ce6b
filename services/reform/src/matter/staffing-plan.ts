import type { PlanPreview, StaffingPlanRequest } from '@bianzhi/contracts/approval';
import type { PlanDto } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { refusalError } from '@bianzhi/domain/errors';
import { higherOf, type MatterKind } from '@bianzhi/domain/matters';
import { remoteDomainCode } from '@bianzhi/trpc/service-client';
import type { MatterClockDeps } from './matter-clock.js';
import { asCaller, jurisdictionTree, matterInvalid } from './matter-context.js';
import * as repo from './matter.repository.js';
import { decidingLevel, type Tree } from './matter-rules.js';
import type { MatterDeps } from './matter.service.js';

// 用编计划审批 (kind staffing_plan): a unit files its staffing-use plan (ledger.plan.file); its bureau
// takes it to approval as a matter, decided where the unit is unless the city took recruitment quota
// use up (审批权上收, seed 001); approved, the platform approves the plan and its places are reserved.

const planStatus: Record<PlanDto['status'], string> = { filed: '待审批', approved: '已批准', rejected: '未予批准', cancelled: '已撤回' };

/** The plan as the platform reads it; an unknown one makes the matter invalid. */
async function planOf(deps: Pick<MatterDeps, 'ledger'>, planId: string): Promise<PlanDto> {
  try {
    return await deps.ledger.ledger.plan.get.query({ id: planId });
  } catch (error) {
    if (remoteDomainCode(error) === 'NOT_FOUND') throw matterInvalid('用编计划不存在', 'The staffing-use plan does not exist');
    throw error;
  }
}

/**
 * Filing checks the plan as the filer may see it (its unit in their scope), that it waits for a
 * decision and is not already being decided, and that it could be approved now (the staffing rules,
 * the vacancies: the ledger's own approval, run and rolled back), so a plan that would be refused
 * is refused before anyone decides it.
 */
export async function routeStaffingPlan(deps: MatterDeps, principal: Principal, request: StaffingPlanRequest, matterId: string, takenUp: (kind: MatterKind) => Promise<Set<string>>): Promise<{ tree: Tree; decidingJurisdictionId: string }> {
  const plan = await planOf(deps, request.planId);
  await asCaller(() => deps.registryAs(principal).registry.organization.get.query({ id: plan.organizationId }));
  if (plan.status !== 'filed') throw matterInvalid(`该用编计划${planStatus[plan.status]}，不能再报批`, `The plan is ${plan.status} and cannot be filed for approval`);
  if ((await repo.openMattersNaming(deps.db, { kind: 'staffing_plan', field: 'plan', match: { planId: plan.id }, except: matterId })).length > 0) throw matterInvalid('该用编计划已在报批中', 'The plan is already being decided');
  const { refusal } = await deps.ledger.ledger.plan.check.query({ id: plan.id });
  if (refusal) throw refusalError(refusal);
  const filer = principal.jurisdictionId!;
  const tree = await jurisdictionTree(deps.registry, [filer, plan.jurisdictionId]);
  const taken = await takenUp('staffing_plan');
  return { tree, decidingJurisdictionId: higherOf(tree, filer, decidingLevel(tree, plan.jurisdictionId, (id) => taken.has(id))) };
}

/** Approved: the platform approves the plan (its places reserved) with the approval's number; a retry finds it approved. */
export async function applyStaffingPlan(deps: MatterClockDeps, matter: repo.MatterRow): Promise<void> {
  await deps.ledger.ledger.plan.approve.mutate({ id: matter.content.plan!.planId, note: `批复文号 ${matter.approvalDocumentNumber ?? ''}（matter/${matter.id}）` });
}

/** Not approved: the plan is rejected too, so the unit sees the answer where it filed (a plan withdrawn meanwhile stays so). */
export async function rejectStaffingPlan(deps: MatterClockDeps, matter: repo.MatterRow): Promise<void> {
  try {
    await deps.ledger.ledger.plan.reject.mutate({ id: matter.content.plan!.planId, note: `未予批准（matter/${matter.id}）` });
  } catch (error) {
    if (remoteDomainCode(error) !== 'PLAN_STATE') throw error;
  }
}

/** A plan matter as the reader sees it: the plan and the unit's vacancies now, where the reader may see the unit. */
export async function staffingPlanPreviewOf(deps: MatterDeps, matter: repo.MatterRow, visible: Set<string>): Promise<PlanPreview | null> {
  const request = matter.content.plan;
  if (!request) return null;
  const plan = await deps.ledger.ledger.plan.get.query({ id: request.planId }).catch(() => null);
  if (!plan || !visible.has(plan.jurisdictionId)) return { ...request, organizationName: null, ledger: null, places: null, endsOn: null, reason: null, source: null, status: null, vacant: null };
  const [unit, balances] = await Promise.all([deps.registry.registry.organization.get.query({ id: plan.organizationId }).catch(() => null), deps.ledger.ledger.balance.get.query({ organizationId: plan.organizationId })]);
  return { ...request, organizationName: unit?.name ?? null, ledger: plan.ledger, places: plan.places, endsOn: plan.endsOn, reason: plan.reason, source: plan.source, status: plan.status, vacant: balances.find((b) => b.ledger === plan.ledger)?.vacant ?? null };
}
