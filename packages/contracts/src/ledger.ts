import { z } from 'zod';
import { uuid } from './common.js';

export const quotaTypes = ['administrative', 'political_legal', 'institution', 'organ_worker', 'filed_headcount'] as const;
export const quotaType = z.enum(quotaTypes);
export type QuotaType = z.infer<typeof quotaType>;

export const openOrganizationAccountsInput = z.object({
  organizationId: uuid,
  jurisdictionId: uuid,
  quotaTypes: z.array(quotaType).min(1).max(quotaTypes.length),
});

export const listAccountsInput = z.object({ holderId: uuid });

export interface AccountDto {
  id: string;
  ledger: QuotaType;
  holderKind: 'organization' | 'pool';
  holderId: string;
  jurisdictionId: string;
  kind: string;
  balance: number;
  /** Held by reservations (staffing-use plans) not yet posted or voided. */
  pending: number;
}

/** Why quota moved (DOMAIN.md, "Transfers"); a transfer's code is one of these. */
export const transferCodes = [
  'approve_total', // 核定总额: from the external source (the level above) into the jurisdiction's pool
  'allocate', // 核定
  'increase', // 核增
  'recover', // 核减/收回
  'transfer', // 划转
  'delegate', // 下沉/下放
  'freeze',
  'unfreeze',
  'borrow', // 周转池借用
  'return', // 归还周转池
  'cut', // 精简
  'reserve', // 用编计划
  'enter', // 入编
  'exit', // 出编
  'post',
  'void',
  'expire',
] as const;
export const transferCode = z.enum(transferCodes);

const transferBasis = {
  /** Client-chosen; a retry with the same id and body returns the first result. */
  id: uuid,
  documentNumber: z.string().trim().min(1).max(100).optional(),
  effectiveDate: z.iso.date().optional(),
  /** The approval a rule needs (e.g. over-quota hiring, penalty decisions). */
  approvalRef: z.string().trim().min(1).max(200).optional(),
};
const amount = z.number().int().positive().max(1_000_000);

export const transferInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), debitAccountId: uuid, creditAccountId: uuid, amount, code: transferCode, ...transferBasis }),
  z.object({ kind: z.literal('pending'), debitAccountId: uuid, creditAccountId: uuid, amount, code: transferCode.default('reserve'), timeoutAt: z.coerce.date().optional(), ...transferBasis }),
  z.object({ kind: z.literal('post'), pendingId: uuid, amount: amount.optional(), code: transferCode.default('post'), ...transferBasis }),
  z.object({ kind: z.literal('void'), pendingId: uuid, code: transferCode.default('void'), ...transferBasis }),
]);
export type TransferInput = z.infer<typeof transferInput>;

export const createTransfersInput = z.object({
  transfers: z.array(transferInput).min(1).max(8_000),
  /** All apply in order or none does. */
  linked: z.boolean().default(false),
});

export interface TransferResult {
  id: string;
  status: 'created' | 'exists' | 'failed';
  /** Why it failed: ACCOUNT_NOT_FOUND, EXCEEDS_CREDITS, LINKED_EVENT_FAILED, ID_REUSED … */
  error: string | null;
}

export interface TransferDto {
  id: string;
  ledger: QuotaType;
  kind: 'single' | 'pending' | 'post' | 'void' | 'expire';
  code: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  pendingId: string | null;
  timeoutAt: Date | null;
  documentNumber: string | null;
  effectiveDate: string;
  approvalRef: string | null;
  createdAt: Date;
}

export const openPoolsInput = z.object({ jurisdictionId: uuid, quotaTypes: z.array(quotaType).min(1).max(quotaTypes.length) });
export const poolKinds = ['external', 'unallocated', 'turnover', 'reserve', 'frozen'] as const;

export const accountIdInput = z.object({ id: uuid });
export const statementInput = z.object({ accountId: uuid, limit: z.number().int().min(1).max(1000).default(100), beforeVersion: z.number().int().min(1).optional() });
export const balanceAsOfInput = z.object({ accountId: uuid, asOf: z.iso.date() });

export interface AccountBalances {
  id: string;
  ledger: QuotaType;
  holderKind: 'organization' | 'pool';
  holderId: string;
  jurisdictionId: string;
  kind: string;
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
  /** credits posted − debits posted */
  balance: number;
  /** balance − debits pending: what can still be used */
  available: number;
  version: number;
}

