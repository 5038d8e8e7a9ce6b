import { z } from 'zod';
import { transferCodes } from '@bianzhi/domain/authority';
import { uuid } from './common.js';
import { serviceFunction, type ServiceFunction } from './workforce.js';

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

/** A jurisdiction's unallocated pool of one quota type, among the accounts `ledger.account.list` gives for it. */
export const unallocatedPoolOf = (accounts: AccountDto[], ledger: QuotaType): AccountDto | undefined => accounts.find((a) => a.holderKind === 'pool' && a.kind === 'unallocated' && a.ledger === ledger);

/** Why quota moved: the codes and their labels live with the authority table (`@bianzhi/domain/authority`). */
export { transferCodes, transferCodeLabels } from '@bianzhi/domain/authority';
export const transferCode = z.enum(transferCodes);
/** The bureau's names of the quota types, for files and reports written in Chinese. */
export const quotaTypeLabels: Record<(typeof quotaTypes)[number], string> = { administrative: '行政编制', political_legal: '政法专项编制', institution: '事业编制', organ_worker: '机关工勤编制', filed_headcount: '报备员额' };

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
  /** The batch the transfer was requested in, if it came with others. */
  batchId: string | null;
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
  /** 涉密岗位: never published in the named roll (实名制公示). */
  classifiedPost: boolean;
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
  /** `turnover`: talent introduction (人才引进) on quota borrowed from the jurisdiction's turnover pool. */
  source: z.enum(['vacancy', 'turnover']).default('vacancy'),
  /** The function the places serve (保洁, 安保, …), when it is one a unit could also buy: never both (两头占). */
  function: serviceFunction.optional(),
});
export const decidePlanInput = z.object({ id: uuid, note: z.string().trim().max(500).optional() });
export const listPlansInput = z.object({ status: z.enum(['filed', 'approved', 'rejected', 'cancelled']).optional(), organizationId: uuid.optional() }).default({});

export const planIdInput = z.object({ id: uuid });

