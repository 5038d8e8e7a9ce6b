import type { PersonTransferPreview, PersonTransferRequest } from '@bianzhi/contracts/approval';
import type { Principal } from '@bianzhi/domain/access';
import { keyedUuid } from '@bianzhi/domain/derived-id';
import type { MatterKind } from '@bianzhi/domain/matters';
import { isLive } from '@bianzhi/domain/organization';
import { visibleJurisdictions } from '../jurisdictions.js';
import type { MatterClockDeps } from './matter-clock.js';
import { accountsById, asCaller, jurisdictionTree, matterInvalid } from './matter-context.js';
import * as repo from './matter.repository.js';
import { routeMoves, type Tree } from './matter-rules.js';
import type { MatterDeps } from './matter.service.js';

// 带编调任 (kind person_transfer): a person moves to another unit with their quota. Filing checks the
// person and both units as the filer sees them and routes the quota's move by the authority table;
// approved, the platform moves person and quota at once (ledger.person.transferWithQuota).

/** The quota accounts the move takes its quota from and gives it to: each unit's vacancies of the person's quota type. */
async function vacanciesOf(deps: Pick<MatterDeps, 'ledger'>, request: PersonTransferRequest, ledger: string) {
  const [from, to] = await Promise.all([request.fromOrganizationId, request.toOrganizationId].map((holderId) => asCaller(() => deps.ledger.ledger.account.list.query({ holderId }))));
  const of = (accounts: typeof from, kind: string) => accounts!.find((a) => a.kind === kind && a.ledger === ledger);
  return { from: of(from, 'vacant'), to: of(to, 'vacant'), toOccupied: of(to, 'occupied') };
}

export async function routePersonTransfer(deps: MatterDeps, principal: Principal, request: PersonTransferRequest, matterId: string, takenUp: (kind: MatterKind) => Promise<Set<string>>): Promise<{ tree: Tree; decidingJurisdictionId: string }> {
  const [from, to] = await Promise.all([request.fromOrganizationId, request.toOrganizationId].map((id) => asCaller(() => deps.registryAs(principal).registry.organization.get.query({ id }))));
  for (const unit of [from!, to!]) if (!isLive(unit.status)) throw matterInvalid(`“${unit.name}”已撤销或不再存续`, `${unit.name} no longer exists`);
  if (from!.id === to!.id) throw matterInvalid('调入单位与现单位相同', 'The receiving unit is the person’s own');
  const slot = (await asCaller(() => deps.ledger.ledger.person.roll.query({ organizationId: from!.id, includeExited: false }))).find((s) => s.id === request.slotId);
  if (!slot) throw matterInvalid(`该人员不在“${from!.name}”的在编人员中`, `The person is not on the roll of ${from!.name}`);
  if ((await repo.openMattersNaming(deps.db, { kind: 'person_transfer', field: 'transfer', match: { slotId: request.slotId }, except: matterId })).length > 0) throw matterInvalid(`${slot.name}的带编调任事项已在办理中`, `A transfer of ${slot.name} is already being decided`);
  const vacancies = await vacanciesOf(deps, request, slot.ledger);
  if (!vacancies.from) throw matterInvalid(`“${from!.name}”没有该人员所占编制类型的账户`, `${from!.name} holds no quota of the person’s type`);
  if (!vacancies.to || !vacancies.toOccupied) throw matterInvalid(`“${to!.name}”没有该人员所占编制类型的账户`, `${to!.name} holds no quota of the person’s type`);
  // The quota that goes with the person: one of the old unit's vacancies (freed as they leave) to the new unit's, routed as the table says.
  const accounts = await accountsById(deps.ledger, [vacancies.from.id, vacancies.to.id]);
  const [visible, quotaTakenUp, transferTakenUp] = await Promise.all([visibleJurisdictions(deps, principal), takenUp('quota_movement'), takenUp('person_transfer')]);
  const tree = await jurisdictionTree(deps.registry, [principal.jurisdictionId, from!.jurisdictionId, to!.jurisdictionId]);
  const move = { ledger: slot.ledger, code: 'transfer' as const, debitAccountId: vacancies.from.id, creditAccountId: vacancies.to.id, amount: 1 };
  const routed = routeMoves(principal, [{ move, debit: accounts.get(move.debitAccountId)!, credit: accounts.get(move.creditAccountId)! }], {
    tree,
    visible: new Set(visible.map((j) => j.id)),
    takenUp: (id) => quotaTakenUp.has(id) || transferTakenUp.has(id),
  });
  return { tree, decidingJurisdictionId: routed.decidingJurisdictionId };
}

export const transferIdOf = (idKey: string, matterId: string) => keyedUuid(idKey, `matter/${matterId}/transfer`);

/**
 * Approved: the person and their quota move at once, as the platform, citing the matter — if both
 * units still exist (a unit abolished since the filing fails the matter, nothing moved).
 */
export async function applyPersonTransfer(deps: MatterClockDeps, matter: repo.MatterRow): Promise<string | null> {
  const request = matter.content.transfer!;
  const units = await Promise.all([request.fromOrganizationId, request.toOrganizationId].map((id) => deps.registry.registry.organization.get.query({ id })));
  if (units.some((u) => !isLive(u.status))) return 'ORGANIZATION_NOT_LIVE';
  await deps.ledger.ledger.person.transferWithQuota.mutate({ id: transferIdOf(deps.idKey, matter.id), slotId: request.slotId, fromOrganizationId: request.fromOrganizationId, organizationId: request.toOrganizationId, documentNumber: matter.approvalDocumentNumber ?? undefined, approvalRef: `matter/${matter.id}` });
  return null;
}

/** A 带编调任 matter as the reader sees it: names where the reader may see the units. */
export async function personTransferPreviewOf(deps: MatterDeps, matter: repo.MatterRow, visible: Set<string>): Promise<PersonTransferPreview | null> {
  const request = matter.content.transfer;
  if (!request) return null;
  const [from, to] = await Promise.all([request.fromOrganizationId, request.toOrganizationId].map((id) => deps.registry.registry.organization.get.query({ id }).catch(() => null)));
  const seen = (unit: typeof from) => (unit && visible.has(unit.jurisdictionId) ? unit : null);
  const roll = seen(from) ? await deps.ledger.ledger.person.roll.query({ organizationId: request.fromOrganizationId, includeExited: true }) : [];
  const slot = roll.find((s) => s.id === request.slotId);
  const moved = seen(to) && matter.state === 'applied' ? (await deps.ledger.ledger.person.roll.query({ organizationId: request.toOrganizationId, includeExited: false })).find((s) => s.personId === slot?.personId) : undefined;
  return { ...request, personName: slot?.name ?? null, fromName: seen(from)?.name ?? null, toName: seen(to)?.name ?? null, ledger: slot?.ledger ?? null, movement: '带编调任：编制随人划转', newSlotId: moved?.id ?? null };
}
