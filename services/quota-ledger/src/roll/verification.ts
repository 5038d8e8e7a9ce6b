import { sql } from 'kysely';
import type { z } from 'zod';
import type { RollVerificationDto, verifyRollInput } from '@bianzhi/contracts/linkage';
import type { Principal } from '@bianzhi/domain/access';
import { bilingual, DomainError } from '@bianzhi/domain/errors';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { pgArray } from '@bianzhi/db/pg-array';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { masked } from './masked.js';

/**
 * 在编核验 for payroll (工资统发) and social and medical insurance (docs/integration.md, "Roll
 * verification"): was the person with this ID number on the roll of this unit on day D — entered
 * on or before D and not left by D (the exit day itself is off the roll)? The answer is yes or no
 * with the quota type and the day of entry into this unit, nothing else: no name, no other unit,
 * no history. The unit must be in the caller's jurisdictions (checked in SQL on the unit's ledger
 * accounts); every call, answered yes or no, is an audit event with the masked ID number and the
 * stated purpose.
 */
export async function verifyRoll(deps: LedgerDeps, principal: Principal, input: z.infer<typeof verifyRollInput>, requestId?: string): Promise<RollVerificationDto> {
  if (!parseIdNumber(input.idNumber)) {
    throw new DomainError('ID_NUMBER_INVALID', `id number ${masked(input.idNumber)} fails its check`, undefined, bilingual(`身份证号${masked(input.idNumber)}校验位不正确`, `ID number ${masked(input.idNumber)} fails its check digit`));
  }
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    const unit = await trx
      .selectFrom('ledger.accounts')
      .select(['jurisdiction_id', visible ? sql<boolean>`jurisdiction_id = any(${pgArray('uuid', visible)})`.as('in_scope') : sql<boolean>`true`.as('in_scope')])
      .where('holder_kind', '=', 'organization')
      .where('holder_id', '=', input.organizationId)
      .limit(1)
      .executeTakeFirst();
    if (!unit) throw new DomainError('NOT_FOUND', `organization ${input.organizationId} has no ledger accounts`);
    if (!unit.in_scope) throw new DomainError('OUT_OF_SCOPE', `organization ${input.organizationId}`);
    const slot = await trx
      .selectFrom('ledger.slots as s')
      .innerJoin('ledger.persons as p', 'p.id', 's.person_id')
      .select(['s.ledger', 's.entered_on'])
      .where('p.id_number', '=', input.idNumber)
      .where('s.organization_id', '=', input.organizationId)
      .where('s.entered_on', '<=', input.asOf)
      .where((eb) => eb.or([eb('s.exited_on', 'is', null), eb('s.exited_on', '>', input.asOf)]))
      .orderBy('s.entered_on', 'desc')
      .limit(1)
      .executeTakeFirst();
    const answer: RollVerificationDto = { onRoll: !!slot, organizationId: input.organizationId, asOf: input.asOf, quotaType: slot?.ledger ?? null, since: slot?.entered_on ?? null };
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.roll.verified',
      aggregateType: 'organization',
      aggregateId: input.organizationId,
      jurisdictionId: unit.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { organizationId: input.organizationId, idNumber: masked(input.idNumber), asOf: input.asOf, purpose: input.purpose, onRoll: answer.onRoll },
      requestId,
    });
    return answer;
  });
}
