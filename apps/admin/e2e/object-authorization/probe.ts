import type { BianzhiClient } from '@bianzhi/client';

/**
 * Objects out of the caller's reach, by kind: for a district admin, another district's or the
 * city's; for a department user, another unit's of the same district (and a township below it).
 * Every id names a real object of the seeded demo city or one the fixture created.
 */
export interface Objects {
  jurisdictionId: string;
  jurisdictionCode: string;
  /** A live unit with quota accounts and people on its roll. */
  organizationId: string;
  unitName: string;
  creditCode: string;
  /** The unit's vacant account (administrative or institution quota). */
  accountId: string;
  transferId: string;
  personId: string;
  personName: string;
  slotId: string;
  /** A plan waiting for a decision, and an approved one with places left. */
  filedPlanId: string;
  approvedPlanId: string;
  /** An entry and a move made through the API: their client ids and the slots they opened. */
  entry: { id: string; name: string; idNumber: string; slotId: string };
  move: { id: string; slotId: string };
  penalty: { id: string; organizationId: string; mode: 'freeze'; amount: number };
  appointment: { id: string; organizationId: string };
  demandId: string;
  departmentId: string;
  /** A unit with a published three-determinations document. */
  documentUnitId: string;
  powerBatchId: string;
  powerItemId: string;
  powerItemUnitId: string;
  violationId: string;
  evidenceId: string;
  /** An evaluation (机构编制评估) of the set's unit. */
  evaluationId: string;
  payrollBatchId: string;
  crosscheckRunId: string;
  findingId: string;
  /** A person's account (with its password), a disabled one, and a service account with one of its API tokens. */
  user: { id: string; username: string; password: string };
  disabledUserId: string;
  serviceUserId: string;
  tokenId: string;
  /** A session of another user. */
  sessionId: string;
  registryImportJobId: string;
  rollImportJobId: string;
  /** A matter filed in another district, its request document, and an account there (never one above the caller). */
  matter: { id: string; documentId: string; jurisdictionId: string; accountId: string };
  /** An establishment run and a reform project, with the jurisdiction each belongs to. */
  establishment: { requestId: string; jurisdictionId: string };
  project: { id: string; jurisdictionId: string };
  /** Staff outside quota, a purchase contract and a staff import job of another jurisdiction's unit. */
  workforce: { organizationId: string; staffId: string; contractId: string; importJobId: string };
  /** A supervision notice to the unit, a talk on it and the commitment made there. */
  supervision: { noticeId: string; talkId: string; commitmentId: string };
  /** A reduction target (控编减编任务, set through its matter) on the unit, the unit's watch-list entry (季度监控), and the unit's jurisdiction. */
  reduction: { targetId: string; watchId: string; jurisdictionId: string };
  /** A linkage subscription (联动订阅) of the set's jurisdiction, registered by the city admin. */
  subscriptionId: string;
  /** A public institution of the set's jurisdiction with an active legal-person registration and last year's annual report (事业单位法人登记). */
  registeredUnitId: string;
}

/** The caller's own objects, for calls that pair one of them with one out of reach. */
export interface OwnObjects {
  jurisdictionId: string;
  organizationId: string;
  accountId: string;
  filedPlanId: string;
  powerBatchId: string;
  userId: string;
  personId: string;
  slotId: string;
}

/** Who is calling: the district admin of 海曙区, or a department user bound to one of its units. */
export type Caller = 'district' | 'department';

/** What a state read may need besides the city admin's client. */
export interface ProbeTools {
  /** The HTTP status of a sign-in with these credentials. */
  signInStatus(username: string, password: string): Promise<number>;
}

/**
 * One call of a procedure that names an object out of the caller's reach. It passes when the call
 * is refused (FORBIDDEN, NOT_FOUND or OUT_OF_SCOPE; never a 500) or answered without the object,
 * and when what `state` reads, as the city admin, is the same before and after.
 */
export interface Probe {
  /** Which object the call aims at, when a procedure has several probes. */
  label?: string;
  call(api: BianzhiClient, objects: Objects, own: OwnObjects): Promise<unknown>;
  /** An answer must not contain these ids (lists and searches that leave the object out). */
  hidden?(objects: Objects): string[];
  /** An answer that keeps the object out in its own words (a check returning its refusal, a failed import job). */
  keepsOut?(answer: unknown, objects: Objects): boolean;
  /** Read as the city admin before and after the call: a refused change changes nothing. */
  state?(admin: BianzhiClient, objects: Objects, own: OwnObjects, tools: ProbeTools): Promise<unknown>;
  /** Would change something no state read shows (a new cross-check run), so the city admin's check of the probes leaves it out. */
  mutates?: boolean;
  /** Refusals this procedure gives by design besides the three (a file's row errors). */
  alsoRefusedWith?: string[];
  /** A hole in code owned elsewhere, reported and not fixed yet: for this caller the probe expects to find it, and fails once it is gone. */
  knownHole?: { caller: Caller; reason: string };
}

export type ObjectCase = Probe | Probe[];

export const probesOf = (c: ObjectCase): Probe[] => (Array.isArray(c) ? c : [c]);

/** Dates and ids the probes use: a quota year nothing else files for, a plan end next year. */
export const PROBE_YEAR = 2099;
export const nextYear = () => `${new Date().getFullYear() + 1}-06-30`;
