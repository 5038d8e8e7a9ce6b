import { sql } from 'kysely';
import type { Principal } from '@bianzhi/domain/access';
import { mayTransferDirectly, movementRefusal, relationOf, type JurisdictionTree } from '@bianzhi/domain/authority';
import { setBounded } from '@bianzhi/domain/bounded-map';
import { DomainError } from '@bianzhi/domain/errors';
import type { JurisdictionLevel } from '@bianzhi/domain/jurisdiction';
import { pgArray } from '@bianzhi/db/pg-array';
import type { LedgerDeps, LedgerTransfer } from './transfer.service.js';

interface AccountKindRow {
  kind: string;
  jurisdictionId: string;
}

/**
 * The authority table (`@bianzhi/domain/authority`) applied to `ledger.transfer.create`: every
 * transfer's movement (code × debit kind × credit kind × where the jurisdictions stand) must be one
 * the caller may apply directly, else the whole request is refused with TRANSFER_NOT_AUTHORIZED and
 * nothing is written. Account kinds never change, so they are remembered; the jurisdiction tree is
 * asked for only when a movement leaves its jurisdiction or the rule depends on the level.
 */
export function transferAuthority(deps: Pick<LedgerDeps, 'db' | 'scope'>) {
  const known = new Map<string, AccountKindRow>();

  async function kindsOf(ids: string[]): Promise<Map<string, AccountKindRow>> {
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      const { rows } = await sql<{ id: string; kind: string; jurisdiction_id: string }>`select id, kind, jurisdiction_id from ledger.accounts where id = any(${pgArray('uuid', missing)})`.execute(deps.db);
      for (const row of rows) setBounded(known, row.id, { kind: row.kind, jurisdictionId: row.jurisdiction_id }, 200_000);
    }
    return known;
  }

  return async function assertAuthorized(principal: Principal, transfers: readonly LedgerTransfer[]): Promise<void> {
    const accountIds: string[] = [];
    for (const t of transfers) {
      if (t.kind === 'single' || t.kind === 'pending') accountIds.push(t.debitAccountId, t.creditAccountId);
      else if (!principal.roles.includes('system') || t.kind === 'expire') {
        // Posting or voiding a reservation is the plans' and the roll's work.
        throw refusal(principal, { code: t.code, debit: 'vacant', credit: 'occupied' }, 'command_only');
      }
    }
    const kinds = await kindsOf(accountIds);
    let tree: JurisdictionTree | null = null;
    const treeOf = async () => (tree ??= new Map((await deps.scope.jurisdictionsOf(principal)).map((j) => [j.id, { parentId: j.parentId, level: j.level }])));
    for (const t of transfers) {
      if (t.kind !== 'single' && t.kind !== 'pending') continue;
      const debit = kinds.get(t.debitAccountId);
      const credit = kinds.get(t.creditAccountId);
      // Unknown accounts are the write path's to refuse (ACCOUNT_NOT_FOUND per transfer).
      if (!debit || !credit) continue;
      const code = t.kind === 'pending' ? 'reserve' : t.code;
      const same = debit.jurisdictionId === credit.jurisdictionId;
      const needsTree = !same || code === 'approve_total' || code === 'cut';
      const levels = needsTree ? await treeOf() : null;
      const movement = {
        code,
        debit: debit.kind,
        credit: credit.kind,
        relation: levels ? relationOf(levels, debit.jurisdictionId, credit.jurisdictionId) : ('same' as const),
        debitLevel: (levels?.get(debit.jurisdictionId)?.level ?? 'unknown') as JurisdictionLevel,
      };
      const decision = mayTransferDirectly(principal.roles, movement, { ownJurisdiction: principal.jurisdictionId === debit.jurisdictionId && same, approvalRef: t.approvalRef ?? null });
      if (!decision.allowed) throw refusal(principal, movement, decision.reason);
      if (!principal.roles.includes('system') && !t.documentNumber) {
        throw new DomainError('TRANSFER_NOT_AUTHORIZED', `transfer ${t.id} has no document number`, { transferId: t.id }, { 'zh-CN': '编制变动须填写文号', en: 'A quota movement needs its document number' });
      }
    }
  };
}

function refusal(principal: Principal, movement: { code: string; debit: string; credit: string }, reason: Parameters<typeof movementRefusal>[2]['reason']): DomainError {
  const localized = movementRefusal(principal.roles, movement, { allowed: false, reason, rule: null });
  return new DomainError('TRANSFER_NOT_AUTHORIZED', localized.en, { movement, roles: principal.roles, reason }, localized);
}
