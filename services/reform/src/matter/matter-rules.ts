import type { QuotaMove } from '@bianzhi/contracts/approval';
import type { AccountBalances } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import { mayFileMovement, movementLabel, movementRefusal, relationOf, type JurisdictionTree } from '@bianzhi/domain/authority';
import { chinaDayStart, addDays, todayInChina } from '@bianzhi/domain/calendar';
import { DomainError, bilingual } from '@bianzhi/domain/errors';
import { isAncestorOf, pathUp, rootOf, type JurisdictionLevel } from '@bianzhi/domain/jurisdiction';
import { higherOf, type ChainJurisdiction } from '@bianzhi/domain/matters';
import type { WorkingCalendar } from '@bianzhi/domain/working-days';

export interface TreeNode extends ChainJurisdiction {
  name: string;
}
export type Tree = Map<string, TreeNode>;

/** The end of a limit of `days` working days that starts at `from` (the close of its last day, China time). */
export function deadlineAfter(calendar: WorkingCalendar, from: Date, days: number): Date {
  return chinaDayStart(addDays(calendar.addWorkingDays(todayInChina(from), days), 1));
}

/** The morning of a deadline's last day: when its reminder goes out. */
export function reminderFor(deadline: Date): Date {
  return new Date(deadline.getTime() - 24 * 3600_000);
}

/**
 * Where a matter about `at` is decided: a district decides inside its subtree what the city left to
 * it, a township decides nothing itself (its district does), and the city's take-up of a kind for a
 * jurisdiction (审批权上收) covers that jurisdiction's whole subtree.
 */
export function decidingLevel(tree: Tree, at: string, takenUp: (jurisdictionId: string) => boolean): string {
  let decidedAt = at;
  if (tree.get(decidedAt)?.level === 'township') decidedAt = tree.get(decidedAt)!.parentId ?? decidedAt;
  return pathUp(tree, decidedAt).some(takenUp) ? rootOf(tree, decidedAt) : decidedAt;
}

export interface ResolvedMove {
  move: QuotaMove;
  debit: AccountBalances;
  credit: AccountBalances;
  movement: string;
}

/**
 * Checks a matter's moves against the authority table and the filer's scope, and finds the level
 * that decides it: the highest of each move's deciding level (the city for `city` rules and for
 * kinds the city took up, 审批权上收) and the filer's own level.
 */
export function routeMoves(
  principal: Principal,
  moves: { move: QuotaMove; debit: AccountBalances; credit: AccountBalances }[],
  context: { tree: Tree; visible: Set<string>; takenUp: (jurisdictionId: string) => boolean },
): { decidingJurisdictionId: string; resolved: ResolvedMove[] } {
  const { tree } = context;
  const filerJurisdiction = principal.jurisdictionId!;
  const levels: JurisdictionTree = new Map([...tree].map(([id, j]) => [id, { parentId: j.parentId, level: j.level }]));
  let deciding = filerJurisdiction;
  const resolved: ResolvedMove[] = [];
  for (const { move, debit, credit } of moves) {
    if (debit.ledger !== move.ledger || credit.ledger !== move.ledger) {
      throw new DomainError('MATTER_INVALID', 'accounts of another quota type', { move }, bilingual('调出和调入账户须为同一编制类型', 'Both accounts must hold the quota type of the move'));
    }
    if (debit.id === credit.id) throw new DomainError('MATTER_INVALID', 'same account', { move }, bilingual('调出和调入不能是同一账户', 'The two accounts must differ'));
    // Each side lies in the filer's scope, or above it (asking the level above for quota, or returning
    // it); and at least one side in the filer's own subtree (a district does not file the city's moves).
    const inSubtree = (id: string) => id === filerJurisdiction || isAncestorOf(tree, filerJurisdiction, id);
    for (const side of [debit, credit]) {
      if (!context.visible.has(side.jurisdictionId) && !isAncestorOf(tree, side.jurisdictionId, filerJurisdiction)) {
        throw new DomainError('OUT_OF_SCOPE', `account ${side.id} is outside the filer's jurisdiction`);
      }
    }
    if (!inSubtree(debit.jurisdictionId) && !inSubtree(credit.jurisdictionId)) throw new DomainError('OUT_OF_SCOPE', 'neither account lies in the filer’s jurisdiction');
    const movement = { code: move.code, debit: debit.kind, credit: credit.kind, relation: relationOf(levels, debit.jurisdictionId, credit.jurisdictionId), debitLevel: (tree.get(debit.jurisdictionId)?.level ?? 'township') as JurisdictionLevel };
    const decision = mayFileMovement(principal.roles, movement);
    if (!decision.allowed) {
      const localized = movementRefusal(principal.roles, movement, decision, 'file');
      throw new DomainError('TRANSFER_NOT_AUTHORIZED', localized.en, { movement, reason: decision.reason }, localized);
    }
    if (decision.rule.channel === 'direct') {
      throw new DomainError('MATTER_INVALID', 'a direct movement is not filed as a matter', { movement }, bilingual(`${movementLabel(movement, 'zh-CN')}由本级编办直接办理，不需申报事项`, `${movementLabel(movement, 'en')} is done directly by the jurisdiction's bureau, not filed as a matter`));
    }
    const decidedAt = decision.rule.decidedAt === 'city' ? rootOf(tree, debit.jurisdictionId) : higherOf(tree, debit.jurisdictionId, credit.jurisdictionId);
    deciding = higherOf(tree, deciding, decidingLevel(tree, decidedAt, context.takenUp));
    resolved.push({ move, debit, credit, movement: movementLabel(movement, 'zh-CN') });
  }
  return { decidingJurisdictionId: deciding, resolved };
}
