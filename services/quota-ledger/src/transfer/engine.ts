/**
 * The transfer engine (LEDGER.md): decides, against locked account balances, what a batch of
 * transfers does. Pure and synchronous, so the service runs it between locking the accounts and
 * writing the result, and tests can run it alone. PostgreSQL's CHECK constraints are the backstop
 * for the limits decided here.
 */
export interface AccountState {
  id: string;
  ledger: string;
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
  /** Vacancy accounts: what is used (pending or posted) never exceeds what was credited. */
  debitsMustNotExceedCredits: boolean;
  closed: boolean;
  version: number;
}

export interface PendingState {
  id: string;
  ledger: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  timeoutAt: Date | null;
  resolved: boolean;
}

export type TransferKind = 'single' | 'pending' | 'post' | 'void' | 'expire';

export interface TransferRequest {
  id: string;
  kind: TransferKind;
  code: string;
  /** single and pending */
  debitAccountId?: string | undefined;
  creditAccountId?: string | undefined;
  /** single and pending: the amount; post: at most the pending amount (default: all of it) */
  amount?: number | undefined;
  /** post, void, expire: the pending transfer they resolve */
  pendingId?: string | undefined;
  /** pending: when the sweeper may expire it */
  timeoutAt?: Date | null | undefined;
}

export const transferErrors = [
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_CLOSED',
  'SAME_ACCOUNT',
  'LEDGER_MISMATCH',
  'AMOUNT_INVALID',
  'EXCEEDS_CREDITS',
  'PENDING_NOT_FOUND',
  'PENDING_ALREADY_RESOLVED',
  'POST_EXCEEDS_PENDING',
  'PENDING_EXPIRED',
  'PENDING_NOT_EXPIRED',
  'LINKED_EVENT_FAILED',
] as const;
export type TransferError = (typeof transferErrors)[number];

export interface AppliedTransfer {
  id: string;
  kind: TransferKind;
  code: string;
  ledger: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  pendingId: string | null;
  timeoutAt: Date | null;
}

/** Change to one account's four balances made by one transfer. */
export interface BalanceDelta {
  accountId: string;
  transferId: string;
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
}

export type Outcome = { ok: true; transfer: AppliedTransfer } | { ok: false; error: TransferError };

export interface EngineResult {
  outcomes: Outcome[];
  applied: AppliedTransfer[];
  deltas: BalanceDelta[];
  /** pending id → how it was resolved */
  resolutions: { pendingId: string; resolvedBy: string; resolution: 'posted' | 'voided' | 'expired'; amount: number }[];
  accounts: Map<string, AccountState>;
}

function withinLimit(account: AccountState): boolean {
  return !account.debitsMustNotExceedCredits || account.debitsPending + account.debitsPosted <= account.creditsPosted;
}

function apply(account: AccountState, delta: Omit<BalanceDelta, 'accountId' | 'transferId'>): AccountState {
  return {
    ...account,
    debitsPending: account.debitsPending + delta.debitsPending,
    debitsPosted: account.debitsPosted + delta.debitsPosted,
    creditsPending: account.creditsPending + delta.creditsPending,
    creditsPosted: account.creditsPosted + delta.creditsPosted,
  };
}

const zero = { debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 };

/**
 * Runs a batch in order. Linked: all apply or none does (the first failure keeps its own error,
 * every other member gets LINKED_EVENT_FAILED). Not linked: each succeeds or fails on its own,
 * seeing the balances left by those before it.
 */
