import type { AuxiliaryKind, AuxiliaryStaffDto, FundingSource, OutsideQuotaHoldersDto } from '@bianzhi/contracts/workforce';
import { auxiliaryKindLabels, fundingSourceLabels } from '@bianzhi/contracts/workforce';
import type { Principal } from '@bianzhi/domain/access';
import { todayInChina } from '@bianzhi/domain/calendar';
import { bilingual, DomainError } from '@bianzhi/domain/errors';
import { parseIdNumber } from '@bianzhi/domain/identifiers';
import { isLive } from '@bianzhi/domain/organization';
import { assertNoViolations, checkAuxiliaryRatio } from '@bianzhi/domain/policy';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { simpleWorkbook } from '@bianzhi/sheets/read';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDb, LedgerTx } from '../db.js';
import { masked } from '../roll/masked.js';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import { engagedRefusal, engagementSeenBy } from './engagement.js';
import * as repo from './workforce.repository.js';

/**
 * Staff outside quota (编外人员): contract, auxiliary and temporary staff a unit engages outside its
 * quota, paid from the purse in full or in part or from the unit's own income. A person is engaged
 * once at a time in the city, and never while holding a slot on quota; a unit's staff outside quota
 * stay within the share of its quota the jurisdiction sets (rule AUX-RATIO).
 */

/**
 * The unit, refused when the caller does not see it (checked in SQL against the caller's jurisdictions).
 * For a change (`live`), a unit the registry knows as abolished or merged away takes no one new: its
 * history stays readable and its people can still be ended.
 */
export async function unitForCaller(deps: LedgerDeps, db: LedgerDb | LedgerTx, principal: Principal, organizationId: string, options: { live?: boolean } = {}) {
  const unit = await repo.unitInScope(db, organizationId, await deps.scope.jurisdictionIdsOf(principal));
  if (!unit) throw new DomainError('NOT_FOUND', `organization ${organizationId} has no ledger accounts`, undefined, bilingual('该单位尚未开设编制账户', 'The unit has no quota accounts yet'));
  if (!unit.inScope) throw new DomainError('OUT_OF_SCOPE');
  if (options.live) {
    const [known] = await deps.scope.lookupOrganizations(principal, { ids: [organizationId] });
    if (known && !isLive(known.status)) {
      throw new DomainError('ORGANIZATION_NOT_LIVE', `organization ${organizationId} is ${known.status}`, undefined, bilingual(`“${known.name}”已撤销或已并入其他单位，不能再登记编外人员或购买服务`, `${known.name} has been abolished or merged; it takes no new staff outside quota or purchase contracts`));
    }
  }
  return unit;
}

export const idNumberRefusal = (idNumber: string) => new DomainError('ID_NUMBER_INVALID', `id number ${masked(idNumber)} fails its check`, undefined, bilingual(`身份证号${masked(idNumber)}不正确（18位，末位校验码须符合GB 11643）`, `ID number ${masked(idNumber)} is invalid (18 characters, GB 11643 check character)`));

/** AUX-RATIO for a unit taking on `adding` more staff outside quota (the unit's lock held). */
export async function assertWithinRatio(deps: LedgerDeps, trx: LedgerTx, unit: { jurisdictionId: string; quota: number }, organizationId: string, adding: number) {
  const current = await repo.openAuxiliaryCount(trx, organizationId);
  assertNoViolations(checkAuxiliaryRatio(await deps.rules.settingsFor(unit.jurisdictionId), { quota: unit.quota, current, adding }));
}

type Row = NonNullable<Awaited<ReturnType<typeof repo.auxiliaryRow>>>;
function toDto(row: Row): AuxiliaryStaffDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    kind: row.kind as AuxiliaryKind,
    name: row.name,
    idNumberMasked: masked(row.id_number),
    post: row.post,
    funding: row.funding as FundingSource,
    startedOn: row.started_on,
    endsOn: row.ends_on,
    endedOn: row.ended_on,
    endReason: row.end_reason,
  };
}