export interface StatementLine {
  version: number;
  transferId: string;
  code: string;
  effectiveDate: string;
  documentNumber: string | null;
  balanceBefore: number;
  balanceAfter: number;
  pendingBefore: number;
  pendingAfter: number;
  createdAt: Date;
}

// The real-name roll (实名制)
export const entryKinds = ['exam', 'transfer_in', 'military', 'talent'] as const;
export const exitKinds = ['retirement', 'resignation', 'transfer_out', 'death', 'dismissal'] as const;
export const postCategories = ['management', 'professional', 'worker'] as const;

export const personFields = z.object({
  name: z.string().trim().min(1).max(50),
  /** 18 characters, GB 11643 check character; birth date and sex are read from it. */
  idNumber: z.string().trim().toUpperCase().length(18),
  education: z.string().trim().max(50).default(''),
  postCategory: z.enum(postCategories),
});

export const enterPersonInput = z.object({
  /** Client-chosen: the id of the transfer that posts the reservation; a retry enters nobody twice. */
  id: uuid,
  person: personFields,
  /** The approved staffing-use plan whose next reserved place the person takes. */
  planId: uuid,
  entryKind: z.enum(entryKinds),
  enteredOn: z.iso.date().optional(),
  documentNumber: z.string().trim().min(1).max(100).optional(),
});

export const exitPersonInput = z.object({
  /** Client-chosen id of the transfer that frees the slot. */
  id: uuid,
  slotId: uuid,
  exitKind: z.enum(exitKinds),
  exitedOn: z.iso.date().optional(),
  documentNumber: z.string().trim().min(1).max(100).optional(),
});

export const rollInput = z.object({ organizationId: uuid, includeExited: z.boolean().default(false) });

export interface SlotDto {
  id: string;
  personId: string;
  name: string;
  idNumberMasked: string;
  sex: 'male' | 'female';
  birthDate: string;
  postCategory: (typeof postCategories)[number];
  /** Statutory retirement month (YYYY-MM) under the 2025 schedule (DOMAIN.md). */
  retirementMonth: string;
  organizationId: string;
  ledger: QuotaType;
  entryKind: (typeof entryKinds)[number];
  enteredOn: string;
  exitKind: (typeof exitKinds)[number] | null;
  exitedOn: string | null;
}

// Staffing-use plans (用编计划)
export const filePlanInput = z.object({
  /** Client-chosen plan id: filing twice files once. */
  id: uuid,
  organizationId: uuid,
  ledger: quotaType,
  places: z.number().int().min(1).max(1000),
  endsOn: z.iso.date(),
  reason: z.string().trim().min(1).max(1000),
});
export const decidePlanInput = z.object({ id: uuid, note: z.string().trim().max(500).optional() });
export const listPlansInput = z.object({ status: z.enum(['filed', 'approved', 'rejected', 'cancelled']).optional(), organizationId: uuid.optional() }).default({});

export interface PlanDto {
  id: string;
  organizationId: string;
  jurisdictionId: string;
  ledger: QuotaType;
  places: number;
  endsOn: string;
  reason: string;
  status: 'filed' | 'approved' | 'rejected' | 'cancelled';
  filedBy: { id: string; name?: string };
  filedAt: Date;
  decidedBy: { id: string; name?: string } | null;
  decidedAt: Date | null;
  /** Places still reserved (approved plans): not yet entered, voided or expired. */
  open: number;
  entered: number;
}

// Quota figures per jurisdiction (编制总览)
export const byJurisdictionInput = z.object({ ledger: quotaType.optional() }).default({});

/** One jurisdiction's own figures for one quota type (the UI sums a subtree from these). */
export interface JurisdictionQuotaRow {
  jurisdictionId: string;
  ledger: QuotaType;
  /** Approved by the level above (the external source's debit). */
  approvedTotal: number;
  /** Held in the jurisdiction's pools: unallocated, turnover, reserve, frozen. */
  unallocated: number;
  turnover: number;
  reserve: number;
  frozen: number;
  /** Given to units: quota = occupied + reserved + vacant. */
  quota: number;
  occupied: number;
  reserved: number;
  vacant: number;
  units: number;
}
