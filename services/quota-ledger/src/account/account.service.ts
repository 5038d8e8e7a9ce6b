import { poolKinds, type AccountBalances, type AccountDto, type QuotaType, type StatementLine } from '@bianzhi/contracts/ledger';
import { DomainError } from '@bianzhi/domain/errors';
import { sql } from 'kysely';
import type { LedgerDeps } from '../transfer/transfer.service.js';
import type { Principal } from '@bianzhi/domain/access';
import { appendOutboxEvent } from '@bianzhi/db/outbox';
import { auditActorOf } from '@bianzhi/trpc/audit-actor';
import type { LedgerDb } from '../db.js';
import * as repo from './account.repository.js';
import { simpleWorkbook } from '@bianzhi/sheets/read';

/**
 * Accounts an organization holds per quota type: `vacant` (quota not yet used; may never go
 * negative) and `occupied` (named staff). Quota moves between them by transfers (LEDGER.md).
 */
const organizationAccountKinds = [
  { kind: 'vacant', debitsMustNotExceedCredits: true },
  { kind: 'occupied', debitsMustNotExceedCredits: false },
] as const;

/**
 * Opens the accounts a holder lacks (a retried call opens nothing twice) and records the opening
 * as one audit event on the holder.
 */
async function openAccounts(
  db: LedgerDb,
  principal: Principal,
  holder: { kind: 'organization' | 'pool'; id: string; jurisdictionId: string; eventType: string; aggregateType: string },
  wanted: { ledger: QuotaType; kind: string; debitsMustNotExceedCredits: boolean }[],
  requestId?: string,
): Promise<AccountDto[]> {
  return db.transaction().execute(async (trx) => {
    const opened = await repo.insertMissingAccounts(trx, wanted.map((w) => ({ ...w, holderKind: holder.kind, holderId: holder.id, jurisdictionId: holder.jurisdictionId })));
    if (opened.length > 0) {
      await appendOutboxEvent(trx, 'ledger', {
        type: holder.eventType,
        aggregateType: holder.aggregateType,
        aggregateId: holder.id,
        jurisdictionId: holder.jurisdictionId,
        actor: auditActorOf(principal),
        payload: { accounts: opened.map((a) => ({ id: a.id, ledger: a.ledger, kind: a.kind })) },
        requestId,
      });
    }
    return repo.listAccountsOfHolder(trx, holder.id, null);
  });
}

export function openOrganizationAccounts(
  db: LedgerDb,
  principal: Principal,
  input: { organizationId: string; jurisdictionId: string; quotaTypes: QuotaType[] },
  requestId?: string,
): Promise<AccountDto[]> {
  const wanted = [...new Set(input.quotaTypes)].flatMap((ledger) => organizationAccountKinds.map((k) => ({ ledger, ...k })));
  const holder = { kind: 'organization' as const, id: input.organizationId, jurisdictionId: input.jurisdictionId, eventType: 'ledger.accounts.opened', aggregateType: 'organization' };
  return openAccounts(db, principal, holder, wanted, requestId);
}

/**
 * A jurisdiction's pools per quota type (DOMAIN.md): the external source (the level above's
 * approved total, the only way quota enters or leaves), and the unallocated, turnover, reserve and
 * frozen pools, which like vacancies can never give more than they hold.
 */
export async function openJurisdictionPools(deps: LedgerDeps, principal: Principal, input: { jurisdictionId: string; quotaTypes: QuotaType[] }, requestId?: string): Promise<AccountDto[]> {
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && !visible.includes(input.jurisdictionId)) throw new DomainError('OUT_OF_SCOPE');
  const wanted = [...new Set(input.quotaTypes)].flatMap((ledger) => poolKinds.map((kind) => ({ ledger, kind, debitsMustNotExceedCredits: kind !== 'external' })));
  const holder = { kind: 'pool' as const, id: input.jurisdictionId, jurisdictionId: input.jurisdictionId, eventType: 'ledger.pools.opened', aggregateType: 'jurisdiction' };
  return openAccounts(deps.db, principal, holder, wanted, requestId);
}