export function runTransfers(
  accountsIn: ReadonlyMap<string, AccountState>,
  pendingsIn: ReadonlyMap<string, PendingState>,
  requests: TransferRequest[],
  options: { linked: boolean; now: Date },
): EngineResult {
  const accounts = new Map(accountsIn);
  const pendings = new Map(pendingsIn);
  const outcomes: Outcome[] = [];
  const applied: AppliedTransfer[] = [];
  const deltas: BalanceDelta[] = [];
  const resolutions: EngineResult['resolutions'] = [];

  const one = (request: TransferRequest): Outcome => {
    let debit: AccountState | undefined;
    let credit: AccountState | undefined;
    let amount: number;
    let debitDelta = { ...zero };
    let creditDelta = { ...zero };
    let pending: PendingState | undefined;
    if (request.kind === 'single' || request.kind === 'pending') {
      debit = accounts.get(request.debitAccountId ?? '');
      credit = accounts.get(request.creditAccountId ?? '');
      if (!debit || !credit) return { ok: false, error: 'ACCOUNT_NOT_FOUND' };
      if (debit.id === credit.id) return { ok: false, error: 'SAME_ACCOUNT' };
      if (debit.ledger !== credit.ledger) return { ok: false, error: 'LEDGER_MISMATCH' };
      if (debit.closed || credit.closed) return { ok: false, error: 'ACCOUNT_CLOSED' };
      amount = request.amount ?? 0;
      if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, error: 'AMOUNT_INVALID' };
      if (request.kind === 'single') {
        debitDelta = { ...zero, debitsPosted: amount };
        creditDelta = { ...zero, creditsPosted: amount };
      } else {
        debitDelta = { ...zero, debitsPending: amount };
        creditDelta = { ...zero, creditsPending: amount };
      }
    } else {
      pending = pendings.get(request.pendingId ?? '');
      if (!pending) return { ok: false, error: 'PENDING_NOT_FOUND' };
      if (pending.resolved) return { ok: false, error: 'PENDING_ALREADY_RESOLVED' };
      debit = accounts.get(pending.debitAccountId);
      credit = accounts.get(pending.creditAccountId);
      if (!debit || !credit) return { ok: false, error: 'ACCOUNT_NOT_FOUND' };
      const expired = pending.timeoutAt !== null && pending.timeoutAt.getTime() <= options.now.getTime();
      if (request.kind === 'expire' && !expired) return { ok: false, error: 'PENDING_NOT_EXPIRED' };
      if (request.kind === 'post' && expired) return { ok: false, error: 'PENDING_EXPIRED' };
      amount = request.kind === 'post' ? (request.amount ?? pending.amount) : pending.amount;
      if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, error: 'AMOUNT_INVALID' };
      if (amount > pending.amount) return { ok: false, error: 'POST_EXCEEDS_PENDING' };
      const posted = request.kind === 'post' ? amount : 0;
      debitDelta = { ...zero, debitsPending: -pending.amount, debitsPosted: posted };
      creditDelta = { ...zero, creditsPending: -pending.amount, creditsPosted: posted };
    }
    const nextDebit = apply(debit, debitDelta);
    const nextCredit = apply(credit, creditDelta);
    if (!withinLimit(nextDebit) || !withinLimit(nextCredit)) return { ok: false, error: 'EXCEEDS_CREDITS' };

    accounts.set(debit.id, nextDebit);
    accounts.set(credit.id, nextCredit);
    const transfer: AppliedTransfer = {
      id: request.id,
      kind: request.kind,
      code: request.code,
      ledger: debit.ledger,
      debitAccountId: debit.id,
      creditAccountId: credit.id,
      amount,
      pendingId: pending?.id ?? null,
      timeoutAt: request.kind === 'pending' ? (request.timeoutAt ?? null) : null,
    };
    if (pending) {
      pendings.set(pending.id, { ...pending, resolved: true });
      resolutions.push({ pendingId: pending.id, resolvedBy: request.id, resolution: request.kind === 'post' ? 'posted' : request.kind === 'void' ? 'voided' : 'expired', amount });
    }
    if (request.kind === 'pending') {
      pendings.set(request.id, { id: request.id, ledger: debit.ledger, debitAccountId: debit.id, creditAccountId: credit.id, amount, timeoutAt: transfer.timeoutAt, resolved: false });
    }
    applied.push(transfer);
    deltas.push({ accountId: debit.id, transferId: request.id, ...debitDelta }, { accountId: credit.id, transferId: request.id, ...creditDelta });
    return { ok: true, transfer };
  };

  for (const request of requests) outcomes.push(one(request));

  if (options.linked && outcomes.some((o) => !o.ok)) {
    const firstFailure = outcomes.findIndex((o) => !o.ok);
    return {
      outcomes: outcomes.map((o, i) => (i === firstFailure ? o : { ok: false, error: 'LINKED_EVENT_FAILED' as const })),
      applied: [],
      deltas: [],
      resolutions: [],
      accounts: new Map(accountsIn),
    };
  }
  return { outcomes, applied, deltas, resolutions, accounts };
}