type AddInput = { id: string; organizationId: string; kind: AuxiliaryKind; name: string; idNumber: string; post: string; funding: FundingSource; startedOn: string; endsOn?: string | undefined };

export async function addAuxiliary(deps: LedgerDeps, principal: Principal, input: AddInput, requestId?: string): Promise<AuxiliaryStaffDto> {
  if (!parseIdNumber(input.idNumber)) throw idNumberRefusal(input.idNumber);
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  const attempt = () => addInTx(deps, principal, input, visible, requestId);
  return attempt().catch(async (error: unknown) => {
    const constraint = (error as { constraint?: string }).constraint;
    // Two units engaging the same person at the same moment: the partial unique index decides, and the loser is told why.
    if (constraint === 'auxiliary_staff_one_open') {
      const engaged = (await repo.engagedIdNumbers(deps.db, [input.idNumber])).get(input.idNumber);
      throw engagedRefusal(input.name, input.idNumber, engaged ? await engagementSeenBy(deps, principal, visible, engaged) : null, 'outside_quota');
    }
    // The same id sent for two units at once (two unit locks): the retry finds the winner's row and compares.
    if (constraint === 'auxiliary_staff_pkey') return attempt();
    throw error;
  });
}

/** Whether a stored engagement is what this request asks for (a retry), field by field. */
const sameEngagement = (row: Row, input: AddInput) =>
  row.organization_id === input.organizationId && row.kind === input.kind && row.name === input.name && row.id_number === input.idNumber && row.post === input.post && row.funding === input.funding && row.started_on === input.startedOn && row.ends_on === (input.endsOn ?? null);

async function addInTx(deps: LedgerDeps, principal: Principal, input: AddInput, visible: string[] | null, requestId?: string): Promise<AuxiliaryStaffDto> {
  return deps.db.transaction().execute(async (trx) => {
    const unit = await unitForCaller(deps, trx, principal, input.organizationId, { live: true });
    await repo.lockUnitWorkforce(trx, input.organizationId);
    // Looked up under the unit's lock: a retry racing the original waits for it and answers its row.
    const existing = await repo.auxiliaryRow(trx, input.id);
    if (existing) {
      if (!sameEngagement(existing, input)) throw new DomainError('IDEMPOTENCY_MISMATCH', `engagement ${input.id} was recorded with other content`, undefined, bilingual('该登记编号已用于内容不同的另一条编外人员登记，请刷新后重新登记', 'This request id was already used for a different engagement; reload and add again'));
      return toDto(existing);
    }
    // The person's lock, shared with the roll's entries: an entry on quota and this engagement never both pass.
    await repo.lockPerson(trx, input.idNumber);
    const engaged = (await repo.engagedIdNumbers(trx, [input.idNumber])).get(input.idNumber);
    if (engaged) throw engagedRefusal(input.name, input.idNumber, await engagementSeenBy(deps, principal, visible, engaged), 'outside_quota');
    await assertWithinRatio(deps, trx, unit, input.organizationId, 1);
    await repo.insertAuxiliary(trx, [{ ...input, jurisdictionId: unit.jurisdictionId, endsOn: input.endsOn ?? null, importId: null, createdBy: auditActorOf(principal) }]);
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.auxiliary.added',
      aggregateType: 'organization',
      aggregateId: input.organizationId,
      jurisdictionId: unit.jurisdictionId,
      actor: auditActorOf(principal),
      payload: { staffId: input.id, organizationId: input.organizationId, kind: input.kind, name: input.name, idNumber: masked(input.idNumber), post: input.post, funding: input.funding, startedOn: input.startedOn, endsOn: input.endsOn ?? null },
      requestId,
    });
    return toDto((await repo.auxiliaryRow(trx, input.id))!);
  });
}

