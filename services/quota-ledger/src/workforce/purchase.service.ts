import type { PurchaseContractDto, ServiceFunction } from '@bianzhi/contracts/workforce';
import { serviceFunctionLabels } from '@bianzhi/contracts/workforce';
import { quotaTypeLabels, type QuotaType } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual, DomainError } from '@bianzhi/domain/errors';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerTx } from '../db.js';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { unitForCaller } from './auxiliary.service.js';
import * as repo from './workforce.repository.js';

/**
 * Purchased services (政府购买服务): a unit's contracts for a function (cleaning, security, …) with
 * the headcount they stand for, the amount and the period. Seeds 000 and 003: what is bought keeps no
 * quota — a function is never both bought and staffed in one unit (两头占). `other` (其他) names no
 * function precisely enough to compare, so it is never refused.
 */

const functionName = (fn: string) => serviceFunctionLabels[fn as ServiceFunction] ?? fn;
const enFunction = (fn: string) => fn.replace('_', ' ');

/**
 * 两头占, asked when a staffing-use plan is filed for a function: refused while a contract of the unit
 * covers it (in force today or later). The caller holds the unit's lock.
 */
export async function assertFunctionNotBought(trx: LedgerTx, organizationId: string, fn: ServiceFunction | undefined | null, today: string): Promise<void> {
  if (!fn || fn === 'other') return;
  const contract = await repo.coveringContract(trx, organizationId, fn, today);
  if (!contract) return;
  const name = functionName(fn);
  const number = contract.contract_number ? `，合同号${contract.contract_number}` : '';
  throw new DomainError(
    'FUNCTION_DOUBLE_COVERED',
    `function ${fn} is bought through contract ${contract.id}`,
    { function: fn, contractId: contract.id },
    bilingual(
      `“${name}”职能已通过购买服务合同（${contract.provider}${number}，${contract.starts_on}至${contract.ends_on}）承担，不能再为“${name}”职能编制用编计划（两头占）`,
      `The ${enFunction(fn)} function is bought through the purchase contract with ${contract.provider} (${contract.starts_on} to ${contract.ends_on}); a staffing-use plan cannot also serve it`,
    ),
  );
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.purchaseRow>>>;
function toDto(row: Row, today: string): PurchaseContractDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    function: row.function as ServiceFunction,
    provider: row.provider,
    contractNumber: row.contract_number,
    headcount: Number(row.headcount),
    amount: Number(row.amount),
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    terminatedOn: row.terminated_on,
    active: row.starts_on <= today && row.ends_on >= today && (row.terminated_on === null || row.terminated_on > today),
  };
}

type AddInput = { id: string; organizationId: string; function: ServiceFunction; provider: string; contractNumber?: string | undefined; headcount: number; amount: number; startsOn: string; endsOn: string };

/** Whether a stored contract is what this request asks for (a retry), field by field. */
const sameContract = (row: Row, input: AddInput) =>
  row.organization_id === input.organizationId && row.function === input.function && row.provider === input.provider && row.contract_number === (input.contractNumber ?? null) && Number(row.headcount) === input.headcount && Number(row.amount) === input.amount && row.starts_on === input.startsOn && row.ends_on === input.endsOn;

export async function addPurchase(deps: LedgerDeps, principal: Principal, input: AddInput, requestId?: string): Promise<PurchaseContractDto> {
  const attempt = () => addInTx(deps, principal, input, requestId);
  // The same id sent for two units at once (two unit locks): the retry finds the winner's row and compares.
  return attempt().catch((error: unknown) => {
    if ((error as { constraint?: string }).constraint === 'purchase_contracts_pkey') return attempt();
    throw error;
  });
}

