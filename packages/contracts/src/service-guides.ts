import { z } from 'zod';
import { isoDay, uuid } from './common.js';
import { documentNumber, type PowerItemDto } from './registry.js';

/**
 * Power lists as service guides (办事指南, seed 002) and the institution-versus-organ authority
 * list (政事权限清单). docs/registry.md, "Service guides" and "Authority lists".
 */
const text = (max: number) => z.string().trim().min(1).max(max);

/** One step of the procedure; the flowchart is drawn from the steps in order. */
export const guideStep = z.object({
  name: text(100),
  /** Who acts at this step (窗口, 科室, 申请人…). */
  actor: text(100),
  /** Working days this step takes, if it has its own limit. */
  days: z.number().int().min(0).max(365).nullable().default(null),
});

export const serviceGuideContent = z.object({
  legalBasis: text(4000),
  conditions: text(4000),
  materials: z.array(text(300)).min(1).max(100),
  steps: z.array(guideStep).min(1).max(30),
  /** 承诺时限, in working days. */
  timeLimitDays: z.number().int().min(0).max(365),
  /** 收费标准; 不收费 when free. */
  fees: text(500),
  contact: text(300),
});
export type ServiceGuideContent = z.infer<typeof serviceGuideContent>;
export type GuideStep = z.infer<typeof guideStep>;

export const getServiceGuideInput = z.object({ powerItemId: uuid });
export const saveServiceGuideInput = z.object({ powerItemId: uuid, content: serviceGuideContent });
export const publishServiceGuideInput = z.object({ powerItemId: uuid });
export const listServiceGuidesInput = z.object({ organizationId: uuid });

export interface ServiceGuideVersionDto {
  version: number;
  content: ServiceGuideContent;
  publishedBy: { id: string; name?: string };
  publishedAt: Date;
}

export interface ServiceGuideDto {
  powerItemId: string;
  organizationId: string;
  /** The draft being edited (null before the first save). */
  draft: ServiceGuideContent | null;
  updatedAt: Date | null;
  /** Whether the draft differs from the latest published version. */
  unpublishedChanges: boolean;
  versions: ServiceGuideVersionDto[];
}

/** One row of a unit's guide overview: which item has a draft or a published guide. */
export interface ServiceGuideSummaryDto {
  powerItemId: string;
  hasDraft: boolean;
  publishedVersion: number | null;
  publishedAt: Date | null;
}

/** What one adjustment batch adds and removes, unit by unit (the batch page). */
export const batchChangesInput = z.object({ batchId: uuid });

// 政事权限清单
export const authorityHolders = ['organ', 'institution'] as const;
export type AuthorityHolder = (typeof authorityHolders)[number];
export const authorityEntry = z.object({
  /** The decision (e.g. 内设机构负责人任免, 年度预算编制). */
  matter: text(200),
  /** organ: the supervising organ keeps it (主管部门保留); institution: the institution decides (单位自主). */
  holder: z.enum(authorityHolders),
  note: z.string().trim().max(500).default(''),
});
export type AuthorityEntry = z.infer<typeof authorityEntry>;

export const listAuthorityListInput = z.object({ organizationId: uuid });
export const publishAuthorityListInput = z.object({
  organizationId: uuid,
  /** The version in force (0 when there is none yet): a version published meanwhile is refused. */
  basedOnVersion: z.number().int().min(0),
  documentNumber,
  effectiveDate: isoDay,
  entries: z.array(authorityEntry).min(1).max(200),
});

export interface AuthorityListVersionDto {
  organizationId: string;
  version: number;
  entries: AuthorityEntry[];
  documentNumber: string;
  effectiveDate: string;
  publishedBy: { id: string; name?: string };
  publishedAt: Date;
}

export interface AuthorityListDto {
  organizationId: string;
  /** The supervising organ (主管部门), if the institution has one. */
  supervisorId: string | null;
  /** Whether the caller is the bureau that edits this list. */
  editable: boolean;
  /** Newest first. */
  versions: AuthorityListVersionDto[];
}

// The public face: published power lists with their guides.
export const publicPowerSearchInput = z.object({
  q: z.string().trim().max(100).default(''),
  jurisdictionId: uuid.optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export const publicPowerUnitInput = z.object({ organizationId: uuid });

export interface PublicPowerItemDto extends Pick<PowerItemDto, 'id' | 'code' | 'name' | 'category' | 'legalBasis' | 'responsibleBody'> {
  organizationId: string;
  organizationName: string;
  jurisdictionName: string;
  /** The latest published guide, if any. */
  guide: (ServiceGuideContent & { version: number; publishedAt: Date }) | null;
}

/** One published adjustment batch as it touched this unit's list. */
export interface PublicPowerListVersionDto {
  batchId: string;
  year: number;
  half: 1 | 2;
  documentNumber: string;
  publishedAt: Date;
  added: { code: string; name: string }[];
  removed: { code: string; name: string }[];
}

export interface PublicPowerUnitDto {
  organizationId: string;
  organizationName: string;
  jurisdictionName: string;
  items: PublicPowerItemDto[];
  /** Newest first. */
  history: PublicPowerListVersionDto[];
}