export interface PlanDto {
  id: string;
  organizationId: string;
  jurisdictionId: string;
  ledger: QuotaType;
  places: number;
  endsOn: string;
  reason: string;
  status: 'filed' | 'approved' | 'rejected' | 'cancelled';
  function: ServiceFunction | null;
  filedBy: { id: string; name?: string };
  filedAt: Date;
  decidedBy: { id: string; name?: string } | null;
  decidedAt: Date | null;
  /** Places still reserved (approved plans): not yet entered, voided or expired. */
  open: number;
  entered: number;
  source: 'vacancy' | 'turnover';
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

// Controls on a unit's quota (DOMAIN.md, "Policy rules")
export const hiringRegimes = ['none', 'one_out_one_in', 'growth_cap'] as const;
export const unitControlInput = z.object({ organizationId: uuid, ledger: quotaType });
export const setUnitControlInput = unitControlInput.extend({
  regime: z.enum(hiringRegimes),
  overQuota: z.boolean(),
  documentNumber: z.string().trim().min(1).max(100).optional(),
});
export const penalizeInput = unitControlInput.extend({
  /** Client-chosen; recording twice records once. */
  id: uuid,
  mode: z.enum(['freeze', 'decrease']),
  amount: z.number().int().min(1).max(10_000),
  /** Default: the QUOTA-PENALTY rule's years in the unit's jurisdiction. */
  years: z.number().int().min(1).max(10).optional(),
  startsOn: z.iso.date().optional(),
  documentNumber: z.string().trim().min(1).max(100),
  reason: z.string().trim().min(1).max(1000),
});
export const liftPenaltyInput = z.object({ id: uuid, documentNumber: z.string().trim().min(1).max(100).optional() });

export interface PenaltyDto {
  id: string;
  organizationId: string;
  ledger: QuotaType;
  mode: 'freeze' | 'decrease';
  amount: number;
  startsOn: string;
  endsOn: string;
  documentNumber: string;
  reason: string;
  liftedOn: string | null;
  /** Running today: the unit gets no staffing approvals. */
  active: boolean;
}

export interface UnitControlDto {
  organizationId: string;
  ledger: QuotaType;
  regime: (typeof hiringRegimes)[number];
  overQuota: boolean;
  /** Whether the vacancy account refuses to go below zero (false only when recorded over quota). */
  vacancyLimited: boolean;
  documentNumber: string | null;
  penalties: PenaltyDto[];
}

// Balances per unit (ledger.balance.*)
export const unitBalanceInput = z.object({ organizationId: uuid, asOf: z.iso.date().optional() });
export interface UnitBalanceRow {
  ledger: QuotaType;
  quota: number;
  occupied: number;
  reserved: number;
  /** quota − occupied − reserved; negative when the unit is over quota. */
  vacant: number;
  over: number;
  vacantAccountId: string;
  occupiedAccountId: string;
}
export const jurisdictionBalanceInput = z.object({ jurisdictionId: uuid.optional(), ledger: quotaType.optional(), asOf: z.iso.date().optional() }).default({});
/** One jurisdiction's figures summed over its whole subtree, per type. */
export interface JurisdictionBalanceRow {
  jurisdictionId: string;
  name: string;
  ledger: QuotaType;
  approvedTotal: number;
  pools: number;
  quota: number;
  occupied: number;
  reserved: number;
  vacant: number;
  over: number;
  overUnits: number;
}

export const listTransfersInput = z
  .object({
    accountId: uuid.optional(),
    organizationId: uuid.optional(),
    documentNumber: z.string().trim().min(1).max(100).optional(),
    /** The transfers of one batch (a linked or unlinked request of several): its audit event names it. */
    batchId: uuid.optional(),
    code: transferCode.optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 100, offset: 0 });

// People (ledger.person.*)
export const personIdInput = z.object({ id: uuid });
export const searchPersonsInput = z.object({
  /** A name (prefix), or a whole 18-character ID number. */
  q: z.string().trim().min(1).max(50),
  organizationId: uuid.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
export const movePersonInput = z.object({
  /** Client-chosen id of the transfer out; the entry's id is derived from it. */
  id: uuid,
  slotId: uuid,
  /** An approved plan of the receiving unit: the person takes its next reserved place. */
  planId: uuid,
  movedOn: z.iso.date().optional(),
  documentNumber: z.string().trim().min(1).max(100).optional(),
});
/**
 * 带编调任: a person moves to another unit with their quota, as the platform applies an approved
 * matter (kind person_transfer): they leave their slot, one quota of its type moves from the old
 * unit's vacancies to the new unit's, and they take it there — all at once or not at all.
 */
export const transferWithQuotaInput = z.object({
  /** The platform's id for the move (derived from the matter); the other transfers' ids derive from it. */
  id: uuid,
  slotId: uuid,
  /** The unit the person moves from, as the matter named it: refused if they are elsewhere now. */
  fromOrganizationId: uuid,
  /** The receiving unit. */
  organizationId: uuid,
  movedOn: z.iso.date().optional(),
  documentNumber: z.string().trim().min(1).max(100).optional(),
  /** The approved matter the move applies (`matter/<id>`). */
  approvalRef: z.string().trim().min(1).max(200),
});
export interface PersonDto {
  id: string;
  name: string;
  idNumberMasked: string;
  sex: 'male' | 'female';
  birthDate: string;
  education: string;
  postCategory: (typeof postCategories)[number];
  retirementMonth: string;
  slots: SlotDto[];
}

// Leadership posts (领导职数)
export const leadershipRanks = ['principal', 'deputy', 'dept_principal', 'dept_deputy'] as const;
export const leadershipRankLabels: Record<(typeof leadershipRanks)[number], string> = { principal: '正职', deputy: '副职', dept_principal: '内设机构正职', dept_deputy: '内设机构副职' };
export const leadershipListInput = z.object({ organizationId: uuid });
export const setPostsInput = z.object({ organizationId: uuid, rank: z.enum(leadershipRanks), posts: z.number().int().min(0).max(200), documentNumber: z.string().trim().min(1).max(100).optional() });
export const appointInput = z.object({
  /** Client-chosen; appointing twice appoints once. */
  id: uuid,
  organizationId: uuid,
  rank: z.enum(leadershipRanks),
  /** The person's open slot in this unit. */
  slotId: uuid,
  title: z.string().trim().min(1).max(100),
  appointedOn: z.iso.date().optional(),
  documentNumber: z.string().trim().min(1).max(100).optional(),
  /** 超职数配备: only with a reason, recorded as a violation with audit and supervision. */
  beyondPosts: z.object({ reason: z.string().trim().min(1).max(1000) }).optional(),
});
export const removeAppointmentInput = z.object({ id: uuid, removedOn: z.iso.date().optional() });
export interface AppointmentDto {
  id: string;
  rank: (typeof leadershipRanks)[number];
  personId: string;
  name: string;
  title: string;
  appointedOn: string;
  documentNumber: string | null;
  beyondPosts: boolean;
  violationId: string | null;
}
export interface LeadershipDto {
  organizationId: string;
  ranks: { rank: (typeof leadershipRanks)[number]; posts: number; filled: number; documentNumber: string | null }[];
  appointments: AppointmentDto[];
}

// Monthly figures (DOMAIN.md, "Statistics")
export const monthlyStatsInput = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  jurisdictionId: uuid.optional(),
  ledger: quotaType.optional(),
});
export interface MonthlyFigures {
  quota: number;
  occupied: number;
  reserved: number;
  vacant: number;
  over: number;
  entries: number;
  exits: number;
  retirementsNextMonth: number;
}
export interface MonthlyUnitRow extends MonthlyFigures {
  organizationId: string;
  name: string;
  jurisdictionId: string;
  ledger: QuotaType;
}
export interface MonthlyStatsDto {
  month: string;
  /** The last day of the month: figures are as of its end. */
  asOf: string;
  total: MonthlyFigures;
  byJurisdiction: (MonthlyFigures & { jurisdictionId: string; name: string; parentId: string | null })[];
  units: MonthlyUnitRow[];
}

// Importing an existing roll (Excel)
export const rollImportStartInput = z.object({
  fileName: z.string().trim().min(1).max(200),
  contentBase64: z.string().min(1).max(40_000_000),
  documentNumber: z.string().trim().min(1).max(100),
});
export const rollImportStatusInput = z.object({ id: uuid });
export interface RollImportStatus {
  id: string;
  state: 'validating' | 'importing' | 'done' | 'failed';
  total: number;
  processed: number;
  imported: number;
  errors: { row: number; column: string; message: string }[];
}

// What audit's cross-checks read (internal): who holds a slot, and the leadership posts.
export const holdersInput = z.object({ jurisdictionIds: z.array(uuid).max(100_000).nullable() });
/** Column arrays, one entry per slot holder: compact for a city's whole roll. */
export interface HoldersDto {
  idNumbers: string[];
  names: string[];
  organizationIds: string[];
}
export const postsOfInput = z.object({ organizationIds: z.array(uuid).max(100_000) });
/** Approved quota and actual headcount per unit and type, for the public disclosure site (internal). */
export interface UnitQuotaFigure {
  organizationId: string;
  ledger: QuotaType;
  quota: number;
  occupied: number;
}

// Reform steps (ledger.reform.*): what a reform project's execution does to the ledger, applied as
// one transaction by the reform worker and reversed, when a project is cancelled, by new transfers.
export const reformAccountRef = z.union([
  z.object({ organizationId: uuid, kind: z.enum(['vacant', 'occupied']) }),
  z.object({ jurisdictionId: uuid, pool: z.enum(poolKinds) }),
]);
export type ReformAccountRef = z.infer<typeof reformAccountRef>;
export const reformStepInput = z.object({
  /** Derived from the workflow id and the step: a retried activity applies nothing twice. */
  id: uuid,
  projectId: z.string().min(1).max(200),
  documentNumber: z.string().trim().min(1).max(100),
  effectiveDate: z.iso.date().optional(),
  /** New units (a merger into a new unit, a delegation) get their accounts here first. */
  openAccounts: z.array(z.object({ organizationId: uuid, jurisdictionId: uuid, ledger: quotaType })).max(500).default([]),
  /** Units that end over quota are recorded so (exit only until back under it). */
  overQuota: z.array(z.object({ organizationId: uuid, ledger: quotaType })).max(500).default([]),
  /** People who move with their place to another unit (slot closed as transfer out, reopened there). */
  rehome: z.array(z.object({ slotId: uuid, toOrganizationId: uuid })).max(20_000).default([]),
  /** People who leave the establishment (conversion to enterprise). */
  exits: z.array(z.object({ slotId: uuid, exitKind: z.enum(exitKinds) })).max(20_000).default([]),
  /** Quota movements, applied in order after the people. */
  moves: z.array(z.object({ ledger: quotaType, from: reformAccountRef, to: reformAccountRef, amount: z.number().int().positive().max(1_000_000), code: transferCode })).max(8_000).default([]),
});
export type ReformStepInput = z.infer<typeof reformStepInput>;
export const reverseReformStepInput = z.object({ id: uuid, stepId: uuid, documentNumber: z.string().trim().min(1).max(100) });
export interface ReformStepResult {
  id: string;
  transfers: number;
  rehomed: number;
  exited: number;
  reversedBy: string | null;
}
export const reformPeopleInput = z.object({ personIds: z.array(uuid).max(20_000) });
export const reformSnapshotInput = z.object({ organizationIds: z.array(uuid).max(2_000), jurisdictionIds: z.array(uuid).max(2_000).default([]) });
export interface ReformSnapshotUnit {
  organizationId: string;
  jurisdictionId: string;
  ledger: QuotaType;
  quota: number;
  occupied: number;
  /** Held by reservations of staffing-use plans. */
  pending: number;
  overQuota: boolean;
}
export interface ReformSnapshot {
  units: ReformSnapshotUnit[];
  pools: { jurisdictionId: string; ledger: QuotaType; pool: (typeof poolKinds)[number]; balance: number }[];
  people: { slotId: string; personId: string; name: string; organizationId: string; ledger: QuotaType; postCategory: (typeof postCategories)[number]; retirementMonth: string }[];
}