async function addInTx(deps: LedgerDeps, principal: Principal, input: AddInput, requestId?: string): Promise<PurchaseContractDto> {
  const today = todayInChina(deps.clock());
  return deps.db.transaction().execute(async (trx) => {
    const unit = await unitForCaller(deps, trx, principal, input.organizationId, { live: true });
    await repo.lockUnitWorkforce(trx, input.organizationId);
    // Looked up under the unit's lock: a retry racing the original waits for it and answers its row.
    const existing = await repo.purchaseRow(trx, input.id);
    if (existing) {
      if (!sameContract(existing, input)) throw new DomainError('IDEMPOTENCY_MISMATCH', `contract ${input.id} was recorded with other content`, undefined, bilingual('该登记编号已用于内容不同的另一份购买服务合同，请刷新后重新登记', 'This request id was already used for a different purchase contract; reload and add again'));
      return toDto(existing, today);
    }
    if (input.endsOn < today) throw new DomainError('VALIDATION_FAILED', 'the contract has ended', undefined, bilingual('合同期限已过，不能再登记', 'The contract period has already ended'));
    if (input.function !== 'other') {
      const plan = await repo.planServing(trx, input.organizationId, input.function, today);
      if (plan) {
        const name = functionName(input.function);
        const state = plan.status === 'filed' ? '已申报' : '已批准';
        throw new DomainError(
          'FUNCTION_DOUBLE_COVERED',
          `function ${input.function} is served by plan ${plan.id}`,
          { function: input.function, planId: plan.id },
          bilingual(
            `“${name}”职能已有${state}的用编计划（${quotaTypeLabels[plan.ledger as QuotaType]}${plan.places}名，截至${plan.ends_on}：${plan.reason}），不能再为“${name}”职能购买服务（两头占）`,
            `A ${plan.status} staffing-use plan (${plan.places} places until ${plan.ends_on}) serves the ${enFunction(input.function)} function; the unit cannot also buy it as a service`,
          ),
        );
      }
    }
    await repo.insertPurchase(trx, { ...input, contractNumber: input.contractNumber ?? null, jurisdictionId: unit.jurisdictionId, createdBy: auditActorOf(principal) });
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.purchase.added',
      aggregateType: 'organization',
      aggregateId: input.organizationId,
      jurisdictionId: unit.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { contractId: input.id, organizationId: input.organizationId, function: input.function, provider: input.provider, contractNumber: input.contractNumber ?? null, headcount: input.headcount, amount: input.amount, startsOn: input.startsOn, endsOn: input.endsOn },
      requestId,
    });
    return toDto((await repo.purchaseRow(trx, input.id))!, today);
  });
}

/** Terminates a contract early: from `terminatedOn` (today by default) the function is no longer bought. */
export async function endPurchase(deps: LedgerDeps, principal: Principal, input: { id: string; contractId: string; terminatedOn?: string | undefined }, requestId?: string): Promise<PurchaseContractDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const today = todayInChina(deps.clock());
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('ledger.purchase_contracts').selectAll().where('id', '=', input.contractId).forUpdate().executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `contract ${input.contractId} not found`);
    if (visible && !visible.includes(row.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
    if (row.end_id) {
      if (row.end_id === input.id) return toDto(row, today);
      throw new DomainError('ENGAGEMENT_ENDED', `contract ${row.id} was terminated on ${row.terminated_on}`, undefined, bilingual(`该合同已于${row.terminated_on}终止`, `The contract was terminated on ${row.terminated_on}`));
    }
    const terminatedOn = input.terminatedOn ?? today;
    if (terminatedOn < row.starts_on || terminatedOn > row.ends_on) throw new DomainError('VALIDATION_FAILED', 'termination outside the period', undefined, bilingual(`终止日期应在合同期限内（${row.starts_on}至${row.ends_on}）`, `The termination must fall within the contract period (${row.starts_on} to ${row.ends_on})`));
    await repo.terminatePurchaseRow(trx, row.id, { endId: input.id, terminatedOn });
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.purchase.terminated',
      aggregateType: 'organization',
      aggregateId: row.organization_id,
      jurisdictionId: row.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { contractId: row.id, organizationId: row.organization_id, function: row.function, terminatedOn },
      requestId,
    });
    return toDto((await repo.purchaseRow(trx, row.id))!, today);
  });
}

export async function listPurchases(deps: LedgerDeps, principal: Principal, input: { organizationId: string; includeEnded: boolean }): Promise<PurchaseContractDto[]> {
  await unitForCaller(deps, deps.db, principal, input.organizationId);
  const today = todayInChina(deps.clock());
  return (await repo.purchasesOfUnit(deps.db, input.organizationId, input.includeEnded, today)).map((row) => toDto(row, today));
}

export async function exportPurchases(deps: LedgerDeps, principal: Principal, input: { organizationId: string; includeEnded: boolean }) {
  const contracts = await listPurchases(deps, principal, input);
  const columns = [
    { header: '职能', width: 14 },
    { header: '服务提供方', width: 28 },
    { header: '合同号', width: 18 },
    { header: '折合人数', width: 10 },
    { header: '金额（元）', width: 14 },
    { header: '开始日期', width: 12 },
    { header: '结束日期', width: 12 },
    { header: '提前终止日期', width: 14 },
  ];
  const rows = contracts.map((c) => [serviceFunctionLabels[c.function], c.provider, c.contractNumber ?? '', c.headcount, c.amount, c.startsOn, c.endsOn, c.terminatedOn ?? '']);
  const content = await simpleWorkbook('购买服务', columns, rows, { title: `政府购买服务合同（${todayInChina(deps.clock())}）` });
  return { filename: '政府购买服务合同.xlsx', contentBase64: content.toString('base64'), rows: rows.length };
}