/** Ends an engagement (the first day the person no longer works there; today by default). */
export async function endAuxiliary(deps: LedgerDeps, principal: Principal, input: { id: string; staffId: string; endedOn?: string | undefined; reason?: string | undefined }, requestId?: string): Promise<AuxiliaryStaffDto> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.auxiliaryRow(trx, input.staffId, true);
    if (!row) throw new DomainError('NOT_FOUND', `staff ${input.staffId} not found`);
    if (visible && !visible.includes(row.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
    if (row.end_id) {
      if (row.end_id === input.id) return toDto(row);
      throw new DomainError('ENGAGEMENT_ENDED', `staff ${row.id} left on ${row.ended_on}`, undefined, bilingual(`此人已于${row.ended_on}离岗`, `This person left on ${row.ended_on}`));
    }
    const today = todayInChina(deps.clock());
    const endedOn = input.endedOn ?? today;
    // Recorded when it happens: holders, the one-open index and the ratio read an engagement with an end as ended.
    if (endedOn > today) throw new DomainError('VALIDATION_FAILED', 'end in the future', undefined, bilingual(`离岗日期不能晚于今天（${today}），请在离岗当日或之后登记`, `The end cannot be after today (${today}); record it on or after the day`));
    if (endedOn < row.started_on) throw new DomainError('VALIDATION_FAILED', 'end before start', undefined, bilingual(`离岗日期不能早于到岗日期（${row.started_on}）`, `The end cannot precede the start (${row.started_on})`));
    await repo.endAuxiliaryRow(trx, row.id, { endId: input.id, endedOn, reason: input.reason ?? null });
    await appendOutboxEvent(trx, 'ledger', {
      type: 'ledger.auxiliary.ended',
      aggregateType: 'organization',
      aggregateId: row.organization_id,
      jurisdictionId: row.jurisdiction_id,
      actor: auditActorOf(principal),
      payload: { staffId: row.id, organizationId: row.organization_id, endedOn, reason: input.reason ?? null },
      requestId,
    });
    return toDto((await repo.auxiliaryRow(trx, row.id))!);
  });
}

export async function listAuxiliary(deps: LedgerDeps, principal: Principal, input: { organizationId: string; includeEnded: boolean }): Promise<AuxiliaryStaffDto[]> {
  await unitForCaller(deps, deps.db, principal, input.organizationId);
  return (await repo.auxiliaryOfUnit(deps.db, input.organizationId, input.includeEnded)).map(toDto);
}

/** The unit's staff outside quota as a workbook (ID numbers masked, as on screen). */
export async function exportAuxiliary(deps: LedgerDeps, principal: Principal, input: { organizationId: string; includeEnded: boolean }) {
  const staff = await listAuxiliary(deps, principal, input);
  const columns = [
    { header: '类别', width: 12 },
    { header: '姓名', width: 10 },
    { header: '身份证号', width: 22 },
    { header: '岗位', width: 16 },
    { header: '经费来源', width: 10 },
    { header: '到岗日期', width: 12 },
    { header: '约定终止日期', width: 14 },
    { header: '离岗日期', width: 12 },
  ];
  const rows = staff.map((s) => [auxiliaryKindLabels[s.kind], s.name, s.idNumberMasked, s.post, fundingSourceLabels[s.funding], s.startedOn, s.endsOn ?? '', s.endedOn ?? '']);
  const content = await simpleWorkbook('编外人员', columns, rows, { title: `编外人员名单（${todayInChina(deps.clock())}）` });
  return { filename: '编外人员名单.xlsx', contentBase64: content.toString('base64'), rows: rows.length };
}

/** Staff outside quota with full ID numbers, for audit's payroll cross-check only. */
export async function outsideQuotaHolders(deps: LedgerDeps, jurisdictionIds: string[] | null): Promise<OutsideQuotaHoldersDto> {
  const rows = await repo.outsideQuotaHolders(deps.db, jurisdictionIds);
  return { idNumbers: rows.map((r) => r.id_number), names: rows.map((r) => r.name), organizationIds: rows.map((r) => r.organization_id) };
}
