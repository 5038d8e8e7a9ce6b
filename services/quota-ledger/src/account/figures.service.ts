import { sql } from 'kysely';
import type { JurisdictionQuotaRow, QuotaType } from '@bianzhi/contracts/ledger';
import type { Principal } from '@bianzhi/domain/access';
import type { LedgerDeps } from '../transfer/transfer.service.js';

/** Each visible jurisdiction's figures per quota type, from the account balances (one grouped scan). */
export async function quotaByJurisdiction(deps: LedgerDeps, principal: Principal, input: { ledger?: QuotaType | undefined }): Promise<JurisdictionQuotaRow[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && visible.length === 0) return [];
  const { rows } = await sql<Record<string, string | number>>`
    select jurisdiction_id, ledger,
      sum(case when kind = 'external' then debits_posted - credits_posted else 0 end) as approved_total,
      sum(case when kind = 'unallocated' then credits_posted - debits_posted else 0 end) as unallocated,
      sum(case when kind = 'turnover' then credits_posted - debits_posted else 0 end) as turnover,
      sum(case when kind = 'reserve' then credits_posted - debits_posted else 0 end) as reserve,
      sum(case when kind = 'frozen' then credits_posted - debits_posted else 0 end) as frozen,
      sum(case when holder_kind = 'organization' then credits_posted - debits_posted else 0 end) as quota,
      sum(case when kind = 'occupied' then credits_posted - debits_posted else 0 end) as occupied,
      sum(case when kind = 'vacant' then debits_pending else 0 end) as reserved,
      count(*) filter (where kind = 'vacant') as units
    from ledger.accounts
    where (${visible === null} or jurisdiction_id in (select unnest(${visible ?? []}::uuid[])))
      and (${input.ledger ?? null}::text is null or ledger = ${input.ledger ?? null})
    group by jurisdiction_id, ledger
    order by jurisdiction_id, ledger`.execute(deps.db);
  return rows.map((r) => {
    const n = (key: string) => Number(r[key] ?? 0);
    return {
      jurisdictionId: String(r['jurisdiction_id']),
      ledger: r['ledger'] as QuotaType,
      approvedTotal: n('approved_total'),
      unallocated: n('unallocated'),
      turnover: n('turnover'),
      reserve: n('reserve'),
      frozen: n('frozen'),
      quota: n('quota'),
      occupied: n('occupied'),
      reserved: n('reserved'),
      vacant: n('quota') - n('occupied') - n('reserved'),
      units: n('units'),
    };
  });
}
