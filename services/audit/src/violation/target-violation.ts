import type { z } from 'zod';
import { targetRuleId, type openTargetViolationInput } from '@bianzhi/contracts/reduction';
import type { ViolationDetailDto } from '@bianzhi/contracts/audit';
import type { Principal } from '@bianzhi/domain/access';
import { addDays } from '@bianzhi/domain/calendar';
import { quarterEnd, quarterOf } from '@bianzhi/domain/reduction';
import type { AuditDb } from '../db.js';
import type { JurisdictionScope } from '../scope.js';
import { getViolation, openViolation } from './violation.service.js';

/**
 * 控编减编任务 missed (docs/ledger.md): the platform opens a violation on the target's unit, citing
 * the target (rule id `target:<id>`), to be rectified by the end of the quarter after the deadline.
 * Like every open violation it blocks the unit's approvals until closed (rectification linkage).
 * Once per target: a second call answers the first's violation.
 */
export async function openTargetViolation(db: AuditDb, scope: JurisdictionScope, principal: Principal, input: z.infer<typeof openTargetViolationInput>, requestId?: string): Promise<ViolationDetailDto> {
  const existing = await db.selectFrom('audit.violations').select('id').where('rule_id', '=', targetRuleId(input.targetId)).where('organization_id', '=', input.organizationId).executeTakeFirst();
  if (existing) return getViolation(db, scope, principal, existing.id);
  return openViolation(
    db,
    scope,
    principal,
    {
      organizationId: input.organizationId,
      kind: 'other',
      title: `未按期完成控编减编任务：${input.title}`.slice(0, 200),
      description: `减编任务期限${input.deadline}已到，应减${input.amount}，尚差${input.remaining}。请制定整改措施，按期完成。`,
      deadline: quarterEnd(quarterOf(addDays(quarterEnd(quarterOf(input.deadline)), 1))),
      ruleId: targetRuleId(input.targetId),
      evidence: [],
    },
    requestId,
  );
}