async function visibleAccount(deps: LedgerDeps, principal: Principal, id: string) {
  const row = await deps.db.selectFrom('ledger.accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `account ${id} not found`);
  const visible = await deps.scope.jurisdictionIdsOf(principal);
  if (visible && !visible.includes(row.jurisdiction_id)) throw new DomainError('OUT_OF_SCOPE');
  return row;
}

export async function getAccount(deps: LedgerDeps, principal: Principal, id: string): Promise<AccountBalances> {
  const row = await visibleAccount(deps, principal, id);
  const balance = row.credits_posted - row.debits_posted;
  return {
    id: row.id,
    ledger: row.ledger as QuotaType,
    holderKind: row.holder_kind as AccountBalances['holderKind'],
    holderId: row.holder_id,
    jurisdictionId: row.jurisdiction_id,
    kind: row.kind,
    debitsPending: row.debits_pending,
    debitsPosted: row.debits_posted,
    creditsPending: row.credits_pending,
    creditsPosted: row.credits_posted,
    balance,
    available: balance - row.debits_pending,
    version: row.version,
  };
}

/** Entries newest first, each with the balance before and after it. */
export async function accountStatement(deps: LedgerDeps, principal: Principal, input: { accountId: string; limit: number; beforeVersion?: number | undefined }): Promise<StatementLine[]> {
  await visibleAccount(deps, principal, input.accountId);
  let query = deps.db
    .selectFrom('ledger.entries as e')
    .innerJoin('ledger.transfers as t', 't.id', 'e.transfer_id')
    .select(['e.version', 'e.transfer_id', 't.code', 'e.effective_date', 't.document_number', 'e.credits_posted', 'e.debits_posted', 'e.d_credits_posted', 'e.d_debits_posted', 'e.debits_pending', 'e.d_debits_pending', 'e.created_at'])
    .where('e.account_id', '=', input.accountId);
  if (input.beforeVersion) query = query.where('e.version', '<', input.beforeVersion);
  const rows = await query.orderBy('e.version', 'desc').limit(input.limit).execute();
  return rows.map((r) => {
    const after = r.credits_posted - r.debits_posted;
    return {
      version: r.version,
      transferId: r.transfer_id,
      code: r.code,
      effectiveDate: r.effective_date,
      documentNumber: r.document_number,
      balanceBefore: after - (r.d_credits_posted - r.d_debits_posted),
      balanceAfter: after,
      pendingBefore: r.debits_pending - r.d_debits_pending,
      pendingAfter: r.debits_pending,
      createdAt: r.created_at,
    };
  });
}

/** The posted balance at the end of a day: every entry effective by then, whatever order it was recorded in. */
export async function balanceAsOf(deps: LedgerDeps, principal: Principal, input: { accountId: string; asOf: string }): Promise<{ accountId: string; asOf: string; balance: number; pending: number }> {
  await visibleAccount(deps, principal, input.accountId);
  const { rows } = await sql<{ balance: number | null; pending: number | null }>`
    select sum(d_credits_posted - d_debits_posted)::bigint as balance, sum(d_debits_pending)::bigint as pending
    from ledger.entries where account_id = ${input.accountId} and effective_date <= ${input.asOf}`.execute(deps.db);
  return { accountId: input.accountId, asOf: input.asOf, balance: Number(rows[0]?.balance ?? 0), pending: Number(rows[0]?.pending ?? 0) };
}

/** Why quota moved, in the bureau's words (statement exports). */
export const transferCodeLabels: Record<string, string> = {
  approve_total: '核定总额', allocate: '核定', increase: '核增', recover: '核减/收回', transfer: '划转', delegate: '下沉/下放',
  freeze: '冻结', unfreeze: '解冻', borrow: '借用周转池', return: '归还周转池', cut: '精简', reserve: '用编预留',
  enter: '入编', exit: '出编', post: '预留转入编', void: '撤销预留', expire: '预留过期',
};

/** The whole statement of an account (up to 50,000 entries, oldest first) as an Excel sheet. */
export async function exportStatement(deps: LedgerDeps, principal: Principal, input: { accountId: string }) {
  const account = await visibleAccount(deps, principal, input.accountId);
  const lines = (await accountStatement(deps, principal, { accountId: input.accountId, limit: 50_000 })).reverse();
  const content = await simpleWorkbook(
    '账户明细',
    [{ header: '序号', width: 8 }, { header: '生效日期', width: 12 }, { header: '事由', width: 14 }, { header: '文号', width: 24 }, { header: '变动前', width: 10 }, { header: '变动', width: 10 }, { header: '变动后', width: 10 }, { header: '预留变动后', width: 12 }, { header: '记账时间', width: 22 }],
    lines.map((l) => [l.version, l.effectiveDate, transferCodeLabels[l.code] ?? l.code, l.documentNumber ?? '', l.balanceBefore, l.balanceAfter - l.balanceBefore, l.balanceAfter, l.pendingAfter, l.createdAt.toISOString()]),
    { title: `编制账户明细（${account.ledger} / ${account.kind}）` },
  );
  return { filename: `账户明细-${account.id.slice(0, 8)}.xlsx`, contentBase64: content.toString('base64'), rows: lines.length };
}
