import { z } from 'zod';
import { isoDay, plainText, uuid } from './common.js';
import type { HoldersDto, RollImportStatus } from './ledger.js';

/**
 * The whole publicly funded workforce (财政供养人员): staff outside quota (编外人员) and purchased
 * services (政府购买服务) per unit, beside the people on quota (the roll), and the totals of all of them.
 */

/** Functions a unit may buy as a service or staff through a staffing-use plan (never both: 两头占). */
export const serviceFunctions = ['cleaning', 'security', 'greening', 'catering', 'driving', 'it_operations', 'conference', 'other'] as const;
export const serviceFunction = z.enum(serviceFunctions);
export type ServiceFunction = z.infer<typeof serviceFunction>;
export const serviceFunctionLabels: Record<ServiceFunction, string> = {
  cleaning: '保洁',
  security: '安保',
  greening: '绿化',
  catering: '餐饮',
  driving: '驾驶',
  it_operations: '信息技术运维',
  conference: '会务服务',
  other: '其他',
};

/** 合同制、辅助、临时: the kinds of staff outside quota. */
export const auxiliaryKinds = ['contract', 'auxiliary', 'temporary'] as const;
export type AuxiliaryKind = (typeof auxiliaryKinds)[number];
export const auxiliaryKindLabels: Record<AuxiliaryKind, string> = { contract: '合同制人员', auxiliary: '辅助人员', temporary: '临时人员' };

/** Who pays them: the public purse in full or in part, or the unit's own income. */
export const fundingSources = ['fiscal_full', 'fiscal_partial', 'self_raised'] as const;
export type FundingSource = (typeof fundingSources)[number];
export const fundingSourceLabels: Record<FundingSource, string> = { fiscal_full: '财政全额', fiscal_partial: '财政差额', self_raised: '自筹' };

/** A calendar day between 1900 and 2200: PostgreSQL refuses year 0000, and a 500 is never the answer to a typo. */
const day = isoDay;

export const addAuxiliaryInput = z
  .object({
    /** Client-chosen: adding twice adds once. */
    id: uuid,
    organizationId: uuid,
    kind: z.enum(auxiliaryKinds),
    name: plainText(1, 50),
    idNumber: z.string().trim().toUpperCase().length(18),
    post: plainText(1, 100),
    funding: z.enum(fundingSources),
    startedOn: day,
    /** The agreed end of the engagement, when there is one. */
    endsOn: day.optional(),
  })
  .refine((v) => !v.endsOn || v.endsOn >= v.startedOn, { message: 'ends before it starts', path: ['endsOn'] });

export const endAuxiliaryInput = z.object({ id: uuid, staffId: uuid, endedOn: day.optional(), reason: plainText(1, 200).optional() });
export const listAuxiliaryInput = z.object({ organizationId: uuid, includeEnded: z.boolean().default(false) });

export interface AuxiliaryStaffDto {
  id: string;
  organizationId: string;
  kind: AuxiliaryKind;
  name: string;
  idNumberMasked: string;
  post: string;
  funding: FundingSource;
  startedOn: string;
  endsOn: string | null;
  endedOn: string | null;
  endReason: string | null;
}

export const auxiliaryImportStartInput = z.object({ organizationId: uuid, fileName: z.string().trim().min(1).max(200), contentBase64: z.string().min(1).max(20_000_000) });
export const auxiliaryImportStatusInput = z.object({ id: uuid });
/** The same job as the roll import's. */
export type AuxiliaryImportStatus = RollImportStatus;

/** Staff outside quota in these jurisdictions with full ID numbers: audit's payroll cross-check only. */
export const outsideQuotaHoldersInput = z.object({ jurisdictionIds: z.array(uuid).max(50_000).nullable() });
/** As the roll's holders: parallel arrays, one entry per person. */
export type OutsideQuotaHoldersDto = HoldersDto;

export const addPurchaseInput = z
  .object({
    id: uuid,
    organizationId: uuid,
    function: serviceFunction,
    provider: plainText(1, 200),
    contractNumber: plainText(1, 100).optional(),
    /** Full-time equivalents the contract provides, to one decimal. */
    headcount: z.number().positive().max(100_000).multipleOf(0.1),
    /** Yuan, to the fen. */
    amount: z.number().min(0).max(1e11).multipleOf(0.01),
    startsOn: day,
    endsOn: day,
  })
  .refine((v) => v.endsOn >= v.startsOn, { message: 'ends before it starts', path: ['endsOn'] });
export const endPurchaseInput = z.object({ id: uuid, contractId: uuid, terminatedOn: day.optional() });
export const listPurchaseInput = z.object({ organizationId: uuid, includeEnded: z.boolean().default(false) });

export interface PurchaseContractDto {
  id: string;
  organizationId: string;
  function: ServiceFunction;
  provider: string;
  contractNumber: string | null;
  headcount: number;
  amount: number;
  startsOn: string;
  endsOn: string;
  terminatedOn: string | null;
  /** In force today: started, not past its end, not terminated. */
  active: boolean;
}

/** Publicly funded people: on quota (the roll) + outside quota, with the outside ones by funding source. */
export interface WorkforceFigures {
  onQuota: number;
  outsideQuota: number;
  publiclyFunded: number;
  outsideByFunding: Record<FundingSource, number>;
  /** Full-time equivalents bought through purchase contracts in force (not people the purse employs). */
  purchasedHeadcount: number;
}

export const workforceTotalsInput = z.object({ jurisdictionId: uuid.optional(), organizationId: uuid.optional() }).default({});
export interface WorkforceTotalsDto {
  asOf: string;
  total: WorkforceFigures;
  /** Each jurisdiction in scope with its subtree summed. */
  byJurisdiction: (WorkforceFigures & { jurisdictionId: string; name: string; parentId: string | null })[];
  units: (WorkforceFigures & { organizationId: string; name: string; jurisdictionId: string; quota: number })[];
}

export const workforceMonthlyInput = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), jurisdictionId: uuid.optional() });
