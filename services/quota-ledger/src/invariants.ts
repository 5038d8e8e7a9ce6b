import { sql, type QueryExecutorProvider } from 'kysely';

/**
 * The ledger's invariants (LEDGER.md, "Proof"; DOMAIN.md invariants 1-3), checked against the tables,
 * once for the tests, the benchmarks and `npm run ledger:verify` on a live database. Each problem is
 * named with the account, quota type or transfer it concerns; none means the ledger holds:
 * - `conservation <type>`: quota is only moved, so every type's posted balances sum to zero, and so do
 *   its pending amounts;
 * - `limit <account>`: an account that may not go below zero did (posted and pending debits above credits);
 * - `fold <account>`: the account's balances and version are not the sum and count of its entries
 *   (versions gapless: one entry per version, the last version the account's);
 * - `resolved twice <pending>`: a pending transfer posted or voided twice;
 * - `audit <transfer>` (with `audit: true`): a transfer without exactly one audit event;
 * - `roll <type>` (with `roll: true`): occupied quota not equal to the open slots of the real-name roll.
 */
export async function checkLedgerInvariants(db: QueryExecutorProvider, options: { audit?: boolean; roll?: boolean } = {}): Promise<string[]> {
  const { rows } = await sql<{ problem: string }>`
    select 'conservation ' || ledger as problem from ledger.accounts group by ledger having sum(credits_posted - debits_posted) <> 0
    union all select 'conservation (pending) ' || ledger from ledger.accounts group by ledger having sum(credits_pending - debits_pending) <> 0
    union all select 'limit ' || id from ledger.accounts where debits_must_not_exceed_credits and debits_pending + debits_posted > credits_posted
    union all select 'fold ' || a.id from ledger.accounts a left join (
        select account_id, sum(d_debits_pending) dp, sum(d_debits_posted) dpo, sum(d_credits_pending) cp, sum(d_credits_posted) cpo, count(*) n, max(version) v
        from ledger.entries group by account_id) e on e.account_id = a.id
      where a.debits_pending <> coalesce(e.dp, 0) or a.debits_posted <> coalesce(e.dpo, 0) or a.credits_pending <> coalesce(e.cp, 0)
         or a.credits_posted <> coalesce(e.cpo, 0) or a.version <> coalesce(e.v, 0) or coalesce(e.n, 0) <> coalesce(e.v, 0)
    union all select 'resolved twice ' || pending_id from ledger.pending_resolutions group by pending_id having count(*) > 1`.execute(db);
  const problems = rows.map((r) => r.problem);
  if (options.audit) {
    const { rows: unaudited } = await sql<{ problem: string }>`
      select 'audit ' || t.id as problem from ledger.transfers t left join (
          select id, count(*) n from (
            select aggregate_id as id from ledger.outbox where aggregate_type = 'transfer'
            union all select x->>'id' from ledger.outbox o, json_array_elements(o.payload->'transfers') x where o.event_type = 'ledger.transfer.batch') audited
          group by id) a on a.id = t.id::text
        where coalesce(a.n, 0) <> 1`.execute(db);
    problems.push(...unaudited.map((r) => r.problem));
  }
  if (options.roll) {
    const { rows: roll } = await sql<{ problem: string }>`
      select 'roll ' || coalesce(o.ledger, s.ledger) || ': occupied ' || coalesce(o.occupied, 0) || ', open slots ' || coalesce(s.open, 0) as problem
      from (select ledger, sum(credits_posted - debits_posted)::int occupied from ledger.accounts where kind = 'occupied' group by ledger) o
      full join (select ledger, count(*)::int open from ledger.slots where exit_kind is null group by ledger) s on s.ledger = o.ledger
      where coalesce(o.occupied, 0) <> coalesce(s.open, 0)`.execute(db);
    problems.push(...roll.map((r) => r.problem));
  }
  return problems;
}
